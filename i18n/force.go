package i18n

import (
	_ "unsafe" // go:linkname

	_ "fyne.io/fyne/v2/lang" // defines setupLang
)

// setupLang is fyne.io/fyne/v2/lang's own way of choosing a language (its
// tests use it to override the system's). Fyne 2.7 exports no setter, and
// the system locale cannot be overridden portably (Windows and macOS ask the
// OS, not the environment). TestForce fails if a Fyne upgrade removes it.
//
//go:linkname setupLang fyne.io/fyne/v2/lang.setupLang
func setupLang(lang string)

func force(code string) { setupLang(code) }
