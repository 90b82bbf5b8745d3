package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// In portable mode the app's preferences go to a file beside the
// executable and come back from it in the next run.
func TestPortableSettingsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), settingsFile)
	a := test.NewTempApp(t)
	a.SetCloudProvider(&portableProvider{path: path})
	changes := 0
	a.Preferences().AddChangeListener(func() { changes++ })
	rememberArchive(a, `E:\daftar\archive.db`)
	rememberArchive(a, `\\fileserver\team\archive.db`)
	a.Preferences().SetString(prefAnnotator, "رنا")
	a.Preferences().SetFloat(prefFontSize, 17.5)
	a.Preferences().SetInt("count", 3)
	a.Preferences().SetBoolList("flags", []bool{true, false})
	if changes != 6 {
		t.Errorf("%d change calls, want one per change (6)", changes)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "رنا") {
		t.Fatalf("settings file: %v\n%s", err, b)
	}

	p := loadFilePrefs(path)
	if got, want := p.StringList(prefRecent), []string{`\\fileserver\team\archive.db`, `E:\daftar\archive.db`}; !slices.Equal(got, want) {
		t.Errorf("recent archives %q, want %q", got, want)
	}
	if p.String(prefAnnotator) != "رنا" || p.Float(prefFontSize) != 17.5 || p.Int("count") != 3 ||
		!slices.Equal(p.BoolList("flags"), []bool{true, false}) {
		t.Errorf("values after reload: %s", b)
	}
	// A value of another type, or none, reads as the fallback.
	if p.IntWithFallback(prefAnnotator, 7) != 7 || p.StringWithFallback("missing", "x") != "x" || p.Bool("missing") {
		t.Error("fallbacks not used")
	}
	p.RemoveValue(prefAnnotator)
	if loadFilePrefs(path).String(prefAnnotator) != "" {
		t.Error("removed value came back")
	}
}
