package i18n

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
)

func setup(t *testing.T, code string) {
	t.Helper()
	if err := Setup(code); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Setup(English) })
}

// TestForce: Setup switches the language lang.L answers in, for Fyne's own
// strings (its dialogs' buttons) as for Daftar's.
func TestForce(t *testing.T) {
	for _, c := range []struct{ code, cancel, library string }{
		{French, "Annuler", "Bibliothèque"},
		{Arabic, "إلغاء", "المكتبة"},
		{English, "Cancel", "Library"},
	} {
		setup(t, c.code)
		if got := lang.L("Cancel"); got != c.cancel {
			t.Errorf("%s: Cancel is %q, want %q", c.code, got, c.cancel)
		}
		if got := lang.L("Library"); got != c.library {
			t.Errorf("%s: Library is %q, want %q", c.code, got, c.library)
		}
		if Current() != c.code || RTL() != (c.code == Arabic) {
			t.Errorf("%s: Current %q, RTL %v", c.code, Current(), RTL())
		}
	}
}

func articles(n int) string {
	return lang.N("{{.Count}} articles", n, map[string]any{"Count": Int(n)})
}

// TestArabicPlurals: go-i18n's CLDR rules give Arabic its six categories,
// and ar.json has a distinct form for each.
func TestArabicPlurals(t *testing.T) {
	setup(t, Arabic)
	for n, want := range map[int]string{
		0: "لا مقالات",                 // zero
		1: "مقالة واحدة", 2: "مقالتان", // one, two
		3: "3 مقالات", 10: "10 مقالات", // few: 3–10
		11: "11 مقالةً", 99: "99 مقالةً", // many: 11–99
		100: "100 مقالة", 101: "101 مقالة", 102: "102 مقالة", // other
		103: "103 مقالات", 111: "111 مقالةً", 1000: "1,000 مقالة", // few and many again past 100
	} {
		if got := articles(n); got != want {
			t.Errorf("ar %d: %q, want %q", n, got, want)
		}
	}
}

func TestFrenchAndEnglishPlurals(t *testing.T) {
	setup(t, French)
	for n, want := range map[int]string{0: "0 article", 1: "1 article", 2: "2 articles", 12345: "12\u202f345 articles", 1000000: "1\u202f000\u202f000 d’articles"} {
		if got := articles(n); got != want {
			t.Errorf("fr %d: %q, want %q", n, got, want)
		}
	}
	setup(t, English)
	for n, want := range map[int]string{0: "0 articles", 1: "1 article", 2: "2 articles", 12345: "12,345 articles"} {
		if got := articles(n); got != want {
			t.Errorf("en %d: %q, want %q", n, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	for _, c := range []struct{ code, system, want string }{
		{System, "fr-CA", French}, {System, "ar_EG", Arabic}, {System, "de", English},
		{Arabic, "fr", Arabic}, {"xx", "fr", French}, {System, "", English},
	} {
		if got := Resolve(c.code, c.system); got != c.want {
			t.Errorf("Resolve(%q, %q) = %q, want %q", c.code, c.system, got, c.want)
		}
	}
}

func TestDatesAndNumbers(t *testing.T) {
	day := time.Date(2019, time.March, 2, 14, 5, 0, 0, time.UTC)
	for _, c := range []struct{ code, date, num, dec string }{
		{English, "2 Mar 2019 14:05", "-1,234,567", "0.82"},
		{French, "2 mars 2019 14:05", "-1\u202f234\u202f567", "0,82"},
		{Arabic, "2 مارس 2019 14:05", "-1,234,567", "0.82"},
	} {
		setup(t, c.code)
		if got := DateTime(day); got != c.date {
			t.Errorf("%s: DateTime %q, want %q", c.code, got, c.date)
		}
		if got := Int(-1234567); got != c.num {
			t.Errorf("%s: Int %q, want %q", c.code, got, c.num)
		}
		if got := Float(0.8249, 2); got != c.dec {
			t.Errorf("%s: Float %q, want %q", c.code, got, c.dec)
		}
	}
}
