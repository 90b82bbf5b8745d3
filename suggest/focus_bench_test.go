package suggest

import (
	"testing"

	"daftar/corpusgen"
	"daftar/model"
)

// BenchmarkFindFocused is propagation's matching of one ~3 KB article: a
// gazetteer focused on one entity (إيران/Iran) out of 50,000 names.
func BenchmarkFindFocused(b *testing.B) {
	g := NewGazetteer(syntheticRegistry(12600)).Focus("iran")
	gen := corpusgen.New(3)
	for _, lang := range []string{"ar", "en"} {
		art := gen.Next()
		for art.Language != lang {
			art = gen.Next()
		}
		text := model.CanonicalText(art.Text)
		b.Run(lang, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(g.Find(text))
			}
			b.ReportMetric(float64(n), "mentions")
		})
	}
}
