package export

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestDump writes every format of the fixture to $DAFTAR_EXPORT_DUMP, for
// looking at (and for the examples in docs/exports.md). Skipped otherwise.
func TestDump(t *testing.T) {
	dir := os.Getenv("DAFTAR_EXPORT_DUMP")
	if dir == "" {
		t.Skip("set DAFTAR_EXPORT_DUMP to a folder")
	}
	d := fixture(t)
	names := map[string]string{"csv": "csv", "json": "bundle.json", "jsonl": "articles.jsonl", "brat": "brat",
		"conll": "ner.conll", "w3c": "annotations.jsonld", "qdpx": "project.qdpx", "claimreview": "claimreview.jsonld"}
	for _, f := range Formats {
		if err := Write(context.Background(), d, Options{Format: f, Out: filepath.Join(dir, names[f]), BOM: true}, nil); err != nil {
			t.Fatal(err)
		}
	}
}
