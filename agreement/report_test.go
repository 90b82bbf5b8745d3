package agreement

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// The hand-worked example of docs/agreement.md.
func twoCoders() []Article {
	return []Article{NewArticle("a1", "Ali met Sara in Cairo today", map[string]Coding{
		"amal": {Spans: []Span{{0, 3, "PER", "e1"}, {8, 12, "PER", "e2"}, {16, 21, "LOC", ""}}},
		"badr": {Spans: []Span{{0, 3, "PER", "e1"}, {8, 15, "PER", "e3"}, {16, 21, "ORG", ""}}},
	})}
}

func TestTwoCoderReport(t *testing.T) {
	r, err := Compute(twoCoders(), Options{Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Tokens != 6 || r.Shared != 1 || !reflect.DeepEqual(r.Types, []string{"LOC", "ORG", "PER"}) {
		t.Fatalf("report rests on %d tokens, %d shared articles, types %v", r.Tokens, r.Shared, r.Types)
	}
	p := r.Pairs[0]
	per := r.ByType[2]
	cases := []struct {
		name string
		got  Figure
		want float64
	}{
		// 1 exact match of 3 spans each.
		{"exact F1", p.Exact.F1, 1.0 / 3},
		{"exact precision", p.Exact.Precision, 1.0 / 3},
		// PER-PER twice by overlap; LOC/ORG differ in type.
		{"overlap F1", p.Overlap.F1, 4.0 / 6},
		{"overlap recall", p.Overlap.Recall, 2.0 / 3},
		{"PER overlap F1", p.ByType[2].Overlap.F1, 1},
		{"LOC overlap F1", p.ByType[0].Overlap.F1, 0},
		// Tokens: amal PER O PER O LOC O, badr PER O PER PER ORG O.
		// p_o = 4/6, p_e = (2*3+3*2)/36 = 1/3, kappa = 0.5.
		{"overall Cohen", r.Overall.Kappa, 0.5},
		{"pair Cohen", p.Cohen, 0.5},
		// n = 12, off-diagonal o = 4, sum n_c n_k (c!=k) = 144-52 = 92.
		{"overall alpha", r.Overall.Alpha, 1 - 11*4.0/92},
		// PER present/absent: one disagreeing token, n_1=5, n_0=7.
		{"PER alpha", per.Alpha, 1 - 11*2.0/70},
		// Two matched mentions carry links, one the same entity.
		{"entity links", r.EntityLinks, 0.5},
	}
	for _, c := range cases {
		if !c.got.Computable || math.Abs(c.got.Value-c.want) > 1e-12 {
			t.Errorf("%s = %+v, want %.6f", c.name, c.got, c.want)
		}
	}
	if r.Overall.KappaName != "Cohen" || per.Type != "PER" {
		t.Errorf("kappa %q, type %q", r.Overall.KappaName, per.Type)
	}
	want := [][]int{
		{0, 1, 0, 0}, // LOC -> ORG
		{0, 0, 0, 0},
		{0, 0, 2, 0}, // PER -> PER twice
		{0, 0, 0, 0},
	}
	if !reflect.DeepEqual(p.Confusion.Counts, want) || p.Confusion.Rows[3] != None {
		t.Errorf("confusion %+v, want %v", p.Confusion, want)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("report does not marshal: %v", err)
	}
}

func TestClaims(t *testing.T) {
	text := strings.Repeat("word ", 8)
	arts := []Article{NewArticle("c1", text, map[string]Coding{
		"a": {Claims: []Claim{
			{Span: Span{0, 10, "claim", ""}, Verdict: "false", Stance: "against", Claimant: "X", Targets: []string{"T1", "T2"}},
			{Span: Span{20, 30, "claim", ""}, Verdict: "true", Stance: "for", Claimant: "Y"},
		}},
		"b": {Claims: []Claim{
			{Span: Span{2, 12, "claim", ""}, Verdict: "false", Stance: "for", Claimant: "X", Targets: []string{"T2", "T1"}},
			{Span: Span{20, 25, "claim", ""}, Verdict: "mostly false", Claimant: "Z"},
		}},
		"c": {Claims: []Claim{{Span: Span{0, 10, "claim", ""}, Verdict: "false"}}},
	})}
	r, err := Compute(arts, Options{Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	c := r.Claims
	cases := []struct {
		name string
		got  Figure
		want float64
	}{
		// Units {false,false,false} and {true, mostly false}: n=5,
		// off-diagonal 2, sum n_c n_k = 25-11 = 14.
		{"verdict alpha", c.Verdict, 1 - 4*2.0/14},
		// One pairable unit {against, for}: alpha = 1 - 1*2/2 = 0.
		{"stance alpha", c.Stance, 0},
		// Pairs with a claimant: ab same, ac, bc, and ab in unit 2.
		{"claimant", c.Claimant, 1.0 / 4},
		// Pairs with targets: ab same set, ac, bc.
		{"targets", c.Targets, 1.0 / 3},
	}
	for _, k := range cases {
		if !k.got.Computable || math.Abs(k.got.Value-k.want) > 1e-12 {
			t.Errorf("%s = %+v, want %.6f", k.name, k.got, k.want)
		}
	}
	if c.Units != 2 || c.Ambiguous != 0 || c.Stance.Units != 1 {
		t.Errorf("claims rest on %d units (%d ambiguous), stance on %d; want 2, 0, 1", c.Units, c.Ambiguous, c.Stance.Units)
	}
}

func TestChainedClaimsLeftOut(t *testing.T) {
	// a1-b1 and b1-c1 and c1-a2 chain two of a's claims into one group.
	arts := []Article{NewArticle("c1", strings.Repeat("word ", 5), map[string]Coding{
		"a": {Claims: []Claim{{Span: Span{0, 10, "claim", ""}, Verdict: "true"}, {Span: Span{12, 20, "claim", ""}, Verdict: "true"}}},
		"b": {Claims: []Claim{{Span: Span{0, 10, "claim", ""}, Verdict: "true"}}},
		"c": {Claims: []Claim{{Span: Span{8, 20, "claim", ""}, Verdict: "false"}}},
	})}
	r, err := Compute(arts, Options{Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Claims.Units != 0 || r.Claims.Ambiguous != 1 || r.Claims.Verdict.Computable || r.Claims.Verdict.Reason == "" {
		t.Errorf("claims %+v, want the chained group left out and verdict not computable", r.Claims)
	}
}

func TestOverlapRule(t *testing.T) {
	// The larger overlap wins; the loser stays unmatched (one to one).
	xs := []Span{{0, 10, "PER", ""}, {8, 12, "PER", ""}}
	ys := []Span{{5, 12, "PER", ""}}
	if got := matchOverlap(xs, ys, true); !reflect.DeepEqual(got, []int{0, -1}) {
		t.Errorf("largest overlap: %v", got)
	}
	// Equal overlaps: the earlier start in xs wins.
	xs = []Span{{4, 6, "PER", ""}, {0, 2, "PER", ""}}
	ys = []Span{{1, 5, "PER", ""}}
	if got := matchOverlap(xs, ys, true); !reflect.DeepEqual(got, []int{-1, 0}) {
		t.Errorf("tie by position: %v", got)
	}
	// Different types never match under the span rule; the confusion
	// rule pairs them, preferring the same type on equal overlap.
	xs = []Span{{0, 4, "PER", ""}}
	ys = []Span{{0, 4, "ORG", ""}, {0, 4, "PER", ""}}
	if got := matchOverlap(xs, ys[:1], true); got[0] != -1 {
		t.Errorf("types differ but matched: %v", got)
	}
	if got := matchOverlap(xs, ys, false); got[0] != 1 {
		t.Errorf("same type not preferred on a tie: %v", got)
	}
}

func TestBadInput(t *testing.T) {
	text := "Ali met Sara"
	one := []Article{NewArticle("x", text, map[string]Coding{"amal": {Spans: []Span{{0, 3, "PER", ""}}}})}
	empty := []Article{NewArticle("x", text, map[string]Coding{
		"amal": {Spans: []Span{{0, 3, "PER", ""}}},
		"badr": {},
	})}
	apart := []Article{
		NewArticle("x", text, map[string]Coding{"amal": {Spans: []Span{{0, 3, "PER", ""}}}}),
		NewArticle("y", text, map[string]Coding{"badr": {Spans: []Span{{0, 3, "PER", ""}}}}),
	}
	outside := []Article{NewArticle("x", text, map[string]Coding{
		"amal": {Spans: []Span{{0, 30, "PER", ""}}},
		"badr": {Spans: []Span{{0, 3, "PER", ""}}},
	})}
	cases := []struct {
		name string
		arts []Article
		opt  Options
		want string
	}{
		{"one coder", one, Options{}, "at least two coders"},
		{"coder without annotations", empty, Options{}, "coder badr has no annotations"},
		{"no type chosen coded", twoCoders(), Options{Types: []string{"LOC"}}, "coder badr has no annotations"},
		{"coder who coded nothing", one, Options{Coders: []string{"amal", "zaid"}}, "coder zaid coded none"},
		{"nothing coded twice", apart, Options{}, "no article was coded by two"},
		{"span outside the text", outside, Options{}, "article x, coder amal: span [0,30)"},
	}
	for _, c := range cases {
		_, err := Compute(c.arts, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestNoNaN(t *testing.T) {
	// Both coders mark the one token PER: every pairable value is in one
	// category, so alpha is undefined and must say so rather than hold
	// NaN (which JSON cannot carry); there are no claims to measure.
	arts := []Article{NewArticle("x", "Ali", map[string]Coding{
		"amal": {Spans: []Span{{0, 3, "PER", ""}}},
		"badr": {Spans: []Span{{0, 3, "PER", ""}}},
	})}
	r, err := Compute(arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Overall.Alpha.Computable || r.Overall.Alpha.Reason == "" || r.Claims.Verdict.Computable {
		t.Errorf("one token, one category: alpha %+v should not be computable", r.Overall.Alpha)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("report with uncomputable figures does not marshal: %v", err)
	}
}

func TestCoderOrder(t *testing.T) {
	arts := twoCoders()
	arts[0].Codings["cala"] = Coding{Spans: []Span{{0, 3, "PER", "e1"}, {16, 21, "LOC", ""}}}
	a, err := Compute(arts, Options{Coders: []string{"amal", "badr", "cala"}, Resamples: 200})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compute(arts, Options{Coders: []string{"cala", "amal", "badr"}, Resamples: 200})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("reports differ with coder order")
	}
	if a.Overall.KappaName != "Fleiss" || a.Overall.Alpha.Coders != 3 || a.Overall.Alpha.CI == nil {
		t.Errorf("three coders: %+v", a.Overall)
	}
}

func TestUnitsWithMissingCoders(t *testing.T) {
	// Three coders on "Ali met Sara in Cairo today" (6 tokens), two of
	// them on "Sara met Ali" (3 tokens): alpha uses all 9 tokens, Fleiss
	// only the 6 every coder saw.
	arts := twoCoders()
	arts[0].Codings["cala"] = Coding{Spans: []Span{{0, 3, "PER", ""}}}
	arts = append(arts, NewArticle("a2", "Sara met Ali", map[string]Coding{
		"amal": {Spans: []Span{{0, 4, "PER", ""}}},
		"badr": {Spans: []Span{{9, 12, "PER", ""}}},
	}))
	r, err := Compute(arts, Options{Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Tokens != 9 || r.Overall.Alpha.Units != 9 || r.Overall.Alpha.Pairable != 6*3+3*2 {
		t.Errorf("alpha rests on %d units, %d values of %d tokens; want 9, 24, 9", r.Overall.Alpha.Units, r.Overall.Alpha.Pairable, r.Tokens)
	}
	if r.Overall.KappaName != "Fleiss" || r.Overall.Kappa.Units != 6 {
		t.Errorf("%s kappa on %d units, want Fleiss on 6", r.Overall.KappaName, r.Overall.Kappa.Units)
	}
	if p := r.Pairs[0]; p.A != "amal" || p.B != "badr" || p.Articles != 2 || p.Cohen.Units != 9 {
		t.Errorf("pair %s-%s on %d articles, Cohen on %d units; want amal-badr, 2, 9", p.A, p.B, p.Articles, p.Cohen.Units)
	}
	if p := r.Pairs[1]; p.B != "cala" || p.Articles != 1 || p.Cohen.Units != 6 {
		t.Errorf("pair %s-%s on %d articles, Cohen on %d units; want amal-cala, 1, 6", p.A, p.B, p.Articles, p.Cohen.Units)
	}
}

func TestTokenize(t *testing.T) {
	// Harakat stay in their word; punctuation and spaces cut.
	got := Tokenize("قالَ الوزير: «نعم», ok")
	want := []Token{{0, 4}, {5, 11}, {14, 17}, {20, 22}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokenize = %v, want %v", got, want)
	}
}

func TestComputeProgressAndStop(t *testing.T) {
	text := "Samir met Hana in Tunis on Friday."
	arts := []Article{NewArticle("a", text, map[string]Coding{
		"amal": {Spans: []Span{{Start: 0, End: 5, Type: "PER"}, {Start: 18, End: 23, Type: "GPE"}}},
		"badr": {Spans: []Span{{Start: 0, End: 5, Type: "PER"}, {Start: 10, End: 14, Type: "PER"}}},
	})}
	var steps [][2]int
	if _, err := Compute(arts, Options{Resamples: 50, Progress: func(done, total int) bool {
		steps = append(steps, [2]int{done, total})
		return true
	}}); err != nil {
		t.Fatal(err)
	}
	// Overall, PER, GPE, claims.
	if len(steps) != 4 || steps[3] != [2]int{4, 4} {
		t.Errorf("progress %v, want 1..4 of 4", steps)
	}
	calls := 0
	_, err := Compute(arts, Options{Resamples: 50, Progress: func(int, int) bool { calls++; return false }})
	if !errors.Is(err, ErrStopped) || calls != 1 {
		t.Errorf("stopped at the first step: %v after %d calls", err, calls)
	}
}
