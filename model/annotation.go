package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says whether an annotation marks an entity mention or a claim.
type Kind string

const (
	KindEntity Kind = "entity"
	KindClaim  Kind = "claim"
)

// Verdicts a fact-checker can give a claim. The list is open: these are the
// ones offered by default and exported to ClaimReview ratings.
const (
	VerdictUnverified  = "unverified"
	VerdictTrue        = "true"
	VerdictMostlyTrue  = "mostly true"
	VerdictMixed       = "mixed"
	VerdictMisleading  = "misleading"
	VerdictMostlyFalse = "mostly false"
	VerdictFalse       = "false"
	VerdictUnproven    = "unproven"
)

// Verdicts lists the default verdicts in the order the GUI offers them.
var Verdicts = []string{VerdictUnverified, VerdictTrue, VerdictMostlyTrue, VerdictMixed,
	VerdictMisleading, VerdictMostlyFalse, VerdictFalse, VerdictUnproven}

// Annotation is a span of an article's canonical text tagged with a type.
// Start and End are Unicode code points, End exclusive. Quote holds the
// exact text of the span so the span can be verified and re-anchored.
// The claim fields are used only when Kind is KindClaim.
type Annotation struct {
	ID        string    `json:"id"`
	ArticleID string    `json:"article_id"`
	Kind      Kind      `json:"kind"`
	Type      string    `json:"type"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Quote     string    `json:"quote"`
	EntityID  string    `json:"entity_id,omitempty"`
	Annotator string    `json:"annotator,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Note      string    `json:"note,omitempty"`

	ClaimantID  string   `json:"claimant_id,omitempty"`
	TargetIDs   []string `json:"target_ids,omitempty"`
	Attribution string   `json:"attribution,omitempty"` // "according to ..."
	Stance      string   `json:"stance,omitempty"`
	Verdict     string   `json:"verdict,omitempty"`
	ClaimDate   string   `json:"claim_date,omitempty"`

	// Provenance is set on an adjudicated annotation: which coders'
	// records it came from, by what rule, who decided and when.
	Provenance *Provenance `json:"provenance,omitempty"`
}

// Provenance records how an adjudicated annotation was decided.
type Provenance struct {
	// Rule is how it was chosen: "k of n agree", "accepted", "edited".
	Rule      string    `json:"rule"`
	From      []Source  `json:"from,omitempty"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

// Source is one coder's record an adjudicated annotation came from.
type Source struct {
	Coder string `json:"coder"`
	ID    string `json:"id"`
}

// NewAnnotation assembles a new annotation of label type lt over code
// points [start, end) of an article, quote being the text of that span: the
// one place the fields every new annotation shares are set and checked (a
// UUID article id, a known kind, a named type, a non-empty span as long as
// its quote, a quote that is not only white space). Validate checks the span
// against the article text when it is stored. The id, annotator, times and
// further fields are the caller's; storage fills those left empty.
func NewAnnotation(articleID string, lt LabelType, start, end int, quote string) (Annotation, error) {
	a := Annotation{ArticleID: articleID, Kind: lt.Kind, Type: lt.Name, Start: start, End: end, Quote: quote}
	switch {
	case !ValidID(articleID):
		return a, invalid("new annotation: article id %q is not a UUID", articleID)
	case lt.Kind != KindEntity && lt.Kind != KindClaim:
		return a, invalid("new annotation: kind %q is not entity or claim", lt.Kind)
	case lt.Name == "":
		return a, invalid("new annotation: no type")
	case start < 0 || end <= start || utf8.RuneCountInString(quote) != end-start:
		return a, invalid("new annotation: span %d-%d does not hold its quote %q", start, end, quote)
	case strings.TrimSpace(quote) == "":
		return a, invalid("new annotation: span %d-%d holds only white space", start, end)
	}
	return a, nil
}

// Validate checks the annotation against the text of its article and the
// label schema: a non-empty span inside the text, a quote equal to the text
// of the span, a known type and kind.
func (a *Annotation) Validate(articleText string, schema Schema) error {
	return a.ValidateIn(NewSpanText(articleText), schema)
}

// ValidateIn is Validate against a prepared text: the way to check many
// annotations of one article.
func (a *Annotation) ValidateIn(text *SpanText, schema Schema) error {
	if !ValidID(a.ID) {
		return invalid("annotation id %q is not a UUID", a.ID)
	}
	if !ValidID(a.ArticleID) {
		return invalid("annotation %s: article id %q is not a UUID", a.ID, a.ArticleID)
	}
	if a.Kind != KindEntity && a.Kind != KindClaim {
		return invalid("annotation %s: kind %q is not entity or claim", a.ID, a.Kind)
	}
	if _, ok := schema.Lookup(a.Type); !ok {
		return invalid("annotation %s: unknown type %q", a.ID, a.Type)
	}
	n := text.Len()
	if a.Start < 0 || a.End > n || a.Start >= a.End {
		return invalid("annotation %s: span %d-%d is outside the text (0-%d) or empty", a.ID, a.Start, a.End, n)
	}
	got, _ := text.Slice(a.Start, a.End)
	if strings.TrimSpace(got) == "" {
		return invalid("annotation %s: span %d-%d holds only white space", a.ID, a.Start, a.End)
	}
	if got != a.Quote {
		return invalid("annotation %s: quote %q does not match the text of span %d-%d (%q)", a.ID, a.Quote, a.Start, a.End, got)
	}
	for _, id := range append([]string{a.EntityID, a.ClaimantID}, a.TargetIDs...) {
		if id != "" && !ValidID(id) {
			return invalid("annotation %s: entity id %q is not a UUID", a.ID, id)
		}
	}
	if a.Kind == KindEntity && (a.ClaimantID != "" || len(a.TargetIDs) > 0 || a.Verdict != "" || a.Attribution != "" || a.Stance != "" || a.ClaimDate != "") {
		return invalid("annotation %s: claim fields on an entity annotation", a.ID)
	}
	if a.ClaimDate != "" && !ValidDate(a.ClaimDate) {
		return invalid("annotation %s: claim date %q is not ISO 8601", a.ID, a.ClaimDate)
	}
	return nil
}
