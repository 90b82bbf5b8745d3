package app

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/storage"
)

// damagedScreen is the window shown instead of the main one when an
// archive fails its check on open (storage.ErrDamaged): it says so and
// offers the newest backup that passes its own check.
type damagedScreen struct {
	win     fyne.Window
	path    string
	found   *bidiText // the backup offered, or why there is none
	restore *widget.Button
	good    string // the backup Restore… puts back; "" while none is known
	jobs    jobCounter
}

// damagedTextWidth is how wide the window's texts grow before they wrap:
// the width of its content, so that they ask for no lines they do not use.
const damagedTextWidth = 680

// newDamagedScreen builds the window for the damaged archive at path;
// restored runs on the UI goroutine once a backup is in its place.
func newDamagedScreen(a fyne.App, path string, cause error, restored func()) *damagedScreen {
	d := &damagedScreen{win: a.NewWindow(lang.L("Daftar — damaged archive")), path: path}
	title := widget.NewLabelWithStyle(lang.L("This archive is damaged"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := newBidiText(lang.L("{{.Path}} was not closed properly (a crash, a power cut or a full disk) and failed its check when it was opened. Daftar will not open it as it is, so that nothing more is lost.",
		map[string]any{"Path": path}), damagedTextWidth)
	detail := newBidiText(storage.Sentence(cause), damagedTextWidth)
	d.found = newBidiText(lang.L("Looking for the latest good backup…"), damagedTextWidth)
	d.restore = widget.NewButtonWithIcon(lang.L("Restore latest good backup"), theme.HistoryIcon(), func() { d.restoreGood(restored) })
	d.restore.Importance = widget.HighImportance
	d.restore.Disable()
	quit := widget.NewButton(lang.L("Quit"), a.Quit)
	d.win.SetContent(container.NewPadded(container.NewVBox(title, intro, detail, widget.NewSeparator(), d.found,
		container.NewHBox(d.restore, quit))))
	d.win.Resize(fyne.NewSize(720, 360))
	d.findGood()
	return d
}

// findGood looks for the newest backup that passes integrity_check.
func (d *damagedScreen) findGood() {
	d.run(func() (func(), error) {
		backups, err := storage.ListBackups(d.path)
		if err != nil {
			return nil, err
		}
		for _, b := range backups {
			if storage.VerifyBackup(context.Background(), b.Path) == nil {
				return func() {
					d.good = b.Path
					d.found.SetText(lang.L("Latest good backup: {{.Line}}. Restoring it sets the damaged archive aside in the backups folder.",
						map[string]any{"Line": backupLine(b)}))
					d.restore.Enable()
				}, nil
			}
		}
		return func() {
			d.found.SetText(lang.L("No good backup of this archive was found in {{.Folder}}. Copy the archive somewhere safe before trying anything else; `daftar check` tells what is damaged.",
				map[string]any{"Folder": storage.BackupDir(d.path)}))
		}, nil
	})
}

// restoreGood puts the good backup in the archive's place.
func (d *damagedScreen) restoreGood(restored func()) {
	if d.good == "" {
		return
	}
	d.restore.Disable()
	from := d.good
	d.run(func() (func(), error) {
		if _, err := storage.Restore(context.Background(), d.path, from); err != nil {
			return nil, err
		}
		return func() {
			d.found.SetText(lang.L("Restored {{.Backup}}.", map[string]any{"Backup": filepath.Base(from)}))
			restored()
			d.win.Close()
		}, nil
	})
}

// run does work off the UI goroutine, then what it returns on it; an
// error is shown in place of the offer.
func (d *damagedScreen) run(work func() (func(), error)) {
	d.jobs.start()
	go func() {
		defer d.jobs.finish()
		then, err := work()
		fyne.DoAndWait(func() {
			if err != nil {
				d.found.SetText(storage.Sentence(err))
				if d.good != "" {
					d.restore.Enable() // a restore refused (archive in use) can be tried again
				}
				return
			}
			then()
		})
	}()
}
