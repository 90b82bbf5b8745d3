package app

import (
	"slices"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"daftar/app/bidientry"
)

// Escape and Enter in dialogs and pop-ups. Fyne hands a key to the focused
// widget, or to the canvas' OnTypedKey when nothing has the focus; it has no
// hook that sees every key. So every dialog and pop-up of the window goes
// through pushKeys while shown: the canvas handler then serves the topmost
// layer (and nothing reaches the reader's tagging keys behind the dialog),
// and the widgets a dialog can focus that would otherwise swallow Escape
// (dialogEntry, dialogButton, bidiSelect) pass it on through dialogKey.
// popKeys restores the canvas' own handlers when the last layer goes.

// keyLayer says what the keys do while one dialog or pop-up is on top.
type keyLayer struct {
	cancel  func()                    // Escape
	confirm func()                    // Enter and Return; nil: nothing
	other   func(*fyne.KeyEvent) bool // the rest (a pop-up list's arrows); may be nil
	// overlay is the dialog or pop-up on the canvas: the layer lives as
	// long as it is there (a pop-up that closes on a tap outside tells
	// no one).
	overlay fyne.CanvasObject
}

type keyStack struct {
	layers []*keyLayer
	key    func(*fyne.KeyEvent)
	r      func(rune)
}

var keyStacks = struct {
	sync.Mutex
	m map[fyne.Canvas]*keyStack
}{m: map[fyne.Canvas]*keyStack{}}

// pushKeys puts l on top of c's layers; overlay is what l is for.
func pushKeys(c fyne.Canvas, l *keyLayer, overlay fyne.CanvasObject) {
	l.overlay = overlay
	keyStacks.Lock()
	st := keyStacks.m[c]
	if st == nil {
		st = &keyStack{key: c.OnTypedKey(), r: c.OnTypedRune()}
		keyStacks.m[c] = st
	}
	st.layers = append(st.layers, l)
	keyStacks.Unlock()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if base := prune(c); base != nil {
			if base.key != nil {
				base.key(ev)
			}
			return
		}
		dispatchKey(c, ev)
	})
	c.SetOnTypedRune(func(r rune) { // not to the reader's tagging keys
		if base := prune(c); base != nil && base.r != nil {
			base.r(r)
		}
	})
}

// prune drops the layers of c that closed unseen; when none is left it
// restores c's own handlers and returns them.
func prune(c fyne.Canvas) *keyStack {
	keyStacks.Lock()
	st := keyStacks.m[c]
	if st == nil {
		keyStacks.Unlock()
		return nil
	}
	shown := c.Overlays().List()
	st.layers = slices.DeleteFunc(st.layers, func(l *keyLayer) bool { return !slices.Contains(shown, l.overlay) })
	if len(st.layers) > 0 {
		keyStacks.Unlock()
		return nil
	}
	delete(keyStacks.m, c)
	keyStacks.Unlock()
	c.SetOnTypedKey(st.key)
	c.SetOnTypedRune(st.r)
	return st
}

// popKeys removes l (wherever it is: dialogs may close out of order).
func popKeys(c fyne.Canvas, l *keyLayer) {
	keyStacks.Lock()
	st := keyStacks.m[c]
	if st == nil {
		keyStacks.Unlock()
		return
	}
	if i := slices.Index(st.layers, l); i >= 0 {
		st.layers = slices.Delete(st.layers, i, i+1)
	}
	last := len(st.layers) == 0
	if last {
		delete(keyStacks.m, c)
	}
	keyStacks.Unlock()
	if last {
		c.SetOnTypedKey(st.key)
		c.SetOnTypedRune(st.r)
	}
}

// topKeys returns c's topmost live layer, or nil.
func topKeys(c fyne.Canvas) *keyLayer {
	prune(c)
	keyStacks.Lock()
	defer keyStacks.Unlock()
	if st := keyStacks.m[c]; st != nil && len(st.layers) > 0 {
		return st.layers[len(st.layers)-1]
	}
	return nil
}

// dispatchKey runs what the top layer of c does with ev, and reports
// whether it used the key.
func dispatchKey(c fyne.Canvas, ev *fyne.KeyEvent) bool {
	l := topKeys(c)
	if l == nil {
		return false
	}
	switch ev.Name {
	case fyne.KeyEscape:
		if l.cancel != nil {
			l.cancel()
			return true
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if l.confirm != nil {
			l.confirm()
			return true
		}
	default:
		if l.other != nil {
			return l.other(ev)
		}
	}
	return false
}

// dialogKey passes a key that the focused widget w does not use to the
// dialog or pop-up w is in.
func dialogKey(w fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(w)
	if c == nil {
		return false
	}
	return dispatchKey(c, ev)
}

// dialogEntry is a one-line text field for dialogs: Escape cancels the
// dialog, Enter confirms it (Fyne's Entry keeps both).
type dialogEntry struct{ widget.Entry }

func newDialogEntry() *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if isDialogKey(ev, e.MultiLine) && dialogKey(e, ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// dialogSelectEntry is dialogEntry for a SelectEntry.
type dialogSelectEntry struct{ widget.SelectEntry }

func newDialogSelectEntry(options []string) *dialogSelectEntry {
	e := &dialogSelectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	return e
}

func (e *dialogSelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if isDialogKey(ev, false) && dialogKey(e, ev) {
		return
	}
	e.SelectEntry.TypedKey(ev)
}

// newDialogBidiEntry is a bidi text field (for text that may be Arabic)
// that passes Escape, and Enter unless it starts a new line, to its dialog.
func newDialogBidiEntry() *bidientry.Entry {
	e := bidientry.NewEntry()
	e.KeyFilter = func(ev *fyne.KeyEvent) bool { return isDialogKey(ev, e.MultiLine) && dialogKey(e, ev) }
	return e
}

// newDialogBidiSelectEntry is newDialogBidiEntry with a drop-down of options.
func newDialogBidiSelectEntry(options []string) *bidientry.SelectEntry {
	e := bidientry.NewSelectEntry(options)
	e.KeyFilter = func(ev *fyne.KeyEvent) bool { return isDialogKey(ev, false) && dialogKey(e, ev) }
	return e
}

// isDialogKey: Escape always, Enter unless it starts a new line.
func isDialogKey(ev *fyne.KeyEvent, multiLine bool) bool {
	switch ev.Name {
	case fyne.KeyEscape:
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		return !multiLine
	}
	return false
}

// dialogButton is a button for dialogs: focused, Escape still cancels the
// dialog and Enter presses it.
type dialogButton struct{ widget.Button }

func newDialogButton(label string, icon fyne.Resource, tapped func()) *dialogButton {
	b := &dialogButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *dialogButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	case fyne.KeyEscape:
		if dialogKey(b, ev) {
			return
		}
	}
	b.Button.TypedKey(ev)
}
