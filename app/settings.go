package app

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"os/user"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/app/articleview"
	"daftar/app/bidientry"
	"daftar/model"
)

// Preference keys (per user, in Fyne's preferences) and the archive setting
// key of the annotator.
const (
	prefAnnotator    = "annotator"
	prefTheme        = "theme"
	prefFontSize     = "readerFontSize"
	prefRecent       = "recentArchives"
	settingAnnotator = "annotator"
	maxRecent        = 8
)

// Theme choices.
const (
	themeSystem = "System"
	themeLight  = "Light"
	themeDark   = "Dark"
)

// settingsStore is what the settings screen reads and writes of the
// archive (the annotator is the window's: UI.setActor).
type settingsStore interface {
	Path() string
	SetSchema(ctx context.Context, schema model.Schema) error
}

// settingsScreen edits the annotator name, the label schema, the theme, the
// reader's font size, and switches archives.
type settingsScreen struct {
	store   settingsStore
	ui      *UI
	content fyne.CanvasObject

	annotator *bidientry.Entry
	theme     *widget.RadioGroup
	language  *bidiSelect
	applyNow  *widget.Button // rebuilds the window in the chosen language
	fontSize  *widget.Slider
	archive   *widget.Entry
	recent    *fyne.Container
	backups   *backupsSection

	schemaRows *fyne.Container
	editing    []*schemaRow
}

// schemaRow is the editor of one label type.
type schemaRow struct {
	name, desc     *bidientry.Entry
	colour, hotkey *widget.Entry
	kind           *bidiSelect
}

func newSettingsScreen(ui *UI) *settingsScreen {
	s := &settingsScreen{ui: ui, store: ui.store}
	s.annotator = bidientry.NewEntry()
	s.annotator.SetText(ui.actor)
	s.annotator.OnSubmitted = func(string) { s.saveAnnotator() }
	s.theme = widget.NewRadioGroup([]string{lang.L(themeSystem), lang.L(themeLight), lang.L(themeDark)}, func(v string) {
		for _, t := range []string{themeSystem, themeLight, themeDark} {
			if lang.L(t) == v {
				v = t
			}
		}
		ui.app.Preferences().SetString(prefTheme, v)
		applyTheme(ui.app)
	})
	s.theme.Horizontal = true
	s.theme.SetSelected(lang.L(ui.app.Preferences().StringWithFallback(prefTheme, themeSystem)))
	s.fontSize = widget.NewSlider(10, 40)
	s.fontSize.Step = 1
	s.fontSize.SetValue(float64(fontSize(ui.app)))
	sizeLabel := newFitBidiLabel(fmt.Sprintf("%.0f", s.fontSize.Value))
	s.fontSize.OnChanged = func(v float64) {
		sizeLabel.SetText(fmt.Sprintf("%.0f", v))
		ui.app.Preferences().SetFloat(prefFontSize, v)
		ui.reader.view.SetFontSize(float32(v))
	}
	s.archive = widget.NewEntry()
	s.archive.SetText(s.store.Path())
	s.recent = container.NewVBox()
	s.fillRecent()
	s.schemaRows = container.NewVBox()

	general := widget.NewForm(
		widget.NewFormItem(lang.L("Annotator"), container.NewBorder(nil, nil, nil,
			widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), s.saveAnnotator), s.annotator)),
		widget.NewFormItem(lang.L("Theme"), s.theme),
		widget.NewFormItem(lang.L("Interface language"), s.languageRow()),
		widget.NewFormItem(lang.L("Reader font size"), container.NewBorder(nil, nil, nil, sizeLabel, s.fontSize)),
		widget.NewFormItem(lang.L("Archive"), container.NewBorder(nil, nil, nil, container.NewHBox(
			widget.NewButton(lang.L("Open"), func() { ui.switchArchive(strings.TrimSpace(s.archive.Text)) }),
			widget.NewButton(lang.L("Browse…"), s.chooseArchive)), s.archive)),
		widget.NewFormItem(lang.L("Recent archives"), container.NewVBox(s.recent, s.clearRecentButton())),
	)
	s.backups = newBackupsSection(ui)
	schemaBox := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Label schema"), textLeading(), fyne.TextStyle{Bold: true}),
		widget.NewLabel(lang.L("Name · kind · colour #RRGGBB · hotkey · description")),
		s.schemaRows,
		container.NewHBox(
			widget.NewButtonWithIcon(lang.L("Add type"), theme.ContentAddIcon(), func() {
				s.addSchemaRow(model.LabelType{Kind: model.KindEntity, Colour: "#888888"})
			}),
			widget.NewButtonWithIcon(lang.L("Save schema"), theme.DocumentSaveIcon(), s.saveSchema),
			widget.NewButton(lang.L("Revert"), s.schemaChanged),
		),
	)
	s.content = container.NewVScroll(container.NewVBox(general, widget.NewSeparator(), s.backups.content, widget.NewSeparator(), schemaBox))
	return s
}

// schemaChanged fills the schema editor from the archive's schema.
func (s *settingsScreen) schemaChanged() {
	s.schemaRows.RemoveAll()
	s.editing = nil
	for _, t := range s.ui.schema {
		s.addSchemaRow(t)
	}
}

func (s *settingsScreen) addSchemaRow(t model.LabelType) {
	row := &schemaRow{name: bidientry.NewEntry(), colour: widget.NewEntry(), hotkey: widget.NewEntry(), desc: bidientry.NewEntry(),
		kind: newBidiSelect([]string{string(model.KindEntity), string(model.KindClaim)}, nil)}
	row.name.SetText(t.Name)
	row.kind.SetSelected(string(t.Kind))
	row.colour.SetText(t.Colour)
	row.hotkey.SetText(t.Hotkey)
	row.desc.SetText(t.Description)
	swatch := colourBar(t.Colour)
	swatch.SetMinSize(fyne.NewSize(24, 24))
	row.colour.OnChanged = func(v string) {
		if c := parseColour(v); len(v) == 7 {
			swatch.FillColor = c
			swatch.Refresh()
		}
	}
	s.editing = append(s.editing, row)
	var line *fyne.Container
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		s.editing = slices.DeleteFunc(s.editing, func(r *schemaRow) bool { return r == row })
		s.schemaRows.Remove(line)
	})
	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	line = container.NewBorder(nil, nil, container.NewHBox(fixed(120, row.name), fixed(110, row.kind),
		fixed(110, row.colour), swatch, fixed(60, row.hotkey)), remove, row.desc)
	s.schemaRows.Add(line)
}

// saveSchema validates and stores the edited schema. Storage refuses to
// drop a type that annotations use.
func (s *settingsScreen) saveSchema() {
	var schema model.Schema
	for _, r := range s.editing {
		schema = append(schema, model.LabelType{Name: strings.TrimSpace(r.name.Text), Kind: model.Kind(r.kind.Selected),
			Colour: strings.ToUpper(strings.TrimSpace(r.colour.Text)), Hotkey: strings.TrimSpace(r.hotkey.Text), Description: strings.TrimSpace(r.desc.Text)})
	}
	if err := schema.Validate(); err != nil {
		s.ui.showError(err)
		return
	}
	s.ui.background(func() error {
		return s.store.SetSchema(s.ui.ctx, schema)
	}, func(err error) {
		if err != nil {
			s.ui.showError(err)
			return
		}
		s.ui.schema = schema
		s.ui.reader.schemaChanged()
		s.ui.setStatus(lang.L("Label schema saved"))
	})
}

func (s *settingsScreen) saveAnnotator() {
	name := strings.TrimSpace(s.annotator.Text)
	if name == "" {
		return
	}
	s.ui.setActor(name)
}

// setActor records the annotator in the preferences and the archive.
func (ui *UI) setActor(name string) {
	ui.actor = name
	ui.app.Preferences().SetString(prefAnnotator, name)
	ui.settings.annotator.SetText(name)
	ui.background(func() error { return ui.store.SetSetting(ui.ctx, settingAnnotator, name) }, nil)
	ui.setStatus(lang.L("Annotator: {{.Name}}", map[string]any{"Name": name}))
}

func (ui *UI) actorOrUnknown() string {
	if ui.actor == "" {
		return lang.L("(not set)")
	}
	return ui.actor
}

// annotatorFromPreferences is the name given at an earlier start.
func annotatorFromPreferences(a fyne.App) string {
	return a.Preferences().String(prefAnnotator)
}

// defaultAnnotator suggests a name: $DAFTAR_USER (as the command line
// uses), else the login name.
func defaultAnnotator() string {
	if n := os.Getenv("DAFTAR_USER"); n != "" {
		return n
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// askAnnotator asks for the annotator name on first start; every
// annotation records it.
func (ui *UI) askAnnotator() {
	name := newDialogBidiEntry()
	name.SetText(defaultAnnotator())
	item := widget.NewFormItem(lang.L("Your name"), name)
	item.HintText = lang.L("Recorded on every annotation you make (Settings to change)")
	d := newFormDialog(ui.win, lang.L("Welcome to Daftar"), lang.L("Save"), lang.L("Later"), []*widget.FormItem{item}, func(ok bool) {
		n := strings.TrimSpace(name.Text)
		if !ok || n == "" {
			n = defaultAnnotator()
		}
		if n != "" {
			ui.setActor(n)
		}
	})
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
	ui.win.Canvas().Focus(name)
}

// fontSize is the reader font size from the preferences.
func fontSize(a fyne.App) float32 {
	return float32(a.Preferences().FloatWithFallback(prefFontSize, articleview.DefaultFontSize))
}

// chooseArchive picks another archive file to open.
func (s *settingsScreen) chooseArchive() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		rc.Close()
		s.ui.switchArchive(rc.URI().Path())
	}, s.ui.win)
	d.Resize(fyne.NewSize(900, 620))
	showFileDialog(s.ui.win, d)
}

// switchArchive closes this window and opens another archive in a new
// one (Run does the reopening).
func (ui *UI) switchArchive(path string) {
	if path == "" || path == ui.store.Path() {
		return
	}
	ui.reopen = path
	ui.win.Close()
}

func (s *settingsScreen) fillRecent() {
	s.recent.RemoveAll()
	for _, p := range recentArchives(s.ui.app) {
		s.recent.Add(newBidiButton(p, nil, func() { s.ui.switchArchive(p) }))
	}
}

// recentArchives lists the archives opened lately, newest first.
func recentArchives(a fyne.App) []string {
	return a.Preferences().StringList(prefRecent)
}

// rememberArchive puts path first in the recent archives.
func rememberArchive(a fyne.App, path string) {
	list := slices.DeleteFunc(recentArchives(a), func(p string) bool { return p == path })
	list = append([]string{path}, list...)
	if len(list) > maxRecent {
		list = list[:maxRecent]
	}
	a.Preferences().SetStringList(prefRecent, list)
}

// applyTheme sets the theme variant chosen in the settings.
func applyTheme(a fyne.App) {
	switch a.Preferences().StringWithFallback(prefTheme, themeSystem) {
	case themeLight:
		a.Settings().SetTheme(&variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantLight})
	case themeDark:
		a.Settings().SetTheme(&variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

// variantTheme forces the light or dark variant of a theme.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t *variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}
