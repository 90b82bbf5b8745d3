package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"daftar/model"
	"daftar/suggest"
)

// Scope choices of the "tag all occurrences" dialog.
const (
	scopeArticleLabel = "This article"
	scopeSetLabel     = "A set"
	scopeArchiveLabel = "The whole archive"
)

// propagateDialog is "tag all occurrences" of one annotation: choose the
// scope, see how many new annotations it makes (counted in the background)
// and apply them as one undoable change.
type propagateDialog struct {
	r   *readerScreen
	src model.Annotation
	dlg *appDialog

	scope    *widget.RadioGroup
	set      *bidiSelect
	setIDs   map[string]string // set choice label → id
	preview  *bidiText
	progress *widget.ProgressBarInfinite
	apply    *widget.Button

	plan   *suggest.Plan // the preview of the current choice, nil while counting
	gen    int
	cancel context.CancelFunc
	result string // what the last apply did (also shown to the user)
}

// tagAllOccurrences opens the propagation dialog for the selected mention.
func (r *readerScreen) tagAllOccurrences() {
	a := r.annotation(r.selected)
	if a == nil || r.article == nil {
		r.ui.setStatus("Select an entity mention first (tap it, or j / k), then press t")
		return
	}
	if a.Kind == model.KindClaim {
		r.ui.setStatus("Claims are not propagated: select an entity mention")
		return
	}
	d := &propagateDialog{r: r, src: *a, setIDs: map[string]string{}}
	r.propDlg = d
	name := a.Quote
	if e := r.entities[a.EntityID]; e != nil {
		name = e.Name
	}
	d.preview = newBidiText("", 440)
	d.progress = widget.NewProgressBarInfinite()
	d.progress.Hide()
	d.set = newBidiSelect(nil, func(string) { d.recompute() })
	d.set.PlaceHolder = "(choose a set)"
	d.set.Disable()
	d.scope = widget.NewRadioGroup([]string{scopeArticleLabel, scopeSetLabel, scopeArchiveLabel}, func(s string) {
		if s == scopeSetLabel {
			d.set.Enable()
		} else {
			d.set.Disable()
		}
		d.recompute()
	})
	d.scope.Required = true
	d.apply = widget.NewButton("Tag", d.applyPlan)
	d.apply.Importance = widget.HighImportance
	d.apply.Disable()
	cancel := newDialogButton("Cancel", nil, func() { d.dlg.Hide() })
	what := fmt.Sprintf("Tag every untagged mention of %s as %s", isolate(name), a.Type)
	if a.EntityID != "" {
		what += ", linked to the same entity (its name and aliases, with clitics)."
	} else {
		what += " (its exact words, folded; link it to an entity to find aliases too)."
	}
	intro := newBidiText(what, 440)
	body := container.NewVBox(intro, widget.NewLabel("Where:"), d.scope, d.set,
		widget.NewSeparator(), d.preview, d.progress,
		container.NewHBox(layout.NewSpacer(), cancel, d.apply))
	d.dlg = newAppDialog(r.ui.win, "Tag all occurrences", body)
	d.dlg.setKeys(d.dlg.Hide, func() {
		if !d.apply.Disabled() {
			d.applyPlan()
		}
	})
	d.dlg.SetOnClosed(func() {
		if d.cancel != nil {
			d.cancel()
		}
	})
	d.dlg.Resize(fyne.NewSize(480, 360))
	d.dlg.Show()

	var sets []model.Set
	r.ui.background(func() error {
		var err error
		sets, err = r.store.Sets(r.ui.ctx)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		var opts []string
		for _, s := range sets {
			label := s.Name
			if _, dup := d.setIDs[label]; dup || label == "" {
				label = fmt.Sprintf("%s (%s)", s.Name, s.ID[:min(8, len(s.ID))])
			}
			d.setIDs[label] = s.ID
			opts = append(opts, label)
		}
		d.set.SetOptions(opts)
	})
	d.scope.SetSelected(scopeArticleLabel)
}

// plural is "1 article", "2 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// choice returns the chosen scope and set; ok is false while a set is to
// be chosen.
func (d *propagateDialog) choice() (scope suggest.Scope, setID string, ok bool) {
	switch d.scope.Selected {
	case scopeSetLabel:
		id, found := d.setIDs[d.set.Selected]
		return suggest.ScopeSet, id, found
	case scopeArchiveLabel:
		return suggest.ScopeArchive, "", true
	default:
		return suggest.ScopeArticle, "", true
	}
}

// recompute counts the new annotations of the current choice in the
// background, dropping a count still running for an earlier choice.
func (d *propagateDialog) recompute() {
	if d.cancel != nil {
		d.cancel()
	}
	d.plan = nil
	d.apply.Disable()
	d.apply.SetText("Tag")
	scope, setID, ok := d.choice()
	if !ok {
		d.progress.Hide()
		d.preview.SetText("Choose a set.")
		return
	}
	d.gen++
	gen := d.gen
	ctx, cancel := context.WithCancel(d.r.ui.ctx)
	d.cancel = cancel
	d.preview.SetText("Counting the occurrences…")
	d.progress.Show()
	d.progress.Start()
	var plan *suggest.Plan
	d.r.ui.background(func() error {
		var err error
		plan, err = d.r.svc.PlanPropagation(ctx, d.src.ID, scope, setID)
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}, func(err error) {
		if gen != d.gen {
			return
		}
		d.progress.Stop()
		d.progress.Hide()
		if err != nil {
			d.preview.SetText("Cannot count: " + err.Error())
			return
		}
		if plan == nil {
			return
		}
		d.plan = plan
		switch n := plan.Count(); {
		case n == 0:
			d.preview.SetText(fmt.Sprintf("Nothing to tag: every occurrence is already tagged or was rejected (%s checked).", plural(plan.Candidates, "article")))
		default:
			d.preview.SetText(fmt.Sprintf("%s in %s (%s checked).", plural(n, "new annotation"), plural(plan.Articles, "article"), plural(plan.Candidates, "article")))
			d.apply.SetText("Tag " + plural(n, "occurrence"))
			d.apply.Enable()
		}
	})
}

// applyPlan creates the previewed annotations in the background, as one
// change that one undo takes back.
func (d *propagateDialog) applyPlan() {
	plan := d.plan
	if plan == nil || plan.Count() == 0 {
		return
	}
	r := d.r
	d.apply.Disable()
	d.scope.Disable()
	d.set.Disable()
	d.preview.SetText(fmt.Sprintf("Tagging %s…", plural(plan.Count(), "occurrence")))
	d.progress.Show()
	d.progress.Start()
	var created []model.Annotation
	r.ui.background(func() error {
		var err error
		created, err = r.svc.Propagate(r.ui.ctx, r.ui.actor, plan)
		return err
	}, func(err error) {
		d.progress.Stop()
		d.progress.Hide()
		if err != nil {
			d.preview.SetText("Not tagged: " + err.Error())
			d.scope.Enable()
			return
		}
		d.dlg.Hide()
		articles := map[string]bool{}
		for _, a := range created {
			articles[a.ArticleID] = true
		}
		d.result = fmt.Sprintf("Tagged %s in %s. Ctrl+Z undoes them all as one step.", plural(len(created), "occurrence"), plural(len(articles), "article"))
		r.ui.setStatus(d.result)
		showMessage(r.ui.win, "Tag all occurrences", d.result)
		r.ui.archiveChanged()
	})
}
