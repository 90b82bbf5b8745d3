package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
)

// ErrInUse is returned by Restore while another program has the archive open.
var ErrInUse = errors.New("the archive is open in another program (another Daftar?): close it first")

// Restore replaces the archive with a backup. The backup must pass
// PRAGMA integrity_check; the current archive is first saved into the
// backups folder (as a verified copy, or as the files themselves when it is
// too damaged to copy), so a restore can itself be undone. It returns that
// copy's path, "" when there was no archive.
func Restore(ctx context.Context, archive, backup string) (saved string, err error) {
	if err := VerifyBackup(ctx, backup); err != nil {
		return "", err
	}
	if _, err := os.Stat(archive); err == nil {
		if saved, err = saveCurrent(ctx, archive); err != nil {
			return "", fmt.Errorf("restore %s: %w", archive, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("restore %s: %w", archive, err)
	}
	if err := replaceWith(archive, backup); err != nil {
		return saved, fmt.Errorf("restore %s from %s: %w", archive, backup, err)
	}
	return saved, nil
}

// saveCurrent backs up the archive about to be replaced. Leaving WAL mode
// needs the only connection to the archive, which tells whether another
// Daftar has it open; it also folds the log into the file.
func saveCurrent(ctx context.Context, archive string) (string, error) {
	db, err := sql.Open("sqlite", "file:"+uriPath.Replace(archive)+"?_pragma=busy_timeout(1000)")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var mode string
	err = db.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == sqliteBusy || se.Code()&0xff == sqliteLocked) {
		return "", ErrInUse
	}
	if err == nil && mode != "delete" {
		return "", ErrInUse // SQLite keeps WAL mode, without an error, while others have the archive open
	}
	if err == nil {
		path, err := writeBackupFile(ctx, db, archive, "restore")
		if err == nil {
			if err := VerifyBackup(ctx, path); err == nil {
				return path, nil
			}
			os.Remove(path)
		}
	}
	// Too damaged to read through SQLite: keep the files as they are.
	return copyDamaged(archive)
}

// copyDamaged copies the archive's file and its log, byte for byte, into
// the backups folder. Nothing has the archive open (saveCurrent made sure
// or could not open it at all), so the copy is what is on disk.
func copyDamaged(archive string) (string, error) {
	dir := BackupDir(archive)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	dst := filepath.Join(dir, backupPrefix(archive)+time.Now().UTC().Format(backupStamp)+"-damaged.db")
	if err := copySynced(archive, dst); err != nil {
		return "", err
	}
	if _, err := os.Stat(archive + "-wal"); err == nil {
		if err := copySynced(archive+"-wal", dst+"-wal"); err != nil {
			return "", err
		}
	}
	return dst, nil
}

// replaceWith puts a copy of backup in the archive's place: written beside
// it and renamed, after the old log and index are removed, which SQLite
// would otherwise replay into the restored file.
func replaceWith(archive, backup string) error {
	tmp, err := tempName(archive)
	if err != nil {
		return err
	}
	if err := copySynced(backup, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(archive + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return err
		}
	}
	return os.Rename(tmp, archive)
}

// copySynced copies src to a new file dst and syncs it.
func copySynced(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}
