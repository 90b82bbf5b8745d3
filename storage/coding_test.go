package storage

import (
	"context"
	"testing"

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
