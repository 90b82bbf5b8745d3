package agreement

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchArticles generates n articles of about 350 tokens, each coded by
// three coders with spansPer spans and claimsPer claims: the first coder
// at random on token boundaries, the others copying with disagreements
// (a boundary moved by a token, a changed type or verdict, a span dropped
// or added), so every matching and coefficient path does real work.
func benchArticles(n, spansPer, claimsPer int) []Article {
	rng := rand.New(rand.NewPCG(42, 43))
	types := []string{"PER", "ORG", "LOC", "MISC"}
	verdicts := []string{"true", "false", "mixed", "unproven"}
	coders := []string{"amal", "badr", "cala"}
	arts := make([]Article, n)
	var b strings.Builder
	for i := range arts {
		b.Reset()
		for range 350 {
			b.WriteString(strings.Repeat("x", 2+rng.IntN(8)))
			b.WriteByte(' ')
		}
		a := NewArticle(fmt.Sprint("art", i), b.String(), map[string]Coding{})
		tok := a.Tokens
		span := func(typ string) Span {
			s := rng.IntN(len(tok) - 3)
			return Span{tok[s].Start, tok[s+1+rng.IntN(2)].End, typ, ""}
		}
		var ref Coding
		for range spansPer {
			s := span(types[rng.IntN(len(types))])
			s.Entity = "e" + string(rune('0'+rng.IntN(10)))
			ref.Spans = append(ref.Spans, s)
		}
		for range claimsPer {
			ref.Claims = append(ref.Claims, Claim{Span: span("claim"), Verdict: verdicts[rng.IntN(4)], Stance: "for", Claimant: "X"})
		}
		for c, coder := range coders {
			cod := Coding{Spans: make([]Span, len(ref.Spans)), Claims: make([]Claim, len(ref.Claims))}
			copy(cod.Spans, ref.Spans)
			copy(cod.Claims, ref.Claims)
			if c > 0 {
				for k := range cod.Spans {
					switch rng.IntN(10) {
					case 0:
						cod.Spans[k].Type = types[rng.IntN(len(types))]
					case 1:
						cod.Spans[k] = span(types[rng.IntN(len(types))])
					case 2:
						cod.Spans[k].End = min(cod.Spans[k].End+4, a.Length)
					}
				}
				for k := range cod.Claims {
					if rng.IntN(4) == 0 {
						cod.Claims[k].Verdict = verdicts[rng.IntN(4)]
					}
				}
			}
			a.Codings[coder] = cod
		}
		arts[i] = a
	}
	return arts
}

// BenchmarkCompute: 1,000 articles, 3 coders, 30,000 annotations
// (8 spans and 2 claims per coder per article), all figures with
// 1,000-resample bootstrap intervals.
func BenchmarkCompute(b *testing.B) {
	arts := benchArticles(1000, 8, 2)
	total := 0
	for _, a := range arts {
		for _, c := range a.Codings {
			total += len(c.Spans) + len(c.Claims)
		}
	}
	if total != 30000 {
		b.Fatalf("generated %d annotations, want 30000", total)
	}
	b.ResetTimer()
	for b.Loop() {
		r, err := Compute(arts, Options{})
		if err != nil || !r.Overall.Alpha.Computable || !r.Claims.Verdict.Computable {
			b.Fatalf("%v %+v", err, r.Overall.Alpha)
		}
	}
}
