package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkAddArticles inserts generated articles (corpusgen, ~3 KB, half
// Arabic; DAFTAR_BENCH_INSERT_ARTICLES of them, default 10,000) into a
// fresh archive file per iteration and reports articles/s. "batch=1000"
// gives AddArticles 1,000 articles per call, as an import of many files
// does; "batch=1" one article per call for contrast (at most 10,000).
// Generating the articles and opening/closing the archive are not timed;
// validation, folding, stemming, simhash, dedupe, the insert and the search
// index are. It also reports the rate over the first and the last tenth of
// the articles (a rate that falls as the archive grows shows there) and
// the largest write-ahead log seen after a call.
func BenchmarkAddArticles(b *testing.B) {
	total := 10000
	if v, err := strconv.Atoi(os.Getenv("DAFTAR_BENCH_INSERT_ARTICLES")); err == nil && v > 0 {
		total = v
	}
	arts := corpusArticles(1, total)
	for _, batch := range []int{1000, 1} {
		n := total
		if batch == 1 {
			n = min(total, 10000)
		}
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			ctx := context.Background()
			tenth := max(n/10, batch)
			var first, last time.Duration
			var walMax int64
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i))
				s, err := Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for j := 0; j < n; j += batch {
					t0 := time.Now()
					res, err := s.AddArticles(ctx, arts[j:min(j+batch, n)])
					if err != nil {
						b.Fatal(err)
					}
					if res[0].Status != Added {
						b.Fatalf("article %d: %s", j, res[0].Status)
					}
					switch d := time.Since(t0); {
					case j < tenth:
						first += d
					case j >= n-tenth:
						last += d
					}
					if batch > 1 {
						if fi, err := os.Stat(path + "-wal"); err == nil {
							walMax = max(walMax, fi.Size())
						}
					}
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
			if batch > 1 {
				b.ReportMetric(float64(tenth*b.N)/first.Seconds(), "first-tenth-articles/s")
				b.ReportMetric(float64(tenth*b.N)/last.Seconds(), "last-tenth-articles/s")
				b.ReportMetric(float64(walMax)/(1<<20), "wal-max-MB")
			}
		})
	}
}
