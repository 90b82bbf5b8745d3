package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
)

// prefLanguage is the interface language chosen in Settings: "" follows the
// system locale, else one of i18n.Languages.
const prefLanguage = "language"

// applyLanguage makes the chosen interface language current. Run calls it
// before it builds a window, because widgets are translated when made.
func applyLanguage(a fyne.App) {
	if err := i18n.Setup(a.Preferences().String(prefLanguage)); err != nil {
		fyne.LogError("load translations", err)
	}
}

// languageRow is the Settings row that chooses the interface language. The
// choice is stored at once. Every screen is built in the language of its
// start, so it takes effect at the next start, or at once with "Apply now",
// which rebuilds the window on the same archive (as opening another
// archive does).
func (s *settingsScreen) languageRow() fyne.CanvasObject {
	codes := append([]string{i18n.System}, i18n.Languages...)
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = i18n.Name(c)
	}
	names[0] = lang.L("System")
	chosen := s.ui.app.Preferences().String(prefLanguage)
	note := newFitBidiLabel("")
	apply := widget.NewButton(lang.L("Apply now"), func() {
		applyLanguage(s.ui.app)
		s.ui.reopen = s.ui.store.Path()
		s.ui.win.Close()
	})
	apply.Hide()
	sel := newBidiSelect(names, nil)
	for i, c := range codes {
		if c == chosen {
			sel.SetSelected(names[i])
		}
	}
	sel.OnChanged = func(name string) {
		for i, n := range names {
			if n != name {
				continue
			}
			s.ui.app.Preferences().SetString(prefLanguage, codes[i])
			note.SetText("")
			apply.Hide()
			if i18n.Resolve(codes[i], lang.SystemLocale().LanguageString()) != i18n.Current() {
				note.SetText(lang.L("Used from the next start."))
				apply.Show()
			}
		}
	}
	s.language, s.applyNow = sel, apply
	return container.NewBorder(nil, nil, nil, container.NewHBox(note, apply), sel)
}
