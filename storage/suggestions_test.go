package storage

import (
	"context"
	"errors"
	"testing"

	"daftar/model"
)

func TestRejectedSuggestions(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s
	r := Rejection{ArticleID: x.articleID, EntityID: x.iran.ID, Start: 10, End: 15}
	if err := s.RejectSuggestion(ctx, "alice", r); err != nil {
		t.Fatal(err)
	}
	// Rejecting again is harmless; a second entity at the same span is its own row.
	if err := s.RejectSuggestions(ctx, "bob", []Rejection{r, {ArticleID: x.articleID, EntityID: x.israel.ID, Start: 10, End: 15}}); err != nil {
		t.Fatal(err)
	}
	list, err := s.RejectedSuggestions(ctx, x.articleID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].RejectedBy == "" || list[0].At.IsZero() {
		t.Fatalf("rejections: %+v", list)
	}
	byEntity, err := s.RejectedForEntity(ctx, x.iran.ID)
	if err != nil || len(byEntity) != 1 || byEntity[0].RejectedBy != "alice" {
		t.Fatalf("for entity: %+v %v", byEntity, err)
	}
	for name, bad := range map[string]Rejection{
		"empty span":      {ArticleID: x.articleID, EntityID: x.iran.ID, Start: 5, End: 5},
		"unknown article": {ArticleID: model.NewID(), EntityID: x.iran.ID, Start: 1, End: 2},
		"unknown entity":  {ArticleID: x.articleID, EntityID: model.NewID(), Start: 1, End: 2},
	} {
		if err := s.RejectSuggestion(ctx, "alice", bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := s.ForgetRejections(ctx, "alice", []Rejection{r}); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.RejectedSuggestions(ctx, x.articleID); len(list) != 1 || list[0].EntityID != x.israel.ID {
		t.Fatalf("after forget: %+v", list)
	}
	// Deleting the entity deletes its rejections.
	if err := s.DeleteEntity(ctx, "alice", x.israel.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.RejectedSuggestions(ctx, x.articleID); len(list) != 0 {
		t.Fatalf("after entity delete: %+v", list)
	}
	mustCheck(t, s)
}

// Rejecting and forgetting are user actions like any other: Undo takes
// them back and Redo does them again, a whole call at a time.
func TestRejectionsUndo(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s
	const me = "layla"
	count := func() int {
		list, err := s.RejectedSuggestions(ctx, x.articleID)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	rs := []Rejection{{ArticleID: x.articleID, EntityID: x.iran.ID, Start: 10, End: 15},
		{ArticleID: x.articleID, EntityID: x.israel.ID, Start: 20, End: 27}}
	if err := s.RejectSuggestions(ctx, me, rs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ctx, me); err != nil || count() != 0 {
		t.Fatalf("undo of a rejection: %v, %d left", err, count())
	}
	if _, err := s.Redo(ctx, me); err != nil || count() != 2 {
		t.Fatalf("redo of a rejection: %v, %d stored", err, count())
	}
	if err := s.ForgetRejections(ctx, me, rs[:1]); err != nil || count() != 1 {
		t.Fatalf("forget: %v, %d stored", err, count())
	}
	if _, err := s.Undo(ctx, me); err != nil || count() != 2 {
		t.Fatalf("undo of forget: %v, %d stored", err, count())
	}
	list, _ := s.RejectedSuggestions(ctx, x.articleID)
	if list[0].RejectedBy != me || list[0].At.IsZero() {
		t.Errorf("restored rejection lost who and when: %+v", list[0])
	}
	// Rejecting what is rejected already records nothing to undo.
	before := countRows(t, s.db, "history")
	if err := s.RejectSuggestions(ctx, me, rs); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s.db, "history"); n != before {
		t.Errorf("a repeated rejection wrote %d history entries", n-before)
	}
	mustCheck(t, s)
}

func TestCandidateArticles(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ids := mustAdd(t, s,
		article("a", "قال الوزير إن إيران وراء الهجوم"),
		article("b", "وتتهم تل أبيب طهران بالوقوف وراء الهجوم"),
		article("c", "The talks in Tel Aviv ended; Iran said nothing."),
		article("d", "تل الزعتر وأبيب"),
	)
	st, err := s.CreateSet(ctx, "alice", model.Set{Name: "two"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddToSet(ctx, "alice", st.ID, ids[1], ids[2]); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		phrases [][]string
		set     string
		want    []string
	}{
		{"one word", [][]string{{"ايران"}}, "", []string{ids[0]}},
		{"either", [][]string{{"ايران"}, {"iran"}}, "", []string{ids[0], ids[2]}},
		{"phrase is consecutive", [][]string{{"تل", "ابيب"}}, "", []string{ids[1]}},
		{"in a set", [][]string{{"تل", "ابيب"}, {"tel", "aviv"}}, st.ID, []string{ids[1], ids[2]}},
		{"FTS syntax is quoted", [][]string{{`x" OR "ايران`}, {"NEAR(", "*"}, {"AND"}}, "", nil},
		{"empty", nil, "", nil},
	}
	for _, c := range cases {
		got, err := s.CandidateArticles(ctx, c.phrases, c.set)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}
	}
	// Many phrases are split over several queries and still merged in order.
	var many [][]string
	for range maxPhrasesPerMatch + 10 {
		many = append(many, []string{"tel", "aviv"})
	}
	many = append(many, []string{"ايران"})
	got, err := s.CandidateArticles(ctx, many, "")
	if err != nil || len(got) != 2 || got[0] != ids[0] || got[1] != ids[2] {
		t.Errorf("many phrases: %v %v", got, err)
	}
	var texts int
	if err := s.ArticleTexts(ctx, append(ids, model.NewID()), func(id, text string) error { texts++; return nil }); err != nil || texts != 4 {
		t.Errorf("texts: %d %v", texts, err)
	}
}

func TestSeedEntitiesMergesAndLinksAsOneUndo(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s
	mention := span(t, x.articleID, x.text, "GPE", "أذربيجان")
	other := span(t, x.articleID, x.text, "GPE", "باكو")
	other.EntityID = x.iran.ID // already linked: left alone
	created, err := s.CreateAnnotations(ctx, "alice", []model.Annotation{mention, other})
	if err != nil {
		t.Fatal(err)
	}
	seeds := []EntitySeed{
		{Entity: model.Entity{Type: "gpe", Name: "ايران", Wikidata: "Q794", Aliases: []model.Alias{{Name: "Persia"}, {Name: "IRAN"}}}},
		{Entity: model.Entity{Type: "GPE", Name: "أذربيجان", Aliases: []model.Alias{{Name: "Azerbaijan"}}}, Link: []string{created[0].ID, created[1].ID}},
		{Entity: model.Entity{Type: "GPE", Name: "Azerbaijan", Wikidata: "Q227"}},       // merges with the seed before
		{Entity: model.Entity{Type: "PER", Name: "إيران"}},                              // other type: new
		{Entity: model.Entity{Type: "ORG", Name: "Other name", Wikidata: "Q1"}},         // new
		{Entity: model.Entity{Type: "ORG", Name: "Different spelling", Wikidata: "Q1"}}, // same Wikidata: merges
	}
	res, err := s.SeedEntities(ctx, "bob", seeds)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Created || res[0].EntityID != x.iran.ID || res[0].AliasesAdded != 1 {
		t.Errorf("iran: %+v", res[0])
	}
	if !res[1].Created || res[1].Linked != 1 || res[2].Created || res[2].EntityID != res[1].EntityID {
		t.Errorf("azerbaijan: %+v %+v", res[1], res[2])
	}
	if !res[3].Created || res[3].Type != "PER" || !res[4].Created || res[5].Created || res[5].EntityID != res[4].EntityID || res[5].AliasesAdded != 1 {
		t.Errorf("others: %+v", res[3:])
	}
	iran, _ := s.Entity(ctx, x.iran.ID)
	if iran.Wikidata != "Q794" || len(iran.Aliases) != 2 || iran.Aliases[1].Name != "Persia" {
		t.Errorf("iran after merge: %+v", iran)
	}
	az, _ := s.Entity(ctx, res[1].EntityID)
	if az.Wikidata != "Q227" || len(az.Aliases) != 1 {
		t.Errorf("azerbaijan: %+v", az)
	}
	a, _ := s.Annotation(ctx, created[0].ID)
	if a.EntityID != az.ID {
		t.Errorf("not linked: %+v", a)
	}
	mustCheck(t, s)
	// One undo takes it all back.
	if _, err := s.Undo(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	ents, _ := s.Entities(ctx)
	if len(ents) != 4 {
		t.Errorf("%d entities after undo, want the 4 of the fixture", len(ents))
	}
	iran, _ = s.Entity(ctx, x.iran.ID)
	if iran.Wikidata != "" || len(iran.Aliases) != 1 {
		t.Errorf("iran after undo: %+v", iran)
	}
	if a, _ := s.Annotation(ctx, created[0].ID); a.EntityID != "" {
		t.Errorf("link survived undo")
	}
	if _, err := s.SeedEntities(ctx, "bob", []EntitySeed{{Entity: model.Entity{Type: "WEAPON", Name: "x"}}}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("unknown type: %v", err)
	}
	if _, err := s.SeedEntities(ctx, "bob", []EntitySeed{{Entity: model.Entity{Type: "GPE", Name: "«»"}}}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("empty name: %v", err)
	}
}

func TestRegistryChangedSince(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s
	seq, changed, err := s.RegistryChangedSince(ctx, 0)
	if err != nil || !changed || seq == 0 {
		t.Fatalf("%d %v %v", seq, changed, err)
	}
	if _, err := s.CreateAnnotation(ctx, "alice", span(t, x.articleID, x.text, "GPE", "باكو")); err != nil {
		t.Fatal(err)
	}
	seq2, changed, _ := s.RegistryChangedSince(ctx, seq)
	if changed || seq2 <= seq {
		t.Errorf("an annotation is not a registry change: %d %v", seq2, changed)
	}
	mustEntity(t, s, "GPE", "باكو")
	if _, changed, _ := s.RegistryChangedSince(ctx, seq2); !changed {
		t.Error("new entity not seen")
	}
}
