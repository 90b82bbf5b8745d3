package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// Every menu shortcut on a letter or sign uses the system's default
// modifier (Cmd on macOS, Ctrl elsewhere), and the items macOS moves into
// its application menu are there exactly once: a "Settings" item elsewhere
// would be moved too and stand twice in that menu.
func TestMenusFollowTheSystem(t *testing.T) {
	ui, _ := newTestUI(t)
	special := map[string]int{}
	var walk func(items []*fyne.MenuItem)
	walk = func(items []*fyne.MenuItem) {
		for _, it := range items {
			switch it.Label {
			case "About", "Settings", "Settings…", "Preferences", "Preferences…":
				special[it.Label]++
			}
			if ks, ok := it.Shortcut.(fyne.KeyboardShortcut); ok && len(ks.Key()) == 1 {
				if ks.Mod()&fyne.KeyModifierShortcutDefault == 0 {
					t.Errorf("%q: shortcut %s lacks the system's default modifier", it.Label, ks.ShortcutName())
				}
			}
			if it.ChildMenu != nil {
				walk(it.ChildMenu.Items)
			}
		}
	}
	for _, m := range ui.win.MainMenu().Items {
		walk(m.Items)
	}
	if len(special) != 2 || special[menuAbout] != 1 || special[menuSettings] != 1 {
		t.Errorf("application menu items: %v, want About and Settings… once each", special)
	}

	// Cmd/Ctrl+, opens the settings.
	var shown string
	act(ui, func() {
		ui.showTab(tabLibrary)
		ui.win.Canvas().(fyne.Shortcutable).TypedShortcut(shortcutSettings)
		shown = ui.tabs.Selected().Text
	})
	if shown != tabSettings {
		t.Errorf("after %s the %s tab shows, want %s", shortcutSettings.ShortcutName(), shown, tabSettings)
	}
}
