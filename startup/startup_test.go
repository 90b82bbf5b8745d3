package startup

import (
	"os"
	"testing"
)

func TestPlainLocale(t *testing.T) {
	cases := []struct{ lcAll, lang, wantAll, wantLang string }{
		{"", "C.UTF-8", "", "C"},
		{"", "POSIX.utf8", "", "C"},
		{"", "ar_EG.UTF-8", "", "ar_EG.UTF-8"},
		{"C.UTF-8", "fr_FR.UTF-8", "C", "fr_FR.UTF-8"},
		{"de_DE.UTF-8", "C.UTF-8", "de_DE.UTF-8", "C.UTF-8"},
	}
	for _, c := range cases {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		plainLocale()
		if got := os.Getenv("LC_ALL"); got != c.wantAll {
			t.Errorf("LC_ALL=%q LANG=%q: LC_ALL became %q, want %q", c.lcAll, c.lang, got, c.wantAll)
		}
		if got := os.Getenv("LANG"); got != c.wantLang {
			t.Errorf("LC_ALL=%q LANG=%q: LANG became %q, want %q", c.lcAll, c.lang, got, c.wantLang)
		}
	}
}
