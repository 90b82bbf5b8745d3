package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

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

	unlocking *unlockDialog // the last encrypted bundle's question (tests answer it)
}

func newImportScreen(ui *UI) *importScreen { return &importScreen{ui: ui} }

func (im *importScreen) chooseFiles() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		rc.Close()
		im.run([]string{rc.URI().Path()})
	}, im.ui.win)
	d.Resize(fyne.NewSize(900, 620))
	d.Show()
}

func (im *importScreen) chooseFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		im.run([]string{l.Path()})
	}, im.ui.win)
	d.Resize(fyne.NewSize(900, 620))
	d.Show()
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
		im.run(paths)
	}
}

// run imports paths in the background, showing progress with a Cancel
// button, then the summary.
func (im *importScreen) run(paths []string) {
	if im.running {
		im.ui.setStatus("An import is already running")
		return
	}
	im.running = true
	ctx, cancel := context.WithCancel(im.ui.ctx)
	bar := widget.NewProgressBar()
	current := widget.NewLabel("Counting files…")
	current.Truncation = fyne.TextTruncateEllipsis
	prog := dialog.NewCustomWithoutButtons("Importing", container.NewVBox(bar, current,
		widget.NewButton("Cancel", func() { cancel(); current.SetText("Cancelling…") })), im.ui.win)
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
			current.SetText(fmt.Sprintf("%d / %d  %s", p.Done, p.Total, filepath.Base(p.Current)))
		})
	}
	var rep *importer.Report
	im.ui.background(func() error {
		defer cancel()
		var err error
		unlock := func(path string) ([]age.Identity, error) { return im.askUnlock(ctx, path) }
		rep, err = importer.Run(ctx, im.ui.store, paths, importer.Options{Actor: im.ui.actor, Unlock: unlock}, progress)
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
	s := fmt.Sprintf("Import: %d files, %d imported, %d duplicates, %d similar, %d failed", rep.Files, rep.Imported, rep.Duplicates, rep.Similar, rep.Failed)
	if rep.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped", rep.Skipped)
	}
	if rep.Cancelled {
		s += " (cancelled)"
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
			line := fmt.Sprintf("%-9s %s", e.Status, e.Path)
			switch {
			case e.Reason != "":
				line += " — " + e.Reason
			case e.DuplicateOf != "":
				line += " — duplicate of " + e.DuplicateOf
			case e.SimilarTo != "":
				line += fmt.Sprintf(" — similar (%.0f%%) to %s", 100*e.Similarity, e.SimilarTo)
			case e.Bundle != nil:
				line += fmt.Sprintf(" — %d articles, %d annotations, %d entities added", e.Bundle.ArticlesAdded, e.Bundle.AnnotationsAdded, e.Bundle.EntitiesAdded)
			}
			lines = append(lines, line)
			for _, w := range e.Warnings {
				lines = append(lines, "          warning: "+w)
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
		im.ui.setStatus("No import yet in this session")
		return
	}
	lines := summaryLines(im.last)
	list := widget.NewList(
		func() int { return len(lines) - 1 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.TextStyle = fyne.TextStyle{Monospace: true}
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i+1]) },
	)
	head := widget.NewLabelWithStyle(lines[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	copyAll := widget.NewButton("Copy to clipboard", func() {
		im.ui.app.Clipboard().SetContent(strings.Join(lines, "\n"))
	})
	d := dialog.NewCustom("Import summary", "Close", container.NewBorder(head, copyAll, nil, nil, list), im.ui.win)
	d.Resize(fyne.NewSize(900, 520))
	d.Show()
}

// pasteArticle asks for text (pre-filled from the clipboard) and stores it
// as a new article.
func (im *importScreen) pasteArticle() {
	text := widget.NewMultiLineEntry()
	text.Wrapping = fyne.TextWrapWord
	text.SetText(im.ui.app.Clipboard().Content())
	text.SetPlaceHolder("Paste the article here. The first line becomes the title.")
	d := dialog.NewCustomConfirm("Paste as new article", "Import", "Cancel", text, func(ok bool) {
		if ok {
			im.importText(text.Text)
		}
	}, im.ui.win)
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
			im.ui.showError(fmt.Errorf("pasted text: %s", e.Reason))
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
