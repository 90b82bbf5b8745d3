package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"daftar/model"
)

func TestSettingsThemeAndFontSizeAreStoredAndApplied(t *testing.T) {
	ui, _ := newTestUI(t)
	s := ui.settings
	for _, c := range []struct {
		choice  string
		variant int // -1 for the system's
	}{{themeDark, int(theme.VariantDark)}, {themeLight, int(theme.VariantLight)}, {themeSystem, -1}} {
		act(ui, func() { s.theme.SetSelected(c.choice) })
		act(ui, func() {
			if got := ui.app.Preferences().String(prefTheme); got != c.choice {
				t.Errorf("theme preference %q, want %q", got, c.choice)
			}
			vt, forced := ui.app.Settings().Theme().(*variantTheme)
			switch {
			case c.variant < 0 && forced:
				t.Errorf("%s: the theme still forces variant %d", c.choice, vt.variant)
			case c.variant >= 0 && (!forced || int(vt.variant) != c.variant):
				t.Errorf("%s: theme %#v, want variant %d", c.choice, ui.app.Settings().Theme(), c.variant)
			}
		})
	}

	act(ui, func() { s.fontSize.SetValue(23) })
	act(ui, func() {
		if got := ui.app.Preferences().Float(prefFontSize); got != 23 {
			t.Errorf("font size preference %v, want 23", got)
		}
		if got := ui.reader.view.FontSize(); got != 23 {
			t.Errorf("reader font size %v, want 23", got)
		}
	})
	// A new window starts with the stored size and theme.
	act(ui, func() { s.theme.SetSelected(themeDark) })
	again := New(context.Background(), ui.app, ui.store, Options{})
	again.wait()
	act(again, func() {
		if got := again.reader.view.FontSize(); got != 23 {
			t.Errorf("a new window's font size %v, want 23", got)
		}
		if got := again.settings.theme.Selected; got != themeDark {
			t.Errorf("a new window's theme choice %q, want %s", got, themeDark)
		}
	})
}

func TestSettingsAnnotatorIsStoredInTheArchive(t *testing.T) {
	ui, store := newTestUI(t)
	act(ui, func() {
		ui.settings.annotator.SetText("  Rania Haddad ")
		ui.settings.saveAnnotator()
	})
	ui.wait()
	if ui.actor != "Rania Haddad" || ui.app.Preferences().String(prefAnnotator) != "Rania Haddad" {
		t.Errorf("actor %q, preference %q", ui.actor, ui.app.Preferences().String(prefAnnotator))
	}
	if got, err := store.Setting(context.Background(), settingAnnotator); err != nil || got != "Rania Haddad" {
		t.Errorf("archive setting %q, %v", got, err)
	}
	// An empty name changes nothing.
	act(ui, func() {
		ui.settings.annotator.SetText("   ")
		ui.settings.saveAnnotator()
	})
	ui.wait()
	if ui.actor != "Rania Haddad" {
		t.Errorf("an empty name replaced the annotator: %q", ui.actor)
	}
	// On another computer (no preference) the archive's annotator is used.
	fresh := test.NewTempApp(t)
	other := New(context.Background(), fresh, store, Options{})
	waitFor(t, other, "the stored annotator", func() bool { return other.actor == "Rania Haddad" })
	act(other, func() {
		if other.settings.annotator.Text != "Rania Haddad" {
			t.Errorf("settings show %q", other.settings.annotator.Text)
		}
	})
}

func TestSettingsSchemaSaveAndRefusal(t *testing.T) {
	ui, store := newTestUI(t)
	ctx := context.Background()
	s := ui.settings
	act(ui, func() {
		s.addSchemaRow(model.LabelType{Kind: model.KindEntity})
		row := s.editing[len(s.editing)-1]
		row.name.SetText("WEAPON")
		row.colour.SetText("#aa3355")
		row.hotkey.SetText("9")
		row.desc.SetText("arms and munitions")
		s.saveSchema()
	})
	ui.wait()
	schema, err := store.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := model.LabelType{Name: "WEAPON", Kind: model.KindEntity, Colour: "#AA3355", Hotkey: "9", Description: "arms and munitions"}
	if got, ok := schema.Lookup("WEAPON"); !ok || got != want {
		t.Fatalf("stored type %+v, want %+v", got, want)
	}
	act(ui, func() {
		if len(ui.schema) != len(schema) || len(ui.reader.types.Objects) != len(schema) {
			t.Errorf("window schema %d types, reader buttons %d, want %d", len(ui.schema), len(ui.reader.types.Objects), len(schema))
		}
	})

	// A bad colour is refused before storage; the archive keeps its schema.
	act(ui, func() {
		s.editing[len(s.editing)-1].colour.SetText("red")
		s.saveSchema()
	})
	ui.wait()
	assertDialogAndSchema(t, ui, schema)

	// Dropping a type that annotations use is refused by storage.
	loadSamples(t, ui)
	act(ui, func() {
		s.schemaChanged() // revert the bad colour
		s.editing = slices.DeleteFunc(s.editing, func(r *schemaRow) bool { return r.name.Text == "PER" })
		s.saveSchema()
	})
	ui.wait()
	if schema, err = store.Schema(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := schema.Lookup("PER"); !ok {
		t.Fatal("PER was dropped although annotations use it")
	}
	assertDialogAndSchema(t, ui, schema)
}

// assertDialogAndSchema checks that an error dialog is shown (and closes
// it) and that the archive's schema is still want.
func assertDialogAndSchema(t *testing.T, ui *UI, want model.Schema) {
	t.Helper()
	act(ui, func() {
		top := ui.win.Canvas().Overlays().Top()
		if top == nil {
			t.Error("no error dialog")
			return
		}
		ui.win.Canvas().Overlays().Remove(top)
	})
	got, err := ui.store.Schema(context.Background())
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("schema changed to %v (%v)", got, err)
	}
}

func TestSwitchArchiveAndRecentList(t *testing.T) {
	ui, _ := newTestUI(t)
	act(ui, func() { ui.switchArchive(ui.store.Path()) })
	if ui.reopen != "" {
		t.Errorf("switching to the open archive asked to reopen %q", ui.reopen)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	act(ui, func() { ui.switchArchive(other) })
	if ui.reopen != other {
		t.Errorf("reopen %q, want %q", ui.reopen, other)
	}

	a := test.NewTempApp(t)
	for i := range maxRecent + 2 {
		rememberArchive(a, fmt.Sprintf("a%d.db", i))
	}
	rememberArchive(a, "a5.db") // again: moves to the front, not listed twice
	got := recentArchives(a)
	want := []string{"a5.db", "a9.db", "a8.db", "a7.db", "a6.db", "a4.db", "a3.db", "a2.db"}
	if !slices.Equal(got, want) {
		t.Errorf("recent %v, want %v", got, want)
	}
}
