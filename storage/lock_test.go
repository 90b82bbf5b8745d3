package storage

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"daftar/model"
)

// A second Daftar on the same archive (here a second Store, which SQLite
// locks like another process) opens it and reads while the first writes;
// its own write, blocked past the busy timeout, fails with ErrBusy naming
// the file instead of hanging.
func TestSecondOpenWhileWriting(t *testing.T) {
	old := busyTimeout
	busyTimeout = 300 * time.Millisecond
	t.Cleanup(func() { busyTimeout = old })
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	mustAdd(t, first, article("One", "نص المقال الأول."))

	// The first Daftar is in the middle of a long write.
	held, err := first.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Rollback()
	if _, err := held.ExecContext(ctx, `UPDATE articles SET title = 'Two'`); err != nil {
		t.Fatal(err)
	}

	second, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("second open while the first writes: %v", err)
	}
	defer second.Close()
	if st, err := second.Stats(ctx); err != nil || st.Articles != 1 {
		t.Fatalf("second reads: %+v, %v", st, err)
	}
	start := time.Now()
	_, err = second.CreateSet(ctx, "test", model.Set{Name: "blocked"})
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), path) {
		t.Fatalf("second write: got %v, want ErrBusy naming %s", err, path)
	}
	if waited := time.Since(start); waited > 20*busyTimeout {
		t.Fatalf("second write waited %s, the busy timeout is %s", waited, busyTimeout)
	}

	// Once the first is done, the second writes.
	if err := held.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := second.CreateSet(ctx, "test", model.Set{Name: "after"}); err != nil {
		t.Fatalf("second write after the first finished: %v", err)
	}
}
