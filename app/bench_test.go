package app

import (
	"context"
	"os"
	"testing"

	"fyne.io/fyne/v2/test"

	"daftar/storage"
)

// benchUI opens the archive named by $DAFTAR_BENCH_ARCHIVE (for the figures
// in README: a 100,000-article archive imported from tools/gencorpus), or
// skips.
func benchUI(b *testing.B) *UI {
	path := os.Getenv("DAFTAR_BENCH_ARCHIVE")
	if path == "" {
		b.Skip("set DAFTAR_BENCH_ARCHIVE to an archive (e.g. 100,000 articles from tools/gencorpus)")
	}
	store, err := storage.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	a := test.NewTempApp(b)
	a.Preferences().SetString(prefAnnotator, "bench")
	ui := &UI{app: a, store: store}
	ui.ctx, ui.cancel = context.WithCancel(context.Background())
	return ui
}

// BenchmarkLibraryStart is the work between opening the archive and an
// interactive library: building the window and listing every article.
func BenchmarkLibraryStart(b *testing.B) {
	u := benchUI(b)
	for b.Loop() {
		ui := New(context.Background(), u.app, u.store, Options{})
		ui.wait()
		if len(ui.library.rows) == 0 {
			b.Fatal("empty library")
		}
		ui.win.Close()
	}
}

// BenchmarkLibrarySearch is what the library does after the last keystroke
// of a search: the search and the rows' counts.
func BenchmarkLibrarySearch(b *testing.B) {
	ui := benchUI(b)
	for _, q := range []string{"الحكومه", "minister", "\"وزير الدفاع\"", "اجتماع*"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, _, _, err := searchRows(ui.ctx, ui.store, storage.SearchRequest{Query: q, Limit: maxHits}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
