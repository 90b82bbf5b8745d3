package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"daftar/bundle"
	"daftar/export"
	"daftar/seal"
	"daftar/storage"
)

// A bundle encrypted to an age public key opens in the GUI with the key
// file chosen in the unlock dialog; another key writes nothing.
func TestImportEncryptedBundleWithKeyFile(t *testing.T) {
	src, _ := newTestUI(t)
	loadSamples(t, src)
	dir := t.TempDir()
	secret, public, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	other, _, _ := seal.NewKey()
	key, wrong := filepath.Join(dir, "me.key"), filepath.Join(dir, "other.key")
	os.WriteFile(key, []byte(secret), 0o600)
	os.WriteFile(wrong, []byte(other), 0o600)
	rs, err := seal.Recipients([]string{public}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "share.json.age")
	load := func(ctx context.Context) (*bundle.Bundle, error) { return src.store.ExportBundle(ctx, storage.Scope{}) }
	if _, err := export.Run(context.Background(), export.Options{Format: "json", Out: out, Recipients: rs}, load, nil); err != nil {
		t.Fatal(err)
	}

	ui, store := newTestUI(t)
	for _, c := range []struct {
		key  string
		want int
	}{{wrong, 0}, {key, 5}} {
		act(ui, func() { ui.imports.unlocking = nil })
		act(ui, func() { ui.imports.run([]string{out}) })
		poll(t, "the unlock dialog", func() bool { return holds(ui, func() bool { return ui.imports.unlocking != nil }) })
		act(ui, func() {
			ui.imports.unlocking.useKey(c.key)
			test.Tap(buttonIn(ui.win.Canvas().Overlays().Top(), "Open"))
		})
		waitFor(t, ui, "the import", func() bool { return !ui.imports.running })
		st, err := store.Stats(context.Background())
		if err != nil || st.Articles != c.want {
			t.Errorf("with %s: %d articles, want %d (%v)", filepath.Base(c.key), st.Articles, c.want, err)
		}
		act(ui, func() {
			for ui.win.Canvas().Overlays().Top() != nil {
				ui.win.Canvas().Overlays().Remove(ui.win.Canvas().Overlays().Top())
			}
		})
	}
}
