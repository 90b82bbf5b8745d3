package app

import (
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"daftar/model"
)

// keyBinding is one keyboard command. The one table, keyBindings, binds the
// window's shortcuts (addShortcuts), the reader's single keys (typedRune,
// typedKey), and is what Help → Keyboard shortcuts lists, so the list
// cannot drift from what the keys do.
type keyBinding struct {
	section  string
	shortcut fyne.Shortcut  // a window shortcut
	r        rune           // a reader key typed as a character
	names    []fyne.KeyName // reader keys by name (Delete, Tab, …)
	keys     string         // what the list shows, when shortcut, r and names do not say it
	what     string
	run      func() // nil: bound elsewhere (dialogs.go, the label schema), listed here
}

func (ui *UI) keyBindings() []keyBinding {
	r := ui.reader
	win, reader, dialogs := lang.L("Window"), lang.L("Reader (article focused)"), lang.L("Dialogs and lists")
	shift := func(shifted, plain func()) func() {
		return func() {
			if r.view.ShiftHeld() {
				shifted()
			} else {
				plain()
			}
		}
	}
	return []keyBinding{
		{section: win, shortcut: shortcutImport, what: lang.L("Import files…"), run: ui.imports.chooseFiles},
		{section: win, shortcut: shortcutPasteNew, what: lang.L("Paste as new article…"), run: ui.imports.pasteArticle},
		{section: win, shortcut: shortcutExport, what: lang.L("Export…"), run: func() { ui.showExport(exportScopeDefault) }},
		{section: win, shortcut: &fyne.ShortcutUndo{}, what: lang.L("Undo"), run: ui.undo},
		{section: win, shortcut: shortcutRedo, what: lang.L("Redo"), run: ui.redo},
		{section: win, shortcut: &fyne.ShortcutRedo{}, what: lang.L("Redo"), run: ui.redo},
		{section: win, shortcut: shortcutFind, what: lang.L("Find (in the article, else the library search)"), run: ui.find},
		{section: win, shortcut: shortcutNext, what: lang.L("Next article of the library list"), run: func() { r.step(1) }},
		{section: win, shortcut: shortcutPrevious, what: lang.L("Previous article of the library list"), run: func() { r.step(-1) }},
		{section: win, shortcut: shortcutCompare, what: lang.L("Compare coders…"), run: ui.showCompare},
		{section: win, shortcut: shortcutSettings, what: lang.L("Settings"), run: func() { ui.showTab(tabSettings) }},
		{section: win, shortcut: shortcutKeys, what: lang.L("This list of keys"), run: ui.showKeys},

		{section: reader, keys: lang.L("the label's hotkey"), what: lang.L("Tag the selection (hotkeys are set in Settings → label schema)")},
		{section: reader, r: '/', what: lang.L("Find in the article (Enter: next match)"), run: func() { ui.win.Canvas().Focus(r.find) }},
		// In a right-to-left article the next word is to the left.
		{section: reader, keys: "Shift+←", names: []fyne.KeyName{fyne.KeyLeft}, what: lang.L("Extend the selection by a word to the left"),
			run: shift(func() { r.extendSelection(r.article.Direction == model.RTL) }, func() {})},
		{section: reader, keys: "Shift+→", names: []fyne.KeyName{fyne.KeyRight}, what: lang.L("Extend the selection by a word to the right"),
			run: shift(func() { r.extendSelection(r.article.Direction != model.RTL) }, func() {})},
		{section: reader, r: 'j', what: lang.L("Select the next annotation"), run: func() { r.cycleAnnotation(1) }},
		{section: reader, r: 'k', what: lang.L("Select the previous annotation"), run: func() { r.cycleAnnotation(-1) }},
		{section: reader, names: []fyne.KeyName{fyne.KeyDelete, fyne.KeyBackspace}, what: lang.L("Delete the selected annotation"), run: r.deleteSelected},
		{section: reader, names: []fyne.KeyName{fyne.KeyReturn}, what: lang.L("Edit the selected annotation in the side panel"), run: r.side.editSelected},
		{section: reader, names: []fyne.KeyName{fyne.KeyEscape}, what: lang.L("Clear the selection"), run: r.clearSelection},
		{section: reader, r: 'l', what: lang.L("Link the selected mention to the best suggestion"), run: r.side.linkBestSuggestion},
		{section: reader, r: 'n', what: lang.L("New entity from the selected mention"), run: r.side.createEntityFromSelected},
		{section: reader, r: 'a', what: lang.L("Accept the selected (else the next) suggestion"), run: func() { r.acceptSuggestion(false) }},
		{section: reader, r: 'A', what: lang.L("Accept every suggestion of that entity"), run: func() { r.acceptSuggestion(true) }},
		{section: reader, r: 'r', what: lang.L("Reject the selected (else the next) suggestion"), run: func() { r.rejectSuggestion(false) }},
		{section: reader, r: 'R', what: lang.L("Reject every suggestion of that entity"), run: func() { r.rejectSuggestion(true) }},
		{section: reader, r: ']', what: lang.L("Next suggestion"), run: func() { r.cycleSuggestion(1) }},
		{section: reader, r: '[', what: lang.L("Previous suggestion"), run: func() { r.cycleSuggestion(-1) }},
		{section: reader, keys: "Tab / Shift+Tab", names: []fyne.KeyName{fyne.KeyTab}, what: lang.L("Next / previous suggestion"),
			run: shift(func() { r.cycleSuggestion(-1) }, func() { r.cycleSuggestion(1) })},
		{section: reader, r: 't', what: lang.L("Tag all occurrences of the selected mention…"), run: r.tagAllOccurrences},

		{section: dialogs, keys: "Escape", what: lang.L("Close the dialog or pop-up (cancel)")},
		{section: dialogs, keys: "Enter", what: lang.L("Confirm the dialog's default button; pick in an open drop-down")},
		{section: dialogs, keys: "Tab / Shift+Tab", what: lang.L("Move between the fields and buttons")},
		{section: dialogs, keys: "Space", what: lang.L("Press the focused button, open the focused drop-down")},
		{section: dialogs, keys: "↑ / ↓", what: lang.L("Move in a list or an open drop-down")},
	}
}

// shortcutKeys opens the list of keys (Fyne binds no key without a
// modifier, so not F1).
var shortcutKeys = &desktop.CustomShortcut{KeyName: fyne.KeySlash, Modifier: fyne.KeyModifierShortcutDefault}

// bindShortcuts puts the table's window shortcuts on the canvas.
func (ui *UI) bindShortcuts() {
	c := ui.win.Canvas()
	for _, b := range ui.keys {
		if b.shortcut != nil && b.run != nil {
			c.AddShortcut(b.shortcut, func(fyne.Shortcut) { b.run() })
		}
	}
}

// runeBinding finds the reader command typed as ch.
func (ui *UI) runeBinding(ch rune) func() {
	for _, b := range ui.keys {
		if b.r == ch && b.run != nil {
			return b.run
		}
	}
	return nil
}

// keyNameBinding finds the reader command for a named key (Enter and
// Return are one).
func (ui *UI) keyNameBinding(name fyne.KeyName) func() {
	if name == fyne.KeyEnter {
		name = fyne.KeyReturn
	}
	for _, b := range ui.keys {
		for _, n := range b.names {
			if n == name && b.run != nil {
				return b.run
			}
		}
	}
	return nil
}

// keysText is how the list shows a binding's keys.
func (b keyBinding) keysText() string {
	switch {
	case b.keys != "":
		return b.keys
	case b.shortcut != nil:
		return shortcutText(b.shortcut)
	case b.r != 0:
		return string(b.r)
	}
	var names []string
	for _, n := range b.names {
		names = append(names, string(n))
	}
	return strings.Join(names, " / ")
}

// shortcutText writes a shortcut the way the system's menus do: Cmd on
// macOS, Ctrl elsewhere.
func shortcutText(s fyne.Shortcut) string {
	ks, ok := s.(fyne.KeyboardShortcut)
	if !ok {
		return s.ShortcutName()
	}
	var parts []string
	mod := ks.Mod()
	if mod&fyne.KeyModifierShortcutDefault != 0 {
		if runtime.GOOS == "darwin" {
			parts = append(parts, "Cmd")
		} else {
			parts = append(parts, "Ctrl")
		}
	}
	if mod&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if mod&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	key := map[fyne.KeyName]string{fyne.KeyUp: "↑", fyne.KeyDown: "↓", fyne.KeyComma: ","}[ks.Key()]
	if key == "" {
		key = string(ks.Key())
	}
	return strings.Join(append(parts, key), "+")
}

// showKeys lists the table, by section, in a dialog.
func (ui *UI) showKeys() {
	var rows [][2]string
	section := ""
	for _, b := range ui.keys {
		if b.section != section {
			section = b.section
			rows = append(rows, [2]string{section, ""})
		}
		rows = append(rows, [2]string{b.keysText(), b.what})
	}
	list := widget.NewList(func() int { return len(rows) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(170, 30), bidiCell()), nil, bidiCell())
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			setCell(c.Objects[1].(*fyne.Container).Objects[0], rows[i][0])
			setCell(c.Objects[0], rows[i][1])
		})
	d := newCloseDialog(ui.win, lang.L("Keyboard shortcuts"), lang.L("Close"), list)
	d.Resize(fyne.NewSize(760, 600))
	d.Show()
}
