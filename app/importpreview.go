package app

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"daftar/importer"
	"daftar/ingest"
)

// previewWorkers bounds the files read at once for a preview: the machine
// may have two cores, and the UI needs one.
const previewWorkers = 2

// previewSummaryWidth is how wide a file's summary grows before it wraps,
// leaving the row room for the file's name and its format choice.
const previewSummaryWidth = 360

// importPreview is the dialog shown before an import: each chosen file or
// folder with what it holds and the format it will be read as, which the
// user can change.
type importPreview struct {
	im     *importScreen
	paths  []string
	rows   []*previewRow
	ctx    context.Context
	cancel context.CancelFunc
	sem    chan struct{}
	dlg    *appDialog
	start  *dialogButton
}

// previewRow is one chosen path: its format choice and what was found.
type previewRow struct {
	path    string
	format  *bidiSelect
	summary *bidiText
	stop    context.CancelFunc // the reading under way, if any
	done    bool
}

// preview shows what paths hold and imports them when the user agrees.
func (im *importScreen) preview(paths []string) {
	if im.running {
		im.ui.setStatus(lang.L("An import is already running"))
		return
	}
	p := &importPreview{im: im, paths: paths, sem: make(chan struct{}, previewWorkers)}
	p.ctx, p.cancel = context.WithCancel(im.ui.ctx)
	options := append([]string{lang.L("Detect")}, ingest.Formats...)
	list := container.NewVBox()
	for _, path := range paths {
		r := &previewRow{path: path, summary: newBidiText("", previewSummaryWidth)}
		r.format = newBidiSelect(options, func(string) { p.read(r) })
		name := newBoldBidiLabel(filepath.Base(path))
		name.fit = true
		list.Add(container.NewBorder(nil, nil, name, r.format, r.summary))
		p.rows = append(p.rows, r)
		r.format.SetSelectedIndex(0) // reads the file
	}
	p.start = newDialogButton(lang.L("Import"), nil, p.confirm)
	p.start.Importance = widget.HighImportance
	cancel := newDialogButton(lang.L("Cancel"), nil, p.close)
	head := widget.NewLabel(lang.L("What the chosen files hold (nothing is stored yet). Choose another format for a file if it was not recognised."))
	head.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(head, container.NewHBox(cancel, p.start), nil, nil, container.NewVScroll(list))
	p.dlg = newAppDialog(im.ui.win, lang.L("Import"), body)
	p.dlg.setKeys(p.close, p.confirm)
	p.dlg.Resize(fyne.NewSize(900, 420))
	im.pending = p
	p.dlg.Show()
}

// read (re)reads one path in the background with its chosen format; a
// reading under way for the row is cancelled first.
func (p *importPreview) read(r *previewRow) {
	if r.stop != nil {
		r.stop()
	}
	ctx, stop := context.WithCancel(p.ctx)
	r.stop, r.done = stop, false
	format := ""
	if r.format.SelectedIndex() > 0 {
		format = r.format.Selected
	}
	r.summary.SetText(lang.L("Reading…"))
	var fp importer.FilePreview
	var err error
	p.im.ui.background(func() error {
		select {
		case p.sem <- struct{}{}:
			defer func() { <-p.sem }()
		case <-ctx.Done():
			return nil
		}
		fp, err = importer.Preview(ctx, r.path, ingest.Options{Format: format})
		return nil // shown in the row, not as the window's status
	}, func(error) {
		if ctx.Err() != nil {
			return // superseded by another choice, or the dialog closed
		}
		r.done = true
		if err != nil {
			r.summary.SetText(err.Error())
			return
		}
		r.summary.SetText(previewText(fp))
	})
}

// previewText sums up a file: "Nexis Uni, 100 articles (2019-03-01 …
// 2019-04-12, 7 sources)".
func previewText(fp importer.FilePreview) string {
	if fp.Articles == 0 && fp.Bundles == 0 {
		if fp.Err != "" {
			return lang.L("Nothing can be read:") + " " + fp.Err
		}
		return lang.L("No article found")
	}
	s := lang.N("{{.Count}} articles", fp.Articles, map[string]any{"Count": fp.Articles})
	if len(fp.Formats) > 0 {
		labels := make([]string, len(fp.Formats))
		for i, f := range fp.Formats {
			labels[i] = ingest.FormatLabel(f)
		}
		s = strings.Join(labels, " + ") + ", " + s
	}
	if fp.Bundles > 0 {
		s += ", " + lang.N("{{.Count}} Daftar bundles", fp.Bundles, map[string]any{"Count": fp.Bundles})
	}
	var more []string
	if fp.First != "" {
		first, last := dateOnly(fp.First), dateOnly(fp.Last)
		if first == last {
			more = append(more, first)
		} else {
			more = append(more, first+" … "+last)
		}
	}
	if fp.Sources > 0 {
		more = append(more, lang.N("{{.Count}} sources", fp.Sources, map[string]any{"Count": fp.Sources}))
	}
	if len(more) > 0 {
		s += " (" + strings.Join(more, ", ") + ")"
	}
	if fp.Failed > 0 {
		s += "; " + lang.N("{{.Count}} files not readable, first:", fp.Failed, map[string]any{"Count": fp.Failed}) + " " + fp.Err
	}
	return s
}

func dateOnly(d string) string {
	if len(d) > 10 {
		return d[:10]
	}
	return d
}

// formats are the per-path choices that differ from detection.
func (p *importPreview) formats() map[string]string {
	m := map[string]string{}
	for _, r := range p.rows {
		if r.format.SelectedIndex() > 0 {
			m[r.path] = r.format.Selected
		}
	}
	return m
}

// confirm stops the previews and imports with the chosen formats.
func (p *importPreview) confirm() {
	formats := p.formats()
	p.close()
	p.im.runWith(p.paths, formats)
}

func (p *importPreview) close() {
	p.cancel()
	p.dlg.Hide()
	if p.im.pending == p {
		p.im.pending = nil
	}
}
