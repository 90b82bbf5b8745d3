package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
	"daftar/model"
	"daftar/suggest"
)

// setSuggestionsDialog lists the suggestions of every article of a set,
// summed up by entity, so that all the mentions of one entity across the
// set are accepted or rejected at once, each as one undoable change.
type setSuggestionsDialog struct {
	ui  *UI
	set model.Set
	dlg *appDialog

	status   *bidiText
	progress *widget.ProgressBarInfinite
	list     *widget.List
	accept   *widget.Button
	reject   *widget.Button
	open     *widget.Button

	byArticle map[string][]suggest.Suggestion
	totals    []suggest.EntityTotal
	sel       int // index into totals, -1 for none
	busy      bool
	shown     bool   // on screen: archive changes recompute it
	note      string // what the last accept or reject did
	cancel    context.CancelFunc
}

// showSuggestions opens the set suggestions dialog for the selected set.
func (s *setsScreen) showSuggestions() {
	if s.selected == nil {
		s.ui.setStatus(lang.L("Choose a set first"))
		return
	}
	d := &setSuggestionsDialog{ui: s.ui, set: *s.selected, sel: -1}
	s.sugDlg = d
	d.status = newBidiText("", messageWidth)
	d.progress = widget.NewProgressBarInfinite()
	d.list = widget.NewList(
		func() int { return len(d.totals) },
		func() fyne.CanvasObject { return newBidiLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(d.totals) {
				o.(*bidiLabel).SetText(entityTotalText(d.totals[i]))
			}
		})
	d.list.OnSelected = func(i widget.ListItemID) {
		d.sel = i
		d.updateButtons()
	}
	d.list.OnUnselected = func(widget.ListItemID) {
		d.sel = -1
		d.updateButtons()
	}
	d.accept = widget.NewButton(lang.L("Accept all"), func() { d.act(true) })
	d.accept.Importance = widget.HighImportance
	d.reject = widget.NewButton(lang.L("Reject all"), func() { d.act(false) })
	d.open = widget.NewButton(lang.L("Open an article"), d.openArticle)
	closeBtn := newDialogButton(lang.L("Close"), nil, func() { d.dlg.Hide() })
	top := container.NewVBox(d.status, d.progress)
	bottom := container.NewHBox(d.open, layout.NewSpacer(), d.reject, d.accept, closeBtn)
	body := container.NewBorder(top, bottom, nil, nil, d.list)
	// No Enter: accepting or rejecting a whole entity's suggestions
	// takes its button.
	d.dlg = newAppDialog(s.ui.win, lang.L("Suggestions in “{{.Set}}”", map[string]any{"Set": isolate(d.set.Name)}), body)
	d.dlg.SetOnClosed(func() {
		d.shown = false
		if d.cancel != nil {
			d.cancel()
		}
	})
	d.dlg.Resize(fyne.NewSize(640, 480))
	d.dlg.Show()
	d.shown = true
	d.compute()
}

// entityTotalText is one row of the list: "GPE  إيران — 57 mentions in 12 articles".
func entityTotalText(t suggest.EntityTotal) string {
	return fmt.Sprintf("%s  %s — %s", t.Type, isolate(t.Name), lang.L("{{.Mentions}} in {{.Articles}}", map[string]any{"Mentions": mentionCount(t.Mentions), "Articles": articleCount(t.Articles)}))
}

// compute finds the set's suggestions in the background; closing the
// dialog cancels it. It runs again after every change to the archive while
// the dialog is shown (an undo brings suggestions back).
func (d *setSuggestionsDialog) compute() {
	if d.cancel != nil {
		d.cancel()
	}
	ctx, cancel := context.WithCancel(d.ui.ctx)
	d.cancel = cancel
	d.busy = true
	d.updateButtons()
	d.progress.Show()
	d.status.SetText(lang.L("Looking for untagged mentions of registry entities in the set’s articles…"))
	var byArticle map[string][]suggest.Suggestion
	cancelled := false
	d.ui.background(func() error {
		var err error
		byArticle, err = d.ui.reader.svc.ForSet(ctx, d.set.ID)
		if errors.Is(err, context.Canceled) {
			cancelled, err = true, nil
		}
		return err
	}, func(err error) {
		if cancelled || ctx.Err() != nil {
			return
		}
		d.busy = false
		d.progress.Hide()
		if err != nil {
			d.status.SetText(lang.L("Could not compute the suggestions: {{.Reason}}", map[string]any{"Reason": err.Error()}))
			d.updateButtons()
			return
		}
		note := d.note
		d.note = "" // said once, right after the action
		d.byArticle, d.totals = byArticle, suggest.Totals(byArticle)
		d.sel = -1
		d.list.UnselectAll()
		d.list.Refresh()
		d.updateButtons()
		if len(d.totals) == 0 {
			d.status.SetText(note + lang.L("No suggestions: every mention of a registry entity in this set is tagged or rejected."))
			return
		}
		n := 0
		for _, t := range d.totals {
			n += t.Mentions
		}
		d.status.SetText(note + lang.N("{{.Count}} suggestions of {{.Entities}} in {{.Articles}}. Choose an entity to accept or reject all its mentions at once (Ctrl+Z undoes either).",
			n, map[string]any{"Count": i18n.Int(n), "Entities": entityCount(len(d.totals)), "Articles": articleCount(len(d.byArticle))}))
	})
}

func (d *setSuggestionsDialog) updateButtons() {
	for _, b := range []*widget.Button{d.accept, d.reject, d.open} {
		if d.busy || d.sel < 0 || d.sel >= len(d.totals) {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// act accepts or rejects every suggestion of the chosen entity in the set.
func (d *setSuggestionsDialog) act(accept bool) {
	if d.busy || d.sel < 0 || d.sel >= len(d.totals) {
		return
	}
	t := d.totals[d.sel]
	byArticle := d.byArticle
	d.busy = true
	d.updateButtons()
	d.progress.Show()
	svc := d.ui.reader.svc
	d.ui.background(func() error {
		var err error
		if accept {
			_, err = svc.AcceptEverywhere(d.ui.ctx, d.ui.actor, byArticle, t.ID)
		} else {
			_, err = svc.RejectEverywhere(d.ui.ctx, d.ui.actor, byArticle, t.ID)
		}
		return err
	}, func(err error) {
		d.busy = false
		d.progress.Hide()
		if err != nil {
			d.status.SetText(lang.L("Nothing changed: {{.Reason}}", map[string]any{"Reason": err.Error()}))
			d.updateButtons()
			return
		}
		data := map[string]any{"Mentions": mentionCount(t.Mentions), "Name": isolate(t.Name), "Articles": articleCount(t.Articles)}
		d.note = lang.L("Tagged {{.Mentions}} of {{.Name}} in {{.Articles}}.", data) + " "
		if !accept {
			d.note = lang.L("Rejected {{.Mentions}} of {{.Name}} in {{.Articles}}.", data) + " "
		}
		d.ui.setStatus(d.note + lang.L("Ctrl+Z undoes it."))
		d.ui.archiveChanged() // recomputes d
	})
}

// openArticle shows the first article (in id order) with a suggestion of
// the chosen entity, and closes the dialog.
func (d *setSuggestionsDialog) openArticle() {
	if d.sel < 0 || d.sel >= len(d.totals) {
		return
	}
	id := d.totals[d.sel].ID
	var ids []string
	for art, sugs := range d.byArticle {
		if len(suggest.OfEntity(sugs, id)) > 0 {
			ids = append(ids, art)
		}
	}
	if len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	d.dlg.Hide()
	d.ui.openArticle(ids[0], nil)
}
