// Package startup adjusts the process environment before Fyne initialises.
// main imports it for that side effect only. Go initialises packages in
// import-path order as soon as their imports are ready, so this one (under
// "daftar/", with only the standard library) runs before fyne.io/fyne/v2/lang.
package startup

import (
	"os"
	"strings"
)

func init() { plainLocale() }

// plainLocale rewrites "C.UTF-8" (the default locale of containers and CI
// machines) to "C". Fyne's locale lookup understands "C" but reports
// "C.UTF-8" as an error on every start, even for command-line commands
// that never open a window.
func plainLocale() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "C.") || strings.HasPrefix(v, "POSIX.") {
			os.Setenv(name, "C")
		}
		return
	}
}
