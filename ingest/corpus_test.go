package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpus reads a shared corpus folder when DAFTAR_CORPUS names it
// (from the repository root: DAFTAR_CORPUS=$PWD/../shared/corpus go test -run Corpus -v ./ingest):
// files at its top level must import with a title; files under bad/ must
// fail with a reason, except those named invalid-utf8* which import with a
// warning.
func TestCorpus(t *testing.T) {
	dir := os.Getenv("DAFTAR_CORPUS")
	if dir == "" {
		t.Skip("DAFTAR_CORPUS not set")
	}
	err := Read(context.Background(), []string{dir}, Options{}, func(it Item) error {
		rel, _ := filepath.Rel(dir, strings.SplitN(it.Path, "!", 2)[0])
		bad := strings.HasPrefix(filepath.ToSlash(rel), "bad/")
		if it.Err != nil {
			t.Logf("%s [%s]: %v", rel, it.Format, it.Err)
			if !bad {
				t.Errorf("%s: %v", rel, it.Err)
			}
			return nil
		}
		t.Logf("%s [%s]: %d articles, warnings %q", rel, it.Format, len(it.Articles), it.Warnings)
		if bad && !strings.HasPrefix(filepath.Base(rel), "invalid-utf8") {
			t.Errorf("%s: bad file imported", rel)
		}
		for _, a := range it.Articles {
			t.Logf("    title=%q source=%q url=%q author=%q published=%q place=%q lang=%q", a.Title, a.Source, a.URL, a.Author, a.Published, a.Place, a.Language)
			if a.Title == "" {
				t.Errorf("%s: article without title", rel)
			}
			if err := a.Validate(); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
