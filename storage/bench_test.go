package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkAddArticles inserts 10,000 generated articles (corpusgen, ~3 KB,
// half Arabic) into a fresh archive file per iteration and reports
// articles/s. "batch=1000" gives AddArticles 1,000 articles per call (ten
// transactions), as an import of many files does; "batch=1" one article per
// call (10,000 transactions) for contrast. Generating the articles and
// opening/closing the archive are not timed; validation, folding, stemming,
// simhash, dedupe, the insert and the search index are.
func BenchmarkAddArticles(b *testing.B) {
	const total = 10000
	arts := corpusArticles(1, total)
	for _, batch := range []int{1000, 1} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for j := 0; j < total; j += batch {
					res, err := s.AddArticles(ctx, arts[j:min(j+batch, total)])
					if err != nil {
						b.Fatal(err)
					}
					if res[0].Status != Added {
						b.Fatalf("article %d: %s", j, res[0].Status)
					}
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
