package export

import (
	"encoding/json"
	"io"

	"daftar/model"
)

// quoteContext is how many code points of prefix and suffix the
// TextQuoteSelector carries: enough to find the quote again in an edited
// copy of the text.
const quoteContext = 32

// daftarVocab is the namespace of the few terms Daftar adds to the W3C
// context (the texts, the offset unit, claim fields).
const daftarVocab = "urn:daftar:vocab#"

type w3cCollection struct {
	Context []any          `json:"@context"`
	ID      string         `json:"id"`
	Type    string         `json:"type"`
	Label   string         `json:"label"`
	Total   int            `json:"total"`
	Offsets string         `json:"offsetUnit"`
	Sources []w3cSourceDoc `json:"sources"`
	First   w3cPage        `json:"first"`
}

type w3cSourceDoc struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Format    string `json:"format"`
	Title     string `json:"title,omitempty"`
	Language  string `json:"language,omitempty"`
	Direction string `json:"textDirection,omitempty"`
	URL       string `json:"canonicalURL,omitempty"`
	Text      string `json:"text"`
}

type w3cPage struct {
	Type       string          `json:"type"`
	StartIndex int             `json:"startIndex"`
	Items      []w3cAnnotation `json:"items"`
}

type w3cAnnotation struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	Motivation string     `json:"motivation"`
	Created    string     `json:"created,omitempty"`
	Modified   string     `json:"modified,omitempty"`
	Creator    *w3cAgent  `json:"creator,omitempty"`
	Body       []any      `json:"body"`
	Target     w3cTarget  `json:"target"`
	Claim      *w3cClaim  `json:"claim,omitempty"`
	Kind       model.Kind `json:"kind"`
}

type w3cAgent struct {
	Type     string `json:"type"`
	Nickname string `json:"nickname"`
}

type w3cTarget struct {
	Type     string `json:"type"`
	Source   string `json:"source"`
	Selector []any  `json:"selector"`
}

type w3cQuote struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

type w3cPosition struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type w3cTextBody struct {
	Type     string `json:"type"`
	Purpose  string `json:"purpose"`
	Value    string `json:"value"`
	Language string `json:"language,omitempty"`
}

type w3cResourceBody struct {
	Type    string          `json:"type"`
	Purpose string          `json:"purpose"`
	Source  w3cEntitySource `json:"source"`
}

type w3cEntitySource struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	Same  string `json:"sameAs,omitempty"`
}

type w3cClaim struct {
	Claimant    *w3cEntitySource  `json:"claimant,omitempty"`
	Targets     []w3cEntitySource `json:"targets,omitempty"`
	Attribution string            `json:"attribution,omitempty"`
	Stance      string            `json:"stance,omitempty"`
	Verdict     string            `json:"verdict,omitempty"`
	ClaimDate   string            `json:"claimDate,omitempty"`
}

// entityRef names an entity by Wikidata IRI when known (what other tools can
// resolve), else by its Daftar id; the Daftar id is kept in sameAs.
func (j *job) entityRef(id string) *w3cEntitySource {
	if id == "" {
		return nil
	}
	ref := &w3cEntitySource{ID: "urn:uuid:" + id}
	if e := j.entity(id); e != nil {
		ref.Label = e.Name
		if e.Wikidata != "" {
			ref.ID, ref.Same = "http://www.wikidata.org/entity/"+e.Wikidata, "urn:uuid:"+id
		}
	}
	return ref
}

// writeW3C writes one AnnotationCollection (JSON-LD) with its annotations
// embedded in the first page. Targets are the canonical texts, which travel
// in "sources" since they are not on the web. TextPositionSelector counts
// code points as the W3C model mandates, unless UTF-16 was asked for; the
// collection's offsetUnit says which.
func (j *job) writeW3C(w io.Writer) error {
	col := w3cCollection{
		// "assessing" is in the current W3C context but not in its 2016
		// version, which consumers may have cached: defined here, a claim's
		// motivation expands to oa:assessing with either.
		Context: []any{"http://www.w3.org/ns/anno.jsonld", map[string]any{
			"assessing":    "oa:assessing",
			"daftar":       daftarVocab,
			"offsetUnit":   "daftar:offsetUnit",
			"sources":      "daftar:sources",
			"text":         "daftar:text",
			"title":        "http://purl.org/dc/terms/title",
			"kind":         "daftar:kind",
			"claim":        "daftar:claim",
			"claimant":     "daftar:claimant",
			"targets":      "daftar:targets",
			"attribution":  "daftar:attribution",
			"stance":       "daftar:stance",
			"verdict":      "daftar:verdict",
			"claimDate":    "daftar:claimDate",
			"sameAs":       map[string]string{"@id": "http://schema.org/sameAs", "@type": "@id"},
			"canonicalURL": map[string]string{"@id": "daftar:url", "@type": "@id"},
		}},
		ID: "urn:uuid:" + model.NewID(), Type: "AnnotationCollection", Label: "Daftar export",
		Offsets: j.unitName(), Total: len(j.d.Annotations),
		First: w3cPage{Type: "AnnotationPage", Items: make([]w3cAnnotation, 0, len(j.d.Annotations))},
	}
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		t, anns, err := j.article(a)
		if err != nil {
			return err
		}
		src := "urn:uuid:" + a.ID
		col.Sources = append(col.Sources, w3cSourceDoc{ID: src, Type: "Text", Format: "text/plain", Title: a.Title,
			Language: a.Language, Direction: string(a.Direction), URL: a.URL, Text: a.Text})
		for _, an := range anns {
			wa := w3cAnnotation{ID: "urn:uuid:" + an.ID, Type: "Annotation", Motivation: "tagging", Kind: an.Kind,
				Created: ts(an.CreatedAt), Modified: ts(an.UpdatedAt),
				Body: []any{w3cTextBody{Type: "TextualBody", Purpose: "tagging", Value: an.Type}},
				Target: w3cTarget{Type: "SpecificResource", Source: src, Selector: []any{
					w3cQuote{Type: "TextQuoteSelector", Exact: an.Quote,
						Prefix: t.Slice(an.Start-quoteContext, an.Start), Suffix: t.Slice(an.End, an.End+quoteContext)},
					w3cPosition{Type: "TextPositionSelector", Start: t.Unit(an.Start, j.utf16), End: t.Unit(an.End, j.utf16)},
				}}}
			if an.Annotator != "" {
				wa.Creator = &w3cAgent{Type: "Person", Nickname: an.Annotator}
			}
			if ref := j.entityRef(an.EntityID); ref != nil {
				wa.Motivation = "identifying"
				wa.Body = append(wa.Body, w3cResourceBody{Type: "SpecificResource", Purpose: "identifying", Source: *ref})
			}
			if an.Note != "" {
				wa.Body = append(wa.Body, w3cTextBody{Type: "TextualBody", Purpose: "commenting", Value: an.Note})
			}
			if an.Kind == model.KindClaim {
				c := &w3cClaim{Claimant: j.entityRef(an.ClaimantID), Attribution: an.Attribution, Stance: an.Stance,
					Verdict: an.Verdict, ClaimDate: an.ClaimDate}
				for _, id := range an.TargetIDs {
					c.Targets = append(c.Targets, *j.entityRef(id))
				}
				wa.Claim = c
				if an.Verdict != "" {
					wa.Motivation = "assessing"
					wa.Body = append(wa.Body, w3cTextBody{Type: "TextualBody", Purpose: "assessing", Value: an.Verdict, Language: "en"})
				}
			}
			col.First.Items = append(col.First.Items, wa)
		}
		if err := j.tick(); err != nil {
			return err
		}
	}
	if col.Sources == nil {
		col.Sources = []w3cSourceDoc{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(&col)
}
