package agreement

import (
	"math"
	"math/rand/v2"
	"testing"
)

// table builds Data from coder rows (one slice of values per coder, m for
// missing), the layout the published examples use.
func table(t *testing.T, rows ...[]int) Data {
	t.Helper()
	d := NewData(len(rows[0]), len(rows))
	for c, row := range rows {
		if len(row) != len(rows[0]) {
			t.Fatalf("row %d has %d units, want %d", c, len(row), len(rows[0]))
		}
		for u, v := range row {
			d.Values[u*d.Coders+c] = int32(v)
		}
	}
	return d
}

const m = Missing

// fromCounts turns a subjects x categories count table (Fleiss' layout)
// into reliability data, the i-th rating of a subject given by coder i.
func fromCounts(counts [][]int) Data {
	raters := 0
	for _, x := range counts[0] {
		raters += x
	}
	d := NewData(len(counts), raters)
	for u, row := range counts {
		c := 0
		for k, x := range row {
			for range x {
				d.Values[u*raters+c] = int32(k)
				c++
			}
		}
	}
	return d
}

// fromCross turns a two-coder cross table (rows coder A, columns coder B)
// into reliability data.
func fromCross(cross [][]int) Data {
	var a, b []int32
	for i, row := range cross {
		for j, x := range row {
			for range x {
				a = append(a, int32(i))
				b = append(b, int32(j))
			}
		}
	}
	d := NewData(len(a), 2)
	for u := range a {
		d.Values[2*u], d.Values[2*u+1] = a[u], b[u]
	}
	return d
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestPublishedExamples(t *testing.T) {
	// Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
	// section C: 4 observers, 12 units, values 1-5, missing data; nominal
	// alpha = 0.743 over n = 40 pairable values in 11 units.
	kripp := table(t,
		[]int{1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m},
		[]int{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3},
		[]int{m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m},
		[]int{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m},
	)
	// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters,
	// 5 categories; kappa = 0.210.
	fleissWiki := fromCounts([][]int{
		{0, 0, 0, 0, 14},
		{0, 2, 6, 4, 2},
		{0, 0, 3, 5, 6},
		{0, 3, 9, 2, 0},
		{2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0},
		{3, 2, 6, 3, 0},
		{2, 5, 3, 2, 2},
		{6, 5, 2, 1, 0},
		{0, 2, 2, 3, 7},
	})
	// Wikipedia, "Cohen's kappa", first worked example: 50 grant
	// proposals, yes/yes 20, A yes B no 5, A no B yes 10, no/no 15;
	// kappa = 0.40.
	cohenWiki := fromCross([][]int{{20, 5}, {10, 15}})
	// Fleiss (1971): 30 subjects, 6 raters each, 5 categories; kappa =
	// 0.430 (0.4302445 in R's irr, whose dataset "diagnoses" holds the
	// table). Row u holds the six ratings of subject u.
	diagnoses := [][]int{
		{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
		{2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
		{1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
		{2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
		{1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
		{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
		{1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
		{1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
	}
	fleiss1971 := NewData(len(diagnoses), 6)
	for u, row := range diagnoses {
		for c, v := range row {
			fleiss1971.Values[u*6+c] = int32(v)
		}
	}
	// A 3x3 table from SAS PROC FREQ's simple-kappa printout (as checked
	// in statsmodels' inter-rater tests): rows coder A, columns coder B;
	// kappa = 0.4842.
	cohen3 := fromCross([][]int{{0, 4, 1}, {0, 8, 0}, {0, 1, 5}})
	cases := []struct {
		name     string
		got      Figure
		want     float64
		tol      float64
		units    int
		pairable int
	}{
		{"Krippendorff 2011 nominal alpha", Alpha(kripp), 0.743, 0.0005, 11, 40},
		{"Fleiss' kappa, Wikipedia example", Fleiss(fleissWiki), 0.210, 0.0005, 10, 140},
		{"Cohen's kappa, Wikipedia example", Cohen(cohenWiki, 0, 1), 0.40, 1e-12, 50, 100},
		{"Fleiss' kappa, Fleiss 1971", Fleiss(fleiss1971), 0.4302445, 5e-8, 30, 180},
		{"Cohen's kappa, SAS 3x3 example", Cohen(cohen3, 0, 1), 0.4842, 5e-5, 19, 38},
	}
	for _, c := range cases {
		if !c.got.Computable || !near(c.got.Value, c.want, c.tol) {
			t.Errorf("%s = %+v, want %.3f", c.name, c.got, c.want)
		}
		if c.got.Units != c.units || c.got.Pairable != c.pairable {
			t.Errorf("%s rests on %d units, %d values; want %d, %d", c.name, c.got.Units, c.got.Pairable, c.units, c.pairable)
		}
	}
}

func TestAlphaProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		coders, units := 2+trial%4, 5+trial
		d := NewData(units, coders)
		for i := range d.Values {
			if rng.IntN(5) == 0 {
				continue // leave missing
			}
			d.Values[i] = int32(rng.IntN(3))
		}
		a := Alpha(d)
		// Alpha does not depend on the order of coders.
		perm := rng.Perm(coders)
		p := NewData(units, coders)
		for u := range units {
			for c := range coders {
				p.Values[u*coders+perm[c]] = d.Values[u*coders+c]
			}
		}
		if b := Alpha(p); a.Computable != b.Computable || !near(a.Value, b.Value, 1e-12) {
			t.Fatalf("trial %d: alpha %v changes to %v when coders are permuted", trial, a, b)
		}
		// Identical coders agree perfectly.
		same := NewData(units, coders)
		for u := range units {
			v := int32(u % 3)
			for c := range coders {
				same.Values[u*coders+c] = v
			}
		}
		for _, f := range []Figure{Alpha(same), Fleiss(same), Cohen(same, 0, 1)} {
			if !f.Computable || f.Value != 1 {
				t.Fatalf("trial %d: identical coders give %+v, want 1", trial, f)
			}
		}
	}
}

func TestMissingValues(t *testing.T) {
	// A unit with one value is not pairable and must not change alpha;
	// adding a lone value anywhere leaves the figure as it was.
	base := table(t,
		[]int{0, 1, 1, 0, 2},
		[]int{0, 1, 0, 0, 2},
		[]int{m, 1, 1, 0, m},
	)
	withLone := table(t,
		[]int{0, 1, 1, 0, 2, 1},
		[]int{0, 1, 0, 0, 2, m},
		[]int{m, 1, 1, 0, m, m},
	)
	a, b := Alpha(base), Alpha(withLone)
	if !a.Computable || a.Value != b.Value || a.Units != 5 || b.Units != 5 || a.Pairable != 13 {
		t.Errorf("alpha %+v with a lone value %+v; want equal, 5 units, 13 values", a, b)
	}
	// Fleiss uses only complete units, Cohen only units both coded.
	if f := Fleiss(base); f.Units != 3 {
		t.Errorf("Fleiss used %d units, want the 3 complete ones", f.Units)
	}
	if c := Cohen(base, 0, 2); c.Units != 3 {
		t.Errorf("Cohen used %d units, want the 3 both coded", c.Units)
	}
}

func TestNotComputable(t *testing.T) {
	cases := []struct {
		name string
		got  Figure
	}{
		{"one coder", Alpha(table(t, []int{0, 1, 2}))},
		{"no unit coded twice", Alpha(table(t, []int{0, m, 1}, []int{m, 1, m}))},
		{"one category only", Alpha(table(t, []int{1, 1, 1}, []int{1, 1, 1}))},
		{"Cohen no shared unit", Cohen(table(t, []int{0, m}, []int{m, 1}), 0, 1)},
		{"Cohen one category", Cohen(table(t, []int{0, 0}, []int{0, 0}), 0, 1)},
		{"Fleiss no complete unit", Fleiss(table(t, []int{0, m}, []int{m, 1}))},
	}
	for _, c := range cases {
		if c.got.Computable || c.got.Reason == "" || c.got.Value != 0 {
			t.Errorf("%s: %+v, want not computable with a reason", c.name, c.got)
		}
	}
}

func TestBootstrap(t *testing.T) {
	d := table(t,
		[]int{1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m},
		[]int{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3},
		[]int{m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m},
		[]int{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m},
	)
	a := AlphaCI(d, 0.95, 5000, 7)
	b := AlphaCI(d, 0.95, 5000, 7)
	if a.CI == nil || *a.CI != *b.CI {
		t.Fatalf("same seed gives %+v and %+v", a.CI, b.CI)
	}
	if !(a.CI.Low < a.Value && a.Value < a.CI.High) || a.CI.High > 1 || a.CI.Low < 0.4 {
		t.Errorf("interval %+v does not bracket alpha %.3f sensibly", a.CI, a.Value)
	}
	// A larger sample with the same disagreement rate narrows the interval.
	big := NewData(d.Units()*20, d.Coders)
	for i := range 20 {
		copy(big.Values[i*len(d.Values):], d.Values)
	}
	wide, narrow := a.CI.High-a.CI.Low, AlphaCI(big, 0.95, 5000, 7).CI
	if narrow.High-narrow.Low >= wide/2 {
		t.Errorf("20 times the data gives width %.3f, small sample %.3f", narrow.High-narrow.Low, wide)
	}
}

func TestBinomial(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		n int
		p float64
	}{{10, 0.3}, {1000, 0.01}, {100000, 0.2}, {50, 0.9}} {
		sum := 0.0
		const draws = 4000
		for range draws {
			x := binomial(rng, c.n, c.p)
			if x < 0 || x > c.n {
				t.Fatalf("binomial(%d, %v) = %d", c.n, c.p, x)
			}
			sum += float64(x)
		}
		mean := float64(c.n) * c.p
		sd := math.Sqrt(mean * (1 - c.p) / draws)
		if got := sum / draws; math.Abs(got-mean) > 5*sd {
			t.Errorf("binomial(%d, %v) mean %.3f, want %.3f", c.n, c.p, got, mean)
		}
	}
}
