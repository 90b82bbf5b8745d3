package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
)

// ErrNoArchive is returned by OpenExisting when there is no archive at the
// path (no file, or an empty one).
var ErrNoArchive = errors.New("no archive")

// ErrReadOnly is wrapped by writes to an archive that was opened read-only.
var ErrReadOnly = errors.New("archive opened read-only")

// access is what Open learns about the file before SQLite sees it.
type access struct {
	fresh bool // no file or an empty one: Open makes a new archive
	// readOnly says why the archive cannot be written; "" when it can.
	readOnly string
	// immutable: read-only with no write-ahead log to read, so SQLite is
	// told the file will not change and creates no -shm or -wal beside it.
	// A -shm created by a reader takes the archive's mode (0444), is left
	// behind, and later refuses writers; and in a read-only folder it
	// cannot be created at all.
	immutable bool
}

func checkAccess(path string, create bool) (access, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Mode().IsRegular() && info.Size() == 0) {
		if !create {
			return access{}, fmt.Errorf("%w at %s", ErrNoArchive, path)
		}
		return access{fresh: true}, nil
	}
	if err != nil {
		return access{}, fmt.Errorf("open archive %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return access{}, fmt.Errorf("open archive %s: not a regular file", path)
	}
	a := access{readOnly: unwritable(path, info)}
	if a.readOnly == "" {
		return a, nil
	}
	if wal, err := os.Stat(path + "-wal"); err != nil || wal.Size() == 0 {
		a.immutable = true
		return a, nil
	}
	// Changes still in the log must be read through it, which needs the
	// -shm index; a reader that cannot make one would read the archive
	// without them.
	if _, err := os.Stat(path + "-shm"); err != nil {
		return access{}, fmt.Errorf("open archive %s: it cannot be written (%s) and %s-wal holds changes not yet copied into it: open it once with write access",
			path, a.readOnly, filepath.Base(path))
	}
	return a, nil
}

// unwritable says why the archive at path cannot be written, "" when it
// can. A file without write permission counts even for root, who could
// write it: its owner made it read-only on purpose.
func unwritable(path string, info fs.FileInfo) string {
	if perm := info.Mode().Perm(); perm&0o222 == 0 {
		return fmt.Sprintf("the file is read-only (mode %04o)", perm)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return "the file is not writable (" + cause(err) + ")"
	}
	f.Close()
	// SQLite keeps its -wal and -shm files next to the archive.
	dir := filepath.Dir(path)
	probe, err := os.CreateTemp(dir, ".daftar-write-test-*")
	if err != nil {
		return fmt.Sprintf("its folder %s is not writable (%s)", dir, cause(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return ""
}

// createFile makes the new, empty archive file, so that a folder that
// cannot be written is reported as such rather than by SQLite's "unable to
// open database file".
func createFile(path string) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create archive folder: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("create archive %s: %s", path, cause(err))
	}
	return f.Close()
}

// params adds the read-only connection settings to q.
func (a access) params(q url.Values) {
	if a.readOnly == "" {
		return
	}
	q.Set("mode", "ro")
	if a.immutable {
		q.Set("immutable", "1")
	}
}

// cause is an OS error without the path, which the caller names already.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
