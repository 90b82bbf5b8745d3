package storage

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"daftar/model"
)

// historyDump is every history and history_groups row, in order.
func historyDump(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT seq || grp || at || actor || action || object_kind || object_id || before || after FROM history ORDER BY seq`,
		`SELECT grp || kind || coalesce(reverts, '-') || actor || seq FROM history_groups ORDER BY seq`,
	} {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// A cancelled undo of a large bulk action leaves the archive file exactly
// as it was (annotations, entities, sets and the whole history, read again
// after reopening the file); the undo after it takes everything back and
// tells its progress up to the total.
func TestUndoCancelLeavesArchiveUnchanged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	text := "قال وزير الدفاع إن إيران وراء الهجوم على السفارة."
	ids := mustAdd(t, s, article("خبر", text))
	const me = "layla"
	iran, err := s.CreateEntity(ctx, me, model.Entity{Type: "GPE", Name: "إيران"})
	if err != nil {
		t.Fatal(err)
	}
	start := model.RuneLen("قال وزير الدفاع إن ")
	beforeBulk := takeSnapshot(t, s)
	bulk := slices.Repeat([]model.Annotation{{ArticleID: ids[0], Type: "GPE", Start: start, End: start + 5, Quote: "إيران", EntityID: iran.ID}}, 3*batchSize+7)
	if _, err := s.CreateAnnotations(ctx, me, bulk); err != nil {
		t.Fatal(err)
	}
	afterBulk, history := takeSnapshot(t, s), historyDump(t, s)

	cctx, cancel := context.WithCancel(ctx)
	calls := 0
	_, err = s.UndoProgress(cctx, me, func(done, total int) {
		calls++
		if done >= batchSize {
			cancel() // in the middle: one batch taken back, three to go
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled undo returned %v", err)
	}
	if calls < 2 {
		t.Fatalf("progress was told %d times before the cancel", calls)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := takeSnapshot(t, s); !reflect.DeepEqual(got, afterBulk) {
		t.Fatal("a cancelled undo changed the annotations, entities or sets")
	}
	if got := historyDump(t, s); !slices.Equal(got, history) {
		t.Fatalf("a cancelled undo changed the history: %d rows, were %d", len(got), len(history))
	}

	var seen [][2]int
	written, err := s.UndoProgress(ctx, me, func(done, total int) { seen = append(seen, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != len(bulk) {
		t.Fatalf("undo wrote %d entries for %d annotations", len(written), len(bulk))
	}
	if got := takeSnapshot(t, s); !reflect.DeepEqual(got, beforeBulk) {
		t.Fatal("a completed undo did not restore the state before the bulk action")
	}
	if len(seen) < 4 || seen[0] != [2]int{0, len(bulk)} || seen[len(seen)-1] != [2]int{len(bulk), len(bulk)} {
		t.Fatalf("progress calls %v, want 0 to %d in steps", seen, len(bulk))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i][0] <= seen[i-1][0] {
			t.Fatalf("progress went from %d to %d", seen[i-1][0], seen[i][0])
		}
	}
	// Redo after it is the bulk action again, cancelled or not.
	if _, err := s.Redo(ctx, me); err != nil {
		t.Fatal(err)
	}
	if got := takeSnapshot(t, s); !reflect.DeepEqual(got, afterBulk) {
		t.Fatal("redo after a cancelled and a completed undo did not restore the bulk action")
	}
}
