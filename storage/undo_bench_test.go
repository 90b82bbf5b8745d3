package storage

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
	"unicode"

	"daftar/model"
	"daftar/platform"
)

// undoBenchAnnotations is the size of the propagation BenchmarkUndo takes
// back: DAFTAR_BENCH_UNDO (418000 is the README's worst case), else 50,000.
func undoBenchAnnotations(b *testing.B) int {
	if n, err := strconv.Atoi(os.Getenv("DAFTAR_BENCH_UNDO")); err == nil && n > 0 {
		return n
	}
	return 50000
}

// BenchmarkUndo times one undo of a propagation-sized CreateAnnotations
// (untimed) over 1,000 generated articles, as Ctrl+Z does it:
// DAFTAR_BENCH_UNDO=50000 go test -run '^$' -bench Undo -benchtime 3x ./storage
func BenchmarkUndo(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	ids := mustAdd(b, s, corpusArticles(7, 1000)...)
	n := undoBenchAnnotations(b)
	anns := make([]model.Annotation, n)
	texts := map[string][]rune{}
	letters := map[string][]int{} // an article's non-space offsets
	for _, id := range ids {
		art, err := s.Article(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		texts[id] = []rune(art.Text)
		for j, r := range texts[id] {
			if !unicode.IsSpace(r) {
				letters[id] = append(letters[id], j)
			}
		}
	}
	for i := range anns {
		id := ids[i%len(ids)]
		start := letters[id][i/len(ids)] // one annotation per article and letter
		anns[i] = model.Annotation{ArticleID: id, Type: "GPE", Start: start, End: start + 1, Quote: string(texts[id][start])}
	}
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		if _, err := s.CreateAnnotations(ctx, "bench", anns); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := platform.CPUTime()
		if _, err := s.Undo(ctx, "bench"); err != nil {
			b.Fatal(err)
		}
		cpu += platform.CPUTime() - cpu0
	}
	// The machine is shared: CPU time is steadier than wall time.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(n), "annotations")
}
