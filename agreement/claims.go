package agreement

import (
	"slices"
	"sort"
)

// claimFigures groups claims across coders and measures agreement on
// them. Two coders' claims are joined by the overlap rule (matchOverlap
// with same type); a group is the connected set of joined claims, and it
// is a unit when it holds at most one claim per coder. Verdict and stance
// are nominal alpha over the units (empty = missing). Claimant and
// targets are the share of pairs of claims in a unit, among those where
// at least one coder filled the field, that give the same claimant or the
// same set of targets.
func claimFigures(arts []Article, coders []string, opt Options) ClaimReport {
	var cr ClaimReport
	var units [][]*Claim // per unit, the claim of each coder or nil
	for _, a := range arts {
		var nodes []node
		for c, coder := range coders {
			for i := range a.Codings[coder].Claims {
				nodes = append(nodes, node{c, i})
			}
		}
		uf := newUnionFind(len(nodes))
		first := map[int]int{} // coder -> index of their first node
		for i := len(nodes) - 1; i >= 0; i-- {
			first[nodes[i].coder] = i
		}
		for x := range coders {
			for y := x + 1; y < len(coders); y++ {
				cx, cy := a.Codings[coders[x]].Claims, a.Codings[coders[y]].Claims
				if len(cx) == 0 || len(cy) == 0 {
					continue
				}
				for i, j := range matchOverlap(claimSpans(cx), claimSpans(cy), true) {
					if j >= 0 {
						uf.union(first[x]+i, first[y]+j)
					}
				}
			}
		}
		groups := map[int][]node{}
		for i, n := range nodes {
			root := uf.find(i)
			groups[root] = append(groups[root], n)
		}
		roots := make([]int, 0, len(groups))
		for root := range groups {
			roots = append(roots, root)
		}
		sort.Ints(roots)
		for _, root := range roots {
			g := groups[root]
			if len(g) < 2 {
				continue
			}
			unit := make([]*Claim, len(coders))
			ambiguous := false
			for _, n := range g {
				if unit[n.coder] != nil {
					ambiguous = true
					break
				}
				unit[n.coder] = &a.Codings[coders[n.coder]].Claims[n.claim]
			}
			if ambiguous {
				cr.Ambiguous++
				continue
			}
			units = append(units, unit)
		}
	}
	cr.Units = len(units)
	cr.Verdict = nominal(units, len(coders), opt, func(c *Claim) string { return c.Verdict })
	cr.Stance = nominal(units, len(coders), opt, func(c *Claim) string { return c.Stance })
	cr.Claimant = pairShare(units, len(coders), "no matched pair of claims names a claimant",
		func(c *Claim) bool { return c.Claimant != "" },
		func(x, y *Claim) bool { return x.Claimant == y.Claimant })
	cr.Targets = pairShare(units, len(coders), "no matched pair of claims names a target",
		func(c *Claim) bool { return len(c.Targets) > 0 },
		func(x, y *Claim) bool { return sameSet(x.Targets, y.Targets) })
	return cr
}

type node struct{ coder, claim int }

func claimSpans(cs []Claim) []Span {
	out := make([]Span, len(cs))
	for i, c := range cs {
		out[i] = c.Span
	}
	return out
}

// nominal is alpha over the units for one field of the claims.
func nominal(units [][]*Claim, coders int, opt Options, field func(*Claim) string) Figure {
	d := NewData(len(units), coders)
	cats := map[string]int32{}
	for u, unit := range units {
		for c, cl := range unit {
			if cl == nil || field(cl) == "" {
				continue
			}
			v, ok := cats[field(cl)]
			if !ok {
				v = int32(len(cats))
				cats[field(cl)] = v
			}
			d.Values[u*coders+c] = v
		}
	}
	return AlphaCI(d, opt.Level, opt.Resamples, opt.Seed)
}

// pairShare is the share of coder pairs within units, among those where
// filled holds for at least one side, for which same holds.
func pairShare(units [][]*Claim, coders int, reason string, filled func(*Claim) bool, same func(x, y *Claim) bool) Figure {
	pairs, agree := 0, 0
	for _, unit := range units {
		for i, x := range unit {
			for _, y := range unit[i+1:] {
				if x == nil || y == nil || (!filled(x) && !filled(y)) {
					continue
				}
				pairs++
				if same(x, y) {
					agree++
				}
			}
		}
	}
	f := ratio(agree, pairs, pairs, reason)
	f.Coders = coders
	return f
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

type unionFind []int

func newUnionFind(n int) unionFind {
	uf := make(unionFind, n)
	for i := range uf {
		uf[i] = i
	}
	return uf
}

func (uf unionFind) find(i int) int {
	for uf[i] != i {
		uf[i] = uf[uf[i]]
		i = uf[i]
	}
	return i
}

func (uf unionFind) union(a, b int) { uf[uf.find(a)] = uf.find(b) }
