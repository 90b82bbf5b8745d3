package export

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"daftar/model"
)

// schema.org ClaimReview (JSON-LD) for claims a fact-checker has rated.
// "unverified" is not a rating but the absence of one, so those claims and
// claims without a verdict are left out unless Options.Unverified asks for
// them (then without a reviewRating). Each review's url (Google requires
// one) is Options.ReviewURL/<annotation id>, else the article's URL. There
// are no offsets.

// ratingValue places the default verdicts on schema.org's 1 (worst) to 5
// (best) scale; others (unproven, custom verdicts) carry only alternateName.
var ratingValue = map[string]int{
	model.VerdictFalse: 1, model.VerdictMostlyFalse: 2, model.VerdictMisleading: 2,
	model.VerdictMixed: 3, model.VerdictMostlyTrue: 4, model.VerdictTrue: 5,
}

type crGraph struct {
	Context string        `json:"@context"`
	Graph   []claimReview `json:"@graph"`
}

type claimReview struct {
	Type          string    `json:"@type"`
	Identifier    string    `json:"identifier"`
	URL           string    `json:"url,omitempty"`
	ClaimReviewed string    `json:"claimReviewed"`
	ItemReviewed  crClaim   `json:"itemReviewed"`
	ReviewRating  *crRating `json:"reviewRating,omitempty"`
	Author        *crThing  `json:"author,omitempty"`
	DatePublished string    `json:"datePublished,omitempty"`
	InLanguage    string    `json:"inLanguage,omitempty"`
	ReviewBody    string    `json:"reviewBody,omitempty"`
}

type crClaim struct {
	Type          string       `json:"@type"`
	Author        *crThing     `json:"author,omitempty"`
	DatePublished string       `json:"datePublished,omitempty"`
	Appearance    crAppearance `json:"appearance"`
	About         []crThing    `json:"about,omitempty"`
	Description   string       `json:"description,omitempty"`
}

type crAppearance struct {
	Type          string   `json:"@type"`
	Identifier    string   `json:"identifier"`
	URL           string   `json:"url,omitempty"`
	Headline      string   `json:"headline,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	Publisher     *crThing `json:"publisher,omitempty"`
	InLanguage    string   `json:"inLanguage,omitempty"`
}

type crThing struct {
	Type   string `json:"@type"`
	Name   string `json:"name"`
	SameAs string `json:"sameAs,omitempty"`
}

type crRating struct {
	Type          string `json:"@type"`
	AlternateName string `json:"alternateName"`
	RatingValue   int    `json:"ratingValue,omitempty"`
	BestRating    int    `json:"bestRating,omitempty"`
	WorstRating   int    `json:"worstRating,omitempty"`
}

// schemaTypes gives the schema.org type of an entity by its label type;
// other types are a Thing.
var schemaTypes = map[string]string{"PER": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "EVENT": "Event"}

// thing describes an entity by its schema.org type. As an author (a
// claimant) it is a Person for PER, else an Organization: schema.org's
// author takes only those two, and a country that claims something speaks
// through its government.
func (j *job) thing(id string, author bool) *crThing {
	e := j.entity(id)
	if e == nil {
		return nil
	}
	t := &crThing{Type: cmp.Or(schemaTypes[strings.ToUpper(e.Type)], "Thing"), Name: e.Name}
	if author && t.Type != "Person" {
		t.Type = "Organization"
	}
	if e.Wikidata != "" {
		t.SameAs = "https://www.wikidata.org/wiki/" + e.Wikidata
	}
	return t
}

func (j *job) writeClaimReview(w io.Writer) error {
	g := crGraph{Context: "https://schema.org", Graph: []claimReview{}}
	var noURL []string
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		_, anns, err := j.article(a)
		if err != nil {
			return err
		}
		for _, an := range anns {
			if an.Kind != model.KindClaim {
				continue
			}
			rated := an.Verdict != "" && an.Verdict != model.VerdictUnverified
			if !rated && !j.opts.Unverified {
				continue
			}
			cr := claimReview{Type: "ClaimReview", Identifier: "urn:uuid:" + an.ID, URL: a.URL, ClaimReviewed: an.Quote,
				DatePublished: day(an.UpdatedAt), InLanguage: a.Language, ReviewBody: an.Note,
				ItemReviewed: crClaim{Type: "Claim", Author: j.thing(an.ClaimantID, true), DatePublished: an.ClaimDate,
					Appearance: crAppearance{Type: "NewsArticle", Identifier: "urn:uuid:" + a.ID, URL: a.URL, Headline: a.Title,
						DatePublished: a.Published, InLanguage: a.Language}}}
			if a.Source != "" {
				cr.ItemReviewed.Appearance.Publisher = &crThing{Type: "Organization", Name: a.Source}
			}
			if an.Attribution != "" {
				cr.ItemReviewed.Description = "attribution: " + an.Attribution
			}
			if j.opts.ReviewURL != "" {
				cr.URL = strings.TrimRight(j.opts.ReviewURL, "/") + "/" + an.ID
			}
			if cr.URL == "" {
				noURL = append(noURL, an.ID)
			}
			if rated {
				cr.ReviewRating = &crRating{Type: "Rating", AlternateName: an.Verdict}
				if v, ok := ratingValue[an.Verdict]; ok {
					cr.ReviewRating.RatingValue, cr.ReviewRating.BestRating, cr.ReviewRating.WorstRating = v, 5, 1
				}
			}
			if an.Annotator != "" {
				cr.Author = &crThing{Type: "Person", Name: an.Annotator}
			}
			for _, id := range an.TargetIDs {
				if t := j.thing(id, false); t != nil {
					cr.ItemReviewed.About = append(cr.ItemReviewed.About, *t)
				}
			}
			g.Graph = append(g.Graph, cr)
		}
		if err := j.tick(); err != nil {
			return err
		}
	}
	if len(noURL) > 0 {
		j.notes = append(j.notes, fmt.Sprintf("%d ClaimReviews have no url (Google requires one): their articles have no URL and no review URL was given: %s",
			len(noURL), strings.Join(noURL, ", ")))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(&g)
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}
