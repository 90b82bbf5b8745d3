package export

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/model"
)

type crThingOut struct {
	Type string `json:"@type"`
	Name string
}

type crOut struct {
	Identifier    string
	URL           *string
	ClaimReviewed string
	ItemReviewed  struct {
		Author crThingOut
		About  []crThingOut
	}
	ReviewRating *struct{ AlternateName string }
}

func readClaimReviews(t *testing.T, d *bundle.Bundle, opts Options) ([]crOut, Counts) {
	t.Helper()
	opts.Format, opts.Out = "claimreview", filepath.Join(t.TempDir(), "cr.json")
	n, err := Run(context.Background(), opts, func(context.Context) (*bundle.Bundle, error) { return d, nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(opts.Out)
	var g struct {
		Graph []crOut `json:"@graph"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g.Graph, n
}

// Every review has Google's required url (the article's, or the
// publisher's base URL + the annotation id), entities are typed Person,
// Organization or Place, and unverified claims come only when asked, with
// no rating.
func TestClaimReviewURLTypesAndUnverified(t *testing.T) {
	d := fixture(t)
	articleURL := map[string]string{}
	for _, an := range d.Annotations {
		for _, a := range d.Articles {
			if a.ID == an.ArticleID {
				articleURL[an.Quote] = a.URL
			}
		}
	}
	reviews, n := readClaimReviews(t, d, Options{})
	if len(reviews) != 2 || n.Notes != nil {
		t.Fatalf("%d reviews, notes %v", len(reviews), n.Notes)
	}
	types := map[string]string{}
	for _, cr := range reviews {
		if cr.URL == nil || *cr.URL != articleURL[cr.ClaimReviewed] || *cr.URL == "" {
			t.Errorf("review of %q: url %v, want the article's", cr.ClaimReviewed, cr.URL)
		}
		for _, th := range append(cr.ItemReviewed.About, cr.ItemReviewed.Author) {
			types[th.Name] = th.Type
		}
	}
	for name, want := range map[string]string{"Lisbon": "Place", "-Government of Lebanon": "Organization", "Maria Costa": "Person", "سامي الحداد": "Person"} {
		if types[name] != want {
			t.Errorf("%s typed %q, want %q", name, types[name], want)
		}
	}

	base := "https://factcheck.example/reviews/"
	reviews, n = readClaimReviews(t, d, Options{ReviewURL: base, Unverified: true})
	if len(reviews) != 3 || n.Notes != nil {
		t.Fatalf("with unverified: %d reviews, notes %v", len(reviews), n.Notes)
	}
	unrated := 0
	for _, cr := range reviews {
		if cr.URL == nil || *cr.URL != base+strings.TrimPrefix(cr.Identifier, "urn:uuid:") {
			t.Errorf("review of %q: url %v, want under %s", cr.ClaimReviewed, cr.URL, base)
		}
		if cr.ReviewRating == nil {
			unrated++
			if cr.ClaimReviewed != "the budget rose by 12% in 2023" || cr.ItemReviewed.Author.Type != "Organization" {
				t.Errorf("unrated review %+v", cr)
			}
		}
	}
	if unrated != 1 {
		t.Errorf("%d reviews without a rating, want 1", unrated)
	}
	// The unverified claim's article has no URL: without a base URL its
	// review has none, and the summary says so, naming the claim.
	reviews, n = readClaimReviews(t, d, Options{Unverified: true})
	var id string
	for _, a := range d.Annotations {
		if a.Kind == model.KindClaim && a.Verdict == model.VerdictUnverified {
			id = a.ID
		}
	}
	if len(reviews) != 3 || len(n.Notes) != 1 || !strings.Contains(n.Notes[0], "1 ClaimReviews have no url") || !strings.Contains(n.Notes[0], id) {
		t.Fatalf("no url: %d reviews, notes %v", len(reviews), n.Notes)
	}
	if _, err := Run(context.Background(), Options{Format: "claimreview", Out: filepath.Join(t.TempDir(), "x.json"), ReviewURL: "factcheck.example"},
		func(context.Context) (*bundle.Bundle, error) { return d, nil }, nil); err == nil {
		t.Error("a review URL without a scheme was accepted")
	}
}
