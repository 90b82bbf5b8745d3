package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/agreement"
	"daftar/model"
	"daftar/storage"
)

// agreementStore is what the agreement table reads.
type agreementStore interface {
	Sets(ctx context.Context) ([]model.Set, error)
	SpansOfSet(ctx context.Context, setID string) (*storage.SetCoding, error)
}

// agreementPanel is the Overview's inter-coder agreement table for one
// set: alpha and kappa overall, per type and per pair of coders, span
// scores and claim figures, each with its interval and the units behind
// it. It is computed off the UI goroutine with a progress bar and can be
// cancelled.
type agreementPanel struct {
	ui      *UI
	store   agreementStore
	content fyne.CanvasObject
	sets    *bidiSelect
	setIDs  map[string]string // set name -> id
	run     *widget.Button
	cancel  *widget.Button
	bar     *widget.ProgressBar
	status  *bidiText
	table   *widget.Table

	rows   []agreement.Row
	stop   context.CancelFunc // cancels the computation under way
	runGen int                // drops the answers of superseded runs
}

// Columns of the agreement table.
var agreementColumns = []string{"Figure", "Scope", "Value", "95% interval", "Units", "Pairable"}

func newAgreementPanel(ui *UI) *agreementPanel {
	p := &agreementPanel{ui: ui, store: ui.store, setIDs: map[string]string{}}
	p.sets = newBidiSelect(nil, nil)
	p.sets.PlaceHolder = lang.L("Choose a set")
	p.run = widget.NewButtonWithIcon(lang.L("Compute agreement"), theme.MediaPlayIcon(), p.compute)
	p.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), p.stopRun)
	p.cancel.Disable()
	p.bar = widget.NewProgressBar()
	p.bar.Hide()
	p.status = newBidiText(lang.L("Inter-coder agreement among every annotator of a set but the gold layer (definitions: docs/agreement.md)."), 860)
	p.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(p.rows), len(agreementColumns) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, container.NewCenter(canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))), bidiCell())
		},
		p.fillCell)
	p.table.ShowHeaderColumn = false
	p.table.CreateHeader = bidiHeader
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			setCell(o, lang.L(agreementColumns[id.Col]))
		}
	}
	for i, w := range []float32{130, 220, 150, 140, 110, 80} {
		p.table.SetColumnWidth(i, w)
	}
	head := container.NewBorder(nil, nil, widget.NewLabel(lang.L("Agreement of set")), container.NewHBox(p.run, p.cancel), p.sets)
	tableBox := container.NewGridWrap(fyne.NewSize(860, 360), p.table)
	p.content = widget.NewCard(lang.L("Inter-coder agreement"), "", container.NewVBox(head, p.bar, p.status, tableBox))
	return p
}

// reloadSets refreshes the set chooser.
func (p *agreementPanel) reloadSets() {
	var sets []model.Set
	p.ui.background(func() error {
		var err error
		sets, err = p.store.Sets(p.ui.ctx)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		clear(p.setIDs)
		var names []string
		for _, s := range sets {
			p.setIDs[s.Name] = s.ID
			names = append(names, s.Name)
		}
		p.sets.Options = names
		if !slices.Contains(names, p.sets.Selected) {
			p.sets.ClearSelected()
		}
		p.sets.Refresh()
	})
}

// compute reads the chosen set and computes its agreement off the UI
// goroutine, showing the steps done; a second run cancels the first.
func (p *agreementPanel) compute() {
	id, ok := p.setIDs[p.sets.Selected]
	if !ok {
		p.status.SetText(lang.L("Choose a set first."))
		return
	}
	p.stopRun()
	ctx, stop := context.WithCancel(p.ui.ctx)
	p.stop = stop
	p.runGen++
	gen := p.runGen
	name := p.sets.Selected
	p.bar.SetValue(0)
	p.bar.Show()
	p.cancel.Enable()
	p.status.SetText(lang.L("Reading the set…"))
	var rep agreement.Report
	p.ui.background(func() error {
		coding, err := p.store.SpansOfSet(ctx, id)
		if err != nil {
			return err
		}
		var coders []string
		for _, a := range coding.Annotations {
			if a.Annotator != goldLayer && !slices.Contains(coders, a.Annotator) {
				coders = append(coders, a.Annotator)
			}
		}
		p.ui.do(func() {
			if gen == p.runGen {
				p.status.SetText(lang.L("Computing, with a bootstrap interval for every alpha…"))
			}
		})
		rep, err = agreement.Compute(agreement.FromRecords(coding.Articles, coding.Annotations), agreement.Options{Coders: coders,
			Progress: func(done, total int) bool {
				p.ui.do(func() {
					if gen == p.runGen {
						p.bar.SetValue(float64(done) / float64(total))
					}
				})
				return ctx.Err() == nil
			}})
		return err
	}, func(err error) {
		if gen != p.runGen {
			return
		}
		stop()
		p.stop = nil
		p.bar.Hide()
		p.cancel.Disable()
		switch {
		case errors.Is(err, agreement.ErrStopped), errors.Is(err, context.Canceled):
			p.status.SetText(lang.L("Cancelled."))
		case err != nil:
			// A reason no coefficient can be computed, said in a line.
			p.status.SetText(fmt.Sprintf("%s %s: %v", lang.L("Set"), isolate(name), err))
			p.rows = nil
		default:
			p.rows = agreement.Rows(rep)
			p.status.SetText(lang.N("{{.Coders}} coders ({{.Names}}), {{.Shared}} articles coded by two or more, {{.Tokens}} tokens", len(rep.Coders),
				map[string]any{"Coders": len(rep.Coders), "Names": strings.Join(rep.Coders, ", "), "Shared": rep.Shared, "Tokens": rep.Tokens}))
		}
		p.table.Refresh()
	})
}

// stopRun cancels the computation under way, if any.
func (p *agreementPanel) stopRun() {
	if p.stop != nil {
		p.stop()
		p.stop = nil
	}
}

// fillCell shows one figure's column; the value has a bar of its size
// (0 to 1; a negative value has none).
func (p *agreementPanel) fillCell(id widget.TableCellID, o fyne.CanvasObject) {
	cell := o.(*fyne.Container)
	label, barBox := cell.Objects[0], cell.Objects[1].(*fyne.Container)
	barBox.Hide()
	if id.Row >= len(p.rows) {
		setCell(label, "")
		return
	}
	r := p.rows[id.Row]
	f := r.Value
	var text string
	switch id.Col {
	case 0:
		text = r.Figure
	case 1:
		text = r.Scope
	case 2:
		text = "—"
		if f.Computable {
			text = fmt.Sprintf("%.3f", f.Value)
			barBox.Objects[0].(*canvas.Rectangle).SetMinSize(fyne.NewSize(float32(max(f.Value, 0))*70, 8))
			barBox.Show()
			cell.Refresh()
		}
	case 3:
		switch {
		case !f.Computable:
			text = f.Reason
		case f.CI != nil:
			text = fmt.Sprintf("[%.3f, %.3f]", f.CI.Low, f.CI.High)
		}
	case 4:
		text = fmt.Sprintf("%d %s", f.Units, r.Unit)
	case 5:
		text = fmt.Sprint(f.Pairable)
	}
	setCell(label, text)
}
