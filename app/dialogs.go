package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Every dialog of the window is built here, so that each one draws its
// title and message through the bidi labels and closes on Escape (see
// dialogkeys.go). Fyne's own dialogs draw both with stock text, which puts
// the parts of a mixed Arabic/Latin title out of order. TestDialogKeys
// opens each dialog of the window, and TestTextSurfaces fails on a dialog
// built any other way.

// messageWidth is how wide a dialog message grows before it wraps.
const messageWidth = 560

// appDialog is a modal dialog: a bold bidi title, content, and a row of
// buttons. Escape runs its cancel action, Enter its default one.
type appDialog struct {
	win    fyne.Window
	pop    *widget.PopUp
	keys   keyLayer
	closed []func()
	shown  bool
}

// newAppDialog builds a dialog; Escape hides it until setKeys says
// otherwise. buttons may be empty when the content has its own.
func newAppDialog(win fyne.Window, title string, content fyne.CanvasObject, buttons ...fyne.CanvasObject) *appDialog {
	d := &appDialog{win: win}
	d.keys.cancel = d.Hide
	var bottom fyne.CanvasObject
	if len(buttons) > 0 {
		bottom = container.NewCenter(container.NewHBox(buttons...))
	}
	body := container.NewBorder(newTitleLabel(title), bottom, nil, nil, content)
	d.pop = widget.NewModalPopUp(container.NewPadded(body), win.Canvas())
	return d
}

func newTitleLabel(title string) *bidiLabel {
	l := newBoldBidiLabel(title)
	l.fit = true
	return l
}

// setKeys sets what Escape (cancel) and Enter (confirm, may be nil) do.
func (d *appDialog) setKeys(cancel, confirm func()) {
	d.keys.cancel, d.keys.confirm = cancel, confirm
}

// Show shows the dialog and takes the keys.
func (d *appDialog) Show() {
	if d.shown {
		return
	}
	d.shown = true
	d.pop.Show()
	pushKeys(d.win.Canvas(), &d.keys, d.pop)
}

// Hide closes the dialog, gives the keys back and runs the closed hooks.
func (d *appDialog) Hide() {
	if !d.shown {
		return
	}
	d.shown = false
	d.pop.Hide()
	popKeys(d.win.Canvas(), &d.keys)
	for _, fn := range d.closed {
		fn()
	}
}

// Resize sets the dialog's size.
func (d *appDialog) Resize(s fyne.Size) { d.pop.Resize(s) }

// SetOnClosed adds a hook run when the dialog closes, however it closes.
func (d *appDialog) SetOnClosed(fn func()) { d.closed = append(d.closed, fn) }

// answer hides the dialog, then tells cb which button closed it.
func (d *appDialog) answer(cb func(bool), ok bool) {
	d.Hide()
	if cb != nil {
		cb(ok)
	}
}

// newConfirmDialog has two buttons, confirm (the default) and dismiss;
// cb learns which closed it (Escape is dismiss).
// The buttons run whatever the keys run, so setKeys changes both.
func newConfirmDialog(win fyne.Window, title, confirm, dismiss string, content fyne.CanvasObject, cb func(bool)) *appDialog {
	var d *appDialog
	no := newDialogButton(dismiss, theme.CancelIcon(), func() { d.keys.cancel() })
	yes := newDialogButton(confirm, theme.ConfirmIcon(), func() { d.keys.confirm() })
	yes.Importance = widget.HighImportance
	d = newAppDialog(win, title, content, no, yes)
	d.setKeys(func() { d.answer(cb, false) }, func() { d.answer(cb, true) })
	return d
}

// newCloseDialog has one button, dismiss, for Escape and Enter alike.
func newCloseDialog(win fyne.Window, title, dismiss string, content fyne.CanvasObject) *appDialog {
	var d *appDialog
	b := newDialogButton(dismiss, nil, func() { d.Hide() })
	b.Importance = widget.HighImportance
	d = newAppDialog(win, title, content, b)
	d.setKeys(d.Hide, d.Hide)
	return d
}

// showMessage shows a message with an OK button.
func showMessage(win fyne.Window, title, message string) *appDialog {
	d := newCloseDialog(win, title, lang.L("OK"), newBidiText(message, messageWidth))
	d.Show()
	return d
}

// showErrorMessage reports a failed action.
func showErrorMessage(win fyne.Window, err error) *appDialog {
	return showMessage(win, lang.L("Error"), err.Error())
}

// showConfirm asks a yes/no question; cb(true) on the confirm button or
// Enter.
func showConfirm(win fyne.Window, title, message, confirm string, cb func(bool)) *appDialog {
	d := newConfirmDialog(win, title, confirm, lang.L("Cancel"), newBidiText(message, messageWidth), cb)
	d.Show()
	return d
}

// newFormDialog shows form items; confirming runs their validators first
// and stays open when one fails.
func newFormDialog(win fyne.Window, title, confirm, dismiss string, items []*widget.FormItem, cb func(bool)) *appDialog {
	form := widget.NewForm(items...)
	d := newConfirmDialog(win, title, confirm, dismiss, form, nil)
	d.setKeys(func() { d.answer(cb, false) }, func() {
		if form.Validate() == nil {
			d.answer(cb, true)
		}
	})
	return d
}

// showFileDialog shows one of Fyne's file pickers (its list of files is
// Fyne's own text) with Escape as its Cancel button.
func showFileDialog(win fyne.Window, f *dialog.FileDialog) {
	l := &keyLayer{cancel: f.Dismiss}
	f.SetOnClosed(func() { popKeys(win.Canvas(), l) })
	f.Show()
	pushKeys(win.Canvas(), l, win.Canvas().Overlays().Top())
}

// showContextMenu shows a right-click menu. Fyne's pop-up menu takes the
// focus and handles the keys itself (arrows, Enter picks, Escape closes);
// its items are Fyne's own text, like the menu bar's.
func showContextMenu(c fyne.Canvas, menu *fyne.Menu, pos fyne.Position) {
	widget.ShowPopUpMenuAtPosition(menu, c, pos)
}
