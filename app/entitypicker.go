package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"daftar/model"
	"daftar/textnorm"
)

// Picker limits: results shown, and the pause after a keystroke before
// the registry is searched (a search of 100,000 entities costs a few ms,
// but typing a name should not start one per letter).
const (
	pickerLimit    = 20
	pickerDebounce = 150 * time.Millisecond
)

// entityFinder is what the picker reads and writes of the archive.
type entityFinder interface {
	SearchEntities(ctx context.Context, query string, limit int) ([]model.Entity, error)
	CreateEntity(ctx context.Context, actor string, e model.Entity) (*model.Entity, error)
}

// entityPicker searches the whole entity registry by name or alias (folded
// as search folds) as the user types, and offers to create a new entity of
// the typed name inline. onPick receives the entity chosen or created (on
// the UI goroutine).
type entityPicker struct {
	ui     *UI
	store  entityFinder
	onPick func(*model.Entity)

	query   *widget.Entry
	newType *bidiSelect // type of a new entity
	list    *widget.List
	content fyne.CanvasObject

	results []model.Entity
	typed   string // the query the results are for
	gen     int    // the newest search; older ones are dropped
	timer   *time.Timer
	cancel  context.CancelFunc
}

func newEntityPicker(ui *UI, store entityFinder, onPick func(*model.Entity)) *entityPicker {
	p := &entityPicker{ui: ui, store: store, onPick: onPick}
	p.query = widget.NewEntry()
	p.query.SetPlaceHolder(lang.L("Find an entity by name or alias…"))
	p.query.OnChanged = func(string) { p.schedule() }
	p.query.OnSubmitted = func(string) {
		if len(p.results) > 0 || p.offersNew() {
			p.pick(0)
		}
	}
	p.newType = newBidiSelect(nil, nil)
	p.list = widget.NewList(p.rows,
		bidiCell,
		func(i widget.ListItemID, o fyne.CanvasObject) { setCell(o, p.rowText(i)) })
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.UnselectAll()
		p.pick(i)
	}
	rows := container.NewGridWrap(fyne.NewSize(300, 5*p.query.MinSize().Height), p.list)
	p.content = container.NewVBox(p.query, rows,
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("New entity type")), nil, p.newType))
	return p
}

// setTypes offers the schema's entity types for a new entity.
func (p *entityPicker) setTypes(schema model.Schema) {
	var names []string
	for _, t := range schema {
		if t.Kind == model.KindEntity {
			names = append(names, t.Name)
		}
	}
	p.newType.Options = names
	if !slices.Contains(names, p.newType.Selected) && len(names) > 0 {
		p.newType.SetSelected(names[0])
	}
	p.newType.Refresh()
}

// clear empties the query and the results.
func (p *entityPicker) clear() {
	p.query.SetText("")
	p.stop()
	p.results, p.typed = nil, ""
	p.list.Refresh()
}

func (p *entityPicker) stop() {
	p.gen++
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.cancel != nil {
		p.cancel()
	}
}

// schedule searches the registry once typing pauses, off the UI goroutine,
// cancelling a search still running for an earlier query.
func (p *entityPicker) schedule() {
	p.stop()
	gen, q := p.gen, strings.TrimSpace(p.query.Text)
	if q == "" {
		p.results, p.typed = nil, ""
		p.list.Refresh()
		return
	}
	ctx, cancel := context.WithCancel(p.ui.ctx)
	p.cancel = cancel
	p.timer = time.AfterFunc(pickerDebounce, func() {
		var found []model.Entity
		p.ui.background(func() error {
			var err error
			found, err = p.store.SearchEntities(ctx, q, pickerLimit)
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		}, func(err error) {
			if err != nil || gen != p.gen {
				return
			}
			p.results, p.typed = found, q
			p.list.Refresh()
		})
	})
}

// offersNew says whether the last row creates an entity of the typed
// name: when no result has that exact (folded) name.
func (p *entityPicker) offersNew() bool {
	if p.typed == "" {
		return false
	}
	f := textnorm.Fold(p.typed)
	for _, e := range p.results {
		if textnorm.Fold(e.Name) == f {
			return false
		}
	}
	return true
}

func (p *entityPicker) rows() int {
	if p.offersNew() {
		return len(p.results) + 1
	}
	return len(p.results)
}

func (p *entityPicker) rowText(i int) string {
	if i < len(p.results) {
		e := p.results[i]
		text := fmt.Sprintf("%s (%s)", e.Name, e.Type)
		if f := textnorm.Fold(p.typed); !strings.Contains(textnorm.Fold(e.Name), f) {
			for _, a := range e.Aliases { // say which alias matched
				if strings.Contains(textnorm.Fold(a.Name), f) {
					text += " — " + a.Name
					break
				}
			}
		}
		return text
	}
	return lang.L("+ New entity “{{.Name}}” ({{.Type}})", map[string]any{"Name": p.typed, "Type": p.newType.Selected})
}

// pick hands row i to onPick, creating the entity first for the "new
// entity" row (one history entry: Ctrl+Z removes it again).
func (p *entityPicker) pick(i int) {
	if i < len(p.results) {
		e := p.results[i]
		p.onPick(&e)
		return
	}
	if !p.offersNew() || p.newType.Selected == "" {
		return
	}
	draft := model.Entity{Type: p.newType.Selected, Name: p.typed}
	var made *model.Entity
	p.ui.background(func() error {
		var err error
		made, err = p.store.CreateEntity(p.ui.ctx, p.ui.actor, draft)
		return err
	}, func(err error) {
		if err != nil {
			p.ui.showError(err)
			return
		}
		p.clear()
		p.ui.setStatus(lang.L("New entity {{.Name}} added to the registry", map[string]any{"Name": made.Name}))
		p.onPick(made)
	})
}

// newPickAs is the claim editor's choice of role for a picked entity.
func newPickAs() *widget.RadioGroup {
	g := widget.NewRadioGroup([]string{lang.L("Claimant"), lang.L("Target")}, nil)
	g.Horizontal, g.Required = true, true
	g.SetSelected(lang.L("Target"))
	return g
}

// choose makes a picked (or new) entity the claim's claimant or one of
// its targets, keeping the choices made so far; saving the claim stores it.
func (c *claimEditor) choose(e *model.Entity) {
	if c.ann == nil {
		return
	}
	c.picked[e.ID] = e
	claimant, targets := c.claimant.Selected, slices.Clone(c.targets.Selected)
	c.fillEntityChoices()
	label := c.entityLabel(e.ID)
	if c.pickAs.Selected == lang.L("Claimant") {
		claimant = label
	} else if !slices.Contains(targets, label) {
		targets = append(targets, label)
	}
	c.claimant.SetSelected(claimant)
	c.targets.SetSelected(targets)
	c.r.ui.setStatus(lang.L("{{.Name}} chosen: save the claim to keep it", map[string]any{"Name": e.Name}))
}
