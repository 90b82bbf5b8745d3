package app

import (
	"context"
	"errors"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"daftar/model"
	"daftar/storage"
)

// The claim editor's picker finds any registry entity, by folded name or
// by alias, and creates a new one inline (undoable); saving stores both.
func TestClaimEditorPicksAnyRegistryEntity(t *testing.T) {
	ui, store := newTestUI(t)
	ctx := context.Background()
	loadSamples(t, ui)
	ahmad, err := store.CreateEntity(ctx, "tester", model.Entity{Type: "PER", Name: "أحمد الخطيب", Aliases: []model.Alias{{Name: "Ahmad al-Khatib"}}})
	if err != nil {
		t.Fatal(err)
	}
	openTitled(t, ui, "Harbour Authority says Valletta ferry delays will end by March")
	selectQuote(t, ui, "the repairs cost €4.2 million and were paid from the national budget")
	pressKeys(ui, "c")
	ed := ui.reader.side.claim
	waitFor(t, ui, "the claim editor", func() bool { return ed.ann != nil })
	if holds(ui, func() bool { return ed.entityLabel(ahmad.ID) != noEntity }) {
		t.Fatal("an entity of no mention in the article is offered before it is picked")
	}
	p := ed.picker
	search := func(q string) {
		act(ui, func() { p.query.SetText(q) })
		waitFor(t, ui, "results for "+q, func() bool { return p.typed == q })
	}

	search("احمد") // no hamza: folded as search folds
	if len(p.results) != 1 || p.results[0].ID != ahmad.ID || p.offersNew() == false {
		t.Fatalf("results for احمد: %+v (new offered: %v)", p.results, p.offersNew())
	}
	search("AHMAD") // by alias, case folded
	if len(p.results) != 1 || p.results[0].ID != ahmad.ID || p.rowText(0) != "أحمد الخطيب (PER) — Ahmad al-Khatib" {
		t.Fatalf("results for AHMAD: %+v, row %q", p.results, p.rowText(0))
	}
	act(ui, func() {
		ed.pickAs.SetSelected("Claimant")
		p.list.Select(0)
	})
	if ed.claimant.Selected != ed.entityLabel(ahmad.ID) {
		t.Fatalf("claimant %q after picking %s", ed.claimant.Selected, ahmad.Name)
	}

	search("Zahra Haddad")
	if len(p.results) != 0 || !p.offersNew() {
		t.Fatalf("no entity named Zahra Haddad, yet %+v (new offered: %v)", p.results, p.offersNew())
	}
	act(ui, func() {
		ed.pickAs.SetSelected("Target")
		p.newType.SetSelected("PER")
		p.list.Select(p.rows() - 1)
	})
	var zahra string
	waitFor(t, ui, "the new entity", func() bool {
		for id, e := range ed.picked {
			if e.Name == "Zahra Haddad" {
				zahra = id
			}
		}
		return zahra != "" && slices.Contains(ed.targets.Selected, ed.entityLabel(zahra))
	})
	if p.query.Text != "" {
		t.Errorf("query %q after creating the entity", p.query.Text)
	}
	act(ui, func() { test.Tap(ed.save) })
	var saved model.Annotation
	waitFor(t, ui, "the save", func() bool {
		if a := ui.reader.annotation(ed.ann.ID); a != nil {
			saved = *a
		}
		return saved.ClaimantID == ahmad.ID
	})
	if !slices.Contains(saved.TargetIDs, zahra) {
		t.Fatalf("saved targets %v lack the new entity %s", saved.TargetIDs, zahra)
	}
	// Undo the save, then the new entity.
	act(ui, ui.undo)
	ui.wait()
	act(ui, ui.undo)
	ui.wait()
	if _, err := store.Entity(ctx, zahra); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("after two undos the new entity is still there: %v", err)
	}
	if _, err := store.Entity(ctx, ahmad.ID); err != nil {
		t.Fatal(err)
	}
}
