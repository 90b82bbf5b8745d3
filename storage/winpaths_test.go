package storage

import (
	"context"
	"testing"

	"daftar/model"
)

// Origins written on Windows (drive letters, backslashes, UNC shares, ZIP
// members) are kept byte for byte through the archive and a bundle, on any
// system: they name where a colleague's file came from, not a path here.
func TestWindowsOriginsRoundTrip(t *testing.T) {
	ctx := context.Background()
	origins := []string{
		`C:\Users\Rana\Documents\أخبار\بيان الوزارة.txt`,
		`\\fileserver\team\2026\report.docx`,
		`D:/mixed\slashes/story.md`,
		`E:\batch.zip!folder\member.txt`,
		`\\?\C:\very\long\path\story.txt`,
	}
	src := newTestStore(t)
	var arts []model.Article
	for i, o := range origins {
		a := article("Story", "نص القصة رقم "+string(rune('١'+i))+".")
		a.Origin = model.Origin{File: o, Format: "txt"}
		arts = append(arts, a)
	}
	ids := mustAdd(t, src, arts...)

	dst := newTestStore(t)
	if _, err := dst.ImportBundle(ctx, "importer", readBundle(t, exportJSON(t, src)), false); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		a, err := dst.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Origin.File != origins[i] {
			t.Errorf("origin %q came back as %q", origins[i], a.Origin.File)
		}
	}
}
