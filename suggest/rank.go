package suggest

import (
	"slices"
	"strings"

	"daftar/model"
	"daftar/textnorm"
)

// EntityMatch is a registry entity whose name or alias matches a mention
// once both are folded; Exact when a folded name equals the folded quote.
type EntityMatch struct {
	Entity model.Entity
	Exact  bool
}

// maxEntityMatches bounds RankEntities' answer (the side panel shows them
// as buttons).
const maxEntityMatches = 8

// RankEntities ranks registry entities for a mention that is not linked
// yet: a folded name or alias equal to the folded quote first, then one
// containing the other; entities of the mention's type before others.
func RankEntities(all []model.Entity, quote, typ string) []EntityMatch {
	q := textnorm.Fold(quote)
	if q == "" {
		return nil
	}
	type scored struct {
		m     EntityMatch
		score int
	}
	var found []scored
	for _, e := range all {
		best := 0
		for _, name := range append([]string{e.Name}, e.AliasNames()...) {
			f := textnorm.Fold(name)
			switch {
			case f == q:
				best = max(best, 3)
			case f != "" && (strings.Contains(f, q) || strings.Contains(q, f)):
				best = max(best, 1)
			}
		}
		if best == 0 {
			continue
		}
		if strings.EqualFold(e.Type, typ) {
			best++
		}
		found = append(found, scored{EntityMatch{Entity: e, Exact: best >= 3}, best})
	}
	slices.SortStableFunc(found, func(a, b scored) int { return b.score - a.score })
	out := make([]EntityMatch, 0, min(maxEntityMatches, len(found)))
	for i := 0; i < len(found) && i < maxEntityMatches; i++ {
		out = append(out, found[i].m)
	}
	return out
}
