package app

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"daftar/importer"
	"daftar/model"
	"daftar/storage"
)

// typeKey sends a key the way the driver does: to the focused widget, or
// to the canvas when none has the focus.
func typeKey(ui *UI, name fyne.KeyName) {
	act(ui, func() {
		c := ui.win.Canvas()
		ev := &fyne.KeyEvent{Name: name}
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
	})
}

// dialogCase opens one dialog of the window.
type dialogCase struct {
	open func(t *testing.T, ui *UI)
	// entered reports what Enter did; nil: Enter closes the dialog.
	entered func(ui *UI) bool
	noEnter bool // no default action: Enter leaves the dialog open
}

// dialogCases has an entry for every function that builds a dialog with
// the helpers whose keys the caller wires (TestEveryDialogIsInTheTable).
// showMessage, showErrorMessage and showConfirm have fixed keys; About,
// an error, deleting an entity and restoring a backup cover them.
var dialogCases = map[string]dialogCase{
	"(*UI).showAbout": {open: func(_ *testing.T, ui *UI) { act(ui, ui.showAbout) }},
	"(*UI).showError": {open: func(_ *testing.T, ui *UI) { act(ui, func() { ui.showError(errors.New("قاعدة 2019: locked")) }) }},
	"(*UI).showKeys":  {open: func(_ *testing.T, ui *UI) { act(ui, ui.showKeys) }},
	"(*UI).askAnnotator": {open: func(_ *testing.T, ui *UI) { act(ui, ui.askAnnotator) },
		entered: func(ui *UI) bool { return ui.actor != "" }},
	"(*UI).showExport": {open: func(t *testing.T, ui *UI) {
		out := filepath.Join(t.TempDir(), "out.jsonl")
		act(ui, func() { ui.showExport(exportScopeDefault); ui.exportDlg.dest.SetText(out) })
	}, entered: func(ui *UI) bool { return ui.exportDlg.info.Text != "" }},
	"(*entitiesScreen).merge": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() {
			ui.entities.selected = &model.Entity{ID: "e1", Name: "وزارة المياه", Type: "ORG"}
			ui.entities.merge()
		})
	}},
	"(*entitiesScreen).remove": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() {
			ui.entities.selected = &model.Entity{ID: "e1", Name: "وزارة المياه", Type: "ORG"}
			ui.entities.remove()
		})
	}},
	"(*setsScreen).askSetName": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() { ui.sets.askSetName("New set", func(string) {}) })
	}},
	"(*setsScreen).showSuggestions": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() { ui.sets.selected = &model.Set{ID: "s1", Name: "قراءة 2"}; ui.sets.showSuggestions() })
	}, noEnter: true},
	"(*importScreen).runWith": {open: func(t *testing.T, ui *UI) {
		// Escape in the progress dialog cancels the import, then closes
		// the summary that follows.
		dir := writeTestFiles(t)
		act(ui, func() { ui.imports.runWith([]string{dir}, nil) })
	}, entered: func(ui *UI) bool { return ui.imports.last != nil }}, // no default: the import runs on
	"(*importScreen).preview": {open: func(t *testing.T, ui *UI) {
		dir := writeTestFiles(t)
		act(ui, func() { ui.imports.preview([]string{dir}) })
	}, entered: func(ui *UI) bool { return ui.imports.pending == nil && ui.imports.last != nil }}, // Enter imports
	"(*backupsSection).confirmRestore": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() {
			ui.settings.backups.confirmRestore(storage.BackupInfo{Path: "backup.db", Time: time.Now(), Reason: "open"})
		})
	}, entered: func(ui *UI) bool { return ui.restoreFrom == "backup.db" }},
	"(*importScreen).askUnlock": {open: func(_ *testing.T, ui *UI) {
		go ui.imports.askUnlock(context.Background(), "secret.daftar") //nolint:errcheck // the answer is the dialog's
	}},
	"(*importScreen).showLastSummary": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() { ui.imports.last = &importer.Report{}; ui.imports.showLastSummary() })
	}},
	"(*importScreen).pasteArticle": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() {
			ui.app.Clipboard().SetContent("خبر 2019\n\nنص الخبر.")
			ui.imports.pasteArticle()
		})
	}, entered: func(ui *UI) bool { return len(ui.library.rows) == 1 }},
	"(*importScreen).chooseFiles":     {open: func(_ *testing.T, ui *UI) { act(ui, ui.imports.chooseFiles) }, noEnter: true},
	"(*importScreen).chooseFolder":    {open: func(_ *testing.T, ui *UI) { act(ui, ui.imports.chooseFolder) }, noEnter: true},
	"(*settingsScreen).chooseArchive": {open: func(_ *testing.T, ui *UI) { act(ui, ui.settings.chooseArchive) }, noEnter: true},
	"(*exportDialog).browse": {open: func(_ *testing.T, ui *UI) {
		act(ui, func() { ui.showExport(exportScopeDefault); ui.exportDlg.browse() })
	}, noEnter: true},
	"(*compareWindow).showEdit": {open: openCompareEdit, entered: func(ui *UI) bool { return hasGold(ui) }},
	"(*revertProgress).show":    {open: openRevertProgress, noEnter: true}, // Enter does not cancel
	"(*readerScreen).tagAllOccurrences": {open: func(t *testing.T, ui *UI) {
		importTestFiles(t, ui)
		openTitled(t, ui, "وزارة المياه تعلن خطة طوارئ")
		selectQuote(t, ui, "وزارة المياه") // twice in the article: a plan of one
		pressKeys(ui, "1")
		waitFor(t, ui, "the annotation", func() bool { return len(ui.reader.anns) == 1 })
		act(ui, func() { ui.reader.selectAnnotation(ui.reader.anns[0].ID, true); ui.reader.tagAllOccurrences() })
		waitFor(t, ui, "the plan", func() bool { return !ui.reader.propDlg.apply.Disabled() })
	}, entered: func(ui *UI) bool { return ui.reader.propDlg.result != "" }},
}

// shownDialogs counts the dialogs and pop-ups with keys on the canvas.
func shownDialogs(ui *UI) int {
	n := 0
	act(ui, func() {
		prune(ui.win.Canvas())
		keyStacks.Lock()
		defer keyStacks.Unlock()
		if st := keyStacks.m[ui.win.Canvas()]; st != nil {
			n = len(st.layers)
		}
	})
	return n
}

// TestDialogKeys opens every dialog of the window: Escape closes it (its
// cancel action), Enter runs its default action.
func TestDialogKeys(t *testing.T) {
	for name, c := range dialogCases {
		t.Run(name, func(t *testing.T) {
			ui, _ := newTestUI(t)
			c.open(t, ui)
			poll(t, "the dialog", func() bool { return shownDialogs(ui) > 0 })
			for shownDialogs(ui) > 0 { // the import's summary follows its progress
				typeKey(ui, fyne.KeyEscape)
				ui.wait()
			}
			if ui.win.Canvas().Overlays().Top() != nil {
				t.Fatal("Escape left an overlay")
			}
			if name == "(*readerScreen).tagAllOccurrences" {
				act(ui, ui.reader.tagAllOccurrences)
				waitFor(t, ui, "the plan", func() bool { return !ui.reader.propDlg.apply.Disabled() })
			} else {
				c.open(t, ui)
			}
			poll(t, "the dialog again", func() bool { return shownDialogs(ui) > 0 })
			ui.wait()
			typeKey(ui, fyne.KeyReturn)
			switch {
			case c.noEnter:
				if shownDialogs(ui) == 0 {
					t.Error("Enter closed a dialog without a default action")
				}
			case c.entered != nil:
				waitFor(t, ui, "the default action", func() bool { return c.entered(ui) })
			default:
				poll(t, "Enter to close the dialog", func() bool { return shownDialogs(ui) == 0 })
			}
			ui.wait()
		})
	}
}

// keyedBuilders are the dialog helpers whose keys the caller wires.
var keyedBuilders = []string{"newAppDialog", "newConfirmDialog", "newCloseDialog", "newFormDialog", "showFileDialog"}

// TestEveryDialogIsInTheTable fails when a function builds a dialog and
// TestDialogKeys does not open it.
func TestEveryDialogIsInTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || slices.Contains(sharedPath, name) {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && slices.Contains(keyedBuilders, selectorName(call.Fun)) {
					found[funcName(fn)] = true
				}
				return true
			})
		}
	}
	for name := range found {
		if _, ok := dialogCases[name]; !ok {
			t.Errorf("%s builds a dialog that TestDialogKeys does not open: add it to dialogCases", name)
		}
	}
	for name := range dialogCases {
		if !found[name] && !slices.Contains([]string{"(*UI).showAbout", "(*UI).showError", "(*entitiesScreen).remove",
			"(*backupsSection).confirmRestore"}, name) {
			t.Errorf("dialogCases has %s, which builds no dialog", name)
		}
	}
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil {
		return fn.Name.Name
	}
	recv := fn.Recv.List[0].Type
	if s, ok := recv.(*ast.StarExpr); ok {
		return "(*" + s.X.(*ast.Ident).Name + ")." + fn.Name.Name
	}
	return "(" + recv.(*ast.Ident).Name + ")." + fn.Name.Name
}
