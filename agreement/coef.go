// Package agreement computes inter-coder agreement on span annotations:
// span precision/recall/F1, token-level Krippendorff's alpha, Cohen's and
// Fleiss' kappa, claim and entity-link agreement, with bootstrap confidence
// intervals. It is pure: it takes plain structs and touches no storage, so
// its figures can be checked against published worked examples.
// docs/agreement.md defines every figure.
package agreement

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Missing marks a cell of Data where the coder gave no value.
const Missing = -1

// Data is reliability data in Krippendorff's canonical form: Units rows of
// Coders values each, Values[u*Coders+c] the category index coder c gave
// unit u, or Missing. Categories are small non-negative integers.
type Data struct {
	Coders int
	Values []int32
}

// NewData makes an empty table for n units and the given number of coders,
// every value Missing.
func NewData(units, coders int) Data {
	v := make([]int32, units*coders)
	for i := range v {
		v[i] = Missing
	}
	return Data{Coders: coders, Values: v}
}

// Units is the number of rows.
func (d Data) Units() int {
	if d.Coders == 0 {
		return 0
	}
	return len(d.Values) / d.Coders
}

// Figure is one agreement figure with what it rests on. When Computable is
// false, Value is 0 and Reason says why; a Figure never holds NaN.
type Figure struct {
	Value      float64   `json:"value"`
	Computable bool      `json:"computable"`
	Reason     string    `json:"reason,omitempty"`
	Units      int       `json:"units"`
	Coders     int       `json:"coders"`
	Pairable   int       `json:"pairable"`
	CI         *Interval `json:"ci,omitempty"`
}

// Interval is a bootstrap confidence interval.
type Interval struct {
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	Level     float64 `json:"level"`
	Resamples int     `json:"resamples"`
	Seed      uint64  `json:"seed"`
}

func notComputable(reason string, units, coders, pairable int) Figure {
	return Figure{Reason: reason, Units: units, Coders: coders, Pairable: pairable}
}

func value(v float64, units, coders, pairable int) Figure {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return notComputable("the coefficient is undefined for these data", units, coders, pairable)
	}
	return Figure{Value: v, Computable: true, Units: units, Coders: coders, Pairable: pairable}
}

// coincidences holds what nominal alpha and its bootstrap need from the
// coincidence matrix: the marginals n_c, the observed disagreement sum
// (the off-diagonal total of o_ck) and how many pairable units have m values.
type coincidences struct {
	nc       []float64
	n        float64
	offDiag  float64
	units    int
	coders   int
	unitsByM []int // unitsByM[m] = pairable units with m values
}

func coincide(d Data) coincidences {
	var co coincidences
	co.unitsByM = make([]int, d.Coders+1)
	var counts []int
	coded := make([]bool, d.Coders)
	for u := 0; u < d.Units(); u++ {
		row := d.Values[u*d.Coders : (u+1)*d.Coders]
		m := 0
		for _, v := range row {
			if v != Missing {
				m++
			}
		}
		if m < 2 {
			continue
		}
		co.units++
		co.unitsByM[m]++
		co.n += float64(m)
		same := 0
		for c, v := range row {
			if v == Missing {
				continue
			}
			coded[c] = true
			for int(v) >= len(counts) {
				counts = append(counts, 0)
				co.nc = append(co.nc, 0)
			}
			// (x+1)^2 - x^2 = 2x+1 keeps sum of squared counts running.
			same += 2*counts[v] + 1
			counts[v]++
			co.nc[v]++
		}
		for _, v := range row {
			if v != Missing {
				counts[v] = 0
			}
		}
		// Sum over c != k of n_uc n_uk / (m_u - 1): the unit's share of
		// the off-diagonal cells of the coincidence matrix.
		co.offDiag += float64(m*m-same) / float64(m-1)
	}
	for _, c := range coded {
		if c {
			co.coders++
		}
	}
	return co
}

// expectedOff is sum over c != k of n_c n_k.
func (co coincidences) expectedOff() float64 {
	sq := 0.0
	for _, x := range co.nc {
		sq += x * x
	}
	return co.n*co.n - sq
}

// Alpha is Krippendorff's alpha for nominal data (Krippendorff 2011):
// alpha = 1 - (n-1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k, over the units
// with at least two values. Units with one value are not pairable and are
// left out, as the definition says.
func Alpha(d Data) Figure { return alpha(d, coincide(d)) }

func alpha(d Data, co coincidences) Figure {
	if f, bad := alphaUndefined(d, co); bad {
		return f
	}
	return value(1-(co.n-1)*co.offDiag/co.expectedOff(), co.units, co.coders, int(co.n))
}

func alphaUndefined(d Data, co coincidences) (Figure, bool) {
	switch {
	case d.Coders < 2:
		return notComputable("fewer than two coders", co.units, d.Coders, 0), true
	case co.units == 0:
		return notComputable("no unit was coded by two or more coders", 0, co.coders, 0), true
	case co.expectedOff() == 0:
		return notComputable("every pairable value is in one category, so expected disagreement is 0", co.units, co.coders, int(co.n)), true
	}
	return Figure{}, false
}

// AlphaCI is Alpha with a bootstrap confidence interval at the given level
// (e.g. 0.95) from resamples draws, following Hayes and Krippendorff (2007)
// and Krippendorff's "Algorithm for bootstrapping a distribution of alpha"
// (2006, rev. 2011): each resample redraws, for every pairable unit u, its
// m_u(m_u-1)/2 pairs of values from the observed coincidences (probability
// o_ck/n), adds 2*delta/(m_u-1) per drawn pair to a resampled observed
// disagreement, and divides by the original expected disagreement. For
// nominal data delta is 0 or 1, so a unit's disagreeing pairs are binomial
// with p = D_o, and all units with the same m_u are drawn as one binomial.
// The interval is the percentile interval of the resampled alphas.
func AlphaCI(d Data, level float64, resamples int, seed uint64) Figure {
	co := coincide(d)
	f := alpha(d, co)
	if !f.Computable || resamples <= 0 {
		return f
	}
	do := co.offDiag / co.n
	de := co.expectedOff() / (co.n * (co.n - 1))
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	alphas := make([]float64, resamples)
	for i := range alphas {
		sum := 0.0
		for m := 2; m < len(co.unitsByM); m++ {
			pairs := co.unitsByM[m] * m * (m - 1) / 2
			sum += 2 * float64(binomial(rng, pairs, do)) / float64(m-1)
		}
		alphas[i] = 1 - sum/co.n/de
	}
	sort.Float64s(alphas)
	tail := (1 - level) / 2
	f.CI = &Interval{
		Low:       quantile(alphas, tail),
		High:      quantile(alphas, 1-tail),
		Level:     level,
		Resamples: resamples,
		Seed:      seed,
	}
	return f
}

// quantile reads the q-quantile of sorted xs by the nearest-rank rule.
func quantile(xs []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(xs)))) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}

// binomial draws from Binomial(n, p). Below a mean of 1000 successes (or
// failures) it is exact, counting geometric waiting times so the cost is
// the mean, not n; above that it uses the normal approximation with
// continuity correction, whose error is far below the resampling noise.
func binomial(rng *rand.Rand, n int, p float64) int {
	if n == 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - binomial(rng, n, 1-p)
	}
	mean := float64(n) * p
	if mean > 1000 {
		x := math.Round(mean + rng.NormFloat64()*math.Sqrt(mean*(1-p)))
		return int(min(max(x, 0), float64(n)))
	}
	lq := math.Log1p(-p)
	k, pos := 0, 0
	for {
		// Trials up to and including the next success.
		pos += int(math.Floor(math.Log(1-rng.Float64())/lq)) + 1
		if pos > n {
			return k
		}
		k++
	}
}

// Cohen is Cohen's kappa (1960) for coders a and b of d, over the units
// both coded: (p_o - p_e) / (1 - p_e), p_e from each coder's own marginals.
func Cohen(d Data, a, b int) Figure {
	if d.Coders < 2 || a == b {
		return notComputable("Cohen's kappa needs two different coders", 0, 1, 0)
	}
	var ma, mb []float64
	n, agree := 0, 0
	for u := 0; u < d.Units(); u++ {
		x, y := d.Values[u*d.Coders+a], d.Values[u*d.Coders+b]
		if x == Missing || y == Missing {
			continue
		}
		n++
		ma = grow(ma, x)
		mb = grow(mb, y)
		ma[x]++
		mb[y]++
		if x == y {
			agree++
		}
	}
	if n == 0 {
		return notComputable("no unit was coded by both coders", 0, 2, 0)
	}
	pe := 0.0
	for k, x := range ma {
		if k < len(mb) {
			pe += x / float64(n) * mb[k] / float64(n)
		}
	}
	if pe >= 1 {
		return notComputable("both coders used a single, identical category, so chance agreement is 1", n, 2, 2*n)
	}
	po := float64(agree) / float64(n)
	return value((po-pe)/(1-pe), n, 2, 2*n)
}

// Fleiss is Fleiss' kappa (1971) over the units that every coder of d
// coded (Fleiss assumes the same number of ratings per subject; units with
// a missing value are left out and the count says how many remain).
func Fleiss(d Data) Figure {
	m := d.Coders
	if m < 2 {
		return notComputable("Fleiss' kappa needs at least two coders", 0, m, 0)
	}
	var totals []float64
	n := 0
	sumP := 0.0
	for u := 0; u < d.Units(); u++ {
		row := d.Values[u*m : (u+1)*m]
		if slices.Contains(row, Missing) {
			continue
		}
		for _, v := range row {
			totals = grow(totals, v)
		}
		// Sum over categories of n_uj^2, from pairs of equal ratings.
		sq := m
		for i, v := range row {
			for _, w := range row[i+1:] {
				if v == w {
					sq += 2
				}
			}
			totals[v]++
		}
		sumP += float64(sq-m) / float64(m*(m-1))
		n++
	}
	if n == 0 {
		return notComputable("no unit was coded by every coder", 0, m, 0)
	}
	pe := 0.0
	for _, x := range totals {
		p := x / float64(n*m)
		pe += p * p
	}
	if pe >= 1 {
		return notComputable("every rating is in one category, so chance agreement is 1", n, m, n*m)
	}
	return value((sumP/float64(n)-pe)/(1-pe), n, m, n*m)
}

// grow extends xs so that index v exists.
func grow(xs []float64, v int32) []float64 {
	for int(v) >= len(xs) {
		xs = append(xs, 0)
	}
	return xs
}

// errNoPair says why nothing at all can be computed.
func errNoPair(coders int) error {
	if coders < 2 {
		return fmt.Errorf("agreement needs at least two coders, got %d", coders)
	}
	return fmt.Errorf("no article was coded by two or more of the %d coders, so no coefficient can be computed", coders)
}
