// Package bidientry is a text entry that lays its text out with package
// layout (the article view's bidi, shaping and line breaking), so mixed
// Arabic, Latin and digits show in the right visual order while typing.
// Fyne's own Entry lays a line's direction runs out left to right
// (fyne-io/fyne#90). The API follows widget.Entry, so swapping one for the
// other is a one-line change.
package bidientry

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"daftar/layout"
	"daftar/textnorm"
)

// Entry is a single- or multi-line text field with bidirectional layout.
// The caret and selection are logical code-point offsets into Text; they
// are drawn and moved visually.
type Entry struct {
	widget.DisableableWidget

	// Text is the content; change it with SetText.
	Text        string
	PlaceHolder string
	// OnChanged is called after every edit, by the user or SetText.
	OnChanged func(string)
	// OnSubmitted is called on Enter in a single-line entry, Ctrl+Enter in a
	// multi-line one.
	OnSubmitted func(string)
	MultiLine   bool
	// Wrapping applies to multi-line entries: anything but TextWrapOff
	// wraps at word boundaries (layout breaks at UAX #14 opportunities).
	Wrapping fyne.TextWrap
	// Direction is the paragraph direction; layout.Auto (the default)
	// takes each paragraph's first strong character.
	Direction layout.Direction
	// KeyFilter, when set, sees every key first; returning true consumes
	// it. A dialog uses it to take Escape and Enter from its fields.
	KeyFilter func(*fyne.KeyEvent) bool

	runes          []rune
	caret, anchor  int // selection is [min, max) of the two
	focused        bool
	shift          bool // a Shift key is held (TypedKey has no modifiers)
	minRows        int
	pressed        bool // a primary press placed the caret; drags extend from it
	undo, redo     []snapshot
	lastEdit       editKind
	scrollX        float32 // content scrolled left (single line, no wrap)
	scrollY        float32 // content scrolled up (multi-line)
	doc, phDoc     *layout.Document
	docText        string // what doc was shaped from
	docDir         layout.Direction
	phText         string
	laidW          float32     // width doc was laid out at
	laidAvail      float32     // visible width that layout was for
	followCaret    bool        // scroll the caret into view at the next layout
	preferredX     float32     // caret x kept across Up/Down
	inset          float32     // room kept free at the right (SelectEntry's button)
	outer          focusWidget // the widget embedding this entry, focused and refreshed in its place
	havePreferredX bool
}

type focusWidget interface {
	fyne.Focusable
	fyne.Widget
}

// self is the widget on the canvas: the entry, or the one embedding it.
func (e *Entry) self() focusWidget {
	if e.outer != nil {
		return e.outer
	}
	return e
}

type snapshot struct {
	text          string
	caret, anchor int
}

type editKind uint8

const (
	editOther editKind = iota
	editTyping
	editDeleting
)

// undoLimit bounds the history kept per field.
const undoLimit = 200

// NewEntry returns a single-line entry.
func NewEntry() *Entry {
	e := &Entry{}
	e.ExtendBaseWidget(e)
	return e
}

// NewMultiLineEntry returns a multi-line entry that wraps words.
func NewMultiLineEntry() *Entry {
	e := &Entry{MultiLine: true, Wrapping: fyne.TextWrapWord}
	e.ExtendBaseWidget(e)
	return e
}

// SetText replaces the text, moves the caret to its end and forgets the
// undo history (a new text is a new document, as when the entity shown
// changes). OnChanged is called if the text changed, as in widget.Entry.
func (e *Entry) SetText(s string) {
	if !e.MultiLine {
		s = strings.ReplaceAll(s, "\n", " ")
	}
	changed := s != string(e.runes)
	e.Text = s
	e.runes = []rune(s)
	e.caret, e.anchor = len(e.runes), len(e.runes)
	e.undo, e.redo, e.lastEdit = nil, nil, editOther
	e.havePreferredX = false
	e.Refresh()
	if changed && e.OnChanged != nil {
		e.OnChanged(s)
	}
}

// SetPlaceHolder sets the text shown, greyed, while the entry is empty.
func (e *Entry) SetPlaceHolder(s string) {
	e.PlaceHolder = s
	e.Refresh()
}

// SetMinRowsVisible sets how many lines a multi-line entry is tall at least.
func (e *Entry) SetMinRowsVisible(n int) {
	e.minRows = n
	e.Refresh()
}

// CursorOffset is the caret as a code-point offset into Text.
func (e *Entry) CursorOffset() int {
	e.sync()
	return e.caret
}

// SetCursorOffset puts the caret at offset (clamped) and clears the
// selection.
func (e *Entry) SetCursorOffset(o int) {
	e.sync()
	e.caret = max(0, min(o, len(e.runes)))
	e.anchor = e.caret
	e.havePreferredX = false
	e.Refresh()
}

// Selection returns the selected offsets [start, end); start == end when
// nothing is selected.
func (e *Entry) Selection() (start, end int) {
	e.sync()
	return min(e.caret, e.anchor), max(e.caret, e.anchor)
}

// Select selects [start, end) with the caret at end.
func (e *Entry) Select(start, end int) {
	e.sync()
	n := len(e.runes)
	e.anchor, e.caret = max(0, min(start, n)), max(0, min(end, n))
	e.Refresh()
}

// SelectedText returns the selected text.
func (e *Entry) SelectedText() string {
	s, t := e.Selection()
	return string(e.runes[s:t])
}

// sync picks up Text assigned directly (as widget.Entry allows).
func (e *Entry) sync() {
	if e.Text != string(e.runes) {
		e.runes = []rune(e.Text)
		e.caret = min(e.caret, len(e.runes))
		e.anchor = min(e.anchor, len(e.runes))
	}
}

// replace puts s in place of the selection (see edit).
func (e *Entry) replace(s string, kind editKind) {
	e.sync()
	start, end := e.Selection()
	e.edit(start, end, s, kind)
}

// deleteRange deletes [start, end) (a key press with nothing selected).
func (e *Entry) deleteRange(start, end int) {
	e.edit(max(0, start), min(len(e.runes), end), "", editDeleting)
}

// edit puts s in place of [start, end), leaving the caret after it,
// records the undo step and notifies OnChanged.
func (e *Entry) edit(start, end int, s string, kind editKind) {
	if !e.MultiLine {
		s = strings.ReplaceAll(s, "\n", " ")
	}
	ins := []rune(s)
	if start >= end && len(ins) == 0 {
		return
	}
	e.record(kind)
	out := make([]rune, 0, len(e.runes)-(end-start)+len(ins))
	out = append(append(append(out, e.runes[:start]...), ins...), e.runes[end:]...)
	e.runes = out
	e.caret = start + len(ins)
	e.anchor = e.caret
	e.changed()
}

// record saves the state before an edit. Consecutive typing (or deleting)
// at the caret makes one undo step, as in other editors.
func (e *Entry) record(kind editKind) {
	if kind == editOther || kind != e.lastEdit || len(e.undo) == 0 || e.caret != e.anchor {
		e.undo = append(e.undo, snapshot{string(e.runes), e.caret, e.anchor})
		if len(e.undo) > undoLimit {
			e.undo = e.undo[1:]
		}
	}
	e.lastEdit = kind
	e.redo = e.redo[:0]
}

func (e *Entry) changed() {
	e.Text = string(e.runes)
	e.havePreferredX = false
	e.Refresh()
	if e.OnChanged != nil {
		e.OnChanged(e.Text)
	}
}

// CanUndo reports whether Undo has an edit to take back: the window's Undo
// (a menu shortcut, which wins over the field's) asks before passing
// Ctrl+Z to the focused field.
func (e *Entry) CanUndo() bool { return len(e.undo) > 0 }

// CanRedo reports whether Redo has an edit to re-apply.
func (e *Entry) CanRedo() bool { return len(e.redo) > 0 }

// Undo goes back one edit.
func (e *Entry) Undo() { e.travel(&e.undo, &e.redo) }

// Redo re-applies an undone edit.
func (e *Entry) Redo() { e.travel(&e.redo, &e.undo) }

func (e *Entry) travel(from, to *[]snapshot) {
	if len(*from) == 0 {
		return
	}
	e.sync()
	s := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	*to = append(*to, snapshot{string(e.runes), e.caret, e.anchor})
	e.runes = []rune(s.text)
	e.caret, e.anchor = s.caret, s.anchor
	e.lastEdit = editOther
	e.changed()
}

// shaping state is not safe for concurrent use; entries share one shaper.
var shared struct {
	sync.Mutex
	once   sync.Once
	shaper *layout.Shaper
}

func shape(text string, dir layout.Direction) *layout.Document {
	shared.once.Do(func() {
		fonts, err := layout.DefaultFonts()
		if err != nil {
			// The fonts are embedded: failing to parse them is a build
			// defect, as in the article view.
			panic(err)
		}
		shared.shaper = layout.NewShaper(fonts)
	})
	shared.Lock()
	defer shared.Unlock()
	return shared.shaper.NewDocument(text, dir, false, 0)
}

// wordForward returns the end of the word at or after o (logical).
func wordForward(text []rune, o int) int {
	for o < len(text) && !textnorm.IsWordRune(text[o]) {
		o++
	}
	for o < len(text) && textnorm.IsWordRune(text[o]) {
		o++
	}
	return o
}

// wordBackward returns the start of the word at or before o (logical).
func wordBackward(text []rune, o int) int {
	for o > 0 && !textnorm.IsWordRune(text[o-1]) {
		o--
	}
	for o > 0 && textnorm.IsWordRune(text[o-1]) {
		o--
	}
	return o
}
