package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2/widget"

	"daftar/model"
	"daftar/storage"
)

// chartBars returns the bars of the overview's charts, by card title; a
// card without bars says "(nothing yet)".
func chartBars(t *testing.T, o *overviewScreen) map[string][]bar {
	t.Helper()
	out := map[string][]bar{}
	for _, obj := range o.charts.Objects {
		card := obj.(*widget.Card)
		switch c := card.Content.(type) {
		case *barChart:
			out[card.Title] = c.bars
		case *widget.Label:
			if c.Text != "(nothing yet)" {
				t.Errorf("%s: %q", card.Title, c.Text)
			}
			out[card.Title] = nil
		}
	}
	return out
}

func barText(bs []bar) string {
	var s string
	for _, b := range bs {
		s += fmt.Sprintf("%s=%d ", b.label, b.value)
	}
	return s
}

// TestOverviewCountsRealArchive checks the overview of the sample archive
// (plus a set) against counts made another way: listing every article and
// its annotations.
func TestOverviewCountsRealArchive(t *testing.T) {
	ui, store := newTestUI(t)
	ctx := context.Background()
	loadSamples(t, ui)
	sums, err := store.ListArticles(ctx, storage.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.CreateSet(ctx, "tester", model.Set{Name: "first two", ArticleIDs: []string{sums[0].ID, sums[1].ID}}); err != nil {
		t.Fatal(err)
	}
	ents, err := store.Entities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sets, err := store.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var anns, claims int
	types, verdicts, langs, mentions := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, s := range sums {
		langs[cmp.Or(s.Language, "unknown")]++
		list, err := store.Annotations(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			anns++
			types[a.Type]++
			if a.Kind == model.KindClaim {
				claims++
				verdicts[a.Verdict]++
			}
			// An annotation mentions the entities it links, claimant and
			// targets included, each once.
			seen := map[string]bool{"": true}
			for _, id := range append([]string{a.EntityID, a.ClaimantID}, a.TargetIDs...) {
				if !seen[id] {
					seen[id] = true
					mentions[id]++
				}
			}
		}
	}
	if anns == 0 || claims == 0 || len(ents) == 0 {
		t.Fatalf("the samples have %d annotations, %d claims, %d entities", anns, claims, len(ents))
	}

	act(ui, func() { ui.showTab(tabOverview) })
	ui.wait()
	act(ui, func() {
		want := fmt.Sprintf("%d articles · %d annotations · %d claims · %d entities · %d sets", len(sums), anns, claims, len(ents), len(sets))
		if got := ui.overview.totals.Text; got != want {
			t.Errorf("totals %q, want %q", got, want)
		}
		charts := chartBars(t, ui.overview)
		var wantTypes []bar
		for _, lt := range ui.schema {
			if n := types[lt.Name]; n > 0 {
				wantTypes = append(wantTypes, bar{label: lt.Name, value: n})
			}
		}
		if g, w := barText(charts["Annotations by type"]), barText(wantTypes); g != w {
			t.Errorf("types %s, want %s", g, w)
		}
		var sum int
		for _, b := range charts["Articles by language"] {
			if langs[b.label] != b.value {
				t.Errorf("language %q: %d, want %d", b.label, b.value, langs[b.label])
			}
			sum += b.value
		}
		if sum != len(sums) {
			t.Errorf("languages add up to %d, want %d", sum, len(sums))
		}
		top := charts["Most mentioned entities"]
		most := 0
		for _, n := range mentions {
			most = max(most, n)
		}
		if len(top) == 0 || top[0].value != most {
			t.Errorf("most mentioned %s, want %d mentions first", barText(top), most)
		}
		for _, b := range charts["Claims by verdict"] {
			if verdicts[b.label] != b.value {
				t.Errorf("verdict %q: %d, want %d", b.label, b.value, verdicts[b.label])
			}
		}
	})
}

func TestOverviewOfEmptyArchive(t *testing.T) {
	ui, _ := newTestUI(t)
	act(ui, func() { ui.showTab(tabOverview) })
	ui.wait()
	act(ui, func() {
		if got := ui.overview.totals.Text; got != "0 articles · 0 annotations · 0 claims · 0 entities · 0 sets" {
			t.Errorf("totals %q", got)
		}
		charts := chartBars(t, ui.overview)
		if len(charts) != 4 {
			t.Errorf("%d charts, want 4", len(charts))
		}
		for title, bs := range charts {
			if bs != nil {
				t.Errorf("%s: %s on an empty archive", title, barText(bs))
			}
		}
	})
}

// fakeOverview answers Overview with fixed counts.
type fakeOverview struct{ ov storage.Overview }

func (f *fakeOverview) Overview(context.Context) (*storage.Overview, error) { return &f.ov, nil }

// TestOverviewChartsOrder checks the charts' rules with counts chosen to
// tell them apart: schema order for types (unknown and empty ones left
// out), most articles first for languages, ten entities at most, the
// verdict scale's order.
func TestOverviewChartsOrder(t *testing.T) {
	ui, _ := newTestUI(t)
	f := &fakeOverview{storage.Overview{
		Types:     map[string]int{"CLAIM": 4, "PER": 7, "GPE": 0, "GONE": 3},
		Languages: map[string]int{"en": 2, "ar": 9, "fr": 5},
		Verdicts:  map[string]int{model.VerdictFalse: 1, model.VerdictTrue: 2, "": 6},
	}}
	for i := range 12 {
		f.ov.TopEntities = append(f.ov.TopEntities, storage.EntityCount{Name: fmt.Sprintf("e%d", i), Type: "PER", Mentions: 20 - i})
	}
	act(ui, func() {
		ui.overview.store = f
		ui.overview.reload()
	})
	ui.wait()
	act(ui, func() {
		charts := chartBars(t, ui.overview)
		for title, want := range map[string]string{
			"Annotations by type":  "PER=7 CLAIM=4 ",
			"Articles by language": "ar=9 fr=5 en=2 ",
			"Claims by verdict":    "true=2 false=1 ",
		} {
			if got := barText(charts[title]); got != want {
				t.Errorf("%s: %s, want %s", title, got, want)
			}
		}
		top := charts["Most mentioned entities"]
		if len(top) != 10 || top[9].label != "e9" || top[9].value != 11 {
			t.Errorf("top entities %s", barText(top))
		}
		per, _ := ui.schema.Lookup("PER")
		if !slices.ContainsFunc(top, func(b bar) bool { return b.colour == parseColour(per.Colour) }) {
			t.Error("entity bars are not in their type's colour")
		}
	})
}
