package importer

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"daftar/ingest"
)

// The preview of a Nexis export counts its articles, dates and sources as
// the import would split them; a format chosen for the file changes both
// the preview and the import.
func TestPreviewAndFormatOverride(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "nexis.txt")
	if err := os.WriteFile(p, []byte(nexisExport), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Preview(ctx, p, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := FilePreview{Path: p, Formats: []string{"nexis"}, Articles: 2, First: "2019-03-03", Last: "2019-03-04", Sources: 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("preview %+v, want %+v", got, want)
	}
	got, err = Preview(ctx, p, ingest.Options{Format: "txt"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Formats, []string{"txt"}) || got.Articles != 1 {
		t.Errorf("preview as text: %+v", got)
	}

	store := openStore(t)
	rep, err := Run(ctx, store, []string{p}, Options{Actor: "t", Formats: map[string]string{p: "txt"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Entries[0].Format != "txt" {
		t.Errorf("import as text: %+v", rep)
	}

	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Preview(ctx2, p, ingest.Options{}); err == nil {
		t.Error("a cancelled preview returned no error")
	}
}
