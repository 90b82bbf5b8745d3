package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"daftar/bundle"
	"daftar/export"
	"daftar/i18n"
	"daftar/seal"
	"daftar/storage"
)

// Export scopes offered by the dialog. A set scope is the prefix followed
// by the set's name.
const (
	exportScopeDefault   = ""
	exportScopeArchive   = "Whole archive"
	exportScopeSearch    = "Current search"
	exportScopeMarked    = "Marked articles"
	exportScopeSetPrefix = "Set: "
)

// exportDialog chooses scope, format, offset unit, BOM and destination, and
// writes the export with a progress bar.
type exportDialog struct {
	ui      *UI
	dlg     *appDialog
	scope   *bidiSelect
	format  *bidiSelect
	offsets *widget.RadioGroup
	bom     *widget.Check
	review  *widget.Entry // ClaimReview: publisher base URL
	unverif *widget.Check // ClaimReview: include unrated claims
	dest    *dialogEntry
	redact  *widget.CheckGroup // what to remove before writing (export.ParseRedaction items)
	pass    [2]*widget.Entry   // passphrase and again; empty: not encrypted
	bar     *widget.ProgressBar
	info    *bidiText
	run     *widget.Button
	setIDs  map[string]string
	cancel  context.CancelFunc
}

// formatNotes say what each format writes, under the format choice.
var formatNotes = map[string]string{
	"csv":         msgKey("a folder (or .zip) of CSV tables: articles, annotations, entities"),
	"json":        msgKey("the Daftar bundle (code point offsets), re-importable"),
	"jsonl":       msgKey("one JSON line per article (doccano)"),
	"brat":        msgKey("a folder (or .zip) of brat standoff .txt/.ann pairs"),
	"conll":       msgKey("CoNLL BIO token tags"),
	"w3c":         msgKey("W3C Web Annotation JSON-LD"),
	"qdpx":        msgKey("REFI-QDA project (.qdpx) for QDA tools"),
	"claimreview": msgKey("schema.org ClaimReview JSON for the claims"),
	"labelstudio": msgKey("Label Studio JSON tasks (UTF-16 offsets) and its labeling config beside them"),
}

// showExport opens the export dialog; scope preselects one.
func (ui *UI) showExport(scope string) {
	e := &exportDialog{ui: ui, setIDs: map[string]string{}}
	scopes := []string{lang.L(exportScopeArchive)}
	if ui.library.searching() {
		scopes = append(scopes, fmt.Sprintf("%s (%s)", lang.L(exportScopeSearch), articleCount(len(ui.library.rows))))
	}
	if n := len(ui.library.marked); n > 0 {
		scopes = append(scopes, fmt.Sprintf("%s (%s)", lang.L(exportScopeMarked), i18n.Int(n)))
	}
	for _, s := range ui.sets.sets {
		scopes = append(scopes, lang.L(exportScopeSetPrefix)+s.Name)
		e.setIDs[lang.L(exportScopeSetPrefix)+s.Name] = s.ID
	}
	e.scope = newBidiSelect(scopes, nil)
	e.scope.SetSelectedIndex(0)
	for _, s := range scopes {
		if scope != exportScopeDefault && strings.HasPrefix(s, scope) {
			e.scope.SetSelected(s)
		}
	}
	note := newBidiText("", messageWidth)
	e.format = newBidiSelect(export.Formats, func(f string) {
		note.SetText(lang.L(formatNotes[f]))
		e.dest.SetText(defaultExportPath(e.dest.Text, f))
	})
	e.offsets = widget.NewRadioGroup([]string{export.UnitCodepoint, export.UnitUTF16}, nil)
	e.offsets.Horizontal = true
	e.offsets.SetSelected(export.UnitCodepoint)
	e.bom = widget.NewCheck(lang.L("UTF-8 BOM in CSV (Excel reads Arabic right)"), nil)
	e.bom.SetChecked(true)
	e.review, e.unverif = widget.NewEntry(), widget.NewCheck(lang.L("include unverified claims"), nil)
	e.review.SetPlaceHolder(lang.L("publisher base URL for review urls (default: the article's URL)"))
	e.redact = widget.NewCheckGroup(append([]string{"annotators", "notes", "origins"}, export.RedactFields...), nil)
	e.redact.Horizontal = true
	e.pass = [2]*widget.Entry{widget.NewPasswordEntry(), widget.NewPasswordEntry()}
	e.pass[0].SetPlaceHolder(lang.L("passphrase to encrypt with (empty: not encrypted)"))
	e.pass[1].SetPlaceHolder(lang.L("again"))
	e.dest = newDialogEntry()
	browse := newDialogButton(lang.L("Browse…"), nil, e.browse)
	e.bar = widget.NewProgressBar()
	e.info = newBidiText("", messageWidth)
	e.format.SetSelected("csv")
	e.run = widget.NewButton(lang.L("Export"), e.start)
	e.run.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Scope"), e.scope),
		widget.NewFormItem(lang.L("Format"), container.NewVBox(e.format, note)),
		widget.NewFormItem(lang.L("Offsets"), e.offsets),
		widget.NewFormItem("", e.bom),
		widget.NewFormItem("ClaimReview", container.NewBorder(nil, nil, nil, e.unverif, e.review)),
		widget.NewFormItem(lang.L("Remove"), e.redact),
		widget.NewFormItem(lang.L("Encrypt"), container.NewGridWithColumns(2, e.pass[0], e.pass[1])),
		widget.NewFormItem(lang.L("Destination"), container.NewBorder(nil, nil, nil, browse, e.dest)),
	)
	closeExport := func() {
		if e.cancel != nil {
			e.cancel()
		}
		e.dlg.Hide()
	}
	content := container.NewVBox(form, container.NewHBox(e.run, newDialogButton(lang.L("Close"), nil, closeExport)), e.bar, e.info)
	e.dlg = newAppDialog(ui.win, lang.L("Export"), content)
	e.dlg.setKeys(closeExport, e.start)
	e.dlg.Resize(fyne.NewSize(720, 540))
	e.dlg.Show()
	ui.win.Canvas().Focus(e.dest)
	ui.exportDlg = e
}

// defaultExportPath keeps the chosen folder and name and fits the
// extension to the format: folders for csv and brat, files otherwise.
func defaultExportPath(cur, format string) string {
	dir := filepath.Dir(cur)
	if cur == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = home
	}
	base := "daftar-export"
	switch format {
	case "csv", "brat":
		return filepath.Join(dir, base+"-"+format)
	case "conll":
		return filepath.Join(dir, base+".conll")
	case "w3c", "claimreview", "labelstudio":
		return filepath.Join(dir, base+"-"+format+".json")
	}
	return filepath.Join(dir, base+"."+format)
}

func (e *exportDialog) browse() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err == nil && l != nil {
			e.dest.SetText(filepath.Join(l.Path(), filepath.Base(e.dest.Text)))
		}
	}, e.ui.win)
	d.Resize(fyne.NewSize(900, 620))
	showFileDialog(e.ui.win, d)
}

// scopeFor turns the scope choice into a storage scope.
func (e *exportDialog) scopeFor(choice string) storage.Scope {
	lib := e.ui.library
	switch {
	case strings.HasPrefix(choice, lang.L(exportScopeSearch)):
		return storage.Scope{ArticleIDs: lib.shownIDs()}
	case strings.HasPrefix(choice, lang.L(exportScopeMarked)):
		return storage.Scope{ArticleIDs: lib.markedIDs()}
	case strings.HasPrefix(choice, lang.L(exportScopeSetPrefix)):
		return storage.Scope{SetID: e.setIDs[choice]}
	}
	return storage.Scope{}
}

// start writes the export off the UI goroutine.
func (e *exportDialog) start() {
	opts := export.Options{Format: e.format.Selected, Out: strings.TrimSpace(e.dest.Text), BOM: e.bom.Checked, Offsets: e.offsets.Selected,
		ReviewURL: strings.TrimSpace(e.review.Text), Unverified: e.unverif.Checked}
	if opts.Out == "" {
		e.info.SetText(lang.L("Choose a destination"))
		return
	}
	opts.Redact, _ = export.ParseRedaction(strings.Join(e.redact.Selected, ",")) // only known items are offered
	if p := e.pass[0].Text; p != "" || e.pass[1].Text != "" {
		if p != e.pass[1].Text {
			e.info.SetText(lang.L("The passphrases differ"))
			return
		}
		opts.Recipients, _ = seal.Passphrase(p) // p is not empty here
	}
	scope := e.scopeFor(e.scope.Selected)
	ctx, cancel := context.WithCancel(e.ui.ctx)
	e.cancel = cancel
	e.run.Disable()
	e.bar.SetValue(0)
	e.info.SetText(lang.L("Reading the archive…"))
	var summary string
	e.ui.background(func() error {
		defer cancel()
		load := func(ctx context.Context) (*bundle.Bundle, error) { return e.ui.store.ExportBundle(ctx, scope) }
		n, err := export.Run(ctx, opts, load, func(done, total int) {
			e.ui.do(func() { e.bar.SetValue(float64(done) / float64(max(total, 1))) })
		})
		if err != nil {
			return err
		}
		summary = articleCount(n.Articles) + ", " + annotationCount(n.Annotations) + ", " + entityCount(n.Entities) + " " +
			lang.L("written to {{.Path}} ({{.Format}}, {{.Unit}} offsets)", map[string]any{"Path": opts.Out, "Format": opts.Format, "Unit": opts.Unit()})
		if len(opts.Recipients) > 0 {
			summary += "\n" + lang.L("Encrypted with the passphrase (age).")
		}
		if n.RedactionMap != "" {
			summary += "\n" + lang.L("Annotators renamed coder-1, coder-2, …; the key is in {{.Path}}: keep it, do not share it.", map[string]any{"Path": n.RedactionMap})
		}
		for _, note := range n.Notes {
			summary += "\n" + note
		}
		return nil
	}, func(err error) {
		e.run.Enable()
		e.cancel = nil
		if err != nil {
			e.info.SetText(lang.L("Export failed: {{.Reason}}", map[string]any{"Reason": err.Error()}))
			return
		}
		e.bar.SetValue(1)
		e.info.SetText(summary)
		e.ui.setStatus(strings.SplitN(summary, "\n", 2)[0]) // notes stay in the dialog
	})
}
