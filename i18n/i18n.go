// Package i18n loads Daftar's translations (English, Arabic, French) into
// fyne.io/fyne/v2/lang and chooses the interface language, and formats the
// numbers and dates the interface shows for that language.
//
// Fyne picks the language from the system locale when its lang package
// initialises and offers no call to choose another one; Setup forces the
// chosen one through the package's own setupLang (see force.go). It must run
// before the window is built: strings are translated when a widget is made,
// so a change of language takes effect at the next start.
package i18n

import (
	"embed"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"
)

//go:embed translations
var files embed.FS

// Language codes of the interface. System ("") follows the system locale.
const (
	System  = ""
	English = "en"
	Arabic  = "ar"
	French  = "fr"
)

// Languages lists the interface languages in the order Settings offers them.
var Languages = []string{English, Arabic, French}

// Name is a language's name in that language, as Settings lists it.
func Name(code string) string {
	switch code {
	case English:
		return "English"
	case Arabic:
		return "العربية"
	case French:
		return "Français"
	}
	return code
}

var (
	loadOnce sync.Once
	loadErr  error
	mu       sync.RWMutex
	current  = English
)

// Setup loads the translations (once) and makes code the interface
// language; System, or a code Daftar has no translation for, takes the
// system locale's language when it is one of Languages, else English.
func Setup(code string) error {
	loadOnce.Do(func() { loadErr = lang.AddTranslationsFS(files, "translations") })
	code = Resolve(code, lang.SystemLocale().LanguageString())
	force(code)
	mu.Lock()
	current = code
	mu.Unlock()
	return loadErr
}

// Resolve returns the language Setup uses for a chosen code and the system
// locale's language (e.g. "fr-CA" or "ar").
func Resolve(code, system string) string {
	for _, c := range []string{code, system} {
		base, _, _ := strings.Cut(strings.ReplaceAll(c, "_", "-"), "-")
		for _, l := range Languages {
			if strings.EqualFold(base, l) {
				return l
			}
		}
	}
	return English
}

// Current is the interface language chosen by the last Setup.
func Current() string {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// RTL reports whether the interface language is written right to left.
func RTL() bool { return Current() == Arabic }
