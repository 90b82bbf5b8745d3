package export

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"daftar/ingest/annotations"
	"daftar/model"
)

// Export to brat and doccano, read back, reattach: the same spans land on
// the same articles.
func TestExportReadReattach(t *testing.T) {
	d := fixture(t)
	byFingerprint := map[string]model.Article{}
	for _, a := range d.Articles {
		byFingerprint[model.Fingerprint(a.Text)] = a
	}
	find := func(fp string) (model.Article, bool) { a, ok := byFingerprint[fp]; return a, ok }
	dir := t.TempDir()
	write(t, d, Options{Format: "brat", Out: filepath.Join(dir, "brat")})
	write(t, d, Options{Format: "jsonl", Out: filepath.Join(dir, "a.jsonl"), Offsets: UnitUTF16})
	var docs []annotations.Doc
	for _, a := range d.Articles {
		txt, _ := os.ReadFile(filepath.Join(dir, "brat", a.ID+".txt"))
		ann, _ := os.ReadFile(filepath.Join(dir, "brat", a.ID+".ann"))
		doc, err := annotations.ReadBrat(bytes.NewReader(txt), bytes.NewReader(ann))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	f, _ := os.Open(filepath.Join(dir, "a.jsonl"))
	dd, err := annotations.ReadDoccano(f, UnitUTF16)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, docs := range [][]annotations.Doc{docs, dd} {
		anns, probs := annotations.Reattach(docs, find, d.Schema, "back")
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		key := func(a model.Annotation) string { return a.ArticleID + a.Type + a.Quote + itoa(a.Start) }
		want := map[string]bool{}
		for _, a := range d.Annotations {
			want[key(a)] = true
		}
		if len(anns) != len(d.Annotations) {
			t.Fatalf("%d annotations back, want %d", len(anns), len(d.Annotations))
		}
		for _, a := range anns {
			if !want[key(a)] {
				t.Errorf("unexpected %+v", a)
			}
		}
	}
}
