package storage

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"daftar/model"
)

func TestCodingOfSet(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	inText, outText := "Samir spoke for the union in Tunis.", "Hana left Sfax on Friday."
	ids := mustAdd(t, s, article("in", inText), article("out", outText))
	ent := mustEntity(t, s, "PER", "Samir")
	a := span(t, ids[0], inText, "PER", "Samir")
	a.Annotator, a.EntityID = "amal", ent.ID
	b := span(t, ids[0], inText, "GPE", "Tunis")
	b.Annotator = "badr"
	claim := span(t, ids[0], inText, "CLAIM", "spoke for the union")
	claim.Annotator, claim.TargetIDs = "badr", []string{ent.ID}
	c := span(t, ids[1], outText, "PER", "Hana")
	if _, err := s.CreateAnnotations(ctx, "x", []model.Annotation{a, b, claim, c}); err != nil {
		t.Fatal(err)
	}
	st, err := s.CreateSet(ctx, "x", model.Set{Name: "study", ArticleIDs: ids[:1]})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.CodingOfSet(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != 1 || got.Articles[0].ID != ids[0] || got.Articles[0].Text != inText {
		t.Fatalf("articles %+v, want only the member with its text", got.Articles)
	}
	if len(got.Annotations) != 3 {
		t.Fatalf("%d annotations, want the member's 3", len(got.Annotations))
	}
	byQuote := map[string]model.Annotation{}
	for _, x := range got.Annotations {
		byQuote[x.Quote] = x
	}
	if byQuote["Samir"].Annotator != "amal" || byQuote["Samir"].EntityID != ent.ID ||
		len(byQuote["spoke for the union"].TargetIDs) != 1 || byQuote["Tunis"].Annotator != "badr" {
		t.Errorf("annotations read back without their coder, link or targets: %+v", got.Annotations)
	}
	empty, err := s.CreateSet(ctx, "x", model.Set{Name: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.CodingOfSet(ctx, empty.ID); err != nil || len(got.Articles) != 0 || len(got.Annotations) != 0 {
		t.Errorf("empty set: %+v %v", got, err)
	}
}

func TestEditCoding(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	text := "قال الوزير سمير إن الاتحاد في تونس."
	ids := mustAdd(t, s, article("ar", text))
	a := span(t, ids[0], text, "PER", "سمير")
	a.Annotator = "amal"
	old := span(t, ids[0], text, "GPE", "تونس")
	old.Annotator = "gold"
	made, err := s.CreateAnnotations(ctx, "x", []model.Annotation{a, old})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	prov := &model.Provenance{Rule: "accepted", From: []model.Source{{Coder: "amal", ID: made[0].ID}}, DecidedBy: "lead", DecidedAt: at}
	var seen int
	edit, err := s.EditCoding(ctx, "lead", CodingScope{ArticleID: ids[0]}, func(cur []model.Annotation) (AnnotationEdit, error) {
		seen = len(cur)
		g := made[0]
		g.ID, g.Annotator, g.Provenance = "", "gold", prov
		return AnnotationEdit{Add: []model.Annotation{g}, Delete: []string{made[1].ID}}, nil
	})
	if err != nil || seen != 2 || len(edit.Add) != 1 || edit.Add[0].ID == "" {
		t.Fatalf("edit %+v, %v; decide saw %d annotations, want 2", edit, err, seen)
	}
	gold := func() []model.Annotation {
		t.Helper()
		all, err := s.Annotations(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		var out []model.Annotation
		for _, x := range all {
			if x.Annotator == "gold" {
				out = append(out, x)
			}
		}
		return out
	}
	if g := gold(); len(g) != 1 || g[0].Quote != "سمير" || !reflect.DeepEqual(g[0].Provenance, prov) {
		t.Fatalf("gold layer %+v, want the accepted PER with its provenance", g)
	}
	// One action: one undo brings back the old gold span, redo the new one
	// with its provenance.
	if _, err := s.Undo(ctx, "lead"); err != nil {
		t.Fatal(err)
	}
	if g := gold(); len(g) != 1 || g[0].ID != made[1].ID {
		t.Fatalf("after undo %+v, want the GPE back alone", g)
	}
	if _, err := s.Redo(ctx, "lead"); err != nil {
		t.Fatal(err)
	}
	if g := gold(); len(g) != 1 || !reflect.DeepEqual(g[0].Provenance, prov) {
		t.Fatalf("after redo %+v, want the PER with its provenance", g)
	}
	// A failing decision or a bad span writes nothing.
	before := countRows(t, s.db, "history")
	bad := made[0]
	bad.ID, bad.Annotator, bad.End = "", "gold", bad.End+1
	if _, err := s.EditCoding(ctx, "lead", CodingScope{ArticleID: ids[0]}, func([]model.Annotation) (AnnotationEdit, error) {
		return AnnotationEdit{Add: []model.Annotation{bad}, Delete: []string{gold()[0].ID}}, nil
	}); err == nil {
		t.Error("a span that does not hold its quote was written")
	}
	if n := countRows(t, s.db, "history"); n != before || len(gold()) != 1 {
		t.Errorf("a failed edit left %d history rows (want %d) and %d gold spans", n, before, len(gold()))
	}
	if _, err := s.EditCoding(ctx, "lead", CodingScope{}, nil); err == nil {
		t.Error("no scope: no error")
	}
}

func TestSpansOfSetReadsAsCodingOfSet(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	texts := []string{"Samir spoke for the union in Tunis.", "Hana left Sfax on Friday.", "قال سمير إن الاتحاد في تونس.", "Nothing here.", "Nor here."}
	var arts []model.Article
	for i, x := range texts {
		arts = append(arts, article(fmt.Sprint("a", i), x))
	}
	ids := mustAdd(t, s, arts...)
	ent := mustEntity(t, s, "PER", "Samir")
	var anns []model.Annotation
	for i, q := range []string{"Samir", "Hana", "سمير"} {
		for _, coder := range []string{"amal", "badr"} {
			a := span(t, ids[i], texts[i], "PER", q)
			a.Annotator, a.EntityID = coder, ent.ID
			anns = append(anns, a)
		}
	}
	claim := span(t, ids[0], texts[0], "CLAIM", "spoke for the union")
	claim.Annotator, claim.TargetIDs, claim.ClaimantID, claim.Verdict = "badr", []string{ent.ID}, ent.ID, "true"
	anns = append(anns, claim)
	if _, err := s.CreateAnnotations(ctx, "x", anns); err != nil {
		t.Fatal(err)
	}
	// A set of the whole archive is read in one pass, one article of five
	// through the index: both read the same as CodingOfSet, less the quote,
	// note, times and provenance.
	for _, members := range [][]string{ids, ids[:1]} {
		st, err := s.CreateSet(ctx, "x", model.Set{Name: fmt.Sprint(len(members)), ArticleIDs: members})
		if err != nil {
			t.Fatal(err)
		}
		full, err := s.CodingOfSet(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		lean, err := s.SpansOfSet(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]model.Annotation{}
		for _, a := range full.Annotations {
			want[a.ID] = model.Annotation{ID: a.ID, ArticleID: a.ArticleID, Annotator: a.Annotator, Kind: a.Kind, Type: a.Type, Start: a.Start, End: a.End,
				EntityID: a.EntityID, ClaimantID: a.ClaimantID, TargetIDs: a.TargetIDs, Stance: a.Stance, Verdict: a.Verdict}
		}
		if len(lean.Annotations) != len(want) || !reflect.DeepEqual(lean.Articles, full.Articles) {
			t.Fatalf("set of %d: %d annotations, want %d; articles equal: %v", len(members), len(lean.Annotations), len(want), reflect.DeepEqual(lean.Articles, full.Articles))
		}
		for _, a := range lean.Annotations {
			if !reflect.DeepEqual(a, want[a.ID]) {
				t.Errorf("set of %d: %+v, want %+v", len(members), a, want[a.ID])
			}
		}
	}
}
