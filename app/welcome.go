package app

import (
	"bytes"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/assets"
	"daftar/bundle"
	"daftar/i18n"
)

// newWelcome is what an empty archive shows instead of the library: the
// ways to get articles in, starting with the bundled samples.
func newWelcome(ui *UI) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.L("Welcome to Daftar"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel(lang.L("This archive is empty. Load the sample articles (Arabic, English and French news\n" +
		"stories, already tagged with people, places, organisations and claims) to look around,\n" +
		"or import your own files: text, HTML, Markdown, PDF, DOCX, CSV, JSON, feeds, ZIP and Daftar bundles.\n" +
		"You can also drop files and folders onto this window."))
	intro.Alignment = fyne.TextAlignCenter
	samples := widget.NewButtonWithIcon(lang.L("Load sample articles"), theme.DownloadIcon(), ui.loadSamples)
	samples.Importance = widget.HighImportance
	buttons := container.NewHBox(samples,
		widget.NewButtonWithIcon(lang.L("Import files…"), theme.FileIcon(), ui.imports.chooseFiles),
		widget.NewButtonWithIcon(lang.L("Import folder…"), theme.FolderOpenIcon(), ui.imports.chooseFolder),
		widget.NewButtonWithIcon(lang.L("Paste text…"), theme.ContentPasteIcon(), ui.imports.pasteArticle))
	return container.NewCenter(container.NewVBox(title, intro, container.NewCenter(buttons)))
}

// loadSamples merges the embedded sample bundle into the archive (merging
// is idempotent, so loading twice changes nothing).
func (ui *UI) loadSamples() {
	var added int
	ui.background(func() error {
		b, err := bundle.Read(bytes.NewReader(assets.SamplesBundle))
		if err != nil {
			return fmt.Errorf("sample articles: %w", err)
		}
		rep, err := ui.store.ImportBundle(ui.ctx, ui.actor, b, false)
		if err != nil {
			return fmt.Errorf("sample articles: %w", err)
		}
		added = rep.ArticlesAdded
		return nil
	}, func(err error) {
		if err != nil {
			ui.showError(err)
			return
		}
		ui.setStatus(lang.N("Loaded {{.Count}} sample articles", added, map[string]any{"Count": i18n.Int(added)}))
		ui.archiveChanged()
		ui.schemaReload()
	})
}

// schemaReload reads the schema again (a bundle may add label types).
func (ui *UI) schemaReload() {
	ui.background(func() error {
		s, err := ui.store.Schema(ui.ctx)
		if err != nil {
			return err
		}
		ui.do(func() {
			ui.schema = s
			ui.reader.schemaChanged()
			ui.settings.schemaChanged()
		})
		return nil
	}, nil)
}
