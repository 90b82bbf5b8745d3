package app

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// revertDialogAt is the size of an undo or redo (history entries) from
// which it shows a progress dialog with a Cancel button: taking back a
// propagation of 400,000 annotations takes seconds, one change does not.
const revertDialogAt = 2000

// revertProgress shows the progress of a large undo or redo and lets the
// user cancel it. The storage side rolls a cancelled revert back whole.
type revertProgress struct {
	ui     *UI
	what   string // Undo or Redo
	cancel context.CancelFunc

	mu     sync.Mutex
	posted time.Time // when the background last queued an update

	dlg *appDialog // UI goroutine only, as bar and label
	bar *widget.ProgressBar
	msg *bidiLabel
}

// report is the storage progress callback (background goroutine): it
// queues at most ten updates a second, and always the last one.
func (p *revertProgress) report(done, total int) {
	if total < revertDialogAt {
		return
	}
	p.mu.Lock()
	skip := done < total && time.Since(p.posted) < 100*time.Millisecond
	if !skip {
		p.posted = time.Now()
	}
	p.mu.Unlock()
	if skip {
		return
	}
	p.ui.do(func() { p.show(done, total) })
}

func (p *revertProgress) show(done, total int) {
	if p.dlg == nil {
		p.bar = widget.NewProgressBar()
		p.msg = newBidiLabel("")
		cancel := newDialogButton(lang.L("Cancel"), nil, func() {
			p.msg.SetText(lang.L("Cancelling: the archive stays as it was…"))
			p.cancel()
		})
		p.dlg = newAppDialog(p.ui.win, lang.L(p.what), container.NewVBox(p.msg, p.bar, container.NewCenter(cancel)))
		p.dlg.setKeys(cancel.OnTapped, nil) // Escape is Cancel; the dialog closes when the revert ends
		p.dlg.SetOnClosed(p.cancel)
		p.dlg.Resize(fyne.NewSize(420, 160))
		p.dlg.Show()
	}
	p.bar.SetValue(float64(done) / float64(total))
	p.msg.SetText(lang.L("{{.Done}} of {{.Total}} changes taken back", map[string]any{"Done": done, "Total": total}))
}

// close hides the dialog, if it was shown (UI goroutine).
func (p *revertProgress) close() {
	if p.dlg != nil {
		p.dlg.Hide()
	}
}

// cancelled is the status line after a cancel.
func (p *revertProgress) cancelled() string {
	return lang.L("{{.What}} cancelled: nothing was changed", map[string]any{"What": lang.L(p.what)})
}
