package plan

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"daftar/model"
)

// Unit is one place in an article where coders marked something: the
// coders' spans that overlap one another, directly or through a chain of
// overlaps. It is what the Compare view steps through and decides on.
type Unit struct {
	ArticleID  string
	Start, End int // the extent of its spans, code points
	// Versions holds each coder's spans in the unit, in the order of the
	// coders given to Units; an empty one means the coder marked nothing.
	Versions [][]model.Annotation
	// Gold holds the adjudicated layer's spans that overlap the unit.
	Gold []model.Annotation
	// Agreed says that every coder, two or more, marked the same spans
	// (start, end and type, the type without regard to case).
	Agreed bool
}

// Units cuts anns into units over the coders' spans (annotations by other
// annotators are ignored; the layer as is read as Gold), in text order per
// article, articles in the order they first appear.
func Units(anns []model.Annotation, coders []string, as string) []Unit {
	var spans, golds []model.Annotation
	for _, a := range anns {
		switch {
		case a.Annotator == as:
			golds = append(golds, a)
		case slices.Contains(coders, a.Annotator):
			spans = append(spans, a)
		}
	}
	first := map[string]int{}
	for _, a := range anns {
		if _, ok := first[a.ArticleID]; !ok {
			first[a.ArticleID] = len(first)
		}
	}
	sort.SliceStable(spans, func(i, j int) bool {
		a, b := spans[i], spans[j]
		if a.ArticleID != b.ArticleID {
			return first[a.ArticleID] < first[b.ArticleID]
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	var units []Unit
	for _, a := range spans {
		n := len(units)
		if n == 0 || units[n-1].ArticleID != a.ArticleID || a.Start >= units[n-1].End {
			units = append(units, Unit{ArticleID: a.ArticleID, Start: a.Start, End: a.End, Versions: make([][]model.Annotation, len(coders))})
			n++
		}
		u := &units[n-1]
		u.End = max(u.End, a.End)
		c := slices.Index(coders, a.Annotator)
		u.Versions[c] = append(u.Versions[c], a)
	}
	for i := range units {
		u := &units[i]
		for _, g := range golds {
			if g.ArticleID == u.ArticleID && g.Start < u.End && u.Start < g.End {
				u.Gold = append(u.Gold, g)
			}
		}
		u.Agreed = len(coders) > 1 // one coder agrees with no one
		for _, v := range u.Versions[1:] {
			if !sameKeys(v, u.Versions[0]) {
				u.Agreed = false
			}
		}
	}
	return units
}

// keysOf is the set of exact-match keys of spans.
func keysOf(spans []model.Annotation) map[spanKey]bool {
	out := map[spanKey]bool{}
	for _, a := range spans {
		out[spanKey{a.ArticleID, a.Start, a.End, strings.ToUpper(a.Type)}] = true
	}
	return out
}

func sameKeys(a, b []model.Annotation) bool {
	ka, kb := keysOf(a), keysOf(b)
	if len(ka) != len(kb) || len(ka) == 0 {
		return false
	}
	for k := range ka {
		if !kb[k] {
			return false
		}
	}
	return true
}

// Resolve plans the adjudicated layer of one unit: afterwards it holds
// exactly the spans of chosen (coders' records, or copies of one with a new
// start, end or type when the adjudicator edited it), nothing else that
// overlaps the unit. rule ("accepted", "edited") goes into each new span's
// provenance, with the chosen records of the same span as its sources. A
// span already in the layer stays as it is; an empty chosen rejects the
// unit, deleting what the layer holds there.
func Resolve(u Unit, chosen []model.Annotation, rule string, opt AdjudicateOptions) (add []model.Annotation, del []string, err error) {
	if opt.As == "" {
		return nil, nil, fmt.Errorf("resolve: no name for the adjudicated layer")
	}
	newID := opt.NewID
	if newID == nil {
		newID = model.NewID
	}
	want := map[spanKey][]model.Annotation{}
	var order []spanKey
	for _, a := range chosen {
		if a.ArticleID != u.ArticleID {
			return nil, nil, fmt.Errorf("resolve: span %s is in article %s, not in the unit's %s", a.ID, a.ArticleID, u.ArticleID)
		}
		k := spanKey{a.ArticleID, a.Start, a.End, strings.ToUpper(a.Type)}
		if want[k] == nil {
			order = append(order, k)
		}
		want[k] = append(want[k], a)
	}
	have := keysOf(u.Gold)
	for _, g := range u.Gold {
		if want[spanKey{g.ArticleID, g.Start, g.End, strings.ToUpper(g.Type)}] == nil {
			del = append(del, g.ID)
		}
	}
	for _, k := range order {
		if have[k] {
			continue
		}
		recs := want[k]
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].Annotator < recs[j].Annotator })
		g := gold(recs, opt, rule)
		g.ID = newID()
		add = append(add, g)
	}
	return add, del, nil
}
