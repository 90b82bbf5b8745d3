package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"daftar/model"
)

// Titles and sources where a Unicode-aware lower-casing (strings.ToLower)
// orders otherwise than SQLite's ASCII-only NOCASE: É and é are different
// bytes to SQLite, so "Éclair" sorts before "ébène" there.
var sortTitles = []string{"apple tart", "Banana bread", "Éclair", "ébène", "Zebra crossing", "_underscore",
	"[bracket", "الأردن", "إربد", "Ärger", "ärmel", "zoo"}

func TestSortSummariesAgreesWithSQL(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	var arts []model.Article
	for i, title := range sortTitles {
		a := article(title, fmt.Sprintf("Story %d about %s, written for the sort test.", i, title))
		a.Source = sortTitles[(i+5)%len(sortTitles)]
		a.Published = fmt.Sprintf("2024-0%d-1%d", 1+i%9, i%10)
		arts = append(arts, a)
	}
	ids := mustAdd(t, s, arts...)
	// Distinct annotation counts, so no column has ties.
	var anns []model.Annotation
	for i, id := range ids {
		for range i {
			anns = append(anns, span(t, id, arts[i].Text, "GPE", "Story"))
		}
	}
	if _, err := s.CreateAnnotations(ctx, "tester", anns); err != nil {
		t.Fatal(err)
	}
	if !disagree(sortTitles) {
		t.Fatal("the titles do not tell NOCASE from strings.ToLower")
	}
	for _, by := range []string{SortTitle, SortSource, SortPublished, SortAnnotations} {
		for _, desc := range []bool{false, true} {
			want, err := s.ListArticles(ctx, ListOptions{Sort: by, Desc: desc})
			if err != nil {
				t.Fatal(err)
			}
			got := slices.Clone(want)
			rand.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
			SortSummaries(got, func(s *ArticleSummary) *ArticleSummary { return s }, by, desc)
			if g, w := titles(got), titles(want); !slices.Equal(g, w) {
				t.Errorf("%s desc=%v:\n got %q\nwant %q", by, desc, g, w)
			}
		}
	}
}

// disagree reports whether sorting by strings.ToLower differs from NOCASE.
func disagree(ss []string) bool {
	a, b := slices.Clone(ss), slices.Clone(ss)
	slices.SortFunc(a, CompareNoCase)
	slices.SortFunc(b, func(x, y string) int { return strings.Compare(strings.ToLower(x), strings.ToLower(y)) })
	return !slices.Equal(a, b)
}

func titles(rows []ArticleSummary) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Title
	}
	return out
}

func TestCompareNoCase(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"abc", "ABC", 0},
		{"abc", "ABD", -1},
		{"ab", "ABC", -1},
		{"_", "a", -1}, // after folding 'A' (0x41) is 'a' (0x61), above '_' (0x5F)
		{"_", "A", -1},
		{"Éclair", "ébène", -1}, // É is 0xC3 0x89, é 0xC3 0xA9
		{"إربد", "الأردن", -1},  // U+0625 before U+0627
	}
	for _, c := range cases {
		if got := CompareNoCase(c.a, c.b); got != c.want {
			t.Errorf("CompareNoCase(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := CompareNoCase(c.b, c.a); got != -c.want {
			t.Errorf("CompareNoCase(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestFilterSummaries(t *testing.T) {
	rows := []ArticleSummary{
		{ID: "none"},
		{ID: "mentions", Annotations: 2},
		{ID: "claim", Annotations: 1, Claims: 1},
	}
	id := func(s *ArticleSummary) *ArticleSummary { return s }
	for st, want := range map[AnnotationStatus]string{
		AnyStatus:   "none mentions claim",
		Annotated:   "mentions claim",
		Unannotated: "none",
		WithClaims:  "claim",
	} {
		var got []string
		for _, r := range FilterSummaries(slices.Clone(rows), id, st) {
			got = append(got, r.ID)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("status %d: %v, want %s", st, got, want)
		}
	}
}
