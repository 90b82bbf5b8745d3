package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"daftar/corpusgen"
)

// A generated crawl imports one article per page; importing it again adds
// nothing; a copy cut short keeps its pages before the cut and fails naming
// the record.
func TestRunWARC(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	var b bytes.Buffer
	if err := corpusgen.New(5).WriteWARC(&b, 30, true); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "crawl.warc.gz")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(ctx, store, []string{p}, Options{Actor: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 1 || rep.Imported != 30 || rep.Failed != 0 || rep.Warnings != 1 {
		t.Fatalf("report %+v", rep)
	}
	// The summary comes with the last batch (a slow run sends more than one).
	var warns []string
	for _, e := range rep.Entries {
		warns = append(warns, e.Warnings...)
	}
	if len(warns) != 1 || warns[0] != "WARC: 30 HTML pages read; skipped 6 non-HTML responses, 3 redirects" {
		t.Errorf("warnings %q", warns)
	}
	a, err := store.Article(ctx, rep.Entries[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://news.example.org/2010/story-0.html" || a.Origin.Format != "warc" || a.Source != "Wire Service" || a.Direction != "rtl" {
		t.Errorf("stored article %+v", a)
	}

	rep, err = Run(ctx, store, []string{p}, Options{Actor: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 0 || rep.Duplicates != 30 {
		t.Errorf("second import: %+v", rep)
	}

	cut := filepath.Join(dir, "cut.warc.gz")
	if err := os.WriteFile(cut, b.Bytes()[:b.Len()-3000], 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = Run(ctx, store, []string{cut}, Options{Actor: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	last := rep.Entries[len(rep.Entries)-1]
	if rep.Failed != 1 || rep.Duplicates == 0 || last.Status != StatusFailed || last.Path != cut ||
		!strings.Contains(last.Reason, "the file ends inside the record") || !strings.Contains(last.Reason, "story-28.html") {
		t.Errorf("cut import: %+v, last entry %+v", rep, last)
	}
}
