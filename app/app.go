// Package app is Daftar's Fyne GUI. It takes the fyne.App from main, so the
// screens can be tested headless with fyne.io/fyne/v2/test (no cgo).
//
// One file per screen; reusable widgets live in widgets.go. Every read or
// write of the archive runs off the UI goroutine (UI.background) and comes
// back through fyne.Do.
package app

import (
	"context"
	"errors"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/assets"
	"daftar/i18n"
	"daftar/model"
	"daftar/query"
	"daftar/storage"
)

// ID is the application id (also in FyneApp.toml).
const ID = "org.daftar.app"

// Options say what the window shows first.
type Options struct {
	// ArticleID, when set, opens that article in the reader (daftar open ID).
	ArticleID string
	// Version is the program version, shown in Help → About.
	Version string
}

// UI is the main window and the archive it shows.
type UI struct {
	app    fyne.App
	win    fyne.Window
	store  *storage.Store
	ctx    context.Context // cancelled when the window closes
	cancel context.CancelFunc

	actor  string       // annotator name, recorded on every change
	schema model.Schema // label types of the archive

	tabs     *container.AppTabs
	status   *bidiLabel
	library  *libraryScreen
	reader   *readerScreen
	entities *entitiesScreen
	claims   *claimsScreen
	sets     *setsScreen
	overview *overviewScreen
	settings *settingsScreen
	imports  *importScreen

	exportDlg *exportDialog  // the last export dialog opened (tests drive it)
	compare   *compareWindow // the Compare view, while open
	keys      []keyBinding   // every keyboard command (keytable.go)

	jobs jobCounter // background work in flight
	doMu sync.Mutex // see do
	// reopen, when set by the settings screen, is the archive to open after
	// this window closes.
	reopen  string
	version string // for Help → About

	// restoreFrom, set by the settings' backups, is the backup to put in
	// the archive's place before it is opened again.
	restoreFrom string
}

// Tab titles, also used to switch tabs by name.
const (
	tabLibrary  = "Library"
	tabReader   = "Reader"
	tabEntities = "Entities"
	tabClaims   = "Claims"
	tabSets     = "Sets"
	tabOverview = "Overview"
	tabSettings = "Settings"
)

// Run opens the archive at path, shows the main window and blocks until the
// app quits. When the user opens another archive from the settings, the
// window is rebuilt on that archive. Cancelling ctx (an interrupt) stops the
// window's queries and imports; Fyne quits the app on the interrupt itself
// (without closing the window), so Run closes the archive then.
func Run(ctx context.Context, a fyne.App, path string, opts Options) error {
	usePortableSettings(a)
	applyLanguage(a)
	applyTheme(a)
	first := true
	var current *UI // the window shown; only touched on the UI goroutine
	var run func(path string, opts Options) error
	show := func(w fyne.Window) {
		if !first {
			w.Show()
			return
		}
		first = false
		w.ShowAndRun()
		if current != nil { // quit without closing the window
			current.closeArchive()
		}
	}
	run = func(path string, opts Options) error {
		store, err := storage.Open(ctx, path)
		if errors.Is(err, storage.ErrDamaged) {
			show(newDamagedScreen(a, path, err, func() {
				if err := run(path, opts); err != nil {
					fyne.LogError("open archive", err)
				}
			}).win)
			return nil
		}
		if err != nil {
			return err
		}
		rememberArchive(a, path)
		ui := New(ctx, a, store, opts)
		current = ui
		ui.win.SetOnClosed(func() {
			current = nil
			ui.closeArchive()
			restored := ui.restorePending()
			if ui.reopen != "" {
				if err := run(ui.reopen, Options{Version: opts.Version}); err != nil {
					fyne.LogError("open archive", err)
					a.Quit()
				}
				restored(current)
				return
			}
			a.Quit()
		})
		show(ui.win)
		return nil
	}
	return run(path, opts)
}

// closeArchive stops imports and queries, lets them finish, then closes
// the archive (its last checkpoint).
func (ui *UI) closeArchive() {
	ui.cancel()
	ui.wait()
	// The window is gone: the log is the one place left to say that the
	// last checkpoint failed (the data stays in the WAL file).
	if err := ui.store.Close(); err != nil {
		fyne.LogError("close archive", err)
	}
}

// New builds the main window for an open archive and starts loading it.
// The window's work stops when ctx is cancelled or the window closes.
func New(ctx context.Context, a fyne.App, store *storage.Store, opts Options) *UI {
	ui := &UI{app: a, store: store, status: newBidiLabel(lang.L("Loading…")), schema: model.DefaultSchema(), version: opts.Version}
	ui.ctx, ui.cancel = context.WithCancel(ctx)
	a.SetIcon(fyne.NewStaticResource("daftar.png", assets.IconPNG))
	ui.win = a.NewWindow("Daftar — " + store.Path())
	ui.actor = annotatorFromPreferences(a)

	ui.imports = newImportScreen(ui) // before the library: its welcome screen's buttons take its methods
	ui.library = newLibraryScreen(ui)
	ui.reader = newReaderScreen(ui)
	ui.entities = newEntitiesScreen(ui)
	ui.claims = newClaimsScreen(ui)
	ui.sets = newSetsScreen(ui)
	ui.overview = newOverviewScreen(ui)
	ui.settings = newSettingsScreen(ui)

	ui.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L(tabLibrary), theme.ListIcon(), ui.library.content),
		container.NewTabItemWithIcon(lang.L(tabReader), theme.DocumentIcon(), ui.reader.content),
		container.NewTabItemWithIcon(lang.L(tabEntities), theme.AccountIcon(), ui.entities.content),
		container.NewTabItemWithIcon(lang.L(tabClaims), theme.QuestionIcon(), ui.claims.content),
		container.NewTabItemWithIcon(lang.L(tabSets), theme.FolderIcon(), ui.sets.content),
		container.NewTabItemWithIcon(lang.L(tabOverview), theme.GridIcon(), ui.overview.content),
		container.NewTabItemWithIcon(lang.L(tabSettings), theme.SettingsIcon(), ui.settings.content),
	)
	ui.tabs.OnSelected = func(t *container.TabItem) { ui.tabShown(t.Text) }

	ui.win.SetContent(container.NewBorder(ui.toolbar(), container.NewBorder(nil, nil, nil, ui.settings.backups.warning, ui.status), nil, nil, ui.tabs))
	ui.win.SetMainMenu(ui.mainMenu())
	ui.addShortcuts()
	ui.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { ui.imports.dropped(uris) })
	ui.win.Resize(fyne.NewSize(1280, 820))
	startAutomation(ui)

	ui.background(func() error {
		schema, err := store.Schema(ui.ctx)
		if err != nil {
			return err
		}
		stored, err := store.Setting(ui.ctx, settingAnnotator)
		if err != nil {
			return err
		}
		ui.do(func() {
			ui.schema = schema
			ui.reader.schemaChanged()
			ui.settings.schemaChanged()
			if ui.actor == "" && stored != "" {
				ui.setActor(stored)
			}
			if ui.actor == "" {
				ui.askAnnotator()
			}
		})
		return nil
	}, nil)
	ui.library.reload()
	if opts.ArticleID != "" {
		ui.openArticle(opts.ArticleID, nil)
	}
	return ui
}

// Window returns the main window (tests drive it).
func (ui *UI) Window() fyne.Window { return ui.win }

// background runs work off the UI goroutine. An error is shown in the status
// bar; done, when given, runs on the UI goroutine afterwards.
func (ui *UI) background(work func() error, done func(error)) {
	ui.jobs.start()
	go func() {
		defer ui.jobs.finish()
		err := work()
		ui.do(func() {
			if err != nil {
				ui.setStatus(lang.L("Error: {{.Reason}}", map[string]any{"Reason": storage.Sentence(err)}))
			}
			if done != nil {
				done(err)
			}
		})
	}()
}

// do runs fn on the UI goroutine. The callbacks are also serialized here:
// the GLFW driver runs them one by one anyway, but Fyne's test driver runs
// each on the goroutine that asked, and two at once would race.
func (ui *UI) do(fn func()) {
	fyne.Do(func() {
		ui.doMu.Lock()
		defer ui.doMu.Unlock()
		fn()
	})
}

// wait blocks until no background work is in flight (tests, and closing
// the window).
func (ui *UI) wait() { ui.jobs.wait() }

// jobCounter counts background work in flight. Not a WaitGroup: work starts
// while a test may be waiting, which a WaitGroup forbids once its count is
// back to zero.
type jobCounter struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops back to zero
}

func (c *jobCounter) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 {
		c.idle = make(chan struct{})
	}
	c.n++
}

func (c *jobCounter) finish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n--
	if c.n == 0 {
		close(c.idle)
	}
}

// wait blocks until the count is zero, including work started meanwhile.
func (c *jobCounter) wait() {
	for {
		c.mu.Lock()
		n, idle := c.n, c.idle
		c.mu.Unlock()
		if n == 0 {
			return
		}
		<-idle
	}
}

// setStatus shows s in the status bar; in a right-to-left interface the
// line is a right-to-left paragraph even when it starts with a path.
func (ui *UI) setStatus(s string) {
	if i18n.RTL() {
		s = "\u200f" + s
	}
	ui.status.SetText(s)
}

// showError reports a failed action in a dialog.
func (ui *UI) showError(err error) {
	if err != nil {
		showErrorMessage(ui.win, err)
	}
}

func (ui *UI) showTab(name string) {
	for _, t := range ui.tabs.Items {
		if t.Text == lang.L(name) {
			ui.tabs.Select(t)
			return
		}
	}
}

// tabShown refreshes the screen that just became visible, so every table
// reflects changes made elsewhere.
func (ui *UI) tabShown(name string) {
	switch name {
	case lang.L(tabEntities):
		ui.entities.reload()
	case lang.L(tabClaims):
		ui.claims.reload()
	case lang.L(tabSets):
		ui.sets.reload()
	case lang.L(tabOverview):
		ui.overview.reload()
	case lang.L(tabReader):
		ui.reader.focusKeys()
	}
}

// archiveChanged refreshes what depends on the archive's contents after an
// import, an undo or a merge.
func (ui *UI) archiveChanged() {
	ui.library.reload()
	ui.reader.reload()
	if ui.compare != nil {
		ui.compare.reload()
	}
	if d := ui.sets.sugDlg; d != nil && d.shown {
		d.compute()
	}
	if ui.tabs.Selected() != nil {
		ui.tabShown(ui.tabs.Selected().Text)
	}
}

// openArticle shows an article in the reader; spans (search matches) are
// highlighted when given.
func (ui *UI) openArticle(id string, spans []query.Span) {
	ui.reader.open(id, spans)
	ui.showTab(tabReader)
	// The list or table that was tapped takes the focus when its tap ends:
	// give it to the article view after that, so the tagging keys work.
	ui.reader.focusKeysSoon()
}

// openAnnotation shows an article with one of its annotations selected.
func (ui *UI) openAnnotation(articleID, annotationID string) {
	ui.reader.pending = annotationID
	ui.openArticle(articleID, nil)
}

func (ui *UI) toolbar() fyne.CanvasObject {
	return toolbar(
		widget.NewToolbarAction(theme.FileIcon(), ui.imports.chooseFiles),
		widget.NewToolbarAction(theme.FolderOpenIcon(), ui.imports.chooseFolder),
		widget.NewToolbarAction(theme.ContentPasteIcon(), ui.imports.pasteArticle),
		widget.NewToolbarAction(theme.DownloadIcon(), func() { ui.showExport(exportScopeDefault) }),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.ContentUndoIcon(), ui.undo),
		widget.NewToolbarAction(theme.ContentRedoIcon(), ui.redo),
		widget.NewToolbarSeparator(),
		widget.NewToolbarAction(theme.InfoIcon(), ui.imports.showLastSummary),
	)
}

var (
	shortcutRedo     = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutFind     = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutImport   = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutExport   = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutPasteNew = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutNext     = &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierAlt}
	shortcutPrevious = &desktop.CustomShortcut{KeyName: fyne.KeyUp, Modifier: fyne.KeyModifierAlt}
	shortcutCompare  = &desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault}
)

// mainMenu holds every command. Menu shortcuts fire whatever widget has the
// focus (the GLFW driver checks them first), which is what makes Ctrl+Z
// work while the article view is focused.
func (ui *UI) mainMenu() *fyne.MainMenu {
	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Shortcut = sc
		return it
	}
	recent := fyne.NewMenuItem(lang.L("Recent archives"), nil)
	recent.ChildMenu = fyne.NewMenu("")
	for _, p := range recentArchives(ui.app) {
		recent.ChildMenu.Items = append(recent.ChildMenu.Items, fyne.NewMenuItem(p, func() { ui.switchArchive(p) }))
	}
	file := fyne.NewMenu(lang.L("File"),
		item(lang.L("Import files…"), shortcutImport, ui.imports.chooseFiles),
		fyne.NewMenuItem(lang.L("Import folder…"), ui.imports.chooseFolder),
		item(lang.L("Paste as new article…"), shortcutPasteNew, ui.imports.pasteArticle),
		fyne.NewMenuItem(lang.L("Last import summary"), ui.imports.showLastSummary),
		fyne.NewMenuItem(lang.L("Load sample articles"), ui.loadSamples),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Export…"), shortcutExport, func() { ui.showExport(exportScopeDefault) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Open archive…"), ui.settings.chooseArchive),
		recent,
	)
	edit := fyne.NewMenu(lang.L("Edit"),
		item(lang.L("Undo"), &fyne.ShortcutUndo{}, ui.undo),
		item(lang.L("Redo"), shortcutRedo, ui.redo),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Delete selected annotation"), ui.reader.deleteSelected),
		fyne.NewMenuItem(lang.L("Make selection a claim"), func() { ui.reader.tagSelection("CLAIM") }),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Find"), shortcutFind, ui.find),
	)
	goMenu := fyne.NewMenu(lang.L("Go"))
	for _, name := range []string{tabLibrary, tabReader, tabEntities, tabClaims, tabSets, tabOverview} { // Settings…: shortcuts.go
		goMenu.Items = append(goMenu.Items, fyne.NewMenuItem(lang.L(name), func() { ui.showTab(name) }))
	}
	goMenu.Items = append(goMenu.Items, fyne.NewMenuItemSeparator(),
		item(lang.L("Previous article"), shortcutPrevious, func() { ui.reader.step(-1) }),
		item(lang.L("Next article"), shortcutNext, func() { ui.reader.step(1) }),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Compare coders…"), shortcutCompare, ui.showCompare))
	return ui.withAppItems(fyne.NewMainMenu(file, edit, goMenu))
}

// addShortcuts registers the window-level shortcuts for when no menu bar
// handles them (tests, and focus on a widget without shortcuts).
func (ui *UI) addShortcuts() {
	c := ui.win.Canvas()
	ui.keys = ui.keyBindings()
	ui.bindShortcuts()
	c.SetOnTypedRune(ui.reader.typedRune)
	c.SetOnTypedKey(ui.reader.typedKey)
}

// undo reverts the annotator's last change (a whole history group) and
// refreshes every screen.
func (ui *UI) undo() {
	// The Edit menu's shortcut wins over the focused field's own Ctrl+Z:
	// a field with edits to take back gets it.
	if f, ok := ui.win.Canvas().Focused().(interface{ CanUndo() bool }); ok && f.CanUndo() {
		f.(interface{ Undo() }).Undo()
		return
	}
	ui.revert("Undo", ui.store.UndoProgress)
}

// redo re-applies the last undone change.
func (ui *UI) redo() {
	if f, ok := ui.win.Canvas().Focused().(interface{ CanRedo() bool }); ok && f.CanRedo() {
		f.(interface{ Redo() }).Redo()
		return
	}
	ui.revert("Redo", ui.store.RedoProgress)
}

func (ui *UI) revert(what string, fn func(context.Context, string, func(int, int)) ([]model.HistoryEntry, error)) {
	var entries []model.HistoryEntry
	var cancelled bool
	// Taking back a propagation over a large archive takes seconds: a
	// dialog shows its progress and can cancel it (undoprogress.go).
	ui.setStatus(lang.L(what) + "…")
	ctx, cancel := context.WithCancel(ui.ctx)
	p := &revertProgress{ui: ui, what: what, cancel: cancel}
	ui.background(func() error {
		defer cancel()
		var err error
		entries, err = fn(ctx, ui.actor, p.report)
		cancelled = errors.Is(err, context.Canceled)
		if errors.Is(err, storage.ErrNothingToUndo) || errors.Is(err, storage.ErrNothingToRedo) || cancelled {
			return nil
		}
		return err
	}, func(err error) {
		p.close()
		if err != nil {
			return
		}
		if cancelled {
			ui.setStatus(p.cancelled())
			return
		}
		if len(entries) == 0 {
			ui.setStatus(map[string]string{"Undo": lang.L("Undo: nothing to undo"), "Redo": lang.L("Redo: nothing to redo")}[what])
			return
		}
		ui.setStatus(lang.L(what) + ": " + describeHistory(entries))
		ui.archiveChanged()
	})
}

// describeHistory sums up what an undo or redo changed, e.g. "1 annotation
// deleted".
func describeHistory(entries []model.HistoryEntry) string {
	e := entries[0]
	what := historyChange(e)
	if len(entries) == 1 {
		return what
	}
	return lang.N("{{.Count}} changes ({{.First}}, …)", len(entries), map[string]any{"Count": i18n.Int(len(entries)), "First": what})
}

// find focuses the reader's find box in the reader, else the library's
// search box.
func (ui *UI) find() {
	if t := ui.tabs.Selected(); t != nil && t.Text == lang.L(tabReader) {
		ui.win.Canvas().Focus(ui.reader.find)
		return
	}
	ui.library.focusSearch()
}
