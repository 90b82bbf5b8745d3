package storage

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	sqlite3 "modernc.org/sqlite/lib"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	fillArchive(t, s)
	want, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want.Articles != 4 || want.Annotations != 4 || want.Claims != 1 || want.Entities != 3 || want.Sets != 2 ||
		want.HistoryRows == 0 || want.SchemaVersion != SchemaVersion() || want.Languages["ar"] != 3 || want.Types["GPE"] != 1 {
		t.Errorf("stats of the filled archive: %+v", want)
	}

	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer b.Close()
	got, err := b.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.SizeBytes == 0 {
		t.Error("backup size 0")
	}
	got.Path, got.SizeBytes, want.SizeBytes = want.Path, 0, 0
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backup stats %+v, want %+v", got, want)
	}
	mustCheck(t, b)
	if a, c := withoutExportedAt(t, exportJSON(t, s)), withoutExportedAt(t, exportJSON(t, b)); a != c {
		t.Errorf("backup content differs:\n%s", firstDifference(a, c))
	}
	if n := ftsMatches(t, b, `text_fold : "دولار"`); n != 1 {
		t.Errorf("search index of the backup: %d matches", n)
	}

	// Never over an existing file.
	if err := s.Backup(ctx, path); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if err := s.Backup(ctx, s.Path()); err == nil {
		t.Error("backup over the archive itself accepted")
	}
}

func TestCheckFindsProblems(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		tamper string
		want   string
	}{
		{"tampered quote", `UPDATE annotations SET quote = 'باريس' WHERE type = 'GPE'`, "does not match"},
		{"span past the end", `UPDATE annotations SET "end" = 100000 WHERE type = 'GPE'`, "outside the text"},
		{"unknown type", `UPDATE annotations SET type = 'WEAPON' WHERE type = 'GPE'`, "unknown type"},
		{"stale index", `DELETE FROM article_fts WHERE rowid = (SELECT max(seq) FROM articles)`, "search index"},
		{"bad sha256", `UPDATE articles SET sha256 = 'abc' WHERE seq = 1`, "sha256"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestStore(t)
			fillArchive(t, s)
			mustCheck(t, s)
			if _, err := s.db.ExecContext(ctx, c.tamper); err != nil {
				t.Fatal(err)
			}
			problems, err := s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || !strings.Contains(problems[0], c.want) {
				t.Errorf("problems %q, want one saying %q", problems, c.want)
			}
		})
	}
	// Reindex repairs a stale index.
	s := newTestStore(t)
	mustAdd(t, s, article("x", "Some text to index."), article("y", "Some other text."))
	if _, err := s.db.ExecContext(ctx, `DELETE FROM article_fts`); err != nil {
		t.Fatal(err)
	}
	if problems, _ := s.Check(ctx); len(problems) != 1 {
		t.Fatalf("check of an emptied index: %q", problems)
	}
	if err := s.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
}

// A scan that stops on a damaged page must fail Check, not end it early
// with a shorter (or empty) list of problems. The damage is in an index
// only SQLite's integrity check reads, so no later query trips over it.
func TestCheckReportsInterruptedScan(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, corpusArticles(7, 400)...)
	var page, pageSize int64
	if err := s.db.QueryRowContext(ctx, `SELECT max(pageno), (SELECT page_size FROM pragma_page_size) FROM dbstat
		WHERE name = 'articles_source' AND pagetype = 'leaf'`).Scan(&page, &pageSize); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite cells at the end of the page, where SQLite puts the first
	// ones (the header stays intact).
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xff}, 100), page*pageSize-150); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	problems, err := s.Check(ctx)
	if sqliteCode(err)&0xff != sqlite3.SQLITE_CORRUPT {
		t.Fatalf("check of a damaged archive: %d problem(s) %q, error %v; want SQLITE_CORRUPT", len(problems), problems, err)
	}
}

// A backup that fails half-way (here: a damaged table page that VACUUM INTO
// reads) leaves nothing behind, neither the target nor a temporary file.
func TestFailedBackupLeavesNoFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, corpusArticles(7, 200)...)
	var root, pageSize int64
	if err := s.db.QueryRowContext(ctx, `SELECT rootpage FROM sqlite_schema WHERE name = 'articles'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, int(pageSize)), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	dir := t.TempDir()
	target := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, target); err == nil {
		t.Fatal("backup of a damaged archive succeeded")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("failed backup left %s", e.Name())
	}
}
