package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A Nexis Uni text export written for this test: two articles (one Arabic)
// and a broken one between them.
const nexisExport = `Harbour reopens after storm

The Coastal Ledger

March 3, 2019 Sunday

Length: 12 words

Byline: Jane Doe

Body

The harbour reopened on Sunday.

Classification

Language: ENGLISH

Load-Date: March 5, 2019

End of Document

Fragment without its lines

End of Document

إعادة فتح الميناء

صحيفة الساحل

March 4, 2019 Monday

Length: 6 words

Body

أعيد فتح الميناء يوم الأحد.

Load-Date: March 5, 2019

End of Document
`

func TestRunSplitsDatabaseExport(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	p := filepath.Join(t.TempDir(), "nexis.txt")
	if err := os.WriteFile(p, []byte(nexisExport), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(ctx, store, []string{p}, Options{Actor: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 2 || rep.Failed != 0 || rep.Warnings != 1 {
		t.Fatalf("report %+v", rep)
	}
	want := Batch{Path: p, Format: "nexis", Label: "Nexis Uni", Articles: 2, Skipped: 1}
	if len(rep.Batches) != 1 || rep.Batches[0] != want {
		t.Fatalf("batches %+v, want %+v", rep.Batches, want)
	}
	if rep.Entries[1].Path != p+"#2" || rep.Entries[1].Title != "إعادة فتح الميناء" {
		t.Errorf("entry %+v", rep.Entries[1])
	}
	a, err := store.Article(ctx, rep.Entries[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Source != "صحيفة الساحل" || a.Published != "2019-03-04" || a.Language != "ar" || a.Direction != "rtl" ||
		a.Text != "أعيد فتح الميناء يوم الأحد." || a.Notes != "Length: 6 words\nLoad-Date: March 5, 2019" || a.Origin.Format != "nexis" {
		t.Errorf("stored article %+v", a)
	}
}
