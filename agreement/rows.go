package agreement

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Definitions say in a sentence what each figure name in Rows means, so a
// CSV or JSON report can be cited without docs/agreement.md at hand.
var Definitions = map[string]string{
	"alpha":              "Krippendorff's alpha, nominal: 1 - (n-1) * off-diagonal coincidences / sum of n_c*n_k over c != k; units with fewer than two values are left out",
	"cohen_kappa":        "Cohen's kappa (two coders): (p_o - p_e) / (1 - p_e) over the units both coded, p_e from each coder's own marginals",
	"fleiss_kappa":       "Fleiss' kappa (three or more coders): (mean P_u - sum p_j^2) / (1 - sum p_j^2) over the units every selected coder coded",
	"precision_exact":    "matched spans / spans of coder b; exact match = same start, end and type, each span used once",
	"recall_exact":       "matched spans / spans of coder a; exact match = same start, end and type, each span used once",
	"f1_exact":           "2 * matched / (spans of a + spans of b); exact match = same start, end and type",
	"precision_overlap":  "matched spans / spans of coder b; overlap match = same type and at least one shared code point, greedy one-to-one by shared length",
	"recall_overlap":     "matched spans / spans of coder a; overlap match = same type and at least one shared code point, greedy one-to-one by shared length",
	"f1_overlap":         "2 * matched / (spans of a + spans of b); overlap match = same type and any shared code point, greedy one-to-one",
	"entity_links":       "share of overlap-matched mention pairs, with an entity link on at least one side, linked to the same entity",
	"verdict_alpha":      "nominal Krippendorff's alpha of the verdict over claim units (claims joined across coders by the overlap rule); an empty verdict is missing",
	"stance_alpha":       "nominal Krippendorff's alpha of the stance over claim units; an empty stance is missing",
	"claimant_agreement": "share of pairs of claims in one claim unit, with a claimant on at least one side, naming the same claimant",
	"targets_agreement":  "share of pairs of claims in one claim unit, with a target on at least one side, naming the same set of targets",
}

// Row is one figure of a Report flattened for a table: which figure, over
// what (Scope), among which coders, and what it rests on.
type Row struct {
	Figure     string   `json:"figure"` // a key of Definitions
	Scope      string   `json:"scope"`  // "tokens", "tokens, type PER", "pair a/b", "pair a/b, type PER", "claims"
	Coders     []string `json:"coders"`
	Unit       string   `json:"unit"` // what Units counts: tokens, articles, claim units, claim pairs, mention pairs
	Value      Figure   `json:"value"`
	Definition string   `json:"definition"`
}

// Rows lists every figure of r, overall figures first, then per type, per
// pair of coders, claims and entity links.
func Rows(r Report) []Row {
	var rows []Row
	add := func(name, scope, unit string, coders []string, f Figure) {
		rows = append(rows, Row{Figure: name, Scope: scope, Coders: coders, Unit: unit, Value: f, Definition: Definitions[name]})
	}
	kappa := func(c Coefficients) string { return strings.ToLower(c.KappaName) + "_kappa" }
	add("alpha", "tokens", "tokens", r.Coders, r.Overall.Alpha)
	add(kappa(r.Overall), "tokens", "tokens", r.Coders, r.Overall.Kappa)
	for _, t := range r.ByType {
		add("alpha", "tokens, type "+t.Type, "tokens", r.Coders, t.Alpha)
		add(kappa(t.Coefficients), "tokens, type "+t.Type, "tokens", r.Coders, t.Kappa)
	}
	for _, p := range r.Pairs {
		pair, coders := "pair "+p.A+"/"+p.B, []string{p.A, p.B}
		add("cohen_kappa", pair+", tokens", "tokens", coders, p.Cohen)
		for _, m := range []struct {
			rule string
			s    SpanScores
		}{{"exact", p.Exact}, {"overlap", p.Overlap}} {
			add("precision_"+m.rule, pair, "articles", coders, m.s.Precision)
			add("recall_"+m.rule, pair, "articles", coders, m.s.Recall)
			add("f1_"+m.rule, pair, "articles", coders, m.s.F1)
		}
		for _, t := range p.ByType {
			add("f1_exact", pair+", type "+t.Type, "articles", coders, t.Exact.F1)
			add("f1_overlap", pair+", type "+t.Type, "articles", coders, t.Overlap.F1)
		}
		add("entity_links", pair, "mention pairs", coders, p.EntityLinks)
	}
	add("verdict_alpha", "claims", "claim units", r.Coders, r.Claims.Verdict)
	add("stance_alpha", "claims", "claim units", r.Coders, r.Claims.Stance)
	add("claimant_agreement", "claims", "claim pairs", r.Coders, r.Claims.Claimant)
	add("targets_agreement", "claims", "claim pairs", r.Coders, r.Claims.Targets)
	add("entity_links", "all pairs", "mention pairs", r.Coders, r.EntityLinks)
	return rows
}

// CSVHeader names the columns WriteCSV writes.
var CSVHeader = []string{"figure", "scope", "coders", "value", "computable", "reason", "units", "unit", "n_coders", "pairable",
	"ci_low", "ci_high", "ci_level", "resamples", "seed", "definition"}

// WriteCSV writes rows as CSV with CSVHeader; a figure that could not be
// computed has an empty value and its reason, never NaN.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	for _, r := range rows {
		f := r.Value
		value := ""
		if f.Computable {
			value = num(f.Value)
		}
		ci := []string{"", "", "", "", ""}
		if f.CI != nil {
			ci = []string{num(f.CI.Low), num(f.CI.High), num(f.CI.Level), strconv.Itoa(f.CI.Resamples), strconv.FormatUint(f.CI.Seed, 10)}
		}
		rec := append([]string{r.Figure, r.Scope, strings.Join(r.Coders, ";"), value, strconv.FormatBool(f.Computable), f.Reason,
			strconv.Itoa(f.Units), r.Unit, strconv.Itoa(f.Coders), strconv.Itoa(f.Pairable)}, ci...)
		if err := cw.Write(append(rec, r.Definition)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
