package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"daftar/i18n"
)

// The tests read the English interface, whatever the machine's locale.
func TestMain(m *testing.M) {
	if err := i18n.Setup(i18n.English); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// TestWindowInEachLanguage builds the main window on the headless driver
// in English, Arabic and French, loads the samples and visits every tab:
// tabs and counts are in the language, and switching tabs by name works
// with translated titles.
func TestWindowInEachLanguage(t *testing.T) {
	for _, c := range []struct{ code, library, articles, overview string }{
		{i18n.English, "Library", "5 articles", "Overview"},
		{i18n.Arabic, "المكتبة", "5 مقالات", "نظرة عامة"},
		{i18n.French, "Bibliothèque", "5 articles", "Vue d’ensemble"},
	} {
		t.Run(c.code, func(t *testing.T) {
			if err := i18n.Setup(c.code); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = i18n.Setup(i18n.English) })
			ui, _ := newTestUI(t)
			if got := ui.tabs.Items[0].Text; got != c.library {
				t.Errorf("first tab %q, want %q", got, c.library)
			}
			if got := ui.win.MainMenu().Items[0].Label; got != lang.L("File") || (c.code != i18n.English && got == "File") {
				t.Errorf("File menu reads %q", got)
			}
			act(ui, ui.loadSamples)
			waitFor(t, ui, "the samples", func() bool { return len(ui.library.rows) == 5 })
			if got := ui.library.info.Text; got != c.articles {
				t.Errorf("library line %q, want %q", got, c.articles)
			}
			for _, tab := range []string{tabReader, tabEntities, tabClaims, tabSets, tabOverview, tabSettings, tabLibrary} {
				act(ui, func() { ui.showTab(tab) })
				if sel := ui.tabs.Selected(); sel == nil || sel.Text != lang.L(tab) {
					t.Errorf("showTab(%s) did not select it", tab)
				}
			}
			act(ui, func() { ui.showTab(tabOverview) })
			waitFor(t, ui, "the overview totals", func() bool { return strings.HasPrefix(ui.overview.totals.Text, c.articles+" · ") })
			if got := ui.tabs.Items[5].Text; got != c.overview {
				t.Errorf("overview tab %q, want %q", got, c.overview)
			}
			// Mirrored in Arabic: the side panel leads (on the left), the
			// article on the right.
			split := ui.reader.body.Objects[0].(*container.Split)
			if rtl := split.Leading == ui.reader.side.content; rtl != (c.code == i18n.Arabic) {
				t.Errorf("reader split: side panel leading %v in %s", rtl, c.code)
			}
			act(ui, func() { ui.showExport(exportScopeDefault) })
			if got := ui.exportDlg.scope.Selected; got != lang.L(exportScopeArchive) {
				t.Errorf("export scope %q, want %q", got, lang.L(exportScopeArchive))
			}
		})
	}
}

// TestLanguageSetting: choosing a language stores its code and, when it is
// not the running one, offers to rebuild the window in it.
func TestLanguageSetting(t *testing.T) {
	ui, _ := newTestUI(t)
	sel := ui.settings.language
	act(ui, func() { sel.SetSelected("Français") })
	if got := ui.app.Preferences().String(prefLanguage); got != i18n.French {
		t.Errorf("preference %q, want fr", got)
	}
	if !ui.settings.applyNow.Visible() {
		t.Error("no Apply now button after choosing another language")
	}
	act(ui, func() { test.Tap(ui.settings.applyNow) })
	t.Cleanup(func() { _ = i18n.Setup(i18n.English) })
	if i18n.Current() != i18n.French || ui.reopen != ui.store.Path() {
		t.Errorf("Apply now: language %q, reopen %q; want fr and this archive", i18n.Current(), ui.reopen)
	}
	act(ui, func() { sel.SetSelected(sel.Options[0]) })
	if got := ui.app.Preferences().String(prefLanguage); got != i18n.System {
		t.Errorf("preference %q, want the system's", got)
	}
}
