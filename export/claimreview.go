package export

import (
	"encoding/json"
	"io"
	"strings"
	"time"

	"daftar/model"
)

// schema.org ClaimReview (JSON-LD) for claims a fact-checker has rated.
// "unverified" is not a rating but the absence of one, so those claims and
// claims without a verdict are left out. There are no offsets.

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
	Type          string   `json:"@type"`
	Identifier    string   `json:"identifier"`
	ClaimReviewed string   `json:"claimReviewed"`
	ItemReviewed  crClaim  `json:"itemReviewed"`
	ReviewRating  crRating `json:"reviewRating"`
	Author        *crThing `json:"author,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	InLanguage    string   `json:"inLanguage,omitempty"`
	ReviewBody    string   `json:"reviewBody,omitempty"`
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

// thing describes an entity as a schema.org Person for PER, else an
// Organization (governments, agencies and countries speak as organisations).
func (j *job) thing(id string) *crThing {
	e := j.entity(id)
	if e == nil {
		return nil
	}
	t := &crThing{Type: "Organization", Name: e.Name}
	if strings.EqualFold(e.Type, "PER") {
		t.Type = "Person"
	}
	if e.Wikidata != "" {
		t.SameAs = "https://www.wikidata.org/wiki/" + e.Wikidata
	}
	return t
}

func (j *job) writeClaimReview(w io.Writer) error {
	g := crGraph{Context: "https://schema.org", Graph: []claimReview{}}
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		_, anns, err := j.article(a)
		if err != nil {
			return err
		}
		for _, an := range anns {
			if an.Kind != model.KindClaim || an.Verdict == "" || an.Verdict == model.VerdictUnverified {
				continue
			}
			cr := claimReview{Type: "ClaimReview", Identifier: "urn:uuid:" + an.ID, ClaimReviewed: an.Quote,
				DatePublished: day(an.UpdatedAt), InLanguage: a.Language, ReviewBody: an.Note,
				ReviewRating: crRating{Type: "Rating", AlternateName: an.Verdict},
				ItemReviewed: crClaim{Type: "Claim", Author: j.thing(an.ClaimantID), DatePublished: an.ClaimDate,
					Appearance: crAppearance{Type: "NewsArticle", Identifier: "urn:uuid:" + a.ID, URL: a.URL, Headline: a.Title,
						DatePublished: a.Published, InLanguage: a.Language}}}
			if a.Source != "" {
				cr.ItemReviewed.Appearance.Publisher = &crThing{Type: "Organization", Name: a.Source}
			}
			if an.Attribution != "" {
				cr.ItemReviewed.Description = "attribution: " + an.Attribution
			}
			if v, ok := ratingValue[an.Verdict]; ok {
				cr.ReviewRating.RatingValue, cr.ReviewRating.BestRating, cr.ReviewRating.WorstRating = v, 5, 1
			}
			if an.Annotator != "" {
				cr.Author = &crThing{Type: "Person", Name: an.Annotator}
			}
			for _, id := range an.TargetIDs {
				if t := j.thing(id); t != nil {
					cr.ItemReviewed.About = append(cr.ItemReviewed.About, *t)
				}
			}
			g.Graph = append(g.Graph, cr)
		}
		if err := j.tick(); err != nil {
			return err
		}
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
