package plan

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

func articleIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("art-%02d", i)
	}
	return out
}

func TestAssignSplit(t *testing.T) {
	coders := []string{"amal", "badr", "carim"}
	cases := []struct {
		n       int
		overlap float64
		shared  int
		sizes   []int // per coder, in coders order
	}{
		{10, 0.2, 2, []int{5, 5, 4}}, // 8 left: 3, 3, 2
		{10, 0, 0, []int{4, 3, 3}},
		{10, 1, 10, []int{10, 10, 10}},
		{3, 0.1, 1, []int{2, 2, 1}}, // 0.3 rounds to 0, but a share > 0 gives at least one
		{7, 0.5, 4, []int{5, 5, 5}}, // 3.5 rounds up to 4
	}
	for _, c := range cases {
		a, err := Assign(articleIDs(c.n), coders, c.overlap, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Shared) != c.shared {
			t.Errorf("%d articles at %.1f: %d shared, want %d", c.n, c.overlap, len(a.Shared), c.shared)
		}
		seen := map[string]int{}
		for i, coder := range coders {
			list := a.ByCoder[coder]
			if len(list) != c.sizes[i] {
				t.Errorf("%d articles at %.1f: %s has %d, want %d", c.n, c.overlap, coder, len(list), c.sizes[i])
			}
			for _, s := range a.Shared {
				if !slices.Contains(list, s) {
					t.Errorf("%s lacks shared article %s", coder, s)
				}
			}
			for _, id := range list {
				seen[id]++
			}
		}
		// Every article is coded: shared ones by all, the rest by exactly one.
		for _, id := range articleIDs(c.n) {
			want := 1
			if slices.Contains(a.Shared, id) {
				want = len(coders)
			}
			if seen[id] != want {
				t.Errorf("%s coded %d times, want %d", id, seen[id], want)
			}
		}
	}
}

func TestAssignSeeded(t *testing.T) {
	coders := []string{"amal", "badr"}
	a1, _ := Assign(articleIDs(40), coders, 0.25, 1)
	rev := articleIDs(40)
	slices.Reverse(rev)
	a2, _ := Assign(rev, coders, 0.25, 1)
	if !reflect.DeepEqual(a1, a2) {
		t.Errorf("same seed, articles in another order: different splits")
	}
	a3, _ := Assign(articleIDs(40), coders, 0.25, 2)
	if reflect.DeepEqual(a1.Shared, a3.Shared) {
		t.Errorf("seeds 1 and 2 share the same 10 of 40 articles: the seed is not used")
	}
}

func TestAssignRefuses(t *testing.T) {
	for _, c := range []struct {
		arts    []string
		coders  []string
		overlap float64
	}{
		{articleIDs(3), []string{"amal"}, 0.2},
		{articleIDs(3), []string{"amal", "amal"}, 0.2},
		{articleIDs(3), []string{"amal", ""}, 0.2},
		{articleIDs(3), []string{"amal", "badr"}, 1.5},
		{articleIDs(3), []string{"amal", "badr"}, -0.1},
		{nil, []string{"amal", "badr"}, 0.2},
	} {
		if _, err := Assign(c.arts, c.coders, c.overlap, 1); err == nil {
			t.Errorf("Assign(%d articles, %q, %v) did not fail", len(c.arts), c.coders, c.overlap)
		}
	}
}
