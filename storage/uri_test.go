package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Folder names with URI syntax in them hold the archive where asked.
func TestOpenPathWithURICharacters(t *testing.T) {
	for _, name := range []string{"Research #2", "100% done", "what?", "a%23b", "مجلد #٣"} {
		if name == "what?" && os.PathSeparator == '\\' {
			continue // not a valid name on Windows
		}
		dir := filepath.Join(t.TempDir(), name)
		path := filepath.Join(dir, "archive.db")
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		mustAdd(t, s, article("Story", "نص قصير."))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: archive is not at %s: %v", name, path, err)
		}
		s, err = Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(context.Background())
		s.Close()
		if err != nil || st.Articles != 1 {
			t.Errorf("%s: reopened archive has %+v, %v", name, st, err)
		}
	}
}
