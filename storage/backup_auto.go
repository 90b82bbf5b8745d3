package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Automatic backups, kept as Zotero keeps them: a rolling set of verified
// snapshots in a backups/ folder beside the archive (so a portable install
// carries them along), taken on open at most once a day and before
// migrations and bulk writes.

// BackupDirName is the folder beside the archive that holds its automatic
// backups.
const BackupDirName = "backups"

// BackupsEnv sets how many automatic backups are kept; 0 turns them off.
const BackupsEnv = "DAFTAR_BACKUPS"

// DefaultBackupKeep is how many automatic backups are kept without BackupsEnv.
const DefaultBackupKeep = 5

// backupEvery is the least time between two backups taken on open.
const backupEvery = 24 * time.Hour

// bulkRows is the size from which a batch of annotations (propagation,
// an annotation import) counts as a bulk write that is backed up first.
const bulkRows = 100

// backupStamp is the UTC time in a backup's name: sortable, and without
// the colons Windows refuses in file names.
const backupStamp = "20060102T150405.000Z"

// BackupInfo describes one automatic backup.
type BackupInfo struct {
	Path   string    `json:"path"`
	Time   time.Time `json:"time"`
	Reason string    `json:"reason"` // open, migrate, merge, bulk, restore
	Size   int64     `json:"size"`
}

// BackupKeep is the number of automatic backups to keep, from BackupsEnv.
func BackupKeep() (int, error) {
	v := os.Getenv(BackupsEnv)
	if v == "" {
		return DefaultBackupKeep, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q: want a count of backups to keep (0 turns them off)", BackupsEnv, v)
	}
	return n, nil
}

// BackupDir is the folder of archive's automatic backups.
func BackupDir(archive string) string {
	return filepath.Join(filepath.Dir(archive), BackupDirName)
}

// backupPrefix starts the names of archive's backups; several archives in
// one folder share backups/ without mixing.
func backupPrefix(archive string) string {
	base := filepath.Base(archive)
	return strings.TrimSuffix(base, filepath.Ext(base)) + "-"
}

// ListBackups returns archive's automatic backups, newest first. A missing
// folder is no backups.
func ListBackups(archive string) ([]BackupInfo, error) {
	dir := BackupDir(archive)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups in %s: %w", dir, err)
	}
	prefix := backupPrefix(archive)
	var out []BackupInfo
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() || !strings.HasSuffix(rest, ".db") || len(rest) < len(backupStamp)+1 {
			continue
		}
		t, err := time.Parse(backupStamp, rest[:len(backupStamp)])
		if err != nil {
			continue // another archive's whose name starts like this one's
		}
		reason := strings.TrimSuffix(strings.TrimPrefix(rest[len(backupStamp):], "-"), ".db")
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, BackupInfo{Path: filepath.Join(dir, e.Name()), Time: t, Reason: reason, Size: info.Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, nil
}

// BackupProblem returns why the last automatic backup failed, nil if none
// did. A failed backup does not stop the open or the write it preceded:
// the archive itself is unharmed, and refusing work because the backup
// folder is full would be worse.
func (s *Store) BackupProblem() error {
	s.backupMu.Lock() // waits for a backup under way
	defer s.backupMu.Unlock()
	s.problemMu.Lock()
	defer s.problemMu.Unlock()
	return s.backupErr
}

// OnBackupProblem has fn called, from the goroutine that took the backup,
// with each automatic backup's failure; at once when the last one failed
// already (the backup on open runs while the caller builds its window).
func (s *Store) OnBackupProblem(fn func(error)) {
	s.problemMu.Lock()
	s.onProblem = fn
	err := s.backupErr
	s.problemMu.Unlock()
	if err != nil && fn != nil {
		fn(err)
	}
}

// setBackupResult records a backup's outcome (backupMu held) and returns
// what reports a failure, to call once backupMu is released.
func (s *Store) setBackupResult(err error) (report func()) {
	s.problemMu.Lock()
	s.backupErr = err
	fn := s.onProblem
	s.problemMu.Unlock()
	return func() {
		if err != nil && fn != nil {
			fn(err)
		}
	}
}

// autoBackup takes an automatic backup for reason unless one is not due:
// on open, when the newest is less than a day old; before a bulk write,
// when the archive has not changed since the newest. Copying a
// 10,000-article archive takes seconds, as does checking the copy: the
// backup on open and every check run in the background (Close waits for
// them); a backup before a write is copied before the write starts.
func (s *Store) autoBackup(ctx context.Context, reason string) {
	if s.readOnly != "" || (s.created && reason == "open") {
		return
	}
	if reason == "open" {
		s.bg.Add(1)
		go func() {
			defer s.bg.Done()
			s.backup(context.Background(), reason)
		}()
		return
	}
	s.backup(ctx, reason)
}

// backup holds backupMu until the copy is checked and old ones pruned.
func (s *Store) backup(ctx context.Context, reason string) {
	s.backupMu.Lock()
	path, keep, err := s.writeAutoBackup(ctx, reason)
	if err != nil || path == "" {
		report := s.setBackupResult(err)
		s.backupMu.Unlock()
		report()
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		report := s.setBackupResult(verifyAndPrune(context.Background(), s.path, path, keep))
		s.backupMu.Unlock()
		report()
	}()
}

// writeAutoBackup copies the archive into backups/ when a backup is due
// and returns the copy's path ("" when none was due) and the count to keep.
func (s *Store) writeAutoBackup(ctx context.Context, reason string) (string, int, error) {
	keep, err := BackupKeep()
	if err != nil || keep == 0 {
		return "", 0, err
	}
	have, err := ListBackups(s.path)
	if err != nil {
		return "", 0, err
	}
	if len(have) > 0 && !s.backupDue(reason, have[0].Time) {
		return "", 0, nil
	}
	path, err := writeBackupFile(ctx, s.db, s.path, reason)
	return path, keep, err
}

// verifyAndPrune checks a new backup, removing it when it fails, and
// removes all but the newest keep backups.
func verifyAndPrune(ctx context.Context, archive, path string, keep int) error {
	if err := VerifyBackup(ctx, path); err != nil {
		os.Remove(path)
		return err
	}
	return pruneBackups(archive, keep)
}

func (s *Store) backupDue(reason string, newest time.Time) bool {
	switch {
	case reason == "open":
		return time.Since(newest) >= backupEvery
	case strings.HasPrefix(reason, "migrate"):
		return true // the last copy readable by the version before
	}
	for _, p := range []string{s.path, s.path + "-wal"} {
		if info, err := os.Stat(p); err == nil && info.ModTime().After(newest) {
			return true
		}
	}
	return false
}

// writeBackupFile writes a backup of archive (open as db) into its
// backups/ folder.
func writeBackupFile(ctx context.Context, db *sql.DB, archive, reason string) (string, error) {
	dir := BackupDir(archive)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("backup folder: %w", err)
	}
	name := backupPrefix(archive) + time.Now().UTC().Format(backupStamp) + "-" + reason + ".db"
	path := filepath.Join(dir, name)
	if err := backupDB(ctx, db, path); err != nil {
		return "", err
	}
	return path, nil
}

// VerifyBackup runs PRAGMA integrity_check on a backup, opened read-only
// and immutable so that nothing is written beside it.
func VerifyBackup(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+uriPath.Replace(path)+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("verify backup %s: %w", path, err)
	}
	defer db.Close()
	if err := integrity(ctx, db, "integrity_check"); err != nil {
		return fmt.Errorf("verify backup %s: %w", path, err)
	}
	return nil
}

// integrity runs PRAGMA integrity_check or quick_check and returns its
// findings (at most three) as an error.
func integrity(ctx context.Context, db *sql.DB, pragma string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA "+pragma+"(3)")
	if err != nil {
		return err
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			found = append(found, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(found) > 0 {
		return fmt.Errorf("%s found: %s", pragma, strings.Join(found, "; "))
	}
	return nil
}

// pruneBackups removes all but archive's newest keep backups.
func pruneBackups(archive string, keep int) error {
	have, err := ListBackups(archive)
	if err != nil {
		return err
	}
	for _, b := range have[min(keep, len(have)):] {
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove old backup: %w", err)
		}
	}
	return nil
}
