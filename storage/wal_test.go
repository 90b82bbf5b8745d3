package storage

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"testing"
	"time"
)

func TestJournalModeIsWAL(t *testing.T) {
	s := newTestStore(t)
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	// Every pooled connection enforces foreign keys.
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		c, err := s.db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
		var fk int
		if err := c.QueryRowContext(context.Background(), `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
			t.Errorf("connection %d: foreign_keys = %d, %v", i, fk, err)
		}
	}
}

// TestReaderDuringWrite holds a write transaction open on one Store and reads
// through a second Store and a raw connection: the reads do not block and
// see the snapshot from before the write until it commits.
func TestReaderDuringWrite(t *testing.T) {
	ctx := context.Background()
	writer := newTestStore(t)
	mustAdd(t, writer, corpusArticles(1, 10)...)

	reader, err := Open(ctx, writer.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	raw, err := sql.Open("sqlite", "file:"+writer.Path()+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	// A write transaction left open, as a long import holds it.
	tx, err := writer.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, _, err := writer.insertArticles(ctx, tx, corpusArticles(2, 200)); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, tx, "articles"); n != 210 {
		t.Fatalf("writer sees %d articles inside its transaction", n)
	}

	readCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	start := time.Now()
	list, err := reader.ListArticles(readCtx, ListOptions{})
	if err != nil {
		t.Fatalf("read during a write: %v", err)
	}
	if len(list) != 10 {
		t.Errorf("reader sees %d articles during the write, want the 10 committed", len(list))
	}
	st, err := reader.Stats(readCtx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 10 {
		t.Errorf("stats during the write: %d articles", st.Articles)
	}
	if a, err := reader.Article(readCtx, list[3].ID); err != nil || a.Text == "" {
		t.Errorf("reading an article during the write: %v", err)
	}
	if n := countRows(t, raw, "article_fts"); n != 10 {
		t.Errorf("raw connection (busy_timeout 0) sees %d index rows, want 10", n)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("reads took %v: they waited for the writer", d)
	}
	if problems, err := reader.Check(readCtx); err != nil || len(problems) > 0 {
		t.Errorf("check during the write: %v %v", problems, err)
	}

	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, reader.db, "articles"); n != 210 {
		t.Errorf("after commit the reader sees %d articles, want 210", n)
	}
	if n := countRows(t, raw, "article_fts"); n != 210 {
		t.Errorf("after commit the raw connection sees %d index rows, want 210", n)
	}
}

// TestConcurrentImportAndReads runs a large AddArticles in a goroutine while
// another Store reads in a loop: every read succeeds and sees either the
// state before the import or after it, never part of it.
func TestConcurrentImportAndReads(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1,000 articles")
	}
	ctx := context.Background()
	writer := newTestStore(t)
	mustAdd(t, writer, corpusArticles(1, 5)...)
	reader, err := Open(ctx, writer.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()

	var wg sync.WaitGroup
	done := make(chan struct{})
	var importErr error
	wg.Go(func() {
		defer close(done)
		_, importErr = writer.AddArticles(ctx, corpusArticles(9, 1000))
	})
	reads, seen := 0, map[int]bool{}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		var articles, indexed int
		err := reader.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_fts)`).Scan(&articles, &indexed)
		if err != nil {
			t.Fatalf("read %d during the import: %v", reads, err)
		}
		if articles != indexed || (articles != 5 && articles != 1005) {
			t.Fatalf("read %d saw %d articles and %d index rows", reads, articles, indexed)
		}
		seen[articles] = true
		reads++
	}
	wg.Wait()
	if importErr != nil {
		t.Fatal(importErr)
	}
	if !seen[5] {
		t.Errorf("no read happened while the import ran (%d reads)", reads)
	}
	t.Logf("%d reads during the import", reads)
	if n := countRows(t, reader.db, "articles"); n != 1005 {
		t.Errorf("after the import: %d articles", n)
	}
}

// Commits return before their data is copied from the write-ahead log into
// the archive file; the background checkpointer does that soon after, so
// the log does not grow without end while the archive stays open.
func TestBackgroundCheckpoint(t *testing.T) {
	s := newTestStore(t)
	size := func() int64 {
		fi, err := os.Stat(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	mustAdd(t, s, corpusArticles(3, 200)...)
	deadline := time.Now().Add(10 * time.Second)
	for size() <= before {
		if time.Now().After(deadline) {
			t.Fatalf("archive file still %d bytes 10 s after the write: nothing was checkpointed", size())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A write that leaves the log above walLimit empties it before returning,
// so an import's log stays bounded; a reader holding the log makes it give
// up after half a second instead of stalling the write.
func TestWriteBoundsLog(t *testing.T) {
	old := walLimit
	walLimit = 64 << 10
	t.Cleanup(func() { walLimit = old })
	s := newTestStore(t)
	walSize := func() int64 {
		fi, err := os.Stat(s.Path() + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	for i := range 3 {
		mustAdd(t, s, corpusArticles(uint64(40+i), 100)...)
		if n := walSize(); n != 0 {
			t.Fatalf("batch %d: the log is %d bytes after the write, want it emptied", i, n)
		}
	}

	// A reader in the middle of a read transaction pins the log.
	ctx := context.Background()
	rtx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rtx.Rollback()
	before := countRows(t, rtx, "articles")
	mustAdd(t, s, corpusArticles(50, 50)...)
	if countRows(t, rtx, "articles") != before {
		t.Fatal("the reader does not read the snapshot from before the write")
	}
	start := time.Now()
	mustAdd(t, s, corpusArticles(51, 100)...)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("a write waited %v for a reader", d)
	}
	if walSize() == 0 {
		t.Error("the log was emptied under a reader that still needs it")
	}
	rtx.Rollback()
	mustAdd(t, s, corpusArticles(52, 100)...)
	if n := walSize(); n != 0 {
		t.Errorf("the log is %d bytes once the reader is done, want it emptied", n)
	}
}
