package app

import (
	"context"
	"errors"
	"path/filepath"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/seal"
)

// unlockDialog asks how to open an encrypted bundle: its passphrase, or
// the age key file (daftar keygen, age-keygen) whose public key it was
// encrypted to.
type unlockDialog struct {
	pass    *dialogEntry
	keyName *bidiLabel
	key     string // the key file chosen; "" for none
}

// useKey chooses the key file at path; the passphrase is then not asked.
func (u *unlockDialog) useKey(path string) {
	u.key = path
	u.keyName.SetText(filepath.Base(path))
}

// askUnlock asks, from the import's goroutine, how to open the encrypted
// bundle path and waits for the answer.
func (im *importScreen) askUnlock(ctx context.Context, path string) ([]age.Identity, error) {
	type answer struct{ pass, key string }
	answers := make(chan answer, 1)
	im.ui.do(func() {
		u := &unlockDialog{pass: newDialogEntry(), keyName: newBidiLabel(lang.L("none"))}
		u.pass.Password = true
		choose := newDialogButton(lang.L("Key file…"), theme.FileIcon(), func() {
			fd := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
				if err != nil || rc == nil {
					return
				}
				rc.Close()
				u.useKey(rc.URI().Path())
			}, im.ui.win)
			fd.Resize(fyne.NewSize(900, 620))
			showFileDialog(im.ui.win, fd)
		})
		d := newFormDialog(im.ui.win, lang.L("Encrypted bundle"), lang.L("Open"), lang.L("Skip"), []*widget.FormItem{
			widget.NewFormItem(filepath.Base(path), u.pass),
			widget.NewFormItem(lang.L("or key"), container.NewBorder(nil, nil, nil, choose, u.keyName)),
		}, func(ok bool) {
			if !ok {
				answers <- answer{}
				return
			}
			answers <- answer{pass: u.pass.Text, key: u.key}
		})
		d.Resize(fyne.NewSize(520, 200))
		im.unlocking = u
		d.Show()
		im.ui.win.Canvas().Focus(u.pass)
	})
	select {
	case a := <-answers:
		switch {
		case a.key != "":
			return seal.Identities(a.key)
		case a.pass != "":
			return seal.PassphraseIdentity(a.pass)
		}
		return nil, errors.New(lang.L("encrypted: no passphrase or key given"))
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
