package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
	"daftar/importer"
)

// progressInterval throttles progress updates: an import of 10,000 small
// files must not queue 10,000 redraws.
const progressInterval = 100 * time.Millisecond

// importScreen runs imports (files, folders, dropped files, pasted text)
// with a progress dialog and keeps the last summary for the info button.
type importScreen struct {
	ui      *UI
	last    *importer.Report
	running bool
	pending *importPreview // the preview dialog on screen, if any

	unlocking *unlockDialog // the last encrypted bundle's question (tests answer it)
}

func newImportScreen(ui *UI) *importScreen { return &importScreen{ui: ui} }

func (im *importScreen) chooseFiles() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		rc.Close()
		im.preview([]string{rc.URI().Path()})
	}, im.ui.win)
	d.Resize(fyne.NewSize(900, 620))
	showFileDialog(im.ui.win, d)
}

func (im *importScreen) chooseFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		im.preview([]string{l.Path()})
	}, im.ui.win)
	d.Resize(fyne.NewSize(900, 620))
	showFileDialog(im.ui.win, d)
}

// dropped imports files and folders dropped onto the window.
func (im *importScreen) dropped(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		im.preview(paths)
	}
}

// run imports paths in the background, showing progress with a Cancel
// button, then the summary.
func (im *importScreen) run(paths []string) { im.runWith(paths, nil) }

// runWith imports with a format forced for some paths (from the preview).
func (im *importScreen) runWith(paths []string, formats map[string]string) {
	if im.running {
		im.ui.setStatus(lang.L("An import is already running"))
		return
	}
	im.running = true
	ctx, cancel := context.WithCancel(im.ui.ctx)
	bar := widget.NewProgressBar()
	current := newBidiLabel(lang.L("Counting files…"))
	stop := newDialogButton(lang.L("Cancel"), nil, func() { cancel(); current.SetText(lang.L("Cancelling…")) })
	prog := newAppDialog(im.ui.win, lang.L("Importing"), container.NewVBox(bar, current, stop))
	prog.setKeys(stop.OnTapped, nil)
	prog.Resize(fyne.NewSize(560, 160))
	prog.Show()

	var mu sync.Mutex
	var lastShown time.Time
	progress := func(p importer.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(lastShown) < progressInterval && p.Done < p.Total {
			return
		}
		lastShown = time.Now()
		im.ui.do(func() {
			bar.SetValue(float64(p.Done) / float64(max(p.Total, 1)))
			current.SetText(fmt.Sprintf("%s / %s  %s", i18n.Int(p.Done), i18n.Int(p.Total), filepath.Base(p.Current)))
		})
	}
	var rep *importer.Report
	im.ui.background(func() error {
		defer cancel()
		var err error
		unlock := func(path string) ([]age.Identity, error) { return im.askUnlock(ctx, path) }
		rep, err = importer.Run(ctx, im.ui.store, paths, importer.Options{Actor: im.ui.actor, Unlock: unlock, Formats: formats}, progress)
		return err
	}, func(err error) {
		im.running = false
		prog.Hide()
		if err != nil {
			im.ui.showError(err)
			return
		}
		im.finished(rep)
	})
}

// finished keeps a report, refreshes the screens and shows the summary.
func (im *importScreen) finished(rep *importer.Report) {
	im.last = rep
	im.ui.setStatus(reportLine(rep))
	im.ui.archiveChanged()
	im.showLastSummary()
}

// reportLine sums up an import in one line.
func reportLine(rep *importer.Report) string {
	s := lang.L("Import: {{.Files}}, {{.Imported}} imported, {{.Duplicates}} duplicates, {{.Similar}} similar, {{.Failed}} failed", map[string]any{
		"Files": lang.N("{{.Count}} files", rep.Files, map[string]any{"Count": i18n.Int(rep.Files)}), "Imported": i18n.Int(rep.Imported),
		"Duplicates": i18n.Int(rep.Duplicates), "Similar": i18n.Int(rep.Similar), "Failed": i18n.Int(rep.Failed)})
	if rep.Skipped > 0 {
		s += ", " + lang.L("{{.Count}} skipped", map[string]any{"Count": i18n.Int(rep.Skipped)})
	}
	if rep.DuplicatesByID > 0 {
		s += " " + lang.L("(duplicates by document id:") + fmt.Sprintf(" %d)", rep.DuplicatesByID)
	}
	if rep.Cancelled {
		s += " " + lang.L("(cancelled)")
	}
	return s
}

// summaryLines lists what happened to each file, failures first: the
// first line sums up, then one line per file (and per warning).
func summaryLines(rep *importer.Report) []string {
	lines := []string{reportLine(rep)}
	for _, status := range []string{importer.StatusFailed, importer.StatusSkipped, importer.StatusDuplicate, importer.StatusImported, importer.StatusMerged} {
		for _, e := range rep.Entries {
			if e.Status != status {
				continue
			}
			line := fmt.Sprintf("%-9s %s", importStatus(e.Status), e.Path)
			switch {
			case e.Reason != "":
				line += " — " + e.Reason
			case e.DuplicateOf != "":
				line += " — " + lang.L("duplicate of {{.ID}}", map[string]any{"ID": e.DuplicateOf})
			case e.SimilarTo != "":
				line += " — " + lang.L("similar ({{.Percent}}%) to {{.ID}}", map[string]any{"Percent": i18n.Float(100*e.Similarity, 0), "ID": e.SimilarTo})
			case e.Bundle != nil:
				line += " — " + lang.L("added: {{.Articles}}, {{.Annotations}}, {{.Entities}}", map[string]any{"Articles": articleCount(e.Bundle.ArticlesAdded), "Annotations": annotationCount(e.Bundle.AnnotationsAdded), "Entities": entityCount(e.Bundle.EntitiesAdded)})
			}
			lines = append(lines, line)
			for _, w := range e.Warnings {
				lines = append(lines, "          "+lang.L("warning: {{.Text}}", map[string]any{"Text": w}))
			}
		}
	}
	return lines
}

// showLastSummary shows the last import's report, one line per file in a
// virtualized list (an import of 10,000 files gives 10,000 lines), with a
// button that copies it all.
func (im *importScreen) showLastSummary() {
	if im.last == nil {
		im.ui.setStatus(lang.L("No import yet in this session"))
		return
	}
	lines := summaryLines(im.last)
	list := widget.NewList(
		func() int { return len(lines) - 1 },
		func() fyne.CanvasObject { return newBidiLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*bidiLabel).SetText(lines[i+1]) },
	)
	head := newBoldBidiLabel(lines[0])
	copyAll := newDialogButton(lang.L("Copy to clipboard"), nil, func() {
		im.ui.app.Clipboard().SetContent(strings.Join(lines, "\n"))
	})
	d := newCloseDialog(im.ui.win, lang.L("Import summary"), lang.L("Close"), container.NewBorder(head, copyAll, nil, nil, list))
	d.Resize(fyne.NewSize(900, 520))
	d.Show()
}

// pasteArticle asks for text (pre-filled from the clipboard) and stores it
// as a new article.
func (im *importScreen) pasteArticle() {
	text := newDialogBidiEntry()
	text.MultiLine, text.Wrapping = true, fyne.TextWrapWord
	text.Wrapping = fyne.TextWrapWord
	text.SetText(im.ui.app.Clipboard().Content())
	text.SetPlaceHolder(lang.L("Paste the article here. The first line becomes the title."))
	d := newConfirmDialog(im.ui.win, lang.L("Paste as new article"), lang.L("Import"), lang.L("Cancel"), text, func(ok bool) {
		if ok {
			im.importText(text.Text)
		}
	})
	d.Resize(fyne.NewSize(800, 520))
	d.Show()
}

// importText stores pasted text as an article, with the same rules as a
// text file (title, dateline, language and direction detection).
func (im *importScreen) importText(text string) {
	var rep *importer.Report
	im.ui.background(func() error {
		var err error
		rep, err = importer.Text(im.ui.ctx, im.ui.store, text, importer.Options{Actor: im.ui.actor})
		return err
	}, func(err error) {
		if err != nil {
			im.ui.showError(err)
			return
		}
		im.last = rep
		im.ui.setStatus(reportLine(rep))
		e := rep.Entries[0]
		if e.Status == importer.StatusFailed {
			im.ui.showError(errors.New(lang.L("pasted text: {{.Reason}}", map[string]any{"Reason": e.Reason})))
			return
		}
		im.ui.archiveChanged()
		id := e.ID
		if e.DuplicateOf != "" {
			id = e.DuplicateOf
		}
		im.ui.openArticle(id, nil)
	})
}
