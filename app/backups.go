package app

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/storage"
)

// backupsSection is the part of the settings that lists the archive's
// automatic backups (storage takes them) and restores one.
type backupsSection struct {
	ui      *UI
	content fyne.CanvasObject
	list    *fyne.Container
	// problem says why the last automatic backup failed, and warning
	// stays beside the status bar to say that one did; both hidden when
	// none did.
	problem *bidiText
	warning *widget.Button
	shown   []storage.BackupInfo // what list shows, newest first
}

func newBackupsSection(ui *UI) *backupsSection {
	b := &backupsSection{ui: ui, list: container.NewVBox(), problem: newBidiText("", messageWidth)}
	b.problem.Hide()
	b.warning = widget.NewButtonWithIcon(lang.L("Backup failed"), theme.WarningIcon(), func() {
		ui.showTab(tabSettings)
		showMessage(ui.win, lang.L("Automatic backup failed"), b.problem.Text)
	})
	b.warning.Importance = widget.DangerImportance
	b.warning.Hide()
	title := widget.NewLabelWithStyle(lang.L("Automatic backups"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	where := newBidiText(lang.L("Kept in {{.Folder}}, taken once a day on open and before merges and bulk changes.",
		map[string]any{"Folder": storage.BackupDir(ui.store.Path())}), messageWidth)
	refresh := widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), b.reload)
	b.content = container.NewVBox(container.NewBorder(nil, nil, nil, refresh, title), where, b.problem, b.list)
	ui.store.OnBackupProblem(func(err error) { ui.do(func() { b.showProblem(err) }) })
	b.reload()
	return b
}

// showProblem puts a failed backup in the status bar and, so that it is
// not lost when the status changes, in a warning beside it and above the
// list of backups.
func (b *backupsSection) showProblem(err error) {
	msg := lang.L("Automatic backup failed: {{.Reason}} The archive itself is unharmed.",
		map[string]any{"Reason": storage.Sentence(err)})
	b.ui.setStatus(msg)
	b.problem.SetText(msg)
	b.problem.Show()
	b.warning.Show()
}

// reload lists the backups again.
func (b *backupsSection) reload() {
	var found []storage.BackupInfo
	path := b.ui.store.Path()
	b.ui.background(func() (err error) {
		found, err = storage.ListBackups(path)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		b.shown = found
		b.list.RemoveAll()
		if len(found) == 0 {
			b.list.Add(widget.NewLabel(lang.L("No backups yet: the first is taken when the archive is next opened.")))
		}
		for _, info := range found {
			label := newBidiLabel(backupLine(info))
			restore := widget.NewButtonWithIcon(lang.L("Restore…"), theme.HistoryIcon(), func() { b.confirmRestore(info) })
			b.list.Add(container.NewBorder(nil, nil, nil, restore, label))
		}
	})
}

// backupLine is one backup as the list shows it: when, why, how big.
func backupLine(info storage.BackupInfo) string {
	return fmt.Sprintf("%s · %s · %.1f MB", info.Time.Local().Format("2006-01-02 15:04"), backupReason(info.Reason), float64(info.Size)/1e6)
}

// backupReason names what a backup was taken before.
func backupReason(r string) string {
	switch r {
	case "open":
		return lang.L("on open")
	case "merge":
		return lang.L("before a merge")
	case "bulk":
		return lang.L("before a bulk change")
	case "restore":
		return lang.L("the archive a restore replaced")
	}
	return lang.L("before an upgrade") // migrateN
}

// confirmRestore asks, then closes the window, restores and opens the
// archive again: the backup cannot replace an archive that is open.
func (b *backupsSection) confirmRestore(info storage.BackupInfo) {
	msg := lang.L("Replace the archive with the backup of {{.Time}}?\nChanges made since then are set aside: the current archive is first saved in the backups folder, so this restore can itself be undone.",
		map[string]any{"Time": info.Time.Local().Format("2006-01-02 15:04")})
	showConfirm(b.ui.win, lang.L("Restore backup"), msg, lang.L("Restore"), func(ok bool) {
		if ok {
			b.ui.restoreFrom = info.Path
			b.ui.reopen = b.ui.store.Path()
			b.ui.win.Close()
		}
	})
}

// restorePending runs once the window has closed its archive: it puts the
// backup chosen in the settings in the archive's place and returns what
// tells the next window how that went.
func (ui *UI) restorePending() func(next *UI) {
	if ui.restoreFrom == "" {
		return func(*UI) {}
	}
	saved, err := storage.Restore(context.Background(), ui.store.Path(), ui.restoreFrom)
	return func(next *UI) {
		if next == nil {
			return
		}
		if err != nil {
			next.showError(err)
			return
		}
		// A dialog, because the new window's library replaces the status.
		showMessage(next.win, lang.L("Backup restored"), lang.L("Restored {{.Backup}}; the replaced archive was saved as {{.Saved}} in the backups folder.",
			map[string]any{"Backup": filepath.Base(ui.restoreFrom), "Saved": filepath.Base(saved)}))
	}
}
