package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// The Edit menu's Undo shortcut reaches the window before the focused
// field: a bidi entry with typing to take back gets it, and the archive
// is left alone.
func TestUndoGoesToTheFocusedField(t *testing.T) {
	ui, store := newTestUI(t)
	loadSamples(t, ui)
	before := snapshot(t, store)
	act(ui, func() {
		ui.win.Canvas().Focus(ui.library.search)
		test.Type(ui.library.search, "وزير 2019")
	})
	act(ui, ui.undo)
	waitFor(t, ui, "the field's undo", func() bool { return ui.library.search.Text == "" })
	act(ui, ui.redo)
	waitFor(t, ui, "the field's redo", func() bool { return ui.library.search.Text == "وزير 2019" })
	if snapshot(t, store) != before {
		t.Fatal("undo in the search box changed the archive")
	}
}
