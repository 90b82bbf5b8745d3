package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// Every menu shortcut is in the key table (so Help → Keyboard shortcuts
// lists it), every table shortcut is bound on the canvas, and no key is
// bound twice to different commands.
func TestKeyTable(t *testing.T) {
	ui, _ := newTestUI(t)
	inTable := map[string]bool{}
	runes := map[rune]string{}
	for _, b := range ui.keys {
		if b.shortcut != nil {
			inTable[b.shortcut.ShortcutName()] = true
		}
		if b.r != 0 {
			if prev, ok := runes[b.r]; ok {
				t.Errorf("%q does both %q and %q", b.r, prev, b.what)
			}
			runes[b.r] = b.what
		}
		if b.keysText() == "" || b.what == "" {
			t.Errorf("a binding without keys or description: %+v", b)
		}
	}
	var walk func(items []*fyne.MenuItem)
	walk = func(items []*fyne.MenuItem) {
		for _, it := range items {
			if it.Shortcut != nil && !inTable[it.Shortcut.ShortcutName()] {
				t.Errorf("menu item %q: %s is not in the key table", it.Label, it.Shortcut.ShortcutName())
			}
			if it.ChildMenu != nil {
				walk(it.ChildMenu.Items)
			}
		}
	}
	for _, m := range ui.win.MainMenu().Items {
		walk(m.Items)
	}
	// The canvas runs the table's shortcuts: Ctrl+/ opens the list.
	act(ui, func() { ui.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcutKeys) })
	if shownDialogs(ui) != 1 {
		t.Fatal("the shortcut for the list of keys opened nothing")
	}
	if got := shortcutText(shortcutRedo); got != "Ctrl+Shift+Z" && got != "Cmd+Shift+Z" {
		t.Errorf("redo shows as %q", got)
	}
	if !strings.Contains(shortcutText(shortcutNext), "Alt+↓") {
		t.Errorf("next article shows as %q", shortcutText(shortcutNext))
	}
}
