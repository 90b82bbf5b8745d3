package agreement

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Options choose what Compute measures.
type Options struct {
	// Coders and Types restrict the figures to these coders and span
	// types; empty means all found in the input. Types does not filter
	// claims.
	Coders []string
	Types  []string
	// Unit describes how the articles' tokens were cut; empty means
	// TokenRule (the articles were built by NewArticle or Tokenize).
	Unit string
	// Level, Resamples and Seed set the bootstrap interval of every alpha:
	// 0 means 0.95, 1000 and seed 1; Resamples < 0 turns it off.
	Level     float64
	Resamples int
	Seed      uint64
	// Progress, when set, is told after each step (overall, each type,
	// claims) how many of how many are done; returning false stops the
	// computation, and Compute returns ErrStopped. The bootstrap makes
	// each step take a while on a large set, so a window can show progress
	// and offer to cancel.
	Progress func(done, total int) bool
}

// ErrStopped is returned by Compute when Progress asked it to stop.
var ErrStopped = errors.New("agreement: stopped")

// Coefficients are the chance-corrected figures over one set of units:
// alpha with its interval, and Cohen's kappa for two coders or Fleiss'
// kappa for more (KappaName says which).
type Coefficients struct {
	Alpha     Figure `json:"alpha"`
	Kappa     Figure `json:"kappa"`
	KappaName string `json:"kappa_name"`
}

// TypeCoefficients are Coefficients for one type coded present/absent.
type TypeCoefficients struct {
	Type string `json:"type"`
	Coefficients
}

// TypeScores are span scores for one type.
type TypeScores struct {
	Type    string     `json:"type"`
	Exact   SpanScores `json:"exact"`
	Overlap SpanScores `json:"overlap"`
}

// PairReport compares two coders on the articles both coded.
type PairReport struct {
	A           string       `json:"a"`
	B           string       `json:"b"`
	Articles    int          `json:"articles"`
	Exact       SpanScores   `json:"exact"`
	Overlap     SpanScores   `json:"overlap"`
	ByType      []TypeScores `json:"by_type"`
	Cohen       Figure       `json:"cohen_kappa"`
	Confusion   Confusion    `json:"confusion"`
	EntityLinks Figure       `json:"entity_links"`
}

// ClaimReport is agreement on claims matched across coders.
type ClaimReport struct {
	// Units are groups of claims joined by the overlap rule with at most
	// one claim per coder; Ambiguous counts groups left out because
	// chained matches put two claims of one coder together.
	Units     int    `json:"units"`
	Ambiguous int    `json:"ambiguous"`
	Verdict   Figure `json:"verdict_alpha"`
	Stance    Figure `json:"stance_alpha"`
	Claimant  Figure `json:"claimant_agreement"`
	Targets   Figure `json:"targets_agreement"`
}

// Report holds every figure of one agreement run.
type Report struct {
	Coders      []string           `json:"coders"`
	Types       []string           `json:"types"`
	Articles    int                `json:"articles"`
	Shared      int                `json:"shared_articles"`
	Unit        string             `json:"unit"`
	Tokens      int                `json:"tokens"`
	Overall     Coefficients       `json:"overall"`
	ByType      []TypeCoefficients `json:"by_type"`
	Pairs       []PairReport       `json:"pairs"`
	Claims      ClaimReport        `json:"claims"`
	EntityLinks Figure             `json:"entity_links"`
}

// Compute measures agreement among the coders of arts. It fails, saying
// why, when no coefficient can be computed at all: fewer than two coders,
// a coder with no annotations, or no article coded by two of them. Figures
// that cannot be computed for narrower reasons say so in their Reason.
func Compute(arts []Article, opt Options) (Report, error) {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	if opt.Resamples == 0 {
		opt.Resamples = 1000
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Unit == "" {
		opt.Unit = TokenRule
	}
	for _, a := range arts {
		if err := a.check(); err != nil {
			return Report{}, err
		}
	}
	coders := sortedCoders(arts)
	if len(opt.Coders) > 0 {
		coders = slices.Clone(opt.Coders)
		sort.Strings(coders)
		coders = slices.Compact(coders)
	}
	if len(coders) < 2 {
		return Report{}, errNoPair(len(coders))
	}
	arts = restrict(arts, coders, opt.Types)
	if err := checkCoders(arts, coders); err != nil {
		return Report{}, err
	}
	r := Report{Coders: coders, Articles: len(arts), Unit: opt.Unit, Types: typesOf(arts, opt.Types)}
	for _, a := range arts {
		if len(a.Codings) >= 2 {
			r.Shared++
		}
	}
	if r.Shared == 0 {
		return Report{}, errNoPair(len(coders))
	}
	done, total := 0, len(r.Types)+2
	step := func() bool {
		done++
		return opt.Progress == nil || opt.Progress(done, total)
	}
	if !r.tokenFigures(arts, opt, step) {
		return Report{}, ErrStopped
	}
	r.pairFigures(arts)
	r.Claims = claimFigures(arts, coders, opt)
	if !step() {
		return Report{}, ErrStopped
	}
	return r, nil
}

// restrict keeps only the chosen coders' codings and spans of the chosen
// types (claims are kept whatever their type).
func restrict(arts []Article, coders, types []string) []Article {
	out := make([]Article, 0, len(arts))
	for _, a := range arts {
		b := a
		b.Codings = map[string]Coding{}
		for _, c := range coders {
			cod, ok := a.Codings[c]
			if !ok {
				continue
			}
			if len(types) > 0 {
				cod.Spans = slices.DeleteFunc(slices.Clone(cod.Spans), func(s Span) bool { return !slices.Contains(types, s.Type) })
			}
			b.Codings[c] = cod
		}
		out = append(out, b)
	}
	return out
}

func checkCoders(arts []Article, coders []string) error {
	for _, c := range coders {
		coded, notes := 0, 0
		for _, a := range arts {
			if cod, ok := a.Codings[c]; ok {
				coded++
				notes += len(cod.Spans) + len(cod.Claims)
			}
		}
		if coded == 0 {
			return fmt.Errorf("coder %s coded none of the %d articles, so no coefficient can include them", c, len(arts))
		}
		if notes == 0 {
			return fmt.Errorf("coder %s has no annotations of the chosen types in the %d articles they coded; leave them out or check their work was merged", c, coded)
		}
	}
	return nil
}

func typesOf(arts []Article, chosen []string) []string {
	if len(chosen) > 0 {
		out := slices.Clone(chosen)
		sort.Strings(out)
		return slices.Compact(out)
	}
	seen := map[string]bool{}
	for _, a := range arts {
		for _, c := range a.Codings {
			for _, s := range c.Spans {
				seen[s.Type] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// tokenFigures fills the token-level coefficients. Overall, a coder's
// value for a token is the type of the span covering it (O if none); when
// spans of one coder overlap, the span starting first wins, then the
// longer, then the type first by name. Per type, the value is present if
// any span of that type shares a code point with the token, else absent.
// step is called after each coefficient; it returns false to stop, and
// then so does tokenFigures.
func (r *Report) tokenFigures(arts []Article, opt Options, step func() bool) bool {
	nc := len(r.Coders)
	for _, a := range arts {
		r.Tokens += len(a.Tokens)
	}
	overall := NewData(r.Tokens, nc)
	per := make([]Data, len(r.Types))
	for i := range per {
		per[i] = NewData(r.Tokens, nc)
	}
	typeIdx := map[string]int32{}
	for i, t := range r.Types {
		typeIdx[t] = int32(i)
	}
	base := 0
	for _, a := range arts {
		for c, coder := range r.Coders {
			cod, ok := a.Codings[coder]
			if !ok {
				continue
			}
			for u := range a.Tokens {
				overall.Values[(base+u)*nc+c] = 0
				for i := range per {
					per[i].Values[(base+u)*nc+c] = 0
				}
			}
			spans := slices.Clone(cod.Spans)
			sort.Slice(spans, func(i, j int) bool {
				x, y := spans[i], spans[j]
				if x.Start != y.Start {
					return x.Start < y.Start
				}
				if x.End != y.End {
					return x.End > y.End
				}
				return x.Type < y.Type
			})
			for _, s := range spans {
				t := typeIdx[s.Type]
				first := sort.Search(len(a.Tokens), func(i int) bool { return a.Tokens[i].End > s.Start })
				for u := first; u < len(a.Tokens) && a.Tokens[u].Start < s.End; u++ {
					cell := (base+u)*nc + c
					if overall.Values[cell] == 0 {
						overall.Values[cell] = t + 1
					}
					per[t].Values[cell] = 1
				}
			}
		}
		base += len(a.Tokens)
	}
	r.Overall = coefficients(overall, opt)
	if !step() {
		return false
	}
	for i, t := range r.Types {
		r.ByType = append(r.ByType, TypeCoefficients{Type: t, Coefficients: coefficients(per[i], opt)})
		if !step() {
			return false
		}
	}
	for p := range r.pairs() {
		r.Pairs = append(r.Pairs, PairReport{A: r.Coders[p[0]], B: r.Coders[p[1]], Cohen: Cohen(overall, p[0], p[1])})
	}
	return true
}

func coefficients(d Data, opt Options) Coefficients {
	c := Coefficients{Alpha: AlphaCI(d, opt.Level, opt.Resamples, opt.Seed)}
	if d.Coders == 2 {
		c.Kappa, c.KappaName = Cohen(d, 0, 1), "Cohen"
	} else {
		c.Kappa, c.KappaName = Fleiss(d), "Fleiss"
	}
	return c
}

// pairs yields the index pairs i < j of the report's coders.
func (r *Report) pairs() func(func([2]int) bool) {
	return func(yield func([2]int) bool) {
		for i := range r.Coders {
			for j := i + 1; j < len(r.Coders); j++ {
				if !yield([2]int{i, j}) {
					return
				}
			}
		}
	}
}

// pairFigures fills span scores, the confusion table and entity-link
// agreement for each pair of coders, and entity links over all pairs.
func (r *Report) pairFigures(arts []Article) {
	const noLinks = "no matched pair of mentions carries an entity link"
	allLinked, allSame := 0, 0
	for k := range r.Pairs {
		p := &r.Pairs[k]
		byType := map[string]*TypeScores{}
		for _, t := range r.Types {
			byType[t] = &TypeScores{Type: t}
		}
		cc := confusionCounts{}
		linked, same := 0, 0
		for _, art := range arts {
			ca, okA := art.Codings[p.A]
			cb, okB := art.Codings[p.B]
			if !okA || !okB {
				continue
			}
			p.Articles++
			na, nb := countByType(ca.Spans), countByType(cb.Spans)
			exact := matchExact(ca.Spans, cb.Spans)
			over := map[string]int{}
			for i, j := range matchOverlap(ca.Spans, cb.Spans, true) {
				if j < 0 {
					continue
				}
				x, y := ca.Spans[i], cb.Spans[j]
				over[x.Type]++
				if x.Entity != "" || y.Entity != "" {
					linked++
					if x.Entity == y.Entity {
						same++
					}
				}
			}
			for _, t := range r.Types {
				ts := byType[t]
				ts.Exact.add(exact[t], na[t], nb[t])
				ts.Overlap.add(over[t], na[t], nb[t])
				p.Exact.add(exact[t], na[t], nb[t])
				p.Overlap.add(over[t], na[t], nb[t])
			}
			cc.add(ca.Spans, cb.Spans)
		}
		p.Exact.finish(p.Articles)
		p.Overlap.finish(p.Articles)
		for _, t := range r.Types {
			ts := byType[t]
			ts.Exact.finish(p.Articles)
			ts.Overlap.finish(p.Articles)
			p.ByType = append(p.ByType, *ts)
		}
		p.Confusion = cc.table(r.Types)
		p.EntityLinks = ratio(same, linked, linked, noLinks)
		allLinked += linked
		allSame += same
	}
	r.EntityLinks = ratio(allSame, allLinked, allLinked, noLinks)
	r.EntityLinks.Coders = len(r.Coders)
}
