package app

import (
	"context"
	"slices"
	"testing"

	"daftar/model"
)

// TestSetsScreenKeepsMembers adds marked articles to a new set, shows its
// members by title, removes one and saves a search as a set, checking the
// archive after each step.
func TestSetsScreenKeepsMembers(t *testing.T) {
	ui, store := newTestUI(t)
	ctx := context.Background()
	importTestFiles(t, ui)
	s, l := ui.sets, ui.library
	var marked []string
	act(ui, func() {
		for _, r := range l.rows {
			if r.Title != "Council approves new bus lanes" {
				l.toggleMark(r.ID)
			}
		}
		marked = l.markedIDs()
		s.addToNamedSet("  reading list", nil) // nothing to add
	})
	ui.wait()
	if sets, _ := store.Sets(ctx); len(sets) != 0 {
		t.Fatalf("an empty add created %d sets", len(sets))
	}
	act(ui, func() { s.addToNamedSet("reading list", marked) })
	waitFor(t, ui, "the new set", func() bool { return len(s.sets) == 1 })
	sets, err := store.Sets(ctx)
	if err != nil || len(sets) != 1 || sets[0].Name != "reading list" {
		t.Fatalf("sets %+v, %v", sets, err)
	}
	members, _ := store.SetMembers(ctx, sets[0].ID)
	if !sameItems(members, marked) {
		t.Errorf("members %v, want %v", members, marked)
	}
	act(ui, func() {
		if got := s.list.Length(); got != 1 {
			t.Errorf("%d sets listed", got)
		}
		s.list.Select(0)
	})
	waitFor(t, ui, "the members", func() bool { return len(s.rows) == 2 })
	act(ui, func() {
		if s.header.Text != "reading list — 2 articles" {
			t.Errorf("header %q", s.header.Text)
		}
		// By title: the French story, then the Arabic one.
		if s.rows[0].Title != "Le port de Marseille rouvre" || s.rows[1].Title != "وزارة المياه تعلن خطة طوارئ" {
			t.Errorf("members in order %q, %q", s.rows[0].Title, s.rows[1].Title)
		}
		s.removeMember(s.rows[0].ID)
	})
	waitFor(t, ui, "the removal", func() bool { return len(s.rows) == 1 && s.counts[sets[0].ID] == 1 })
	if members, _ := store.SetMembers(ctx, sets[0].ID); len(members) != 1 {
		t.Errorf("%d members left in the archive, want 1", len(members))
	}

	// A saved search keeps its query; the library's set filter offers it.
	act(ui, func() { l.search.SetText("council") })
	waitFor(t, ui, "the search", func() bool { return l.lastQuery == "council" && len(l.rows) == 1 })
	act(ui, func() { s.createSet(model.Set{Name: "council news", Query: "council"}, l.shownIDs()) })
	waitFor(t, ui, "the saved search", func() bool { return len(s.sets) == 2 && slices.Contains(l.set.Options, "council news") })
	sets, _ = store.Sets(ctx)
	i := slices.IndexFunc(sets, func(st model.Set) bool { return st.Name == "council news" })
	if i < 0 || sets[i].Query != "council" {
		t.Fatalf("saved search %+v", sets)
	}
	act(ui, func() { l.search.SetText("") })
	waitFor(t, ui, "the whole list", func() bool { return l.lastQuery == "" && len(l.rows) == 3 })
	act(ui, func() { l.set.SetSelected("council news") })
	waitFor(t, ui, "the set filter", func() bool { return len(l.rows) == 1 && l.rows[0].Title == "Council approves new bus lanes" })
}

func sameItems(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
