package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrDamaged is returned by Open when an archive left by an unclean
// shutdown fails PRAGMA quick_check.
var ErrDamaged = errors.New("archive is damaged")

// uncleanShutdown reports whether the archive was left by a Daftar that did
// not close it: closing the last connection copies the write-ahead log into
// the archive and deletes it, so a log with content means a crash, a power
// cut, or another program that has the archive open now.
func uncleanShutdown(path string) bool {
	info, err := os.Stat(path + "-wal")
	return err == nil && info.Size() > 0
}

// quickCheck runs PRAGMA quick_check (the page and index structure, not the
// cross-checks of integrity_check: seconds rather than minutes on a large
// archive) and explains a failure with the way out.
func (s *Store) quickCheck(ctx context.Context) error {
	if err := integrity(ctx, s.db, "quick_check"); err != nil {
		return fmt.Errorf("%s: %w after an unclean shutdown (%v); restore a backup: daftar restore --list, then daftar restore [BACKUP]",
			s.path, ErrDamaged, err)
	}
	return nil
}
