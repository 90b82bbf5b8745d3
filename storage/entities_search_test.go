package storage

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"daftar/model"
	"daftar/platform"
)

func TestSearchEntitiesFoldsNamesAndAliases(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	add := func(typ, name string, aliases ...string) string {
		e := model.Entity{Type: typ, Name: name}
		for _, a := range aliases {
			e.Aliases = append(e.Aliases, model.Alias{Name: a})
		}
		got, err := s.CreateEntity(ctx, "layla", e)
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	khatib := add("PER", "سامر الخطيب", "Samer al-Khatib")
	ahmad := add("PER", "أحمد الخطيب")
	iran := add("GPE", "إيران", "Iran")
	add("ORG", "وزارة الدفاع")
	names := func(query string, limit int) []string {
		t.Helper()
		list, err := s.SearchEntities(ctx, query, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range list {
			out = append(out, e.ID)
		}
		return out
	}
	for _, c := range []struct {
		query string
		limit int
		want  []string
	}{
		{"احمد", 10, []string{ahmad}},           // hamza folded away
		{"اِيران", 10, []string{iran}},          // kasra ignored
		{"KHATIB", 10, []string{khatib}},        // by alias, case folded
		{"الخطيب", 10, []string{ahmad, khatib}}, // both by a word's start, the shorter first
		{"الخطيب", 1, []string{ahmad}},          // the limit
		{"ايران", 10, []string{iran}},           // exact name first
		{"بغداد", 10, nil},
		{"  ", 10, nil},
	} {
		if got := names(c.query, c.limit); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("SearchEntities(%q, %d) = %v, want %v", c.query, c.limit, got, c.want)
		}
	}
	list, err := s.SearchEntities(ctx, "iran", 5)
	if err != nil || len(list) != 1 || list[0].Name != "إيران" || len(list[0].Aliases) != 1 {
		t.Fatalf("SearchEntities returned %+v, %v: want the entity with its alias", list, err)
	}
	// The folded copy follows changes, their undo included.
	e := list[0]
	e.Name = "طهران"
	if _, err := s.UpdateEntity(ctx, "layla", e); err != nil {
		t.Fatal(err)
	}
	if got := names("طهران", 10); fmt.Sprint(got) != fmt.Sprint([]string{iran}) {
		t.Errorf("after a rename: %v", got)
	}
	if _, err := s.Undo(ctx, "layla"); err != nil {
		t.Fatal(err)
	}
	if got := names("طهران", 10); got != nil {
		t.Errorf("after undoing the rename: %v", got)
	}
}

// BenchmarkSearchEntities searches a registry of 100,000 entities (half
// with an alias) for a word in a few hundred of them, the folded copy
// read (as after the first keystroke).
func BenchmarkSearchEntities(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	const n = 100000
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			id := model.NewID()
			name := fmt.Sprintf("شخص رقم %d", i)
			if i%2 == 1 {
				name = fmt.Sprintf("Person number %d", i)
			}
			if i%300 == 0 {
				name = fmt.Sprintf("سامر الخطيب %d", i)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO entities(id, type, name, wikidata, note, created_at, updated_at) VALUES (?, 'PER', ?, '', '', '', '')`, id, name); err != nil {
				return err
			}
			if i%2 == 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO entity_aliases(entity_id, position, name, lang) VALUES (?, 0, ?, '')`, id, fmt.Sprintf("alias %d", i)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var got int
	if _, err := s.SearchEntities(ctx, "warm", 1); err != nil { // reads the registry once
		b.Fatal(err)
	}
	cpu0 := platform.CPUTime()
	for b.Loop() {
		list, err := s.SearchEntities(ctx, "الخطيب", 20)
		if err != nil {
			b.Fatal(err)
		}
		got = len(list)
	}
	b.ReportMetric((platform.CPUTime()-cpu0).Seconds()/float64(b.N)*1000, "cpu-ms/op")
	if got != 20 {
		b.Fatalf("%d results, want the limit of 20", got)
	}
}
