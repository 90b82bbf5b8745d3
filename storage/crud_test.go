package storage

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"daftar/model"
)

// annotatedArchive is a store holding the Baku article and a few entities.
type annotatedArchive struct {
	s                            *Store
	articleID, text              string
	cohen, iran, israel, embassy *model.Entity
}

func newAnnotatedArchive(t *testing.T) *annotatedArchive {
	t.Helper()
	s := newTestStore(t)
	a := article("Baku embassy", bakuText)
	id := mustAdd(t, s, a)[0]
	return &annotatedArchive{
		s: s, articleID: id, text: a.Text,
		cohen:   mustEntity(t, s, "PER", "إيلي كوهين", model.Alias{Name: "Eli Cohen", Lang: "en"}),
		iran:    mustEntity(t, s, "GPE", "إيران", model.Alias{Name: "Iran", Lang: "en"}),
		israel:  mustEntity(t, s, "GPE", "Israel"),
		embassy: mustEntity(t, s, "ORG", "السفارة الإسرائيلية"),
	}
}

const bakuClaim = "إيران وراء محاولة الهجوم على السفارة الإسرائيلية في أذربيجان"

func TestAnnotationCRUD(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s

	mention := span(t, x.articleID, x.text, "per", "إيلي كوهين") // type spelled in lower case
	mention.EntityID = x.cohen.ID
	claim := span(t, x.articleID, x.text, "CLAIM", bakuClaim)
	claim.ClaimantID, claim.TargetIDs = x.cohen.ID, []string{x.iran.ID, x.embassy.ID}
	claim.Verdict, claim.Attribution, claim.Stance, claim.ClaimDate = model.VerdictUnverified, "Cohen", "accuses", "2023-04-01"
	created, err := s.CreateAnnotations(ctx, "alice", []model.Annotation{mention, claim})
	if err != nil {
		t.Fatal(err)
	}
	m, c := created[0], created[1]
	if !model.ValidID(m.ID) || m.Annotator != "alice" || m.CreatedAt.IsZero() || m.Kind != model.KindEntity || m.Type != "PER" {
		t.Errorf("mention not filled in: %+v", m)
	}
	if c.Kind != model.KindClaim {
		t.Errorf("claim kind = %q", c.Kind)
	}
	list, err := s.Annotations(ctx, x.articleID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d annotations stored", len(list))
	}
	for _, want := range created {
		got, err := s.Annotation(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("stored annotation\n%+v\nwant\n%+v", *got, want)
		}
	}

	// Update: new span and verdict, fewer targets; id, article and creation time stay.
	upd := c
	upd.Verdict, upd.TargetIDs, upd.Note = model.VerdictFalse, []string{x.iran.ID}, "checked against SIPRI"
	upd.ArticleID = model.NewID() // ignored
	short := span(t, x.articleID, x.text, "CLAIM", "إيران وراء محاولة الهجوم")
	upd.Start, upd.End, upd.Quote = short.Start, short.End, short.Quote
	got, err := s.UpdateAnnotation(ctx, "bob", upd)
	if err != nil {
		t.Fatal(err)
	}
	if got.ArticleID != x.articleID || !got.CreatedAt.Equal(c.CreatedAt) || got.Annotator != "alice" || got.UpdatedAt.Before(c.UpdatedAt) {
		t.Errorf("update changed what must stay: %+v", got)
	}
	stored, err := s.Annotation(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*stored, *got) || stored.Verdict != model.VerdictFalse || !reflect.DeepEqual(stored.TargetIDs, []string{x.iran.ID}) {
		t.Errorf("after update: %+v", stored)
	}
	if n := countRows(t, s.db, "claim_targets"); n != 1 {
		t.Errorf("%d claim targets after update, want 1", n)
	}
	if _, err := s.UpdateAnnotation(ctx, "bob", model.Annotation{ID: model.NewID(), Type: "PER"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing annotation: %v", err)
	}
	badUpd := *stored
	badUpd.Quote = "something else"
	if _, err := s.UpdateAnnotation(ctx, "bob", badUpd); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("update with a wrong quote: %v", err)
	}

	// Delete both as one action.
	if err := s.DeleteAnnotations(ctx, "bob", m.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"annotations", "claim_targets"} {
		if n := countRows(t, s.db, table); n != 0 {
			t.Errorf("%s: %d rows after delete", table, n)
		}
	}
	if err := s.DeleteAnnotations(ctx, "bob", m.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting again: %v", err)
	}
	mustCheck(t, s)
}

// TestCreateAnnotationsRejects: one bad annotation in a call writes nothing,
// not even the good ones before it, nor history.
func TestCreateAnnotationsRejects(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s
	n := model.RuneLen(x.text)
	good := span(t, x.articleID, x.text, "GPE", "باكو")
	cases := []struct {
		name    string
		bad     func() model.Annotation
		invalid bool // a validation error (model.ErrInvalid)
	}{
		{"quote mismatch", func() model.Annotation {
			a := span(t, x.articleID, x.text, "GPE", "إيران")
			a.Quote = "ايران"
			return a
		}, true},
		{"span outside the text", func() model.Annotation {
			return model.Annotation{ArticleID: x.articleID, Type: "MISC", Start: n - 2, End: n + 3, Quote: "x"}
		}, true},
		{"empty span", func() model.Annotation {
			return model.Annotation{ArticleID: x.articleID, Type: "MISC", Start: 4, End: 4}
		}, true},
		{"unknown type", func() model.Annotation { return span(t, x.articleID, x.text, "WEAPON", "الهجوم") }, true},
		{"claim fields on a mention", func() model.Annotation {
			a := span(t, x.articleID, x.text, "GPE", "إيران")
			a.Verdict = model.VerdictFalse
			return a
		}, true},
		{"unknown article", func() model.Annotation {
			a := span(t, x.articleID, x.text, "GPE", "إيران")
			a.ArticleID = model.NewID()
			return a
		}, false},
		{"unknown entity", func() model.Annotation {
			a := span(t, x.articleID, x.text, "GPE", "إيران")
			a.EntityID = model.NewID()
			return a
		}, false},
		{"unknown claim target", func() model.Annotation {
			a := span(t, x.articleID, x.text, "CLAIM", bakuClaim)
			a.TargetIDs = []string{x.iran.ID, model.NewID()}
			return a
		}, false},
	}
	historyBefore := countRows(t, s.db, "history")
	// Large calls write many rows per statement (bulk.go): the bad one is
	// also tried in the middle of a full statement and in a partial one.
	layouts := map[string]func(bad model.Annotation) []model.Annotation{
		"alone": func(bad model.Annotation) []model.Annotation { return []model.Annotation{good, bad} },
		"in a full statement": func(bad model.Annotation) []model.Annotation {
			list := slices.Repeat([]model.Annotation{good}, rowsPerInsert+10)
			list[rowsPerInsert/2] = bad
			return list
		},
		"in the last statement": func(bad model.Annotation) []model.Annotation {
			return append(slices.Repeat([]model.Annotation{good}, rowsPerInsert+3), bad)
		},
	}
	for _, c := range cases {
		for layout, list := range layouts {
			t.Run(c.name+"/"+layout, func(t *testing.T) {
				bad := c.bad()
				bad.ID = model.NewID()
				_, err := s.CreateAnnotations(ctx, "alice", list(bad))
				if err == nil {
					t.Fatal("accepted")
				}
				if c.invalid && !errors.Is(err, model.ErrInvalid) {
					t.Errorf("err = %v, want model.ErrInvalid", err)
				}
				if !strings.Contains(err.Error(), bad.ID) && !strings.Contains(err.Error(), bad.ArticleID) {
					t.Errorf("err = %v, does not name the annotation or its article", err)
				}
				for _, table := range []string{"annotations", "claim_targets"} {
					if n := countRows(t, s.db, table); n != 0 {
						t.Errorf("%s: %d rows written", table, n)
					}
				}
				if n := countRows(t, s.db, "history"); n != historyBefore {
					t.Errorf("history grew from %d to %d", historyBefore, n)
				}
			})
		}
	}
}

func TestEntityCRUDAndMerge(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s

	got, err := s.Entity(ctx, x.cohen.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, *x.cohen) {
		t.Errorf("stored entity %+v, want %+v", *got, *x.cohen)
	}
	all, err := s.Entities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 {
		t.Errorf("%d entities", len(all))
	}
	if _, err := s.CreateEntity(ctx, "alice", model.Entity{Type: "WEAPON", Name: "x"}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("unknown type: %v", err)
	}
	if _, err := s.CreateEntity(ctx, "alice", model.Entity{Type: "PER", Name: "x", Wikidata: "794"}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("bad wikidata id: %v", err)
	}

	upd := *x.iran
	upd.Wikidata, upd.Note = "Q794", "the country"
	upd.Aliases = []model.Alias{{Name: "Iran", Lang: "en"}, {Name: "ایران", Lang: "fa"}}
	after, err := s.UpdateEntity(ctx, "alice", upd)
	if err != nil {
		t.Fatal(err)
	}
	got, err = s.Entity(ctx, x.iran.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, *after) || got.Wikidata != "Q794" || len(got.Aliases) != 2 || !got.CreatedAt.Equal(x.iran.CreatedAt) {
		t.Errorf("after update: %+v", got)
	}

	// A duplicate entity "Iran" with its own mentions, claimant and target links.
	dupe := mustEntity(t, s, "GPE", "Iran", model.Alias{Name: "IR"}, model.Alias{Name: "إيران"})
	mention := span(t, x.articleID, x.text, "GPE", "إيران")
	mention.EntityID = dupe.ID
	claim := span(t, x.articleID, x.text, "CLAIM", bakuClaim)
	claim.ClaimantID, claim.TargetIDs = dupe.ID, []string{x.iran.ID, dupe.ID, x.embassy.ID}
	anns, err := s.CreateAnnotations(ctx, "alice", []model.Annotation{mention, claim})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := s.MergeEntities(ctx, "bob", x.iran.ID, dupe.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantAliases := []model.Alias{{Name: "Iran", Lang: "en"}, {Name: "ایران", Lang: "fa"}, {Name: "IR"}}
	if !reflect.DeepEqual(merged.Aliases, wantAliases) {
		t.Errorf("merged aliases %v, want %v", merged.Aliases, wantAliases)
	}
	if _, err := s.Entity(ctx, dupe.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("merged entity still there: %v", err)
	}
	m, _ := s.Annotation(ctx, anns[0].ID)
	c, _ := s.Annotation(ctx, anns[1].ID)
	if m.EntityID != x.iran.ID {
		t.Errorf("mention links %s, want %s", m.EntityID, x.iran.ID)
	}
	if c.ClaimantID != x.iran.ID || !reflect.DeepEqual(c.TargetIDs, []string{x.iran.ID, x.embassy.ID}) {
		t.Errorf("claim after merge: claimant %s, targets %v", c.ClaimantID, c.TargetIDs)
	}
	mentions, err := s.Mentions(ctx, x.iran.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mentions) != 2 {
		t.Errorf("%d mentions of the merged entity, want 2", len(mentions))
	}
	if _, err := s.MergeEntities(ctx, "bob", x.iran.ID, x.iran.ID); err == nil {
		t.Error("merge into itself accepted")
	}

	// Delete: links are cleared, annotations stay.
	if err := s.DeleteEntity(ctx, "bob", x.iran.ID); err != nil {
		t.Fatal(err)
	}
	m, _ = s.Annotation(ctx, anns[0].ID)
	c, _ = s.Annotation(ctx, anns[1].ID)
	if m == nil || m.EntityID != "" || c == nil || c.ClaimantID != "" || !reflect.DeepEqual(c.TargetIDs, []string{x.embassy.ID}) {
		t.Errorf("after delete: mention %+v, claim %+v", m, c)
	}
	if err := s.DeleteEntity(ctx, "bob", x.iran.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting again: %v", err)
	}
	mustCheck(t, s)
}

func TestSets(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ids := mustAdd(t, s, corpusArticles(7, 4)...)

	st, err := s.CreateSet(ctx, "alice", model.Set{Name: "  Baku  ", Note: "embassy story", ArticleIDs: ids[:2]})
	if err != nil {
		t.Fatal(err)
	}
	if st.Name != "Baku" || !model.ValidID(st.ID) || st.CreatedAt.IsZero() {
		t.Errorf("created set %+v", st)
	}
	members := func(id string) []string {
		t.Helper()
		m, err := s.SetMembers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if got := members(st.ID); !reflect.DeepEqual(got, ids[:2]) {
		t.Errorf("members %v, want %v", got, ids[:2])
	}
	if _, err := s.CreateSet(ctx, "alice", model.Set{Name: "Baku"}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second set of the same name: %v", err)
	}
	if _, err := s.CreateSet(ctx, "alice", model.Set{Name: "ghost", ArticleIDs: []string{model.NewID()}}); err == nil {
		t.Error("set with a missing article accepted")
	}
	if _, err := s.SetByName(ctx, "ghost"); !errors.Is(err, ErrNotFound) {
		t.Errorf("failed CreateSet left a set behind: %v", err)
	}
	if _, err := s.CreateSet(ctx, "alice", model.Set{Name: "  "}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("set without a name: %v", err)
	}

	if err := s.AddToSet(ctx, "bob", st.ID, ids[1], ids[2], ids[3]); err != nil {
		t.Fatal(err)
	}
	if got := members(st.ID); !reflect.DeepEqual(got, ids) {
		t.Errorf("after AddToSet: %v", got)
	}
	if err := s.AddToSet(ctx, "bob", st.ID, model.NewID()); err == nil {
		t.Error("adding a missing article accepted")
	}
	if err := s.RemoveFromSet(ctx, "bob", st.ID, ids[0], ids[3], model.NewID()); err != nil {
		t.Fatal(err)
	}
	if got := members(st.ID); !reflect.DeepEqual(got, ids[1:3]) {
		t.Errorf("after RemoveFromSet: %v", got)
	}

	same, err := s.EnsureSet(ctx, "bob", "Baku")
	if err != nil || same.ID != st.ID {
		t.Errorf("EnsureSet of an existing set: %+v, %v", same, err)
	}
	other, err := s.EnsureSet(ctx, "bob", "Tehran")
	if err != nil || other.ID == st.ID || other.Name != "Tehran" {
		t.Errorf("EnsureSet of a new set: %+v, %v", other, err)
	}
	sets, err := s.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0].Name != "Baku" || sets[1].Name != "Tehran" {
		t.Errorf("sets: %+v", sets)
	}

	if err := s.DeleteSet(ctx, "bob", st.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetByName(ctx, "Baku"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted set still found: %v", err)
	}
	if n := countRows(t, s.db, "set_members"); n != 0 {
		t.Errorf("%d memberships left", n)
	}
	if n := countRows(t, s.db, "articles"); n != 4 {
		t.Errorf("deleting a set deleted articles: %d left", n)
	}
	if err := s.DeleteSet(ctx, "bob", st.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting again: %v", err)
	}
}

func TestSchemaAndSettings(t *testing.T) {
	ctx := context.Background()
	x := newAnnotatedArchive(t)
	s := x.s
	if _, err := s.CreateAnnotations(ctx, "alice", []model.Annotation{span(t, x.articleID, x.text, "GPE", "باكو")}); err != nil {
		t.Fatal(err)
	}
	withoutGPE := model.Schema{}
	for _, lt := range model.DefaultSchema() {
		if lt.Name != "GPE" && lt.Name != "LOC" {
			withoutGPE = append(withoutGPE, lt)
		}
	}
	if err := s.SetSchema(ctx, withoutGPE); err == nil || !strings.Contains(err.Error(), "GPE") {
		t.Errorf("removing a used type: %v", err)
	}
	// Type names compare without case, here as everywhere: respelling a used
	// type is not removing it.
	respelt := model.DefaultSchema()
	for i := range respelt {
		respelt[i].Name = strings.ToLower(respelt[i].Name)
	}
	if err := s.SetSchema(ctx, respelt); err != nil {
		t.Errorf("respelling a used type in lower case: %v", err)
	}
	withoutLOC := append(model.Schema{}, model.DefaultSchema()...)
	for i, lt := range withoutLOC {
		if lt.Name == "LOC" {
			withoutLOC = append(withoutLOC[:i], withoutLOC[i+1:]...)
			break
		}
	}
	withoutLOC = append(withoutLOC, model.LabelType{Name: "WEAPON", Kind: model.KindEntity, Colour: "#112233", Hotkey: "w"})
	withoutLOC[0].Colour = "#000000"
	if err := s.SetSchema(ctx, withoutLOC); err != nil {
		t.Fatalf("removing an unused type: %v", err)
	}
	got, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, withoutLOC) {
		t.Errorf("schema %v, want %v", got, withoutLOC)
	}
	if _, err := s.CreateAnnotations(ctx, "alice", []model.Annotation{span(t, x.articleID, x.text, "WEAPON", "الهجوم")}); err != nil {
		t.Errorf("annotating with a new type: %v", err)
	}
	if _, err := s.CreateAnnotations(ctx, "alice", []model.Annotation{span(t, x.articleID, x.text, "LOC", "الهجوم")}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("annotating with a removed type: %v", err)
	}
	clash := append(model.Schema{}, withoutLOC...)
	clash[1].Hotkey = clash[0].Hotkey
	if err := s.SetSchema(ctx, clash); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("schema with a hotkey twice: %v", err)
	}
	if got2, _ := s.Schema(ctx); !reflect.DeepEqual(got2, withoutLOC) {
		t.Errorf("rejected schema changed the stored one")
	}

	if v, err := s.Setting(ctx, "annotator"); err != nil || v != "" {
		t.Errorf("unset setting: %q, %v", v, err)
	}
	for _, v := range []string{"alice", "بوب"} {
		if err := s.SetSetting(ctx, "annotator", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Setting(ctx, "annotator"); err != nil || got != v {
			t.Errorf("setting = %q, %v; want %q", got, err, v)
		}
	}
}
