package plan

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"daftar/model"
)

// AdjudicateOptions say how coders' annotations become the adjudicated layer.
type AdjudicateOptions struct {
	// Coders whose annotations count; annotations by anyone else are
	// ignored. Their number is the n of "k of n".
	Coders []string
	// MinAgree is k: how many of the coders must have marked a span.
	MinAgree int
	// As is the adjudicated layer's annotator name (e.g. "gold").
	As string
	// Decider and At are who decided and when, for the provenance.
	Decider string
	At      time.Time
	// NewID makes the ids of the new annotations (model.NewID if nil).
	NewID func() string
}

// spanKey is the exact-match rule of adjudication: same article, start,
// end and type.
type spanKey struct {
	article    string
	start, end int
	typ        string
}

// Adjudicate plans the adjudicated layer: a span (article, start, end,
// type, compared exactly; type names without regard to case) that at
// least MinAgree of the Coders marked becomes one new annotation by
// opt.As, unless the layer holds that span already (unchanged, so a
// second run adds nothing). When two types reach MinAgree on the same
// start and end and no coder marked both (the coders split on the type,
// possible when MinAgree is at most half of them), neither is added: the
// plan skips both and says why. A coder who marked
// the same span twice counts once. The new annotation takes its kind,
// quote and fields from the agreeing coders' records: the entity link,
// claimant, targets, verdict, stance, attribution and claim date only
// when every agreeing record has the same value. Its note records the
// rule, the coders and record ids it came from, who decided and when.
func Adjudicate(anns []model.Annotation, opt AdjudicateOptions) ([]Change[model.Annotation], error) {
	if opt.As == "" {
		return nil, fmt.Errorf("adjudicate: no name for the adjudicated layer")
	}
	if slices.Contains(opt.Coders, opt.As) {
		return nil, fmt.Errorf("adjudicate: %q is both a coder and the adjudicated layer", opt.As)
	}
	if opt.MinAgree < 2 || opt.MinAgree > len(opt.Coders) {
		return nil, fmt.Errorf("adjudicate: at least %d of %d coders cannot agree: choose a minimum from 2 to the number of coders", opt.MinAgree, len(opt.Coders))
	}
	newID := opt.NewID
	if newID == nil {
		newID = model.NewID
	}
	key := func(a model.Annotation) spanKey {
		return spanKey{a.ArticleID, a.Start, a.End, strings.ToUpper(a.Type)}
	}
	layer := map[spanKey]string{}
	votes := map[spanKey]map[string]model.Annotation{} // coder -> their first record
	var order []spanKey
	for _, a := range anns {
		k := key(a)
		switch {
		case a.Annotator == opt.As:
			layer[k] = a.ID
		case slices.Contains(opt.Coders, a.Annotator):
			if votes[k] == nil {
				votes[k] = map[string]model.Annotation{}
				order = append(order, k)
			}
			if _, ok := votes[k][a.Annotator]; !ok {
				votes[k][a.Annotator] = a
			}
		}
	}
	agreed := map[spanKey][]spanKey{} // article, start, end -> its spans reaching k
	for _, k := range order {
		if len(votes[k]) >= opt.MinAgree {
			at := spanKey{k.article, k.start, k.end, ""}
			agreed[at] = append(agreed[at], k)
		}
	}
	var out []Change[model.Annotation]
	for _, k := range order {
		if len(votes[k]) < opt.MinAgree {
			continue
		}
		recs := votesInOrder(votes[k])
		rule := fmt.Sprintf("%d of %d coders agree (exact start, end, type; at least %d required)", len(recs), len(opt.Coders), opt.MinAgree)
		c := Change[model.Annotation]{New: gold(recs, opt, rule)}
		if other, ok := conflict(k, agreed[spanKey{k.article, k.start, k.end, ""}], votes); ok {
			c.Action, c.Reason = Skip, fmt.Sprintf("conflict: types %s and %s each reach %d of %d coders on this span, and no coder marked both",
				k.typ, other, opt.MinAgree, len(opt.Coders))
		} else if id, ok := layer[k]; ok {
			c.Action, c.ID, c.Reason = Unchanged, id, "already in the "+opt.As+" layer"
		} else {
			c.Action, c.Reason = Add, fmt.Sprintf("%d of %d coders agree", len(recs), len(opt.Coders))
			c.New.ID = newID()
			c.ID = c.New.ID
		}
		out = append(out, c)
	}
	return out, nil
}

// conflict finds another type reaching k on k's span whose coders share
// none with k's: the coders split on the type. A coder who marked both
// types says the span has both, so those are no conflict.
func conflict(k spanKey, same []spanKey, votes map[spanKey]map[string]model.Annotation) (string, bool) {
	for _, o := range same {
		if o == k {
			continue
		}
		shared := false
		for coder := range votes[k] {
			if _, ok := votes[o][coder]; ok {
				shared = true
			}
		}
		if !shared {
			return o.typ, true
		}
	}
	return "", false
}

func votesInOrder(by map[string]model.Annotation) []model.Annotation {
	recs := make([]model.Annotation, 0, len(by))
	for _, a := range by {
		recs = append(recs, a)
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Annotator < recs[j].Annotator })
	return recs
}

// gold is the adjudicated copy of the agreeing records recs (sorted by
// coder), chosen by rule: its provenance names them, the rule, the decider
// and the time, and so does its note for exports that drop provenance.
func gold(recs []model.Annotation, opt AdjudicateOptions, rule string) model.Annotation {
	first := recs[0]
	g := model.Annotation{ArticleID: first.ArticleID, Kind: first.Kind, Type: first.Type, Start: first.Start, End: first.End,
		Quote: first.Quote, Annotator: opt.As, CreatedAt: opt.At, UpdatedAt: opt.At}
	same := func(field func(model.Annotation) string) string {
		v := field(first)
		for _, r := range recs[1:] {
			if field(r) != v {
				return ""
			}
		}
		return v
	}
	g.EntityID = same(func(a model.Annotation) string { return a.EntityID })
	g.ClaimantID = same(func(a model.Annotation) string { return a.ClaimantID })
	g.Verdict = same(func(a model.Annotation) string { return a.Verdict })
	g.Stance = same(func(a model.Annotation) string { return a.Stance })
	g.Attribution = same(func(a model.Annotation) string { return a.Attribution })
	g.ClaimDate = same(func(a model.Annotation) string { return a.ClaimDate })
	if t := same(func(a model.Annotation) string { return strings.Join(a.TargetIDs, "\x00") }); t != "" {
		g.TargetIDs = strings.Split(t, "\x00")
	}
	from := make([]string, len(recs))
	g.Provenance = &model.Provenance{Rule: rule, DecidedBy: opt.Decider, DecidedAt: opt.At.UTC()}
	for i, r := range recs {
		from[i] = r.Annotator + "=" + r.ID
		g.Provenance.From = append(g.Provenance.From, model.Source{Coder: r.Annotator, ID: r.ID})
	}
	g.Note = fmt.Sprintf("adjudicated: %s; from %s; decided by %s at %s",
		rule, strings.Join(from, ", "), opt.Decider, opt.At.UTC().Format(time.RFC3339))
	return g
}
