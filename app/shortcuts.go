package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"daftar/platform"
)

// Shortcuts and menus by system. Every shortcut with a letter uses
// fyne.KeyModifierShortcutDefault, which is Cmd on macOS and Ctrl elsewhere,
// and menus show it so. On macOS Fyne's driver moves menu items labelled
// exactly "About" and "Settings…" into the application menu, where Mac users
// look for them; elsewhere they stay in File and Help.
const (
	menuAbout    = "About"
	menuSettings = "Settings…"
)

// shortcutSettings is Cmd+, on macOS (the system's convention) and Ctrl+,
// elsewhere.
var shortcutSettings = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}

// withAppItems adds Settings… to the first menu and a Help menu with About.
func (ui *UI) withAppItems(m *fyne.MainMenu) *fyne.MainMenu {
	settings := fyne.NewMenuItem(appItemLabel(menuSettings), func() { ui.showTab(tabSettings) })
	settings.Shortcut = shortcutSettings
	file := m.Items[0]
	file.Items = append(file.Items, fyne.NewMenuItemSeparator(), settings)
	keys := fyne.NewMenuItem(lang.L("Keyboard shortcuts"), ui.showKeys)
	keys.Shortcut = shortcutKeys
	m.Items = append(m.Items, fyne.NewMenu(lang.L("Help"), keys, fyne.NewMenuItem(appItemLabel(menuAbout), ui.showAbout)))
	return m
}

// showAbout names the version and where the archive and settings are, which
// is what a user asks for before reporting a problem.
func (ui *UI) showAbout() {
	version := ui.version
	if version == "" {
		version = lang.L("development build")
	}
	where := ""
	if d, err := platform.Locate(); err == nil && d.Portable {
		where = lang.L("Portable mode: the default archive and the settings live in {{.Path}}", map[string]any{"Path": d.Data})
	}
	showMessage(ui.win, lang.L("About Daftar"), lang.L("Daftar {{.Version}}\nAn offline workbench for news research.\n\nArchive: {{.Path}}\n{{.Where}}",
		map[string]any{"Version": version, "Path": isolate(ui.store.Path()), "Where": where}))
}
