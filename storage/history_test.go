package storage

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"daftar/model"
)

// historySince returns the history rows after seq, oldest first.
func historySince(t *testing.T, s *Store, seq int64) []model.HistoryEntry {
	t.Helper()
	all, err := s.History(context.Background(), "", 100000)
	if err != nil {
		t.Fatal(err)
	}
	var out []model.HistoryEntry
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Seq > seq {
			out = append(out, all[i])
		}
	}
	return out
}

func lastSeq(t *testing.T, s *Store) int64 {
	t.Helper()
	var seq int64
	if err := s.db.QueryRow(`SELECT coalesce(max(seq), 0) FROM history`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// wantEntry is one expected history row; before and after are the objects
// (nil when the side must be empty), compared after decoding the row's JSON
// into a value of the same type.
type wantEntry struct {
	action        model.Action
	kind, id      string
	before, after any
}

// checkHistory compares rows with want, in order, and checks actor and time.
func checkHistory(t *testing.T, step, actor string, rows []model.HistoryEntry, want []wantEntry) {
	t.Helper()
	if len(rows) != len(want) {
		for _, r := range rows {
			t.Logf("  %s %s %s", r.Action, r.ObjectKind, r.ObjectID)
		}
		t.Fatalf("%s: %d history rows, want %d", step, len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Action != w.action || r.ObjectKind != w.kind || r.ObjectID != w.id || r.Actor != actor || r.At.IsZero() {
			t.Errorf("%s row %d: %s %s %s by %q at %v; want %s %s %s by %q", step, i, r.Action, r.ObjectKind, r.ObjectID, r.Actor, r.At,
				w.action, w.kind, w.id, actor)
		}
		for _, side := range []struct {
			name string
			json string
			want any
		}{{"before", r.Before, w.before}, {"after", r.After, w.after}} {
			if side.want == nil {
				if side.json != "" {
					t.Errorf("%s row %d: %s = %s, want empty", step, i, side.name, side.json)
				}
				continue
			}
			got := reflect.New(reflect.TypeOf(side.want).Elem())
			if err := json.Unmarshal([]byte(side.json), got.Interface()); err != nil {
				t.Errorf("%s row %d: %s %q: %v", step, i, side.name, side.json, err)
				continue
			}
			if !reflect.DeepEqual(got.Interface(), side.want) {
				t.Errorf("%s row %d: %s\n got %+v\nwant %+v", step, i, side.name, got.Elem().Interface(), reflect.ValueOf(side.want).Elem().Interface())
			}
		}
	}
	if len(rows) > 0 {
		for _, r := range rows[1:] {
			if r.Group != rows[0].Group {
				t.Errorf("%s: rows of one action in groups %s and %s", step, rows[0].Group, r.Group)
			}
		}
	}
}

func TestHistoryRecordsEveryChange(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	a := article("Baku embassy", bakuText)
	artID := mustAdd(t, s, a)[0]
	if n := countRows(t, s.db, "history"); n != 0 {
		t.Fatalf("importing articles wrote %d history rows", n)
	}
	groups := map[string]bool{}
	step := func(name, actor string, do func() []wantEntry) {
		t.Helper()
		seq := lastSeq(t, s)
		want := do()
		rows := historySince(t, s, seq)
		checkHistory(t, name, actor, rows, want)
		if len(rows) > 0 {
			if groups[rows[0].Group] {
				t.Errorf("%s: reuses the group of an earlier action", name)
			}
			groups[rows[0].Group] = true
		}
	}

	// Entities.
	var cohen, iran *model.Entity
	step("create entity", "alice", func() []wantEntry {
		var err error
		if cohen, err = s.CreateEntity(ctx, "alice", model.Entity{Type: "PER", Name: "إيلي كوهين"}); err != nil {
			t.Fatal(err)
		}
		return []wantEntry{{model.ActionCreate, "entity", cohen.ID, nil, cohen}}
	})
	iran = mustEntity(t, s, "GPE", "إيران")
	step("update entity", "bob", func() []wantEntry {
		e := *cohen
		e.Aliases = []model.Alias{{Name: "Eli Cohen", Lang: "en"}}
		upd, err := s.UpdateEntity(ctx, "bob", e)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { cohen = upd }()
		return []wantEntry{{model.ActionUpdate, "entity", cohen.ID, cohen, upd}}
	})

	// Annotations: three in one call share one group.
	var anns []model.Annotation
	step("create 3 annotations", "alice", func() []wantEntry {
		m1 := span(t, artID, a.Text, "PER", "إيلي كوهين")
		m1.EntityID = cohen.ID
		m2 := span(t, artID, a.Text, "GPE", "إيران")
		c := span(t, artID, a.Text, "CLAIM", bakuClaim)
		c.ClaimantID, c.TargetIDs, c.Verdict = cohen.ID, []string{iran.ID}, model.VerdictUnverified
		var err error
		if anns, err = s.CreateAnnotations(ctx, "alice", []model.Annotation{m1, m2, c}); err != nil {
			t.Fatal(err)
		}
		var w []wantEntry
		for i := range anns {
			w = append(w, wantEntry{model.ActionCreate, "annotation", anns[i].ID, nil, &anns[i]})
		}
		return w
	})
	step("update claim", "carol", func() []wantEntry {
		c := anns[2]
		c.Verdict, c.TargetIDs = model.VerdictFalse, []string{iran.ID, cohen.ID}
		upd, err := s.UpdateAnnotation(ctx, "carol", c)
		if err != nil {
			t.Fatal(err)
		}
		before := anns[2]
		anns[2] = *upd
		return []wantEntry{{model.ActionUpdate, "annotation", c.ID, &before, upd}}
	})
	step("delete annotation", "carol", func() []wantEntry {
		if err := s.DeleteAnnotations(ctx, "carol", anns[1].ID); err != nil {
			t.Fatal(err)
		}
		return []wantEntry{{model.ActionDelete, "annotation", anns[1].ID, &anns[1], nil}}
	})

	// Merging and deleting entities update the linked annotations.
	var dupe *model.Entity
	dupe = mustEntity(t, s, "PER", "Eli Cohen (2)")
	step("merge entities", "dave", func() []wantEntry {
		merged, err := s.MergeEntities(ctx, "dave", dupe.ID, cohen.ID)
		if err != nil {
			t.Fatal(err)
		}
		m1, c := anns[0], anns[2]
		m1After, _ := s.Annotation(ctx, m1.ID)
		cAfter, _ := s.Annotation(ctx, c.ID)
		cohenBefore, dupeBefore := cohen, dupe
		anns[0], anns[2] = *m1After, *cAfter
		return []wantEntry{
			{model.ActionUpdate, "annotation", m1.ID, &m1, m1After},
			{model.ActionUpdate, "annotation", c.ID, &c, cAfter},
			{model.ActionUpdate, "entity", dupe.ID, dupeBefore, merged},
			{model.ActionDelete, "entity", cohen.ID, cohenBefore, nil},
		}
	})
	step("delete entity", "dave", func() []wantEntry {
		before, _ := s.Entity(ctx, iran.ID)
		c := anns[2]
		if err := s.DeleteEntity(ctx, "dave", iran.ID); err != nil {
			t.Fatal(err)
		}
		cAfter, _ := s.Annotation(ctx, c.ID)
		if len(cAfter.TargetIDs) != 1 {
			t.Errorf("targets after deleting one: %v", cAfter.TargetIDs)
		}
		return []wantEntry{
			{model.ActionUpdate, "annotation", c.ID, &c, cAfter},
			{model.ActionDelete, "entity", iran.ID, before, nil},
		}
	})

	// Sets and memberships.
	more := mustAdd(t, s, corpusArticles(3, 2)...)
	var set *model.Set
	step("create set", "erin", func() []wantEntry {
		var err error
		if set, err = s.CreateSet(ctx, "erin", model.Set{Name: "Baku", ArticleIDs: []string{artID, more[0]}}); err != nil {
			t.Fatal(err)
		}
		recorded := *set
		recorded.ArticleIDs = nil
		return []wantEntry{
			{model.ActionCreate, "set", set.ID, nil, &recorded},
			{model.ActionCreate, "set_member", set.ID + "/" + artID, nil, &setMember{set.ID, artID}},
			{model.ActionCreate, "set_member", set.ID + "/" + more[0], nil, &setMember{set.ID, more[0]}},
		}
	})
	step("add to set", "erin", func() []wantEntry {
		if err := s.AddToSet(ctx, "erin", set.ID, more[0], more[1]); err != nil { // more[0] already in: not recorded
			t.Fatal(err)
		}
		return []wantEntry{{model.ActionCreate, "set_member", set.ID + "/" + more[1], nil, &setMember{set.ID, more[1]}}}
	})
	step("remove from set", "erin", func() []wantEntry {
		if err := s.RemoveFromSet(ctx, "erin", set.ID, artID); err != nil {
			t.Fatal(err)
		}
		return []wantEntry{{model.ActionDelete, "set_member", set.ID + "/" + artID, &setMember{set.ID, artID}, nil}}
	})
	step("delete set", "erin", func() []wantEntry {
		before := *set
		before.ArticleIDs = []string{more[0], more[1]}
		if err := s.DeleteSet(ctx, "erin", set.ID); err != nil {
			t.Fatal(err)
		}
		// before lists the members, in id order.
		return []wantEntry{{model.ActionDelete, "set", set.ID, &before, nil}}
	})

	// Deleting an article records the deletion of its annotations.
	step("delete article", "frank", func() []wantEntry {
		left, _ := s.Annotations(ctx, artID)
		if err := s.DeleteArticle(ctx, "frank", artID); err != nil {
			t.Fatal(err)
		}
		var w []wantEntry
		for i := range left {
			w = append(w, wantEntry{model.ActionDelete, "annotation", left[i].ID, &left[i], nil})
		}
		if len(w) != 2 {
			t.Errorf("%d annotations left before deleting the article, want 2", len(w))
		}
		return w
	})

	// History of one object, oldest first.
	claimRows, err := s.History(ctx, anns[2].ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []model.Action
	for _, r := range claimRows {
		actions = append(actions, r.Action)
	}
	want := []model.Action{model.ActionCreate, model.ActionUpdate, model.ActionUpdate, model.ActionUpdate, model.ActionDelete}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("claim history %v, want %v", actions, want)
	}
}
