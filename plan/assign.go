package plan

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Assignment is how a set's articles are split among coders.
type Assignment struct {
	// Shared are the articles every coder codes (for agreement).
	Shared []string `json:"shared"`
	// ByCoder lists each coder's articles, shared ones included, by id.
	ByCoder map[string][]string `json:"by_coder"`
}

// Assign splits articles among coders: a share overlap (0 to 1) of them,
// rounded to the nearest whole article and at least one when overlap > 0,
// goes to every coder; the rest are dealt round-robin, in coder order,
// after a shuffle seeded by seed (the same seed and input give the same
// split). Article ids are sorted first, so the order they come in does
// not matter.
func Assign(articles, coders []string, overlap float64, seed uint64) (Assignment, error) {
	if len(coders) < 2 {
		return Assignment{}, fmt.Errorf("assign: %d coder(s); name at least two", len(coders))
	}
	seen := map[string]bool{}
	for _, c := range coders {
		if c == "" || seen[c] {
			return Assignment{}, fmt.Errorf("assign: coder names must be distinct and not empty, got %q", coders)
		}
		seen[c] = true
	}
	if math.IsNaN(overlap) || overlap < 0 || overlap > 1 {
		return Assignment{}, fmt.Errorf("assign: overlap %v is not a share from 0 to 1", overlap)
	}
	if len(articles) == 0 {
		return Assignment{}, fmt.Errorf("assign: the set has no articles")
	}
	ids := slices.Clone(articles)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	shared := int(math.Round(overlap * float64(len(ids))))
	if overlap > 0 && shared == 0 {
		shared = 1
	}
	a := Assignment{Shared: slices.Clone(ids[:shared]), ByCoder: map[string][]string{}}
	for _, c := range coders {
		a.ByCoder[c] = slices.Clone(a.Shared)
	}
	for i, id := range ids[shared:] {
		c := coders[i%len(coders)]
		a.ByCoder[c] = append(a.ByCoder[c], id)
	}
	slices.Sort(a.Shared)
	for _, list := range a.ByCoder {
		slices.Sort(list)
	}
	return a, nil
}
