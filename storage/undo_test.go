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

// snapshot captures everything undo may touch, to compare states exactly.
type snapshot struct {
	Annotations []model.Annotation
	Entities    []model.Entity
	Sets        []model.Set
	Members     map[string][]string
}

func takeSnapshot(t *testing.T, s *Store) snapshot {
	t.Helper()
	ctx := context.Background()
	anns, err := queryAnnotations(ctx, s.db, ``)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := s.Entities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sets, err := s.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	members := map[string][]string{}
	for _, st := range sets {
		if members[st.ID], err = s.SetMembers(ctx, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	return snapshot{anns, ents, sets, members}
}

func TestUndoRedoRestoreExactStates(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ids := mustAdd(t, s, article("خبر", "قال وزير الدفاع إن إيران وراء الهجوم على السفارة."))
	text := "قال وزير الدفاع إن إيران وراء الهجوم على السفارة."
	const me = "layla"

	var states []snapshot
	states = append(states, takeSnapshot(t, s))
	iran, err := s.CreateEntity(ctx, me, model.Entity{Type: "GPE", Name: "إيران"})
	if err != nil {
		t.Fatal(err)
	}
	states = append(states, takeSnapshot(t, s))
	start := model.RuneLen(text[:len("قال وزير الدفاع إن ")])
	ann, err := s.CreateAnnotation(ctx, me, model.Annotation{ArticleID: ids[0], Type: "GPE", Start: start, End: start + 5, Quote: "إيران", EntityID: iran.ID})
	if err != nil {
		t.Fatal(err)
	}
	states = append(states, takeSnapshot(t, s))
	upd := *ann
	upd.Note = "هل هي إيران فعلا؟"
	if _, err := s.UpdateAnnotation(ctx, me, upd); err != nil {
		t.Fatal(err)
	}
	states = append(states, takeSnapshot(t, s))
	// A bulk action such as propagation: many rows per statement (bulk.go),
	// with a claim and its targets in the middle, still one undo step.
	bulk := slices.Repeat([]model.Annotation{{ArticleID: ids[0], Type: "GPE", Start: start, End: start + 5, Quote: "إيران", EntityID: iran.ID}}, 2*rowsPerInsert+5)
	claim := "إيران وراء الهجوم على السفارة"
	bulk[rowsPerInsert+1] = model.Annotation{ArticleID: ids[0], Type: "CLAIM", Start: start, End: start + model.RuneLen(claim), Quote: claim, TargetIDs: []string{iran.ID}}
	historyBefore := countRows(t, s.db, "history")
	if _, err := s.CreateAnnotations(ctx, me, bulk); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s.db, "history") - historyBefore; n != len(bulk) {
		t.Fatalf("bulk create wrote %d history entries for %d annotations", n, len(bulk))
	}
	states = append(states, takeSnapshot(t, s))
	st, err := s.CreateSet(ctx, me, model.Set{Name: "embassy", ArticleIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	states = append(states, takeSnapshot(t, s))
	if err := s.DeleteSet(ctx, me, st.ID); err != nil {
		t.Fatal(err)
	}
	states = append(states, takeSnapshot(t, s))
	if err := s.DeleteAnnotations(ctx, me, ann.ID); err != nil {
		t.Fatal(err)
	}
	states = append(states, takeSnapshot(t, s))

	// Undo all the way back, checking each earlier state exactly.
	for i := len(states) - 2; i >= 0; i-- {
		written, err := s.Undo(ctx, me)
		if err != nil {
			t.Fatalf("undo to state %d: %v", i, err)
		}
		for _, e := range written {
			// The missing side of a create or delete is "", not JSON null.
			if (e.Action == model.ActionDelete && e.After != "") || (e.Action == model.ActionCreate && e.Before != "") {
				t.Fatalf("undo wrote %s entry with before %q, after %q", e.Action, e.Before, e.After)
			}
		}
		if got := takeSnapshot(t, s); !reflect.DeepEqual(got, states[i]) {
			t.Fatalf("after undo, state differs from state %d:\n got %+v\nwant %+v", i, got, states[i])
		}
	}
	if _, err := s.Undo(ctx, me); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo on empty stack: %v", err)
	}
	// Redo all the way forward.
	for i := 1; i < len(states); i++ {
		if _, err := s.Redo(ctx, me); err != nil {
			t.Fatalf("redo to state %d: %v", i, err)
		}
		if got := takeSnapshot(t, s); !reflect.DeepEqual(got, states[i]) {
			t.Fatalf("after redo, state differs from state %d", i)
		}
	}
	if _, err := s.Redo(ctx, me); !errors.Is(err, ErrNothingToRedo) {
		t.Fatalf("redo on empty stack: %v", err)
	}
	// Undo then a new action: the redo stack is gone.
	if _, err := s.Undo(ctx, me); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEntity(ctx, me, model.Entity{Type: "PER", Name: "كوهين"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redo(ctx, me); !errors.Is(err, ErrNothingToRedo) {
		t.Fatalf("redo after a new action: %v", err)
	}
}

func TestUndoRefusesWhenChangedByOthers(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	e, err := s.CreateEntity(ctx, "a", model.Entity{Type: "PER", Name: "Cohen"})
	if err != nil {
		t.Fatal(err)
	}
	e.Note = "edited by b"
	if _, err := s.UpdateEntity(ctx, "b", *e); err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(t, s)
	if _, err := s.Undo(ctx, "a"); err == nil {
		t.Fatal("undo of a's create went through although b changed the entity since")
	}
	if !reflect.DeepEqual(takeSnapshot(t, s), before) {
		t.Fatal("a refused undo changed the archive")
	}

	// The same for one annotation in the middle of a bulk creation, which
	// undo takes back a batch at a time.
	ids := mustAdd(t, s, article("خبر", "قال كوهين إن الاتفاق قريب."))
	start := model.RuneLen("قال ")
	bulk := slices.Repeat([]model.Annotation{{ArticleID: ids[0], Type: "PER", Start: start, End: start + 5, Quote: "كوهين"}}, 2*batchSize+7)
	created, err := s.CreateAnnotations(ctx, "a", bulk)
	if err != nil {
		t.Fatal(err)
	}
	edited := created[batchSize+3]
	edited.Note = "checked by b"
	if _, err := s.UpdateAnnotation(ctx, "b", edited); err != nil {
		t.Fatal(err)
	}
	before = takeSnapshot(t, s)
	if _, err := s.Undo(ctx, "a"); err == nil || !strings.Contains(err.Error(), edited.ID) {
		t.Fatalf("undo of a's bulk create: %v, want a refusal naming %s", err, edited.ID)
	}
	if !reflect.DeepEqual(takeSnapshot(t, s), before) {
		t.Fatal("a refused bulk undo changed the archive")
	}
}
