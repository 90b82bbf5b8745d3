package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"daftar/model"
	"daftar/textnorm"
)

// The keys of the tagging loop (besides the schema's hotkeys) are in the
// table of keytable.go, which binds them and lists them under Help.

// typedRune handles the reader's single-key commands.
func (r *readerScreen) typedRune(ch rune) {
	if !r.active() {
		return
	}
	if t, ok := r.typeForHotkey(ch); ok {
		r.tagSelection(t.Name)
		return
	}
	if run := r.ui.runeBinding(ch); run != nil {
		run()
	}
}

// active reports whether the reader shows an article on the visible tab:
// keys typed on another screen must not tag in the hidden reader.
func (r *readerScreen) active() bool {
	t := r.ui.tabs.Selected()
	return r.article != nil && t != nil && t.Text == lang.L(tabReader)
}

// typeForHotkey finds the label type whose hotkey is ch (case-insensitive).
func (r *readerScreen) typeForHotkey(ch rune) (model.LabelType, bool) {
	for _, t := range r.ui.schema {
		if t.Hotkey != "" && strings.EqualFold(t.Hotkey, string(ch)) {
			return t, true
		}
	}
	return model.LabelType{}, false
}

func (r *readerScreen) typedKey(ev *fyne.KeyEvent) {
	if !r.active() {
		return
	}
	if run := r.ui.keyNameBinding(ev.Name); run != nil {
		run()
	}
}

// clearSelection drops the text selection and the selected annotation and
// suggestion.
func (r *readerScreen) clearSelection() {
	r.view.SetSelection(0, 0)
	r.selected = ""
	r.sugSel = -1
	r.view.SetSelectedAnnotation("")
}

func (r *readerScreen) typedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		if t := r.view.SelectedText(); t != "" {
			r.ui.app.Clipboard().SetContent(t)
		}
	case *fyne.ShortcutSelectAll:
		if r.article != nil {
			r.view.SetSelection(0, model.RuneLen(r.article.Text))
		}
	case *fyne.ShortcutUndo:
		r.ui.undo()
	case *fyne.ShortcutRedo:
		r.ui.redo()
	case *desktop.CustomShortcut:
		switch sc.ShortcutName() {
		case shortcutRedo.ShortcutName():
			r.ui.redo()
		case shortcutFind.ShortcutName():
			r.ui.win.Canvas().Focus(r.find)
		case shortcutNext.ShortcutName():
			r.step(1)
		case shortcutPrevious.ShortcutName():
			r.step(-1)
		}
	}
}

// extendSelection moves the selection's end to the end of the next word, or
// back to the end of the previous one, in logical order.
func (r *readerScreen) extendSelection(forward bool) {
	text := []rune(r.article.Text)
	start, end := r.view.Selection()
	if start == end {
		start, end = textnorm.WordAround(text, start)
		r.view.SetSelection(start, end)
		return
	}
	if forward {
		end = textnorm.NextWordEnd(text, end)
	} else {
		end = max(start+1, textnorm.PrevWordEnd(text, end))
	}
	r.view.SetSelection(start, end)
}

// tagSelection stores an annotation of type typeName over the selection.
// Claims open the claim editor; entity mentions the entity suggestions.
func (r *readerScreen) tagSelection(typeName string) {
	if r.article == nil {
		return
	}
	t, ok := r.ui.schema.Lookup(typeName)
	if !ok {
		r.ui.setStatus(lang.L("Unknown type {{.Type}}", map[string]any{"Type": typeName}))
		return
	}
	text := []rune(r.article.Text)
	start, end := r.view.Selection()
	start, end = textnorm.TrimSpan(text, start, end)
	if start >= end {
		r.ui.setStatus(lang.L("Select some text first (drag, double-click, / to find, Shift+arrows)"))
		return
	}
	a, err := model.NewAnnotation(r.article.ID, t, start, end, string(text[start:end]))
	if err != nil {
		r.ui.setStatus(err.Error())
		return
	}
	a.ID, a.Annotator = model.NewID(), r.ui.actor
	if t.Kind == model.KindClaim {
		a.Verdict = model.VerdictUnverified
	}
	var stored *model.Annotation
	r.ui.background(func() error {
		var err error
		stored, err = r.store.CreateAnnotation(r.ui.ctx, r.ui.actor, a)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		r.insertAnnotation(*stored)
		r.view.SetSelection(end, end)
		r.selectAnnotation(stored.ID, false)
		r.ui.library.annotationsChanged(r.article.ID, r.anns)
		r.ui.setStatus(lang.L("Tagged {{.Type}} “{{.Quote}}” ({{.Start}}–{{.End}})", map[string]any{"Type": stored.Type, "Quote": isolate(shorten(stored.Quote, 40)), "Start": stored.Start, "End": stored.End}))
		if stored.Kind == model.KindClaim {
			r.side.showClaimEditor()
		}
		r.focusKeys()
	})
}

// insertAnnotation adds or replaces an annotation in the shown list, kept
// in text order.
func (r *readerScreen) insertAnnotation(a model.Annotation) { r.insertAnnotations(a) }

// insertAnnotations adds or replaces annotations in the shown list and
// works the suggestions out again.
func (r *readerScreen) insertAnnotations(as ...model.Annotation) {
	for _, a := range as {
		r.anns = slices.DeleteFunc(r.anns, func(x model.Annotation) bool { return x.ID == a.ID })
		r.anns = append(r.anns, a)
	}
	slices.SortStableFunc(r.anns, func(x, y model.Annotation) int {
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return x.End - y.End
	})
	r.showHighlights()
	r.side.articleChanged()
	r.loadSuggestions()
}

// deleteSelected deletes the selected annotation (undoable).
func (r *readerScreen) deleteSelected() {
	id := r.selected
	if id == "" || r.article == nil {
		r.ui.setStatus(lang.L("Select an annotation first (tap it, or j / k)"))
		return
	}
	r.ui.background(func() error {
		return r.store.DeleteAnnotations(r.ui.ctx, r.ui.actor, id)
	}, func(err error) {
		if err != nil {
			return
		}
		r.anns = slices.DeleteFunc(r.anns, func(x model.Annotation) bool { return x.ID == id })
		r.selected = ""
		r.showHighlights()
		r.side.articleChanged()
		r.loadSuggestions()
		r.ui.library.annotationsChanged(r.article.ID, r.anns)
		r.ui.setStatus(lang.L("Annotation deleted (Ctrl+Z to undo)"))
	})
}

// cycleAnnotation selects the next or previous annotation in text order.
func (r *readerScreen) cycleAnnotation(delta int) {
	if len(r.anns) == 0 {
		return
	}
	i := slices.IndexFunc(r.anns, func(a model.Annotation) bool { return a.ID == r.selected })
	switch {
	case i < 0 && delta > 0:
		i = 0
	case i < 0:
		i = len(r.anns) - 1
	default:
		i = (i + delta + len(r.anns)) % len(r.anns)
	}
	r.selectAnnotation(r.anns[i].ID, true)
}

// contextMenu offers the label types for the selection, and actions on the
// selected annotation.
func (r *readerScreen) contextMenu(start, end int, pos fyne.Position) {
	var items []*fyne.MenuItem
	if start < end {
		for _, t := range r.ui.schema {
			name := t.Name
			label := lang.L("Tag as {{.Type}}", map[string]any{"Type": t.Name})
			if t.Description != "" {
				label += " (" + t.Description + ")"
			}
			items = append(items, fyne.NewMenuItem(label, func() { r.tagSelection(name) }))
		}
	}
	if r.selected != "" {
		items = append(items, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("Edit selected annotation"), r.side.editSelected),
			fyne.NewMenuItem(lang.L("Delete selected annotation"), r.deleteSelected))
		if a := r.annotation(r.selected); a != nil && a.Kind == model.KindEntity {
			items = append(items, fyne.NewMenuItem(lang.L("Tag all occurrences… (t)"), r.tagAllOccurrences))
		}
	}
	items = append(items, r.suggestionMenuItems()...)
	if len(items) == 0 {
		return
	}
	showContextMenu(r.ui.win.Canvas(), fyne.NewMenu("", items...), pos)
}
