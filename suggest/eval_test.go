package suggest

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"daftar/model"
)

// The evaluation set in testdata/eval was written for the project: news
// stories in Arabic (ar*.txt) and English (en*.txt) with every mention of
// every registry entity tagged by hand as [[surface|key]], and a registry
// (registry.csv: key, type, name, aliases separated by |) with spelling
// variants. A mention's span leaves out proclitics, which stand outside the
// brackets (ل[[إيران|iran]]); after ل + the article (للأمم) the span starts
// at the article's lam. Adjectives (الإيرانية, Iranian) are not mentions.
// The stories also hold traps that cost precision on purpose (بحماس "with
// enthusiasm", the US state of Georgia, the pronoun "us") and mentions no
// registry spelling covers (نتانياهو, Bibi), which cost recall.

type goldSpan struct {
	start, end int
	entity     string
}

// parseMarkup returns the plain text and the tagged spans (code points).
func parseMarkup(t *testing.T, src string) (string, []goldSpan) {
	t.Helper()
	var sb strings.Builder
	var spans []goldSpan
	pos := 0
	for {
		i := strings.Index(src, "[[")
		if i < 0 {
			sb.WriteString(src)
			break
		}
		sb.WriteString(src[:i])
		pos += utf8.RuneCountInString(src[:i])
		j := strings.Index(src[i:], "]]")
		if j < 0 {
			t.Fatalf("unclosed [[ in %q", src[i:min(len(src), i+40)])
		}
		inner := src[i+2 : i+j]
		surface, key, ok := strings.Cut(inner, "|")
		if !ok {
			t.Fatalf("markup without key: %q", inner)
		}
		n := utf8.RuneCountInString(surface)
		spans = append(spans, goldSpan{pos, pos + n, key})
		sb.WriteString(surface)
		pos += n
		src = src[i+j+2:]
	}
	return model.CanonicalText(sb.String()), spans
}

func evalRegistry(t *testing.T) []model.Entity {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "eval", "registry.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []model.Entity
	for _, r := range recs[1:] {
		e := model.Entity{ID: r[0], Type: r[1], Name: r[2]}
		for _, a := range strings.Split(r[3], "|") {
			if a != "" {
				e.Aliases = append(e.Aliases, model.Alias{Name: a})
			}
		}
		out = append(out, e)
	}
	return out
}

type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return float64(s.tp) / float64(max(1, s.tp+s.fp)) }
func (s score) recall() float64    { return float64(s.tp) / float64(max(1, s.tp+s.fn)) }

func TestEvaluationPrecisionRecall(t *testing.T) {
	ents := evalRegistry(t)
	keys := map[string]bool{}
	for _, e := range ents {
		keys[e.ID] = true
	}
	g := NewGazetteer(ents)
	files, _ := filepath.Glob(filepath.Join("testdata", "eval", "*.txt"))
	sort.Strings(files)
	scores := map[string]*score{"ar": {}, "en": {}}
	for _, file := range files {
		lang := filepath.Base(file)[:2]
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text, gold := parseMarkup(t, string(src))
		want := map[goldSpan]bool{}
		for _, s := range gold {
			if !keys[s.entity] {
				t.Fatalf("%s: unknown entity key %q", file, s.entity)
			}
			want[s] = true
		}
		sc := scores[lang]
		got := map[goldSpan]bool{}
		for _, s := range g.Find(text) {
			k := goldSpan{s.Start, s.End, s.ID}
			got[k] = true
			if want[k] {
				sc.tp++
			} else {
				sc.fp++
				t.Logf("%s: false positive %q -> %s at %d-%d", filepath.Base(file), s.Quote, s.ID, s.Start, s.End)
			}
		}
		for _, s := range gold {
			if !got[s] {
				sc.fn++
				q, _ := model.Slice(text, s.start, s.end)
				t.Logf("%s: missed %q (%s) at %d-%d", filepath.Base(file), q, s.entity, s.start, s.end)
			}
		}
	}
	for _, lang := range []string{"ar", "en"} {
		sc := scores[lang]
		t.Logf("%s: %d mentions, %d suggested, %d correct: precision %.3f, recall %.3f",
			lang, sc.tp+sc.fn, sc.tp+sc.fp, sc.tp, sc.precision(), sc.recall())
		if sc.tp+sc.fn < 80 {
			t.Errorf("%s: only %d gold mentions; the set is too small to judge", lang, sc.tp+sc.fn)
		}
		if sc.precision() < 0.95 || sc.recall() < 0.90 {
			t.Errorf("%s: precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", lang, sc.precision(), sc.recall())
		}
	}
}
