package storage

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"daftar/model"
)

// reopen closes s and opens its archive again.
func reopen(t *testing.T, s *Store) *Store {
	t.Helper()
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	s2.bg.Wait()
	return s2
}

// reasons waits for s's backup work and lists its backups' reasons.
func reasons(t *testing.T, s *Store) []string {
	t.Helper()
	s.bg.Wait()
	bs, err := ListBackups(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		out = append(out, b.Reason)
	}
	return out
}

// ageBackups renames every backup of archive as if taken by days earlier.
func ageBackups(t *testing.T, archive string, by time.Duration) {
	t.Helper()
	bs, err := ListBackups(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		name := backupPrefix(archive) + b.Time.Add(-by).Format(backupStamp) + "-" + b.Reason + ".db"
		if err := os.Rename(b.Path, filepath.Join(BackupDir(archive), name)); err != nil {
			t.Fatal(err)
		}
	}
}

// A new archive has nothing to back up; the next open takes one, the
// opens after it on the same day none, and one a day later another.
func TestBackupOnOpenOncePerDay(t *testing.T) {
	t.Setenv(BackupsEnv, "")
	s := newTestStore(t)
	id := mustAdd(t, s, article("One", "نص المقال الأول للنسخة الاحتياطية."))[0]
	if got := reasons(t, s); len(got) != 0 {
		t.Fatalf("backups of a new archive: %v", got)
	}
	s = reopen(t, s)
	if got := reasons(t, s); strings.Join(got, ",") != "open" {
		t.Fatalf("after the first reopen: %v, want [open]", got)
	}
	s = reopen(t, s)
	if got := reasons(t, s); len(got) != 1 {
		t.Fatalf("second open on the same day took a backup: %v", got)
	}
	ageBackups(t, s.Path(), 25*time.Hour)
	s = reopen(t, s)
	if got := reasons(t, s); len(got) != 2 {
		t.Fatalf("open a day later: %v, want two backups", got)
	}
	if err := s.BackupProblem(); err != nil {
		t.Fatal(err)
	}
	bs, _ := ListBackups(s.Path())
	b, err := OpenExisting(context.Background(), bs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a, err := b.Article(context.Background(), id); err != nil || a.Title != "One" {
		t.Fatalf("article in the backup: %v %v", a, err)
	}
}

// Before a bundle merge and a bulk annotation write the archive is backed
// up, unless it has not changed since the newest backup; only the newest
// DAFTAR_BACKUPS are kept.
func TestBackupBeforeBulkWritesAndPruning(t *testing.T) {
	t.Setenv(BackupsEnv, "3")
	ctx := context.Background()
	src := newTestStore(t)
	fillArchive(t, src)
	data := exportJSON(t, src)

	s := newTestStore(t)
	mustAdd(t, s, article("Other", "نص آخر لا علاقة له بالحزمة."))
	if _, err := s.ImportBundle(ctx, "bob", readBundle(t, data), false); err != nil {
		t.Fatal(err)
	}
	if got := reasons(t, s); strings.Join(got, ",") != "merge" {
		t.Fatalf("after a merge: %v, want [merge]", got)
	}
	// The merge changed the archive: the next one is backed up; that one
	// changed nothing (the same bundle), so a third is not. The pauses let
	// the background checkpoint finish, which touches the file.
	merge := func() {
		time.Sleep(2 * checkpointPause)
		if _, err := s.ImportBundle(ctx, "bob", readBundle(t, data), false); err != nil {
			t.Fatal(err)
		}
	}
	merge()
	merge()
	if got := reasons(t, s); strings.Join(got, ",") != "merge,merge" {
		t.Fatalf("after three merges: %v, want [merge merge]", got)
	}
	text := strings.Repeat("كلمة ", 120)
	id := mustAdd(t, s, article("Words", text))[0]
	var anns []model.Annotation
	for i := range bulkRows {
		anns = append(anns, model.Annotation{ArticleID: id, Type: "MISC", Start: 5 * i, End: 5*i + 4, Quote: "كلمة"})
	}
	time.Sleep(2 * checkpointPause)
	if _, err := s.CreateAnnotations(ctx, "bob", anns[:bulkRows-1]); err != nil {
		t.Fatal(err)
	}
	if got := reasons(t, s); len(got) != 2 {
		t.Fatalf("a write of %d annotations is not bulk: %v", bulkRows-1, got)
	}
	if _, err := s.CreateAnnotations(ctx, "bob", anns); err != nil {
		t.Fatal(err)
	}
	if got := reasons(t, s); strings.Join(got, ",") != "bulk,merge,merge" {
		t.Fatalf("after a bulk write: %v, want [bulk merge merge]", got)
	}
	mustAdd(t, s, article("More", "مقال إضافي بعد الكتابة الجماعية."))
	merge()
	if got := reasons(t, s); strings.Join(got, ",") != "merge,bulk,merge" {
		t.Fatalf("kept %v, want the newest three [merge bulk merge]", got)
	}
}

func TestBackupsOff(t *testing.T) {
	t.Setenv(BackupsEnv, "0")
	s := newTestStore(t)
	mustAdd(t, s, article("One", "نص."))
	s = reopen(t, s)
	if _, err := os.Stat(BackupDir(s.Path())); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("backups folder with %s=0: %v", BackupsEnv, err)
	}
	t.Setenv(BackupsEnv, "many")
	s = reopen(t, s)
	if err := s.BackupProblem(); err == nil || !strings.Contains(err.Error(), BackupsEnv) {
		t.Fatalf("bad count: %v", err)
	}
}

// corruptPages overwrites the b-tree page header of every page but the
// first (the schema) of a SQLite file with 4096-byte pages.
func corruptPages(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	for n := int64(2); n <= info.Size()/4096; n++ {
		if _, err := f.WriteAt([]byte(strings.Repeat("\x0d\xff", 6)), (n-1)*4096); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyBackupFindsDamage(t *testing.T) {
	s := newTestStore(t)
	mustAdd(t, s, corpusArticles(3, 40)...)
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if err := VerifyBackup(context.Background(), path); err != nil {
		t.Fatalf("a fresh backup: %v", err)
	}
	corruptPages(t, path)
	if err := VerifyBackup(context.Background(), path); err == nil {
		t.Fatal("a damaged backup passed")
	}
}

// Restore puts the backup in place, keeps the archive it replaced, and
// refuses while another Daftar has the archive open.
func TestRestore(t *testing.T) {
	t.Setenv(BackupsEnv, "")
	ctx := context.Background()
	s := newTestStore(t)
	mustAdd(t, s, article("Before", "نص قبل النسخة."))
	s = reopen(t, s) // takes the backup
	mustAdd(t, s, article("After", "نص بعد النسخة."))
	path := s.Path()
	bs, _ := ListBackups(path)
	if len(bs) != 1 {
		t.Fatalf("backups: %v", bs)
	}
	if _, err := Restore(ctx, path, bs[0].Path); !errors.Is(err, ErrInUse) {
		t.Fatalf("restore while open: %v, want ErrInUse", err)
	}
	s.Close()
	saved, err := Restore(ctx, path, bs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	mustCheck(t, r)
	if n := countRows(t, r.db, "articles"); n != 1 {
		t.Errorf("restored archive has %d articles, want 1", n)
	}
	old, err := OpenExisting(ctx, saved)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if n := countRows(t, old.db, "articles"); n != 2 {
		t.Errorf("the saved archive has %d articles, want 2", n)
	}
}

// An archive left with a log by a crash is quick-checked on open: a sound
// one opens, a damaged one is refused with the way to restore.
func TestQuickCheckAfterUncleanShutdown(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	crashed := func(name string) string {
		// A store that is never closed leaves its log, as a killed
		// process does; copying the files then is what the disk holds.
		s, err := Open(ctx, filepath.Join(dir, name+"-live.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		mustAdd(t, s, corpusArticles(7, 60)...)
		// The backup on open reads in the background; a checkpoint that
		// waited on it would leave every page in the log and the main file
		// empty, so corrupting it would change nothing. Through Exec the
		// driver does not step the pragma to its end: read its row.
		s.bg.Wait()
		var busy, logged, moved int
		if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &moved); err != nil || busy != 0 {
			t.Fatalf("checkpoint: busy %d, %v", busy, err)
		}
		mustAdd(t, s, article("Last", "آخر مقال قبل الانقطاع."))
		path := filepath.Join(dir, name+".db")
		for _, side := range []string{"", "-wal"} {
			copyFile(t, s.Path()+side, path+side)
		}
		if !uncleanShutdown(path) {
			t.Fatal("no log left to simulate the crash")
		}
		return path
	}
	sound := crashed("sound")
	s, err := Open(ctx, sound)
	if err != nil {
		t.Fatalf("sound archive after a crash: %v", err)
	}
	s.Close()

	damaged := crashed("damaged")
	corruptPages(t, damaged)
	_, err = Open(ctx, damaged)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "daftar restore") {
		t.Fatalf("damaged archive: %v, want ErrDamaged naming daftar restore", err)
	}
}

// A migration is preceded by a backup the older version can read.
func TestBackupBeforeMigration(t *testing.T) {
	t.Setenv(BackupsEnv, "")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	core, err := migrationFiles.ReadFile("migrations/0001_core.sql")
	if err != nil {
		t.Fatal(err)
	}
	makeRawDB(t, path, string(core), "PRAGMA user_version = 1")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.bg.Wait()
	bs, _ := ListBackups(path)
	if len(bs) != 1 || bs[0].Reason != "migrate1" {
		t.Fatalf("backups: %+v, want one migrate1", bs)
	}
	b, err := sql.Open("sqlite", bs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var v int
	if err := b.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != 1 {
		t.Fatalf("backup's version %d (%v), want 1", v, err)
	}
}

// A failed backup, here because a file stands where the backups folder
// should be, is reported to whoever asks to be told, even when it failed
// before they asked.
func TestOnBackupProblem(t *testing.T) {
	t.Setenv(BackupsEnv, "")
	s := newTestStore(t)
	mustAdd(t, s, article("One", "نص أول."))
	if err := os.WriteFile(BackupDir(s.Path()), []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	s = reopen(t, s)
	if err := s.BackupProblem(); err == nil {
		t.Fatal("no problem recorded for a backups folder that is a file")
	}
	s.OnBackupProblem(func(err error) { got <- err })
	select {
	case err := <-got:
		if !strings.Contains(err.Error(), BackupDir(s.Path())) {
			t.Errorf("reported %v, want the backups folder named", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the failed backup on open was not reported")
	}
}
