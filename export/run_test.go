package export

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"daftar/bundle"
)

// Run checks the options before it reads the archive, passes on what
// reading failed with, and counts what it wrote.
func TestRunChecksLoadsWritesAndCounts(t *testing.T) {
	d := fixture(t)
	loads := 0
	load := func(context.Context) (*bundle.Bundle, error) { loads++; return d, nil }
	dir := t.TempDir()
	for _, bad := range []Options{
		{Format: "json", Out: filepath.Join(dir, "a.json"), Offsets: UnitUTF16},
		{Format: "xlsx", Out: filepath.Join(dir, "a.xlsx")},
		{Format: "csv"},
	} {
		if _, err := Run(context.Background(), bad, load, nil); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if loads != 0 {
		t.Fatalf("archive read %d times for options that cannot be written", loads)
	}
	failed := errors.New("disk gone")
	if _, err := Run(context.Background(), Options{Format: "jsonl", Out: filepath.Join(dir, "a.jsonl")},
		func(context.Context) (*bundle.Bundle, error) { return nil, failed }, nil); !errors.Is(err, failed) {
		t.Errorf("load error: got %v", err)
	}
	got, err := Run(context.Background(), Options{Format: "jsonl", Out: filepath.Join(dir, "b.jsonl")}, load, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Counts{Articles: len(d.Articles), Annotations: len(d.Annotations), Entities: len(d.Entities)}); got.Articles != want.Articles ||
		got.Annotations != want.Annotations || got.Entities != want.Entities || got.Notes != nil || want.Annotations == 0 {
		t.Errorf("counts %+v, want %+v", got, want)
	}
}
