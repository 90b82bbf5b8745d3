package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"daftar/model"
	"daftar/query"
	"daftar/storage"
)

// fakeLibrary is a libraryStore over summaries held newest import first.
// Search matches titles containing the query; full listings wait for
// release when it is set.
type fakeLibrary struct {
	sums    []storage.ArticleSummary
	release chan struct{}
}

func (f *fakeLibrary) ListArticles(ctx context.Context, o storage.ListOptions) ([]storage.ArticleSummary, error) {
	if o.Limit == 0 && o.IDs == nil && f.release != nil {
		<-f.release
	}
	var out []storage.ArticleSummary
	for _, s := range f.sums {
		if o.IDs == nil || slices.Contains(o.IDs, s.ID) {
			out = append(out, s)
		}
	}
	if o.Limit > 0 && len(out) > o.Limit {
		out = out[:o.Limit]
	}
	return out, nil
}

func (f *fakeLibrary) Search(ctx context.Context, req storage.SearchRequest) (*storage.SearchResult, error) {
	res := &storage.SearchResult{Query: req.Query}
	for _, s := range f.sums {
		if req.Query != "" && !strings.Contains(strings.ToLower(s.Title), req.Query) {
			continue
		}
		res.Total++
		if len(res.Hits) < req.Limit {
			res.Hits = append(res.Hits, storage.SearchHit{ID: s.ID, Title: s.Title})
		}
	}
	return res, nil
}

func (f *fakeLibrary) Sets(context.Context) ([]model.Set, error) { return nil, nil }
func (f *fakeLibrary) Path() string                              { return "fake.db" }

// fakeSummaries are n articles, newest first, every third one annotated
// and every sixth with a claim.
func fakeSummaries(n int) []storage.ArticleSummary {
	titles := []string{"bus lanes", "Éclair shop", "ébène market", "Zoo opens", "apple harvest", "Bus fares"}
	out := make([]storage.ArticleSummary, n)
	for i := range out {
		out[i] = storage.ArticleSummary{ID: fmt.Sprintf("id%03d", i), Title: fmt.Sprintf("%s %d", titles[i%len(titles)], i),
			ImportedAt: fmt.Sprintf("2025-01-01T00:%02d:%02dZ", (n-i)/60, (n-i)%60)}
		if i%3 == 0 {
			out[i].Annotations = 2
		}
		if i%6 == 0 {
			out[i].Claims = 1
		}
	}
	return out
}

func libraryWithFake(t *testing.T, f *fakeLibrary) *libraryScreen {
	t.Helper()
	ui, _ := newTestUI(t)
	l := ui.library
	act(ui, func() {
		l.store = f
		l.rows = nil
		l.reload()
	})
	return l
}

func rowIDs(rows []libraryRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func TestLibraryStatusFilter(t *testing.T) {
	f := &fakeLibrary{sums: fakeSummaries(12)}
	l := libraryWithFake(t, f)
	ui := l.ui
	waitFor(t, ui, "the list", func() bool { return len(l.rows) == 12 })
	for status, keep := range map[string]func(s storage.ArticleSummary) bool{
		statusAnnotated:   func(s storage.ArticleSummary) bool { return s.Annotations > 0 },
		statusUnannotated: func(s storage.ArticleSummary) bool { return s.Annotations == 0 },
		statusClaims:      func(s storage.ArticleSummary) bool { return s.Claims > 0 },
		statusAny:         func(storage.ArticleSummary) bool { return true },
	} {
		var want []string
		for _, s := range f.sums {
			if keep(s) {
				want = append(want, s.ID)
			}
		}
		act(ui, func() { l.status.SetSelected(status) })
		waitFor(t, ui, status, func() bool { return slices.Equal(rowIDs(l.rows), want) })
	}
}

func TestLibraryHeaderSortAgreesWithArchive(t *testing.T) {
	f := &fakeLibrary{sums: fakeSummaries(12)}
	l := libraryWithFake(t, f)
	ui := l.ui
	waitFor(t, ui, "the list", func() bool { return len(l.rows) == 12 })
	want := slices.Clone(f.sums)
	slices.SortStableFunc(want, func(a, b storage.ArticleSummary) int { return storage.CompareNoCase(a.Title, b.Title) })
	var titles []string
	for _, s := range want {
		titles = append(titles, s.Title)
	}
	act(ui, func() { l.sortOn(storage.SortTitle) })
	waitFor(t, ui, "sorted by title", func() bool { return l.sortBy == storage.SortTitle && !l.desc && l.rows[0].Title == titles[0] })
	act(ui, func() {
		// NOCASE: "Éclair" (É is 0xC3 0x89) before "ébène" (é is 0xC3 0xA9).
		got := make([]string, len(l.rows))
		for i, r := range l.rows {
			got[i] = r.Title
		}
		if !slices.Equal(got, titles) {
			t.Errorf("by title %q\nwant %q", got, titles)
		}
		if i, j := slices.Index(got, "Éclair shop 1"), slices.Index(got, "ébène market 2"); i > j {
			t.Errorf("Éclair at %d after ébène at %d", i, j)
		}
	})
	act(ui, func() { l.sortOn(storage.SortTitle) }) // again: reversed
	waitFor(t, ui, "reversed", func() bool { return l.desc && l.rows[0].Title == titles[len(titles)-1] })
	act(ui, func() { l.sortOn(storage.SortAnnotations) }) // counts start most first
	waitFor(t, ui, "by annotations", func() bool { return l.sortBy == storage.SortAnnotations && l.rows[0].Annotations == 2 })
	if !l.desc {
		t.Error("the annotation column did not start in descending order")
	}
}

func TestLibrarySearchKeepsRelevanceThenGoesBackToNewest(t *testing.T) {
	f := &fakeLibrary{sums: fakeSummaries(12)}
	l := libraryWithFake(t, f)
	ui := l.ui
	waitFor(t, ui, "the list", func() bool { return len(l.rows) == 12 })
	act(ui, func() { l.search.SetText("bus") })
	waitFor(t, ui, "the search", func() bool { return l.lastQuery == "bus" })
	act(ui, func() {
		// "bus lanes" and "Bus fares" at 0, 5, 6, 11, in the store's order.
		if got := rowIDs(l.rows); !slices.Equal(got, []string{"id000", "id005", "id006", "id011"}) {
			t.Errorf("search rows %v", got)
		}
		if l.sortBy != "" {
			t.Errorf("a new search is sorted by %q, not by relevance", l.sortBy)
		}
		if got := l.info.Text; !strings.HasPrefix(got, "4 of 12 articles match for \u2068bus\u2069 — ") {
			t.Errorf("info %q", got)
		}
	})
	act(ui, func() { l.search.SetText("") })
	waitFor(t, ui, "the whole list", func() bool { return l.lastQuery == "" && len(l.rows) == 12 })
	act(ui, func() {
		if l.sortBy != storage.SortImported || !l.desc || l.info.Text != "12 articles" {
			t.Errorf("after clearing: sort %q desc %v, info %q", l.sortBy, l.desc, l.info.Text)
		}
	})
}

// A large archive shows its newest page while the whole list loads.
func TestLibraryShowsFirstPageFirst(t *testing.T) {
	f := &fakeLibrary{sums: fakeSummaries(firstPageRows + 50), release: make(chan struct{})}
	l := libraryWithFake(t, f)
	ui := l.ui
	actUntil(t, ui, "the first page", func() bool { return len(l.rows) == firstPageRows })
	act(ui, func() {
		if l.info.Text != "Listing the archive…" || l.rows[0].ID != "id000" {
			t.Errorf("first page: info %q, first row %s", l.info.Text, l.rows[0].ID)
		}
	})
	close(f.release)
	waitFor(t, ui, "the whole list", func() bool { return len(l.rows) == firstPageRows+50 })
}

func TestAnswerInfo(t *testing.T) {
	rows := make([]libraryRow, 3)
	cases := []struct {
		q    libraryQuery
		ans  libraryAnswer
		want string
	}{
		{libraryQuery{}, libraryAnswer{rows: rows, total: 3}, "3 articles"},
		{libraryQuery{filtered: true, status: statusAny}, libraryAnswer{rows: rows, total: 90, matches: 3, parsed: "bus"},
			"3 of 90 articles match for \u2068bus\u2069 — 7ms"},
		{libraryQuery{filtered: true, status: statusAny}, libraryAnswer{rows: rows, total: 900, matches: 600},
			"3 of 900 articles match (showing the first 3) — 7ms"},
		// A status filter thins the capped hits: "the first N" would mislead.
		{libraryQuery{filtered: true, status: statusAnnotated}, libraryAnswer{rows: rows, total: 900, matches: 600},
			"3 of 900 articles match — 7ms"},
		{libraryQuery{filtered: true}, libraryAnswer{searchErr: errors.New("only excluded words")}, "only excluded words"},
	}
	for _, c := range cases {
		if got := answerInfo(c.q, &c.ans, 7*time.Millisecond); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestLibraryNeighbourAndMarks(t *testing.T) {
	f := &fakeLibrary{sums: fakeSummaries(4)}
	l := libraryWithFake(t, f)
	ui := l.ui
	waitFor(t, ui, "the list", func() bool { return len(l.rows) == 4 })
	act(ui, func() {
		l.rows[2].spans = []query.Span{{Start: 1, End: 3}}
		if id, spans, ok := l.neighbour("id001", 1); !ok || id != "id002" || len(spans) != 1 {
			t.Errorf("next of id001: %s %v %v", id, spans, ok)
		}
		if _, _, ok := l.neighbour("id000", -1); ok {
			t.Error("a row before the first")
		}
		if _, _, ok := l.neighbour("gone", 1); ok {
			t.Error("a neighbour of an article not listed")
		}
		l.toggleMark("id003")
		l.toggleMark("id001")
		l.toggleMark("id002")
		l.toggleMark("id002")
		if got := l.markedIDs(); !slices.Equal(got, []string{"id001", "id003"}) {
			t.Errorf("marked %v, want list order id001 id003", got)
		}
		if got := l.shownIDs(); !slices.Equal(got, []string{"id000", "id001", "id002", "id003"}) {
			t.Errorf("shown %v", got)
		}
	})
}
