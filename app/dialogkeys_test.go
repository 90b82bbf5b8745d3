package app

import "fyne.io/fyne/v2"

// typeKey sends a key the way the driver does: to the focused widget, or
// to the canvas when none has the focus.
func typeKey(ui *UI, name fyne.KeyName) {
	act(ui, func() {
		c := ui.win.Canvas()
		ev := &fyne.KeyEvent{Name: name}
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
	})
}
