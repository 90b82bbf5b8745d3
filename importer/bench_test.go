package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"daftar/corpusgen"
	"daftar/storage"
)

// BenchmarkImportJSONL imports one JSONL file of 10,000 generated articles
// into a fresh archive: reading, language detection, dedupe, indexing.
func BenchmarkImportJSONL(b *testing.B) {
	const n = 10000
	dir := b.TempDir()
	path := filepath.Join(dir, "articles.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := corpusgen.New(1).WriteJSONL(f, n); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchImport(b, path, n)
}

// BenchmarkImportHTML imports a folder of 500 generated news pages (with
// navigation, scripts and asides for the extractor to drop).
func BenchmarkImportHTML(b *testing.B) {
	const n = 500
	dir := filepath.Join(b.TempDir(), "pages")
	if err := os.Mkdir(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	g := corpusgen.New(2)
	for i := range n {
		a := g.Next()
		var body strings.Builder
		for _, p := range strings.Split(a.Text, "\n") {
			fmt.Fprintf(&body, "<p>%s</p>\n", p)
		}
		page := fmt.Sprintf(`<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>%s</title>
<meta property="article:published_time" content="%s"><script>var tracker = 1;</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>%s</h1>%s</article><aside>Most read: another story</aside><footer>© Daily Record</footer></body></html>`,
			a.Language, a.Title, a.Published, a.Title, body.String())
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("page%04d.html", i)), []byte(page), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	benchImport(b, dir, n)
}

func benchImport(b *testing.B, path string, n int) {
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		store, err := storage.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("a%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := Run(ctx, store, []string{path}, Options{Actor: "bench"}, nil)
		b.StopTimer()
		if err != nil || rep.Imported != n {
			b.Fatalf("imported %d of %d: %v %+v", rep.Imported, n, err, rep.Entries[:min(3, len(rep.Entries))])
		}
		store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
