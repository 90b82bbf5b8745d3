package bidientry

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

var (
	_ fyne.Focusable         = (*Entry)(nil)
	_ fyne.Shortcutable      = (*Entry)(nil)
	_ fyne.Tappable          = (*Entry)(nil)
	_ fyne.DoubleTappable    = (*Entry)(nil)
	_ fyne.SecondaryTappable = (*Entry)(nil)
	_ fyne.Draggable         = (*Entry)(nil)
	_ fyne.Scrollable        = (*Entry)(nil)
	_ fyne.Tabbable          = (*Entry)(nil)
	_ desktop.Mouseable      = (*Entry)(nil)
	_ desktop.Keyable        = (*Entry)(nil)
	_ desktop.Cursorable     = (*Entry)(nil)
)

// wordModifier moves by word with the arrows, as in widget.Entry.
func wordModifier() fyne.KeyModifier {
	if runtime.GOOS == "darwin" {
		return fyne.KeyModifierAlt
	}
	return fyne.KeyModifierShortcutDefault
}

// FocusGained shows the caret.
func (e *Entry) FocusGained() {
	e.focused = true
	e.Refresh()
}

// FocusLost hides the caret.
func (e *Entry) FocusLost() {
	e.focused, e.shift, e.pressed = false, false, false
	e.Refresh()
}

// AcceptsTab lets Tab move the focus on, in single- and multi-line entries.
func (e *Entry) AcceptsTab() bool { return false }

// Cursor shows the text cursor over the entry.
func (e *Entry) Cursor() desktop.Cursor { return desktop.TextCursor }

// TypedRune inserts what the keyboard, an IME or xdotool typed.
func (e *Entry) TypedRune(r rune) {
	if e.Disabled() {
		return
	}
	e.replace(string(r), editTyping)
	e.follow()
}

// KeyDown tracks Shift, which TypedKey events do not carry.
func (e *Entry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
}

// KeyUp tracks Shift.
func (e *Entry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
}

// TypedKey moves the caret and edits.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if e.Disabled() || e.KeyFilter != nil && e.KeyFilter(k) {
		return
	}
	e.sync()
	e.layoutNow()
	switch k.Name {
	case fyne.KeyLeft:
		e.moveHorizontal(-1, false)
	case fyne.KeyRight:
		e.moveHorizontal(1, false)
	case fyne.KeyUp, fyne.KeyDown:
		dir := 1
		if k.Name == fyne.KeyUp {
			dir = -1
		}
		x := e.caretX()
		e.moveTo(e.verticalStep(e.caret, dir, x), e.shift)
		e.preferredX, e.havePreferredX = x, true
	case fyne.KeyHome:
		e.moveTo(e.homeEnd(e.caret, false), e.shift)
	case fyne.KeyEnd:
		e.moveTo(e.homeEnd(e.caret, true), e.shift)
	case fyne.KeyBackspace:
		if s, t := e.Selection(); s != t {
			e.replace("", editOther)
		} else {
			e.deleteRange(e.caret-1, e.caret)
		}
	case fyne.KeyDelete:
		if s, t := e.Selection(); s != t {
			e.replace("", editOther)
		} else if e.caret < len(e.runes) {
			_, end := e.doc.Paragraphs[e.doc.ParagraphOf(e.caret)].Grapheme(e.caret)
			e.deleteRange(e.caret, max(end, e.caret+1))
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.MultiLine {
			e.replace("\n", editOther)
		} else if e.OnSubmitted != nil {
			e.OnSubmitted(e.Text)
		}
	default:
		return
	}
	e.follow()
}

// caretX is the caret's x in document coordinates, or the x kept from
// the last Up/Down so that a column survives short lines.
func (e *Entry) caretX() float32 {
	if e.havePreferredX {
		return e.preferredX
	}
	x, _, _ := e.doc.Caret(e.caret)
	return x
}

// moveHorizontal handles Left/Right (dir -1/+1), by word if word is set. A
// selection collapses to its reading-backward end going against the
// paragraph's direction, to its forward end otherwise.
func (e *Entry) moveHorizontal(dir int, word bool) {
	if s, t := e.Selection(); s != t && !e.shift {
		if (dir > 0) != e.rtlAt(e.caret) {
			e.moveTo(t, false)
		} else {
			e.moveTo(s, false)
		}
		return
	}
	if word {
		e.moveTo(e.wordStep(e.caret, dir), e.shift)
		return
	}
	e.moveTo(e.visualStep(e.caret, dir), e.shift)
}

// moveTo puts the caret at o, extending the selection if extend is set.
func (e *Entry) moveTo(o int, extend bool) {
	e.caret = o
	if !extend {
		e.anchor = o
	}
	e.havePreferredX = false
	e.lastEdit = editOther
	e.Refresh()
}

// TypedShortcut handles the clipboard, undo and word movement.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	e.sync()
	switch s := s.(type) {
	case *fyne.ShortcutCopy:
		if t := e.SelectedText(); t != "" && s.Clipboard != nil {
			s.Clipboard.SetContent(t)
		}
		return
	case *fyne.ShortcutSelectAll:
		e.Select(0, len(e.runes))
		return
	}
	if e.Disabled() {
		return
	}
	switch s := s.(type) {
	case *fyne.ShortcutCut:
		if t := e.SelectedText(); t != "" && s.Clipboard != nil {
			s.Clipboard.SetContent(t)
			e.replace("", editOther)
		}
	case *fyne.ShortcutPaste:
		if s.Clipboard != nil {
			e.replace(s.Clipboard.Content(), editOther)
		}
	case *fyne.ShortcutUndo:
		e.Undo()
	case *fyne.ShortcutRedo:
		e.Redo()
	case *desktop.CustomShortcut:
		if !e.customShortcut(s) {
			return
		}
	default:
		return
	}
	e.follow()
}

// customShortcut handles the modifier combinations the driver does not
// name; it reports whether it used the shortcut.
func (e *Entry) customShortcut(s *desktop.CustomShortcut) bool {
	word := wordModifier()
	e.layoutNow()
	switch {
	case s.KeyName == fyne.KeyZ && s.Modifier == fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift:
		e.Redo()
	case (s.KeyName == fyne.KeyLeft || s.KeyName == fyne.KeyRight) && s.Modifier&^fyne.KeyModifierShift == word:
		dir := 1
		if s.KeyName == fyne.KeyLeft {
			dir = -1
		}
		shift := e.shift
		e.shift = s.Modifier&fyne.KeyModifierShift != 0
		e.moveHorizontal(dir, true)
		e.shift = shift
	case (s.KeyName == fyne.KeyHome || s.KeyName == fyne.KeyEnd) && s.Modifier&^fyne.KeyModifierShift == fyne.KeyModifierShortcutDefault:
		o := 0
		if s.KeyName == fyne.KeyEnd {
			o = len(e.runes)
		}
		e.moveTo(o, s.Modifier&fyne.KeyModifierShift != 0)
	case s.KeyName == fyne.KeyBackspace && s.Modifier == word:
		if a, b := e.Selection(); a == b {
			e.deleteRange(wordBackward(e.runes, e.caret), e.caret)
		} else {
			e.replace("", editOther)
		}
	case s.KeyName == fyne.KeyDelete && s.Modifier == word:
		if a, b := e.Selection(); a == b {
			e.deleteRange(e.caret, wordForward(e.runes, e.caret))
		} else {
			e.replace("", editOther)
		}
	case (s.KeyName == fyne.KeyReturn || s.KeyName == fyne.KeyEnter) && s.Modifier == fyne.KeyModifierShortcutDefault:
		if e.OnSubmitted != nil {
			e.OnSubmitted(e.Text)
		}
	default:
		return false
	}
	return true
}

// follow asks the next layout to scroll the caret into view.
func (e *Entry) follow() {
	e.followCaret = true
	e.Refresh()
}

func (e *Entry) requestFocus() {
	self := e.self()
	if c := fyne.CurrentApp().Driver().CanvasForObject(self); c != nil && c.Focused() != self {
		c.Focus(self)
	}
}

// MouseDown puts the caret under the pointer (Shift extends the
// selection) and takes the focus.
func (e *Entry) MouseDown(m *desktop.MouseEvent) {
	if e.Disabled() || m.Button != desktop.MouseButtonPrimary {
		return
	}
	e.requestFocus()
	e.moveTo(e.offsetAt(m.Position), e.shift || m.Modifier&fyne.KeyModifierShift != 0)
	e.pressed = true
}

// MouseUp ends a press.
func (e *Entry) MouseUp(*desktop.MouseEvent) {}

// Tapped takes the focus (MouseDown placed the caret; mobile and test
// taps come without it).
func (e *Entry) Tapped(ev *fyne.PointEvent) {
	if e.Disabled() {
		return
	}
	if !e.focused {
		e.requestFocus()
	}
	if !e.pressed {
		e.moveTo(e.offsetAt(ev.Position), e.shift)
	}
	e.pressed = false
}

// TappedSecondary offers the clipboard commands in a context menu.
func (e *Entry) TappedSecondary(ev *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(e.self())
	if c == nil {
		return
	}
	e.requestFocus()
	cb := fyne.CurrentApp().Clipboard()
	do := func(s fyne.Shortcut) func() { return func() { e.TypedShortcut(s) } }
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(lang.L("Cut"), do(&fyne.ShortcutCut{Clipboard: cb})),
		fyne.NewMenuItem(lang.L("Copy"), do(&fyne.ShortcutCopy{Clipboard: cb})),
		fyne.NewMenuItem(lang.L("Paste"), do(&fyne.ShortcutPaste{Clipboard: cb})),
		fyne.NewMenuItem(lang.L("Select all"), do(&fyne.ShortcutSelectAll{})),
	}
	if e.Disabled() {
		items = items[1:2]
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, ev.AbsolutePosition)
}

// DoubleTapped selects the word under the pointer.
func (e *Entry) DoubleTapped(ev *fyne.PointEvent) {
	if e.Disabled() {
		return
	}
	e.layoutNow()
	s, t := e.doc.WordAt(e.offsetAt(ev.Position))
	e.Select(s, t)
}

// Dragged extends the selection to the pointer.
func (e *Entry) Dragged(ev *fyne.DragEvent) {
	if e.Disabled() {
		return
	}
	if !e.pressed {
		// A drag without its MouseDown (mobile, fyne's test.Drag) reports
		// where it started and how far it went.
		e.requestFocus()
		e.moveTo(e.offsetAt(ev.Position), false)
		e.caret = e.offsetAt(ev.Position.Add(ev.Dragged))
		e.follow()
		return
	}
	e.caret = e.offsetAt(ev.Position)
	e.follow()
}

// DragEnd ends a drag selection.
func (e *Entry) DragEnd() { e.pressed = false }

// Scrolled scrolls a multi-line entry.
func (e *Entry) Scrolled(ev *fyne.ScrollEvent) {
	if !e.MultiLine {
		return
	}
	e.scrollY -= ev.Scrolled.DY
	e.followCaret = false
	e.Refresh()
}

// offsetAt returns the text offset under a point in the entry.
func (e *Entry) offsetAt(p fyne.Position) int {
	e.layoutNow()
	ox, oy := e.origin()
	return e.doc.HitTest(p.X-ox, p.Y-oy)
}
