package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
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
		r.ui.setStatus(lang.L("Select an entity mention first (tap it, or j / k), then press t"))
		return
	}
	if a.Kind == model.KindClaim {
		r.ui.setStatus(lang.L("Claims are not propagated: select an entity mention"))
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
	d.set.PlaceHolder = lang.L("(choose a set)")
	d.set.Disable()
	d.scope = widget.NewRadioGroup([]string{lang.L(scopeArticleLabel), lang.L(scopeSetLabel), lang.L(scopeArchiveLabel)}, func(s string) {
		if s == lang.L(scopeSetLabel) {
			d.set.Enable()
		} else {
			d.set.Disable()
		}
		d.recompute()
	})
	d.scope.Required = true
	d.apply = widget.NewButton(lang.L("Tag"), d.applyPlan)
	d.apply.Importance = widget.HighImportance
	d.apply.Disable()
	cancel := newDialogButton(lang.L("Cancel"), nil, func() { d.dlg.Hide() })
	data := map[string]any{"Name": isolate(name), "Type": a.Type}
	what := lang.L("Tag every untagged mention of {{.Name}} as {{.Type}}, linked to the same entity (its name and aliases, with clitics).", data)
	if a.EntityID == "" {
		what = lang.L("Tag every untagged mention of {{.Name}} as {{.Type}} (its exact words, folded; link it to an entity to find aliases too).", data)
	}
	intro := newBidiText(what, 440)
	body := container.NewVBox(intro, widget.NewLabel(lang.L("Where:")), d.scope, d.set,
		widget.NewSeparator(), d.preview, d.progress,
		container.NewHBox(layout.NewSpacer(), cancel, d.apply))
	d.dlg = newAppDialog(r.ui.win, lang.L("Tag all occurrences"), body)
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
	d.scope.SetSelected(lang.L(scopeArticleLabel))
}

// choice returns the chosen scope and set; ok is false while a set is to
// be chosen.
func (d *propagateDialog) choice() (scope suggest.Scope, setID string, ok bool) {
	switch d.scope.Selected {
	case lang.L(scopeSetLabel):
		id, found := d.setIDs[d.set.Selected]
		return suggest.ScopeSet, id, found
	case lang.L(scopeArchiveLabel):
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
	d.apply.SetText(lang.L("Tag"))
	scope, setID, ok := d.choice()
	if !ok {
		d.progress.Hide()
		d.preview.SetText(lang.L("Choose a set."))
		return
	}
	d.gen++
	gen := d.gen
	ctx, cancel := context.WithCancel(d.r.ui.ctx)
	d.cancel = cancel
	d.preview.SetText(lang.L("Counting the occurrences…"))
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
			d.preview.SetText(lang.L("Cannot count: {{.Reason}}", map[string]any{"Reason": err.Error()}))
			return
		}
		if plan == nil {
			return
		}
		d.plan = plan
		switch n := plan.Count(); {
		case n == 0:
			d.preview.SetText(lang.L("Nothing to tag: every occurrence is already tagged or was rejected ({{.Checked}} checked).", map[string]any{"Checked": articleCount(plan.Candidates)}))
		default:
			d.preview.SetText(lang.N("{{.Count}} new annotations in {{.Articles}} ({{.Checked}} checked).", n, map[string]any{
				"Count": i18n.Int(n), "Articles": articleCount(plan.Articles), "Checked": articleCount(plan.Candidates)}))
			d.apply.SetText(lang.N("Tag {{.Count}} occurrences", n, map[string]any{"Count": i18n.Int(n)}))
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
	d.preview.SetText(lang.N("Tagging {{.Count}} occurrences…", plan.Count(), map[string]any{"Count": i18n.Int(plan.Count())}))
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
			d.preview.SetText(lang.L("Not tagged: {{.Reason}}", map[string]any{"Reason": err.Error()}))
			d.scope.Enable()
			return
		}
		d.dlg.Hide()
		articles := map[string]bool{}
		for _, a := range created {
			articles[a.ArticleID] = true
		}
		d.result = lang.N("Tagged {{.Count}} occurrences in {{.Articles}}. Ctrl+Z undoes them all as one step.", len(created), map[string]any{"Count": i18n.Int(len(created)), "Articles": articleCount(len(articles))})
		r.ui.setStatus(d.result)
		showMessage(r.ui.win, lang.L("Tag all occurrences"), d.result)
		r.ui.archiveChanged()
	})
}
