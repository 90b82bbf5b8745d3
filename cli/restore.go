package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"daftar/storage"
)

// runRestore lists the automatic backups or puts one in the archive's
// place (the newest when none is named). It works without opening the
// archive, which may be too damaged to open.
func runRestore(e *env, args []string) int {
	fs := e.newFlags("restore")
	list := fs.Bool("list", false, "list the automatic backups, newest first")
	asJSON := fs.Bool("json", false, "with --list, print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) > 1 || (*list && len(pos) > 0) {
		return e.usageError(fs, "want --list, or at most one BACKUP")
	}
	archive, err := ArchivePath(e.dbPath)
	if err != nil {
		return e.fail(err)
	}
	backups, err := storage.ListBackups(archive)
	if err != nil {
		return e.fail(err)
	}
	if *list {
		if *asJSON {
			if backups == nil {
				backups = []storage.BackupInfo{}
			}
			return e.writeJSON(backups)
		}
		for _, b := range backups {
			fmt.Fprintf(e.stdout, "%s  %-9s %8.1f MB  %s\n", b.Time.Local().Format("2006-01-02 15:04:05"), b.Reason, float64(b.Size)/1e6, filepath.Base(b.Path))
		}
		if len(backups) == 0 {
			fmt.Fprintf(e.stdout, "no backups in %s\n", storage.BackupDir(archive))
		}
		return ExitOK
	}
	var from string
	switch {
	case len(pos) == 1:
		from = pos[0]
		// A name from --list is looked up in the backups folder.
		if _, err := os.Stat(from); err != nil && filepath.Base(from) == from {
			from = filepath.Join(storage.BackupDir(archive), from)
		}
	case len(backups) == 0:
		return e.fail(fmt.Errorf("restore %s: no backups in %s", archive, storage.BackupDir(archive)))
	default:
		from = backups[0].Path
	}
	saved, err := storage.Restore(e.ctx, archive, from)
	if err != nil {
		return e.fail(err)
	}
	if saved != "" {
		fmt.Fprintf(e.stdout, "the replaced archive was saved as %s\n", saved)
	}
	fmt.Fprintf(e.stdout, "restored %s from %s\n", archive, from)
	return ExitOK
}
