package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"daftar/model"
	"daftar/storage"
)

// coderSpan is an annotation by coder over the first occurrence of quote.
func coderSpan(t *testing.T, art *model.Article, coder, typ, quote string) model.Annotation {
	t.Helper()
	i := strings.Index(art.Text, quote)
	if i < 0 {
		t.Fatalf("%q not in the article", quote)
	}
	start := model.RuneLen(art.Text[:i])
	return model.Annotation{ArticleID: art.ID, Type: typ, Start: start, End: start + model.RuneLen(quote), Quote: quote, Annotator: coder}
}

func goldOf(t *testing.T, store *storage.Store, articleID string) []model.Annotation {
	t.Helper()
	anns, err := store.Annotations(context.Background(), articleID)
	if err != nil {
		t.Fatal(err)
	}
	var out []model.Annotation
	for _, a := range anns {
		if a.Annotator == goldLayer {
			out = append(out, a)
		}
	}
	return out
}

func TestCompareAdjudicatesWithKeysAndUndo(t *testing.T) {
	ui, store := newTestUI(t)
	importTestFiles(t, ui)
	art := openTitled(t, ui, "وزارة المياه تعلن خطة طوارئ")
	ctx := context.Background()
	made, err := store.CreateAnnotations(ctx, "lead", []model.Annotation{
		coderSpan(t, art, "amal", "PER", "أحمد سليمان"), coderSpan(t, art, "badr", "PER", "أحمد سليمان"), // agreed
		coderSpan(t, art, "amal", "ORG", "وزارة المياه في"), coderSpan(t, art, "badr", "ORG", "وزارة المياه في عمّان"), // boundaries differ
		coderSpan(t, art, "badr", "MONEY", "20 مليون دينار"), // amal marked nothing
	})
	if err != nil {
		t.Fatal(err)
	}
	amalORG, badrORG, badrMoney := made[2], made[3], made[4]

	act(ui, ui.showCompare)
	var c *compareWindow
	waitFor(t, ui, "the Compare view", func() bool {
		c = ui.compare
		return c != nil && c.article != nil && len(c.diffs) == 2
	})
	act(ui, func() {
		if len(c.coders) != 2 || c.coders[0] != "amal" || len(c.units) != 3 {
			t.Fatalf("coders %v, %d units; want amal and badr, 3 units", c.coders, len(c.units))
		}
		if u, _ := c.current(); u.Start != amalORG.Start || u.End != badrORG.End {
			t.Errorf("first disagreement %d–%d, want the ORG spans %d–%d", u.Start, u.End, amalORG.Start, badrORG.End)
		}
	})
	typeOn := func(keys string) { act(ui, func() { test.TypeOnCanvas(c.win.Canvas(), keys) }) }

	// 2 takes badr's version and moves on to the next disagreement.
	typeOn("2")
	waitFor(t, ui, "badr's ORG in the gold layer", func() bool { return len(goldOf(t, store, art.ID)) == 1 && c.curStart == badrMoney.Start })
	g := goldOf(t, store, art.ID)[0]
	if p := g.Provenance; g.Start != badrORG.Start || g.End != badrORG.End || p == nil || p.Rule != "accepted badr" ||
		len(p.From) != 1 || p.From[0].ID != badrORG.ID || p.DecidedBy != "tester" {
		t.Fatalf("gold %+v, provenance %+v", g, g.Provenance)
	}

	// X rejects the MONEY span only badr marked: nothing is added there.
	typeOn("x")
	ui.wait()
	if n := len(goldOf(t, store, art.ID)); n != 1 {
		t.Errorf("after reject: %d gold spans, want 1", n)
	}

	// Back to the ORG, edit it down to «المياه في» as LOC, based on amal's.
	typeOn("p")
	waitFor(t, ui, "the ORG again", func() bool { return c.cur == 0 })
	water := coderSpan(t, art, "", "LOC", "المياه في")
	act(ui, func() {
		c.view.SetSelection(water.Start, water.End)
		c.showEdit()
		e := c.edit
		e.typ.SetSelected("LOC")
		e.from.SetSelected("amal")
		e.submit()
		e.dlg.Hide()
	})
	waitFor(t, ui, "the edited span", func() bool {
		gs := goldOf(t, store, art.ID)
		return len(gs) == 1 && gs[0].Type == "LOC"
	})
	g = goldOf(t, store, art.ID)[0]
	if g.Quote != "المياه في" || g.Provenance.Rule != "edited from amal" || g.Provenance.From[0].ID != amalORG.ID {
		t.Errorf("edited gold %q, provenance %+v", g.Quote, g.Provenance)
	}

	// One undo takes back the edit: badr's ORG is the gold span again.
	act(ui, ui.undo)
	waitFor(t, ui, "the undo", func() bool {
		gs := goldOf(t, store, art.ID)
		return len(gs) == 1 && gs[0].Type == "ORG"
	})

	// A accepts every span all coders agree on, in one step.
	typeOn("a")
	waitFor(t, ui, "the agreed PER", func() bool { return len(goldOf(t, store, art.ID)) == 2 })

	// A decision on a unit whose spans changed since it was shown is
	// refused, not written over them.
	waitFor(t, ui, "the reload", func() bool { return len(c.units) == 3 })
	if _, err := store.CreateAnnotation(ctx, "lead", coderSpan(t, art, "amal", "GPE", "عمّان")); err != nil {
		t.Fatal(err)
	}
	act(ui, func() {
		c.cur = 0
		c.accept(0)
	})
	ui.wait()
	if gs := goldOf(t, store, art.ID); len(gs) != 2 || gs[0].Type == "ORG" && gs[0].End == amalORG.End {
		t.Errorf("a stale decision was written: %+v", gs)
	}
}

func TestCompareWithOneCoder(t *testing.T) {
	ui, store := newTestUI(t)
	importTestFiles(t, ui)
	art := openTitled(t, ui, "Council approves new bus lanes")
	if _, err := store.CreateAnnotation(context.Background(), "lead", coderSpan(t, art, "amal", "PER", "Jane Porter")); err != nil {
		t.Fatal(err)
	}
	act(ui, ui.showCompare)
	waitFor(t, ui, "the Compare view", func() bool { return ui.compare != nil && ui.compare.article != nil })
	act(ui, func() {
		c := ui.compare
		if len(c.diffs) != 0 || !strings.Contains(c.where.Text, "fewer than two coders") {
			t.Errorf("one coder: %d disagreements, %q", len(c.diffs), c.where.Text)
		}
	})
}

// openCompareEdit opens the Compare view's edit dialog (TestDialogKeys),
// setting up the view the first time. The dialog is put on the main
// window, where TestDialogKeys types its keys.
func openCompareEdit(t *testing.T, ui *UI) {
	if ui.compare == nil {
		importTestFiles(t, ui)
		art := openTitled(t, ui, "وزارة المياه تعلن خطة طوارئ")
		if _, err := ui.store.CreateAnnotations(context.Background(), "lead", []model.Annotation{
			coderSpan(t, art, "amal", "ORG", "وزارة المياه في"), coderSpan(t, art, "badr", "ORG", "وزارة المياه في عمّان"),
		}); err != nil {
			t.Fatal(err)
		}
		act(ui, ui.showCompare)
		waitFor(t, ui, "the Compare view", func() bool { return ui.compare != nil && len(ui.compare.diffs) == 1 })
		act(ui, func() { ui.compare.win = ui.win })
	}
	act(ui, ui.compare.showEdit)
}

// hasGold says whether the compared article has a gold span.
func hasGold(ui *UI) bool {
	anns, err := ui.store.Annotations(context.Background(), ui.compare.article.ID)
	return err == nil && slices.ContainsFunc(anns, func(a model.Annotation) bool { return a.Annotator == goldLayer })
}
