package storage

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenExistingRefusesMissingArchive(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "typo", "archive.db")
	if s, err := OpenExisting(ctx, path); !errors.Is(err, ErrNoArchive) || !strings.Contains(err.Error(), "no archive at "+path) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("open of a missing archive: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("refused open created the folder: %v", err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenExisting(ctx, empty); !errors.Is(err, ErrNoArchive) {
		t.Errorf("open of an empty file: %v", err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("refused open wrote into the empty file: %v", err)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Created() {
		t.Error("Open of a missing archive does not say it created one")
	}
	mustAdd(t, s, article("One", "A story of our own."))
	s.Close()
	s, err = OpenExisting(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Created() || s.ReadOnly() != "" {
		t.Errorf("existing archive: created %v, read-only %q", s.Created(), s.ReadOnly())
	}
}

// filledArchive writes an archive with n generated articles at path.
func filledArchive(t *testing.T, path string, n int) {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, corpusArticles(3, n)...)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// sideFiles lists the archive's -wal, -shm and -journal files with their
// modes.
func sideFiles(t *testing.T, path string) map[string]os.FileMode {
	t.Helper()
	out := map[string]os.FileMode{}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			out[suffix] = fi.Mode().Perm()
		}
	}
	return out
}

// mustReadOnly checks that s reads and refuses writes with ErrReadOnly.
func mustReadOnly(t *testing.T, s *Store, articles int, reason string) {
	t.Helper()
	ctx := context.Background()
	if !strings.Contains(s.ReadOnly(), reason) {
		t.Errorf("read-only reason %q, want it to mention %q", s.ReadOnly(), reason)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("read a read-only archive: %v", err)
	}
	if st.Articles != articles {
		t.Errorf("read-only archive has %d articles, want %d", st.Articles, articles)
	}
	if _, err := s.AddArticles(ctx, corpusArticles(99, 1)); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), reason) {
		t.Errorf("write to a read-only archive: %v", err)
	}
	if err := s.SetSetting(ctx, "k", "v"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("setting in a read-only archive: %v", err)
	}
}

// A 0444 archive is read without creating side files: a -shm made by the
// reader would take mode 0444, stay behind and refuse every later writer.
// Root could write the file, so the test holds as root too.
func TestReadOnlyFileLeavesNoSideFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	filledArchive(t, path, 5)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, open := range []func(context.Context, string) (*Store, error){Open, OpenExisting} {
		s, err := open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		mustReadOnly(t, s, 5, "read-only (mode 0444)")
		if side := sideFiles(t, path); len(side) > 0 {
			t.Errorf("reading a 0444 archive made side files: %v", side)
		}
		s.Close()
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.ReadOnly() != "" {
		t.Fatalf("writable again, still read-only: %s", s.ReadOnly())
	}
	mustAdd(t, s, article("Later", "Written after the archive was made writable again."))
	for suffix, mode := range sideFiles(t, path) {
		if mode&0o200 == 0 {
			t.Errorf("%s has mode %04o", suffix, mode)
		}
	}
}

// A read-only archive whose log holds changes cannot be read without them:
// refused with the reason instead of showing an older state.
func TestReadOnlyArchiveWithPendingLog(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "archive.db")
	s, err := Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAdd(t, s, corpusArticles(5, 3)...)
	// A copy of the archive and its log as a crash would leave them.
	path := filepath.Join(t.TempDir(), "archive.db")
	for _, suffix := range []string{"", "-wal"} {
		copyFile(t, src+suffix, path+suffix)
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no log to test with: %v", err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	r, err := OpenExisting(ctx, path)
	if err == nil {
		r.Close()
		t.Fatal("read-only archive with a pending log opened")
	}
	if !strings.Contains(err.Error(), "archive.db-wal holds changes") || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("error: %v", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// An archive on a read-only file system is read (root cannot write there
// either). Mounting needs root and a kernel that allows it: skipped
// otherwise.
func TestReadOnlyFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a file system to make read-only (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	path := filepath.Join(dir, "archive.db")
	filledArchive(t, path, 4)
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	for _, open := range []func(context.Context, string) (*Store, error){Open, OpenExisting} {
		s, err := open(ctx, path)
		if err != nil {
			t.Fatalf("open in a read-only folder: %v", err)
		}
		mustReadOnly(t, s, 4, "read-only file system")
		s.Close()
	}
	if _, err := Open(ctx, filepath.Join(dir, "new.db")); err == nil || !strings.Contains(err.Error(), "create archive") ||
		!strings.Contains(err.Error(), "read-only file system") {
		t.Errorf("create in a read-only folder: %v", err)
	}
}
