package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The drop-down from the keyboard: Space on the focused select opens the
// list, Down moves, Enter picks; Escape closes without picking; the
// canvas' own key handler comes back after.
func TestBidiSelectKeys(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("")
	var got []string
	s := newBidiSelect([]string{"الكل", "وكالة 2019", "Reuters"}, func(v string) { got = append(got, v) })
	w.SetContent(s)
	w.Resize(fyne.NewSize(400, 300))
	c := w.Canvas()
	base := 0
	c.SetOnTypedKey(func(*fyne.KeyEvent) { base++ })
	key := func(name fyne.KeyName) {
		ev := &fyne.KeyEvent{Name: name}
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else {
			c.OnTypedKey()(ev)
		}
	}
	open := func() {
		c.Focus(s.button)
		key(fyne.KeySpace)
		if c.Overlays().Top() == nil {
			t.Fatal("Space opened no list")
		}
	}
	open()
	key(fyne.KeyDown)
	key(fyne.KeyReturn)
	if s.Selected != "وكالة 2019" || len(got) != 1 || c.Overlays().Top() != nil {
		t.Errorf("after Down, Enter: selected %q, changes %v, overlay %v", s.Selected, got, c.Overlays().Top())
	}
	open()
	key(fyne.KeyDown)
	key(fyne.KeyEscape)
	if s.Selected != "وكالة 2019" || c.Overlays().Top() != nil {
		t.Errorf("Escape picked %q or left the list open", s.Selected)
	}
	c.Unfocus()
	key(fyne.KeyEscape)
	if base != 1 {
		t.Errorf("the canvas' own key handler ran %d times after the list closed, want 1", base)
	}
	// The button shows the choice through the bidi label.
	if s.label.Text != "وكالة 2019" {
		t.Errorf("button shows %q", s.label.Text)
	}
}
