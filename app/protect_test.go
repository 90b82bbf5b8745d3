package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"daftar/export"
	"daftar/seal"
)

// The export dialog encrypts with a passphrase and renames annotators; the
// import asks for the passphrase in a dialog and merges the bundle.
func TestEncryptedRedactedExportAndPassphraseImport(t *testing.T) {
	ui, _ := newTestUI(t)
	loadSamples(t, ui)
	out := filepath.Join(t.TempDir(), "share.json.age")
	act(ui, func() { ui.showExport(exportScopeDefault) })
	e := ui.exportDlg
	act(ui, func() {
		e.format.SetSelected("json")
		e.dest.SetText(out)
		e.redact.SetSelected([]string{"annotators", "notes"})
		e.pass[0].SetText("a passphrase for the test")
		e.pass[1].SetText("a different one")
		test.Tap(e.run)
	})
	if !holds(ui, func() bool { return e.info.Text == "The passphrases differ" }) {
		t.Fatalf("mismatch: %q", e.info.Text)
	}
	act(ui, func() {
		e.pass[1].SetText("a passphrase for the test")
		test.Tap(e.run)
	})
	waitFor(t, ui, "the encrypted export", func() bool {
		return strings.Contains(e.info.Text, "written") || strings.Contains(e.info.Text, "failed")
	})
	if ok, _ := seal.IsSealed(out); !ok || !strings.Contains(e.info.Text, "keep it") {
		t.Fatalf("not encrypted or no key named: %q", e.info.Text)
	}
	if _, err := os.Stat(export.RedactionMapPath(out)); err != nil {
		t.Fatal(err)
	}

	ui2, store2 := newTestUI(t)
	act(ui2, func() { ui2.imports.run([]string{out}) })
	var entry *dialogEntry
	var open *dialogButton
	poll(t, "the passphrase dialog", func() bool {
		return holds(ui2, func() bool {
			top := ui2.win.Canvas().Overlays().Top()
			if top == nil {
				return false
			}
			for _, o := range test.LaidOutObjects(top) {
				switch w := o.(type) {
				case *dialogEntry:
					if w.Password {
						entry = w
					}
				case *dialogButton:
					if w.Text == "Open" {
						open = w
					}
				}
			}
			return entry != nil && open != nil
		})
	})
	act(ui2, func() {
		entry.SetText("a passphrase for the test")
		test.Tap(open)
	})
	waitFor(t, ui2, "the import", func() bool { return ui2.imports.last != nil })
	st, err := store2.Stats(context.Background())
	if err != nil || st.Articles != 5 || ui2.imports.last.Failed != 0 {
		t.Errorf("%d articles, report %+v, %v", st.Articles, ui2.imports.last, err)
	}
}
