package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/app/articleview"
	"daftar/i18n"
	"daftar/model"
	"daftar/suggest"
)

// Suggestions are untagged mentions of registry entities in the open
// article (package suggest). They are worked out off the UI goroutine when
// an article is opened or its annotations change, drawn as dashed
// highlights and listed in the side panel's Suggestions tab.

// sideSuggestions is the side panel tab of the suggestions.
const sideSuggestions = "Suggestions"

// suggestionPrefix marks highlight ids that are suggestions (by index into
// readerScreen.sugs), not annotations.
const suggestionPrefix = "sug:"

func suggestionID(i int) string { return suggestionPrefix + strconv.Itoa(i) }

// suggestionIndex parses a suggestion highlight id.
func suggestionIndex(id string) (int, bool) {
	s, ok := strings.CutPrefix(id, suggestionPrefix)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil
}

// suggestionsPanel is the side panel tab: a switch to hide suggestions,
// a summary per entity, the actions and the list.
type suggestionsPanel struct {
	r       *readerScreen
	content fyne.CanvasObject
	show    *widget.Check
	summary *bidiText
	list    *widget.List
	syncing bool // the list selection is being set from the reader
}

func newSuggestionsPanel(r *readerScreen) *suggestionsPanel {
	p := &suggestionsPanel{r: r}
	p.show = widget.NewCheck(lang.L("Show suggestions"), func(on bool) {
		r.sugHidden = !on
		r.showHighlights()
	})
	p.show.SetChecked(true)
	p.summary = newBidiText(lang.L("No suggestions"), sideTextWidth)
	p.list = widget.NewList(
		func() int { return len(r.sugs) },
		newTypeRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(r.sugs) {
				return
			}
			setTypeRow(o, r.ui.schema, r.sugs[i].Type, suggestionRowText(r.sugs, i, r.articleText()))
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if p.syncing || i >= len(r.sugs) {
			return
		}
		r.selectSuggestion(i, true)
		r.focusKeysSoon()
	}
	actions := container.NewGridWithColumns(2,
		widget.NewButtonWithIcon(lang.L("Accept (a)"), theme.ConfirmIcon(), func() { r.acceptSuggestion(false) }),
		widget.NewButtonWithIcon(lang.L("Reject (r)"), theme.CancelIcon(), func() { r.rejectSuggestion(false) }),
		widget.NewButton(lang.L("Accept all of entity (A)"), func() { r.acceptSuggestion(true) }),
		widget.NewButton(lang.L("Reject all of entity (R)"), func() { r.rejectSuggestion(true) }),
	)
	top := container.NewVBox(p.show, p.summary, actions,
		widget.NewButtonWithIcon(lang.L("Tag all occurrences of the selected mention… (t)"), theme.SearchReplaceIcon(), r.tagAllOccurrences),
		widget.NewLabel(lang.L("Tab or ] next · Shift+Tab or [ previous")),
		widget.NewSeparator())
	p.content = container.NewBorder(top, nil, nil, nil, p.list)
	return p
}

// suggestionRowText is one list row: type, entity, how many suggestions
// that entity has in the article, and the quote with a few words around it
// (the rows of one entity would look alike without them).
func suggestionRowText(sugs []suggest.Suggestion, i int, text []rune) string {
	sg := sugs[i]
	n := len(suggest.OfEntity(sugs, sg.ID))
	quote := sg.Quote
	if sg.End <= len(text) {
		before := text[max(0, sg.Start-24):sg.Start]
		after := text[sg.End:min(len(text), sg.End+24)]
		quote = "…" + string(before) + "[" + sg.Quote + "]" + string(after) + "…"
	}
	return fmt.Sprintf("%s  %s ×%d   %s", sg.Type, isolate(shorten(sg.Name, 30)), n, isolate(strings.Join(strings.Fields(quote), " ")))
}

// articleText is the open article's text in code points, kept while the
// article stays open.
func (r *readerScreen) articleText() []rune {
	if r.article == nil {
		return nil
	}
	if r.textID != r.article.ID || r.textRunes == nil {
		r.textID, r.textRunes = r.article.ID, []rune(r.article.Text)
	}
	return r.textRunes
}

// refresh shows the current suggestions.
func (p *suggestionsPanel) refresh() {
	r := p.r
	p.list.Refresh()
	p.syncing = true
	if r.sugSel >= 0 && r.sugSel < len(r.sugs) {
		p.list.Select(r.sugSel)
		p.list.ScrollTo(r.sugSel)
	} else {
		p.list.UnselectAll()
	}
	p.syncing = false
	p.summary.SetText(suggestionSummary(r.sugs))
}

// suggestionSummary counts the suggestions per entity, most first.
func suggestionSummary(sugs []suggest.Suggestion) string {
	if len(sugs) == 0 {
		return lang.L("No suggestions: every known name in this article is tagged or rejected.")
	}
	counts := suggest.Totals(map[string][]suggest.Suggestion{"": sugs})
	parts := make([]string, 0, len(counts))
	for i, c := range counts {
		if i == 6 {
			parts = append(parts, lang.L("and {{.Count}} more", map[string]any{"Count": i18n.Int(len(counts) - i)}))
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", isolate(c.Name), c.Mentions))
	}
	return lang.N("{{.Count}} suggestions of {{.Entities}}: {{.List}}", len(sugs), map[string]any{
		"Count": i18n.Int(len(sugs)), "Entities": entityCount(len(counts)), "List": strings.Join(parts, ", ")})
}

// loadSuggestions works the open article's suggestions out in the
// background; a newer call or another article drops the result.
func (r *readerScreen) loadSuggestions() {
	if r.article == nil {
		return
	}
	r.sugGen++
	gen, id := r.sugGen, r.article.ID
	var sugs []suggest.Suggestion
	r.ui.background(func() error {
		var err error
		sugs, err = r.svc.ForArticle(r.ui.ctx, id)
		return err
	}, func(err error) {
		if err != nil || gen != r.sugGen || r.article == nil || r.article.ID != id {
			return
		}
		r.setSuggestions(sugs)
	})
}

// setSuggestions shows a new list of suggestions. The selection moves to the
// first suggestion at or after the one selected before, so that accepting
// or rejecting walks on through the article.
func (r *readerScreen) setSuggestions(sugs []suggest.Suggestion) {
	sel := -1
	if r.sugSel >= 0 && r.sugSel < len(r.sugs) {
		at := r.sugs[r.sugSel].Start
		sel = slices.IndexFunc(sugs, func(s suggest.Suggestion) bool { return s.Start >= at })
	}
	r.sugs, r.sugSel = sugs, sel
	r.showHighlights()
	r.sugPanel.refresh()
}

// suggestionHighlights are the dashed highlights of the suggestions.
func (r *readerScreen) suggestionHighlights() []articleview.Highlight {
	if r.sugHidden {
		return nil
	}
	hs := make([]articleview.Highlight, len(r.sugs))
	for i, sg := range r.sugs {
		t, _ := r.ui.schema.Lookup(sg.Type)
		label := lang.L("suggestion: {{.Type}} · {{.Name}} — a accept · r reject", map[string]any{"Type": sg.Type, "Name": sg.Name})
		hs[i] = articleview.Highlight{ID: suggestionID(i), Start: sg.Start, End: sg.End,
			Color: parseColour(t.Colour), Suggestion: true, Label: label}
	}
	return hs
}

// selectSuggestion emphasises suggestion i and, with scroll, brings it
// into view.
func (r *readerScreen) selectSuggestion(i int, scroll bool) {
	if i < 0 || i >= len(r.sugs) {
		return
	}
	if r.sugHidden {
		r.sugPanel.show.SetChecked(true) // shows them again
	}
	r.sugSel = i
	r.selected = ""
	sg := r.sugs[i]
	r.view.SetSelectedAnnotation(suggestionID(i))
	if scroll {
		r.view.ScrollToOffset(sg.Start)
	}
	r.sugPanel.refresh()
	r.side.showTab(sideSuggestions)
	r.ui.setStatus(lang.L("Suggestion {{.N}} of {{.Count}}: {{.Type}} {{.Name}} “{{.Quote}}” — a accept · r reject · A / R all of it · Tab next",
		map[string]any{"N": i18n.Int(i + 1), "Count": i18n.Int(len(r.sugs)), "Type": sg.Type, "Name": isolate(sg.Name), "Quote": isolate(sg.Quote)}))
}

// cycleSuggestion selects the next (+1) or previous (-1) suggestion; with
// none selected, the first after (or before) the caret.
func (r *readerScreen) cycleSuggestion(delta int) {
	if len(r.sugs) == 0 {
		r.ui.setStatus(lang.L("No suggestions in this article"))
		return
	}
	i := r.sugSel
	switch {
	case i >= 0:
		i = (i + delta + len(r.sugs)) % len(r.sugs)
	case delta > 0:
		i = r.nextSuggestion()
	default:
		_, caret := r.view.Selection()
		i = len(r.sugs) - 1
		for j := len(r.sugs) - 1; j >= 0; j-- {
			if r.sugs[j].End <= caret {
				i = j
				break
			}
		}
	}
	r.selectSuggestion(i, true)
}

// nextSuggestion is the selected suggestion, else the first that ends after
// the start of the text selection (or the caret), else the first; -1 when
// there are none.
func (r *readerScreen) nextSuggestion() int {
	if len(r.sugs) == 0 {
		return -1
	}
	if r.sugSel >= 0 && r.sugSel < len(r.sugs) {
		return r.sugSel
	}
	start, _ := r.view.Selection()
	if i := slices.IndexFunc(r.sugs, func(s suggest.Suggestion) bool { return s.End > start }); i >= 0 {
		return i
	}
	return 0
}

// suggestionsToHandle returns the selected (or next) suggestion's index
// and, with all, every suggestion of its entity, else that one; false,
// after telling the user, when there is none to accept or reject (verb).
func (r *readerScreen) suggestionsToHandle(all bool, verb string) (int, []suggest.Suggestion, bool) {
	i := r.nextSuggestion()
	if i < 0 || r.article == nil || r.sugHidden {
		r.ui.setStatus(map[string]string{"accept": lang.L("No suggestion to accept"), "reject": lang.L("No suggestion to reject")}[verb])
		return -1, nil, false
	}
	if all {
		return i, suggest.OfEntity(r.sugs, r.sugs[i].ID), true
	}
	return i, []suggest.Suggestion{r.sugs[i]}, true
}

// acceptSuggestion tags the selected (or next) suggestion, or with all
// every suggestion of its entity, as one undoable change.
func (r *readerScreen) acceptSuggestion(all bool) {
	i, take, ok := r.suggestionsToHandle(all, "accept")
	if !ok {
		return
	}
	sg, artID := r.sugs[i], r.article.ID
	var created []model.Annotation
	var ent *model.Entity
	r.ui.background(func() error {
		var err error
		if created, err = r.svc.Accept(r.ui.ctx, r.ui.actor, artID, take...); err != nil {
			return err
		}
		ent, err = r.store.Entity(r.ui.ctx, sg.ID)
		return err
	}, func(err error) {
		if err != nil || r.article == nil || r.article.ID != artID {
			return
		}
		r.entities[ent.ID] = ent
		r.dropSuggestions(take, i)
		r.insertAnnotations(created...)
		r.ui.library.annotationsChanged(artID, r.anns)
		what := fmt.Sprintf("“%s”", isolate(shorten(sg.Quote, 40)))
		if len(created) > 1 {
			what = mentionCount(len(created))
		}
		r.ui.setStatus(lang.L("Accepted {{.What}} as {{.Type}} {{.Name}} (Ctrl+Z undoes it)", map[string]any{"What": what, "Type": sg.Type, "Name": isolate(sg.Name)}))
	})
}

// rejectSuggestion remembers that the selected (or next) suggestion, or
// with all every suggestion of its entity, is not a mention, so it does
// not come back.
func (r *readerScreen) rejectSuggestion(all bool) {
	i, take, ok := r.suggestionsToHandle(all, "reject")
	if !ok {
		return
	}
	sg, artID := r.sugs[i], r.article.ID
	r.ui.background(func() error {
		return r.svc.Reject(r.ui.ctx, r.ui.actor, artID, take...)
	}, func(err error) {
		if err != nil || r.article == nil || r.article.ID != artID {
			return
		}
		r.dropSuggestions(take, i)
		r.loadSuggestions()
		r.ui.setStatus(lang.N("Rejected {{.Count}} suggestions of {{.Name}}: not suggested again (Ctrl+Z undoes it)", len(take), map[string]any{"Count": i18n.Int(len(take)), "Name": isolate(sg.Name)}))
	})
}

// dropSuggestions removes handled suggestions at once (the background
// recomputation follows) and selects the one after suggestion i.
func (r *readerScreen) dropSuggestions(done []suggest.Suggestion, i int) {
	at := r.sugs[i].Start
	r.sugs = slices.DeleteFunc(slices.Clone(r.sugs), func(s suggest.Suggestion) bool {
		return slices.ContainsFunc(done, func(d suggest.Suggestion) bool {
			return d.Start == s.Start && d.End == s.End && d.ID == s.ID
		})
	})
	r.sugSel = slices.IndexFunc(r.sugs, func(s suggest.Suggestion) bool { return s.Start >= at })
	r.selected = ""
	r.showHighlights()
	r.sugPanel.refresh()
}

// suggestionMenuItems are the context menu's suggestion actions.
func (r *readerScreen) suggestionMenuItems() []*fyne.MenuItem {
	if len(r.sugs) == 0 || r.sugHidden {
		return nil
	}
	return []*fyne.MenuItem{fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("Accept suggestion (a)"), func() { r.acceptSuggestion(false) }),
		fyne.NewMenuItem(lang.L("Reject suggestion (r)"), func() { r.rejectSuggestion(false) }),
		fyne.NewMenuItem(lang.L("Accept all of this entity (A)"), func() { r.acceptSuggestion(true) }),
		fyne.NewMenuItem(lang.L("Reject all of this entity (R)"), func() { r.rejectSuggestion(true) }),
	}
}
