package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"daftar/storage"
)

// Help → About shows the version main passes in (the one from the build).
func TestAboutShowsVersion(t *testing.T) {
	a := test.NewTempApp(t)
	store, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ui := New(context.Background(), a, store, Options{Version: "9.8.7-about"})
	ui.wait()
	var about *fyne.MenuItem
	for _, m := range ui.win.MainMenu().Items {
		for _, it := range m.Items {
			if m.Label == "Help" && it.Label == menuAbout {
				about = it
			}
		}
	}
	if about == nil {
		t.Fatal("no Help → About menu item")
	}
	act(ui, about.Action)
	var shown []string
	act(ui, func() {
		top := ui.win.Canvas().Overlays().Top()
		if top == nil {
			return
		}
		for _, o := range test.LaidOutObjects(top) {
			if l, ok := o.(*bidiText); ok {
				shown = append(shown, l.Text)
			}
		}
	})
	text := strings.Join(shown, "\n")
	if !strings.Contains(text, "Daftar 9.8.7-about") || !strings.Contains(text, store.Path()) {
		t.Errorf("About dialog shows %q; want the version and the archive path", text)
	}
}
