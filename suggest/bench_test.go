package suggest

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"daftar/corpusgen"
	"daftar/model"
	"daftar/platform"
	"daftar/storage"
)

// syntheticRegistry returns n entities with four names each (a main name
// and three aliases, one to three words, Arabic or Latin letters), plus the
// names corpusgen writes, so that matching has real work to do.
func syntheticRegistry(n int) []model.Entity {
	rng := rand.New(rand.NewPCG(7, 7))
	ar := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	la := []rune("abcdefghijklmnopqrstuvwxyz")
	word := func(letters []rune) string {
		w := make([]rune, 3+rng.IntN(6))
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		return string(w)
	}
	name := func(letters []rune) string {
		parts := make([]string, 1+rng.IntN(3))
		for i := range parts {
			parts[i] = word(letters)
		}
		return strings.Join(parts, " ")
	}
	out := []model.Entity{
		{ID: "iran", Type: "GPE", Name: "إيران", Aliases: []model.Alias{{Name: "Iran"}}},
		{ID: "israel", Type: "GPE", Name: "إسرائيل", Aliases: []model.Alias{{Name: "Israel"}}},
		{ID: "baku", Type: "GPE", Name: "باكو", Aliases: []model.Alias{{Name: "Baku"}, {Name: "Bakou"}}},
		{ID: "tehran", Type: "GPE", Name: "طهران", Aliases: []model.Alias{{Name: "Tehran"}}},
		{ID: "cohen", Type: "PER", Name: "إيلي كوهين", Aliases: []model.Alias{{Name: "كوهين"}, {Name: "Cohen"}}},
	}
	for i := 0; len(out) < n; i++ {
		letters := ar
		if i%2 == 1 {
			letters = la
		}
		e := model.Entity{ID: fmt.Sprintf("e%d", i), Type: "MISC", Name: name(letters)}
		for range 3 {
			e.Aliases = append(e.Aliases, model.Alias{Name: name(letters)})
		}
		out = append(out, e)
	}
	return out
}

// BenchmarkSuggestArticle is suggestions for one ~3 KB corpusgen article
// with a registry of over 50,000 names (12,600 entities), matching only.
func BenchmarkSuggestArticle(b *testing.B) {
	g := NewGazetteer(syntheticRegistry(12600))
	if g.Len() < 50000 {
		b.Fatalf("only %d names", g.Len())
	}
	for lang, text := range benchTexts() {
		b.Run(lang, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(g.Suggest(text, nil, nil))
			}
			b.ReportMetric(float64(n), "suggestions")
			b.ReportMetric(float64(g.Len()), "names")
		})
	}
}

// benchTexts returns one ~3 KB generated article in Arabic and one in
// English, by language.
func benchTexts() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		gen := corpusgen.New(3)
		for _, lang := range []string{"ar", "en"} {
			art := gen.Next()
			for art.Language != lang {
				art = gen.Next()
			}
			if !yield(lang, model.CanonicalText(art.Text)) {
				return
			}
		}
	}
}

// BenchmarkFindFocused is propagation's matching of one ~3 KB article: a
// gazetteer focused on one entity (إيران/Iran) out of 50,000 names.
func BenchmarkFindFocused(b *testing.B) {
	g := NewGazetteer(syntheticRegistry(12600)).Focus("iran")
	for lang, text := range benchTexts() {
		b.Run(lang, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(g.Find(text))
			}
			b.ReportMetric(float64(n), "mentions")
		})
	}
}

// BenchmarkBuildGazetteer is indexing a registry of 50,000 names.
func BenchmarkBuildGazetteer(b *testing.B) {
	ents := syntheticRegistry(12600)
	for b.Loop() {
		NewGazetteer(ents)
	}
}

// BenchmarkServiceForArticle is what the GUI pays when an article opens:
// reading the article, its annotations and rejections and checking the
// registry is unchanged, then matching; 50,000 names in the archive.
func BenchmarkServiceForArticle(b *testing.B) {
	ctx := context.Background()
	art := corpusgen.New(3).Next()
	svc, ids := registryArchive(b, []model.Article{{Title: art.Title, Text: model.CanonicalText(art.Text)}})
	n := 0
	for b.Loop() {
		sugs, err := svc.ForArticle(ctx, ids[0])
		if err != nil {
			b.Fatal(err)
		}
		n = len(sugs)
	}
	b.ReportMetric(float64(n), "suggestions")
}

// BenchmarkServiceForSet is the Sets screen's "Suggestions…" for a set of
// 1,000 generated articles with 50,000 names in the registry.
func BenchmarkServiceForSet(b *testing.B) {
	ctx := context.Background()
	gen := corpusgen.New(5)
	arts := make([]model.Article, 1000)
	for i := range arts {
		a := gen.Next()
		arts[i] = model.Article{Title: a.Title, Text: model.CanonicalText(a.Text), Language: a.Language}
	}
	svc, ids := registryArchive(b, arts)
	created, err := svc.store.(*storage.Store).CreateSet(ctx, "bench", model.Set{Name: "bench", ArticleIDs: ids})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		got, err := svc.ForSet(ctx, created.ID)
		if err != nil {
			b.Fatal(err)
		}
		n = 0
		for _, sg := range got {
			n += len(sg)
		}
	}
	b.ReportMetric(float64(n), "suggestions")
}

// registryArchive returns a service over a fresh archive holding arts
// (their ids in order) and the synthetic registry of over 50,000 names,
// its gazetteer already built.
func registryArchive(b *testing.B, arts []model.Article) (*Service, []string) {
	b.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(b.TempDir(), "a.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	res, err := st.AddArticles(ctx, arts)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(res))
	for i, r := range res {
		ids[i] = r.ID
	}
	ents := syntheticRegistry(12600)
	seeds := make([]storage.EntitySeed, len(ents))
	for i, e := range ents {
		e.ID = ""
		seeds[i] = storage.EntitySeed{Entity: e}
	}
	if _, err := st.SeedEntities(ctx, "bench", seeds); err != nil {
		b.Fatal(err)
	}
	svc := NewService(st)
	t0 := time.Now()
	if _, err := svc.Gazetteer(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("loading and indexing the registry once: %v", time.Since(t0))
	return svc, ids
}

// benchArticles is the size of the generated archive for
// BenchmarkPropagate: small by default, DAFTAR_BENCH_ARTICLES=100000 for
// the full run.
func benchArticles(b *testing.B) int {
	if v := os.Getenv("DAFTAR_BENCH_ARTICLES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 {
			b.Fatalf("DAFTAR_BENCH_ARTICLES=%q: want a number >= 100", v)
		}
		return n
	}
	return 2000
}

// rareName is put into one article in a hundred of the benchmark archive,
// for an entity of realistic frequency; the corpusgen names are in every
// article of their script, about five times each.
const rareName = "وصل الوفد أمس إلى عشق آباد عاصمة تركمانستان، وقال مصدر في لعشق آباد شأن كبير.\n"

// propagationArchive builds (once per process) an archive of n generated
// articles with the registry, one tagged إيران and one tagged عشق آباد.
func propagationArchive(b *testing.B, n int) (st *storage.Store, iranAnn, rareAnn string) {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	st, err := storage.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	gen := corpusgen.New(11)
	t0 := time.Now()
	var first string
	for done := 0; done < n; {
		batch := make([]model.Article, 0, 1000)
		for ; len(batch) < 1000 && done < n; done++ {
			a := gen.Next()
			text := a.Text
			if done%100 == 0 {
				text = rareName + text
			}
			batch = append(batch, model.Article{Title: a.Title, Text: model.CanonicalText(text), Language: a.Language})
		}
		res, err := st.AddArticles(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		if first == "" {
			first = res[0].ID
		}
	}
	b.Logf("generated archive of %d articles in %v", n, time.Since(t0))
	iran, err := st.CreateEntity(ctx, "bench", model.Entity{Type: "GPE", Name: "إيران", Aliases: []model.Alias{{Name: "Iran"}}})
	if err != nil {
		b.Fatal(err)
	}
	rare, err := st.CreateEntity(ctx, "bench", model.Entity{Type: "GPE", Name: "عشق آباد", Aliases: []model.Alias{{Name: "Ashgabat"}}})
	if err != nil {
		b.Fatal(err)
	}
	a, err := st.Article(ctx, first)
	if err != nil {
		b.Fatal(err)
	}
	tag := func(quote, entity string) string {
		i := strings.Index(a.Text, quote)
		if i < 0 {
			b.Fatalf("%q not in the first article", quote)
		}
		s := model.RuneLen(a.Text[:i])
		ann, err := st.CreateAnnotation(ctx, "bench", model.Annotation{ArticleID: first, Type: "GPE", Start: s, End: s + model.RuneLen(quote), Quote: quote, EntityID: entity})
		if err != nil {
			b.Fatal(err)
		}
		return ann.ID
	}
	return st, tag("إيران", iran.ID), tag("عشق آباد", rare.ID)
}

// BenchmarkPropagate measures archive-wide propagation on a generated
// archive: "plan" is the preview (index search, reading the candidate
// articles, matching, filtering), "apply" the single CreateAnnotations call
// (each iteration's annotations are undone, untimed but reported as
// undo-s/op). "rare" is a name in
// 1% of the articles; "frequent" is إيران/Iran, about five times in every
// article (the worst case).
func BenchmarkPropagate(b *testing.B) {
	ctx := context.Background()
	n := benchArticles(b)
	st, iranAnn, rareAnn := propagationArchive(b, n)
	svc := NewService(st)
	for _, c := range []struct{ name, ann string }{{"rare", rareAnn}, {"frequent", iranAnn}} {
		b.Run(fmt.Sprintf("plan/%s/articles=%d", c.name, n), func(b *testing.B) {
			var p *Plan
			cpu0 := platform.CPUTime()
			for b.Loop() {
				var err error
				if p, err = svc.PlanPropagation(ctx, c.ann, ScopeArchive, ""); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((platform.CPUTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(p.Count()), "annotations")
			b.ReportMetric(float64(p.Candidates), "candidates")
		})
		b.Run(fmt.Sprintf("apply/%s/articles=%d", c.name, n), func(b *testing.B) {
			var count int
			var cpu, undo time.Duration
			for b.Loop() {
				b.StopTimer()
				p, err := svc.PlanPropagation(ctx, c.ann, ScopeArchive, "")
				if err != nil {
					b.Fatal(err)
				}
				count = p.Count()
				b.StartTimer()
				cpu0 := platform.CPUTime()
				if _, err := svc.Propagate(ctx, "bench", p); err != nil {
					b.Fatal(err)
				}
				cpu += platform.CPUTime() - cpu0
				b.StopTimer()
				t0 := time.Now()
				if _, err := st.Undo(ctx, "bench"); err != nil {
					b.Fatal(err)
				}
				undo += time.Since(t0)
				b.StartTimer()
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(undo.Seconds()/float64(b.N), "undo-s/op")
			b.ReportMetric(float64(count), "annotations")
		})
	}
}
