package agreement

import (
	"sort"
)

// None names the missing side of an unmatched span in a confusion table.
const None = "none"

// SpanScores are precision, recall and F1 of coder B's spans against coder
// A's as reference (F1 is symmetric, so the choice of A does not change it).
type SpanScores struct {
	Precision Figure `json:"precision"`
	Recall    Figure `json:"recall"`
	F1        Figure `json:"f1"`
	Matched   int    `json:"matched"`
	SpansA    int    `json:"spans_a"`
	SpansB    int    `json:"spans_b"`
}

func (s *SpanScores) add(matched, a, b int) {
	s.Matched += matched
	s.SpansA += a
	s.SpansB += b
}

// finish turns the counts into figures; units is the number of articles.
func (s *SpanScores) finish(units int) {
	s.Precision = ratio(s.Matched, s.SpansB, units, "coder B marked no span")
	s.Recall = ratio(s.Matched, s.SpansA, units, "coder A marked no span")
	s.F1 = ratio(2*s.Matched, s.SpansA+s.SpansB, units, "neither coder marked a span")
	s.F1.Pairable = s.SpansA + s.SpansB
}

// ratio is num/den as a two-coder Figure; Pairable is the denominator.
func ratio(num, den, units int, reason string) Figure {
	if den == 0 {
		return notComputable(reason, units, 2, 0)
	}
	return Figure{Value: float64(num) / float64(den), Computable: true, Units: units, Coders: 2, Pairable: den}
}

type candidate struct {
	a, b, overlap int
	sameType      bool
}

// matchOverlap pairs spans of xs with spans of ys one to one (the overlap
// rule): a candidate pair shares at least one code point (and the type,
// when sameType); candidates are taken greedily by largest overlap in code
// points, ties broken by same type first, then the earlier start in xs,
// the earlier start in ys, the earlier end in xs, the earlier end in ys.
// It returns for each span of xs the index of its partner in ys, or -1.
func matchOverlap(xs, ys []Span, sameType bool) []int {
	var cands []candidate
	for i, x := range xs {
		for j, y := range ys {
			ov := min(x.End, y.End) - max(x.Start, y.Start)
			if ov <= 0 || (sameType && x.Type != y.Type) {
				continue
			}
			cands = append(cands, candidate{i, j, ov, x.Type == y.Type})
		}
	}
	sort.Slice(cands, func(p, q int) bool {
		c, d := cands[p], cands[q]
		if c.overlap != d.overlap {
			return c.overlap > d.overlap
		}
		if c.sameType != d.sameType {
			return c.sameType
		}
		xc, xd, yc, yd := xs[c.a], xs[d.a], ys[c.b], ys[d.b]
		switch {
		case xc.Start != xd.Start:
			return xc.Start < xd.Start
		case yc.Start != yd.Start:
			return yc.Start < yd.Start
		case xc.End != xd.End:
			return xc.End < xd.End
		case yc.End != yd.End:
			return yc.End < yd.End
		case c.a != d.a:
			return c.a < d.a
		}
		return c.b < d.b
	})
	partner := make([]int, len(xs))
	for i := range partner {
		partner[i] = -1
	}
	taken := make([]bool, len(ys))
	for _, c := range cands {
		if partner[c.a] < 0 && !taken[c.b] {
			partner[c.a] = c.b
			taken[c.b] = true
		}
	}
	return partner
}

// matchExact counts spans that have a twin with the same start, end and
// type on the other side, each span used once.
func matchExact(xs, ys []Span) map[string]int {
	type key struct {
		s, e int
		t    string
	}
	left := map[key]int{}
	for _, y := range ys {
		left[key{y.Start, y.End, y.Type}]++
	}
	byType := map[string]int{}
	for _, x := range xs {
		k := key{x.Start, x.End, x.Type}
		if left[k] > 0 {
			left[k]--
			byType[x.Type]++
		}
	}
	return byType
}

// Confusion counts, for two coders, the types of spans paired by the
// overlap rule regardless of type; a span left without partner is counted
// against None. Rows are coder A's types, columns coder B's.
type Confusion struct {
	Rows   []string `json:"rows"`
	Cols   []string `json:"cols"`
	Counts [][]int  `json:"counts"`
}

type confusionCounts map[[2]string]int

func (cc confusionCounts) add(xs, ys []Span) {
	partner := matchOverlap(xs, ys, false)
	used := make([]bool, len(ys))
	for i, j := range partner {
		if j < 0 {
			cc[[2]string{xs[i].Type, None}]++
			continue
		}
		used[j] = true
		cc[[2]string{xs[i].Type, ys[j].Type}]++
	}
	for j, y := range ys {
		if !used[j] {
			cc[[2]string{None, y.Type}]++
		}
	}
}

// table lays the counts out over the given types plus None.
func (cc confusionCounts) table(types []string) Confusion {
	labels := append(append([]string{}, types...), None)
	c := Confusion{Rows: labels, Cols: labels, Counts: make([][]int, len(labels))}
	for i, r := range labels {
		c.Counts[i] = make([]int, len(labels))
		for j, k := range labels {
			c.Counts[i][j] = cc[[2]string{r, k}]
		}
	}
	return c
}

func countByType(spans []Span) map[string]int {
	out := map[string]int{}
	for _, s := range spans {
		out[s.Type]++
	}
	return out
}
