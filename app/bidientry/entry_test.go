package bidientry

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"daftar/layout"
)

// Mixed-direction strings the tests walk over.
const (
	minister = "وزير الدفاع 2019"                    // Arabic first, digits at the end
	smith    = "قال Smith إن 45% من الحكومة"         // Arabic with a Latin name and a percentage
	latin    = "The minister وزير الدفاع said 2019." // Latin first with Arabic inside
	twoRTL   = "تقرير 2019\nوزير الدفاع Smith"       // two right-to-left paragraphs
)

// newSized returns a focused entry in a test window of the given width.
func newSized(t *testing.T, multi bool, text string, width float32) (*Entry, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	e := NewEntry()
	if multi {
		e = NewMultiLineEntry()
	}
	e.SetText(text)
	w := test.NewTempWindow(t, e)
	w.Resize(fyne.NewSize(width, 200))
	w.Canvas().Focus(e)
	return e, w
}

func key(e *Entry, name fyne.KeyName) { e.TypedKey(&fyne.KeyEvent{Name: name}) }

func shift(e *Entry, down bool) {
	k := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	if down {
		e.KeyDown(k)
	} else {
		e.KeyUp(k)
	}
}

// walk presses name until the caret stops moving and returns the offsets
// visited, the start included.
func walk(e *Entry, name fyne.KeyName) []int {
	seen := []int{e.CursorOffset()}
	for range 200 {
		key(e, name)
		o := e.CursorOffset()
		if o == seen[len(seen)-1] {
			break
		}
		seen = append(seen, o)
	}
	return seen
}

// caretXY is where the caret is drawn, in entry coordinates.
func caretXY(e *Entry) (float32, float32) {
	e.layoutNow()
	x, top, _ := e.doc.Caret(e.CursorOffset())
	ox, oy := e.origin()
	return ox + x, oy + top
}

func TestArrowsMoveVisually(t *testing.T) {
	cases := []struct {
		name, text string
		multi      bool
		// the Left walk from the logical start, when known by hand
		left []int
	}{
		// Right to left: the caret goes leftwards through the Arabic, then
		// through 2019 from its right end (after the 9) to its left (before
		// the 2), where the logical offset 12 is drawn.
		{"minister", minister, false, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 15, 14, 13, 12}},
		{"smith", smith, false, nil},
		{"latin", latin, false, nil},
		{"two paragraphs", twoRTL, true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, _ := newSized(t, c.multi, c.text, 600)
			e.SetCursorOffset(0)
			n := len([]rune(c.text))
			// Walk away from the start in reading order, then back: each
			// step moves the drawn caret the way of the arrow on its line,
			// every offset is reached once, and the way back reverses it.
			forward, back := fyne.KeyName(fyne.KeyRight), fyne.KeyName(fyne.KeyLeft)
			if e.rtlAt(0) {
				forward, back = back, forward
			}
			path := walk(e, forward)
			if c.left != nil && !slices.Equal(path, c.left) {
				t.Fatalf("Left from the start visits %v, want %v", path, c.left)
			}
			got := slices.Sorted(slices.Values(path))
			if want := seq(n + 1); !slices.Equal(got, want) {
				t.Fatalf("visited %v, want each of 0..%d once", path, n)
			}
			back1 := walk(e, back)
			slices.Reverse(back1)
			if !slices.Equal(back1, path) {
				t.Fatalf("the way back %v is not the way there %v reversed", back1, path)
			}
			// Within a line the caret x moves monotonically with the key.
			e.SetCursorOffset(path[0])
			px, py := caretXY(e)
			for _, o := range path[1:] {
				e.SetCursorOffset(o)
				x, y := caretXY(e)
				if y == py && (forward == fyne.KeyRight && x < px || forward == fyne.KeyLeft && x > px) {
					t.Fatalf("offset %d drawn at x=%.1f, against the arrow from x=%.1f", o, x, px)
				}
				px, py = x, y
			}
		})
	}
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestHomeEndAndWords(t *testing.T) {
	cases := []struct {
		text       string
		from       int
		keys       []fyne.KeyName
		ctrl       bool
		wantCaret  int
		wantSelect string
	}{
		{minister, 5, []fyne.KeyName{fyne.KeyHome}, false, 0, ""},
		{minister, 5, []fyne.KeyName{fyne.KeyEnd}, false, 16, ""},
		// In a right-to-left paragraph Ctrl+Left reads forward: to the end
		// of the next word.
		{minister, 0, []fyne.KeyName{fyne.KeyLeft}, true, 4, ""},
		{minister, 0, []fyne.KeyName{fyne.KeyLeft, fyne.KeyLeft, fyne.KeyLeft}, true, 16, ""},
		{minister, 16, []fyne.KeyName{fyne.KeyRight}, true, 12, ""},
		{smith, 0, []fyne.KeyName{fyne.KeyLeft, fyne.KeyLeft}, true, 9, ""},
		{latin, 0, []fyne.KeyName{fyne.KeyRight, fyne.KeyRight, fyne.KeyRight}, true, 17, ""},
		{latin, 17, []fyne.KeyName{fyne.KeyLeft}, true, 13, ""},
	}
	for _, c := range cases {
		e, _ := newSized(t, false, c.text, 600)
		e.SetCursorOffset(c.from)
		for _, k := range c.keys {
			if c.ctrl {
				e.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: wordModifier()})
			} else {
				key(e, k)
			}
		}
		if got := e.CursorOffset(); got != c.wantCaret {
			t.Errorf("%q from %d %v (ctrl %v): caret %d, want %d", c.text, c.from, c.keys, c.ctrl, got, c.wantCaret)
		}
	}
}

func TestShiftArrowsSelectAcrossRuns(t *testing.T) {
	e, w := newSized(t, false, minister, 600)
	e.SetCursorOffset(9)
	shift(e, true)
	for range 5 {
		key(e, fyne.KeyLeft)
	}
	shift(e, false)
	s, t2 := e.Selection()
	if s != 9 || t2 != 14 || e.SelectedText() != "اع 20" {
		t.Fatalf("selection [%d, %d) %q, want [9, 14) \"اع 20\"", s, t2, e.SelectedText())
	}
	// "20" sits at the far left, "19" after it is not selected: two
	// rectangles with a gap.
	rects := selectionRects(e)
	if len(rects) != 2 {
		t.Fatalf("selection drawn as %d rectangles, want 2: %v", len(rects), rects)
	}
	a, b := rects[0], rects[1]
	if a.Position().X > b.Position().X {
		a, b = b, a
	}
	if a.Position().X+a.Size().Width >= b.Position().X {
		t.Fatalf("rectangles %v and %v touch: the unselected 19 lies between them", a.Position(), b.Position())
	}
	// Left without Shift collapses the selection to its reading-forward
	// end in a right-to-left paragraph.
	key(e, fyne.KeyLeft)
	if s, t2 := e.Selection(); s != 14 || t2 != 14 {
		t.Fatalf("after Left the selection is [%d, %d), want the caret at 14", s, t2)
	}
	_ = w
}

func selectionRects(e *Entry) []*canvas.Rectangle {
	var out []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(e).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == theme.Color(theme.ColorNameSelection) {
			out = append(out, r)
		}
	}
	return out
}

func TestMouseDragAndDoubleClick(t *testing.T) {
	e, _ := newSized(t, false, smith, 600)
	// Drag from the right end of the text (its logical start) to the
	// caret position of offset 9 (after "Smith").
	e.SetCursorOffset(0)
	x0, y := caretXY(e)
	e.SetCursorOffset(9)
	x1, _ := caretXY(e)
	from, to := fyne.NewPos(x0-1, y+5), fyne.NewPos(x1-1, y+5)
	// As fyne's test.Drag and mobile report it: no MouseDown, the start
	// and the distance.
	e.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from}, Dragged: fyne.NewDelta(to.X-from.X, 0)})
	e.DragEnd()
	if got := e.SelectedText(); got != "قال Smith" {
		t.Fatalf("dragging selected %q, want %q", got, "قال Smith")
	}
	// As the desktop driver reports it: MouseDown, then drags with the
	// pointer's position.
	e.SetCursorOffset(20)
	e.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: to}, Button: desktop.MouseButtonPrimary})
	mid := fyne.NewPos((from.X+to.X)/2, y+5)
	e.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-to.X, 0)})
	e.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: from}, Dragged: fyne.NewDelta(from.X-mid.X, 0)})
	e.DragEnd()
	e.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	if s, t2 := e.Selection(); s != 0 || t2 != 9 || e.CursorOffset() != 0 {
		t.Fatalf("dragging back selected [%d, %d) with the caret at %d, want [0, 9) and 0", s, t2, e.CursorOffset())
	}
	// A double click on the middle of "Smith" selects it.
	e.SetCursorOffset(6)
	x, _ := caretXY(e)
	e.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(x, y+5)})
	if got := e.SelectedText(); got != "Smith" {
		t.Fatalf("double click selected %q, want Smith", got)
	}
}

func TestTypingUndoClipboard(t *testing.T) {
	e, w := newSized(t, false, "", 400)
	var changed []string
	e.OnChanged = func(s string) { changed = append(changed, s) }
	submitted := ""
	e.OnSubmitted = func(s string) { submitted = s }
	test.Type(e, "وزير الدفاع 2019")
	if e.Text != minister || e.CursorOffset() != 16 || changed[len(changed)-1] != minister {
		t.Fatalf("typed %q, caret %d", e.Text, e.CursorOffset())
	}
	key(e, fyne.KeyBackspace)
	key(e, fyne.KeyBackspace)
	if e.Text != "وزير الدفاع 20" {
		t.Fatalf("after two Backspace: %q", e.Text)
	}
	// Typing makes one undo step, the deletions another.
	e.TypedShortcut(&fyne.ShortcutUndo{})
	if e.Text != minister {
		t.Fatalf("undo gave %q, want the typed text", e.Text)
	}
	e.TypedShortcut(&fyne.ShortcutUndo{})
	if e.Text != "" {
		t.Fatalf("second undo gave %q, want empty", e.Text)
	}
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if e.Text != minister {
		t.Fatalf("redo gave %q", e.Text)
	}
	e.TypedShortcut(&fyne.ShortcutRedo{})
	if e.Text != "وزير الدفاع 20" {
		t.Fatalf("second redo gave %q", e.Text)
	}

	cb := fyne.CurrentApp().Clipboard()
	e.SetText(minister)
	e.Select(12, 16)
	e.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	if cb.Content() != "2019" {
		t.Fatalf("copied %q", cb.Content())
	}
	e.Select(0, 5)
	e.TypedShortcut(&fyne.ShortcutCut{Clipboard: cb})
	if e.Text != "الدفاع 2019" || cb.Content() != "وزير " {
		t.Fatalf("cut left %q, clipboard %q", e.Text, cb.Content())
	}
	e.SetCursorOffset(len([]rune(e.Text)))
	e.TypedRune(' ')
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: cb})
	if e.Text != "الدفاع 2019 وزير " {
		t.Fatalf("paste gave %q", e.Text)
	}
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	if e.SelectedText() != e.Text {
		t.Fatalf("select all selected %q", e.SelectedText())
	}
	key(e, fyne.KeyReturn)
	if submitted != e.Text {
		t.Fatalf("Enter submitted %q", submitted)
	}
	// A disabled entry ignores typing but still copies.
	e.Disable()
	test.Type(e, "x")
	e.TypedShortcut(&fyne.ShortcutCopy{Clipboard: cb})
	if strings.Contains(e.Text, "x") || cb.Content() != e.Text {
		t.Fatalf("disabled entry: text %q, clipboard %q", e.Text, cb.Content())
	}
	_ = w
}

func TestMultiLine(t *testing.T) {
	e, _ := newSized(t, true, "", 200)
	test.Type(e, "سطر 1")
	key(e, fyne.KeyReturn)
	test.Type(e, "line 2")
	if e.Text != "سطر 1\nline 2" {
		t.Fatalf("multi-line text %q", e.Text)
	}
	key(e, fyne.KeyUp)
	if o := e.CursorOffset(); o > 5 {
		t.Fatalf("Up from the second line left the caret at %d", o)
	}
	// Past a line's visual end the caret goes on in that paragraph's
	// reading order: into the next paragraph, and back.
	e.SetText("تقرير 2019\nReport وزير")
	for _, step := range []struct {
		from int
		key  fyne.KeyName
		want int
	}{{6, fyne.KeyLeft, 11}, {11, fyne.KeyLeft, 6}, {10, fyne.KeyRight, 5}, {11, fyne.KeyHome, 11}, {11, fyne.KeyEnd, 22}, {3, fyne.KeyDown, -1}} {
		e.SetCursorOffset(step.from)
		key(e, step.key)
		if got := e.CursorOffset(); step.want >= 0 && got != step.want || step.want < 0 && got < 11 {
			t.Errorf("%s from %d: caret %d, want %d", step.key, step.from, got, step.want)
		}
	}
	// Long text wraps at the width: more lines than paragraphs, every
	// line inside the entry.
	e.SetText(strings.Repeat("وزير الدفاع 2019 ", 10))
	e.layoutNow()
	lines := e.doc.Paragraphs[0].Lines()
	if len(lines) < 3 {
		t.Fatalf("%d lines at width 200, want wrapping", len(lines))
	}
	for _, l := range lines {
		for _, r := range l.Runs {
			if r.X0 < -0.5 || r.X1 > e.laidW+0.5 {
				t.Fatalf("run [%d, %d) at x %.1f..%.1f outside width %.1f", r.Start, r.End, r.X0, r.X1, e.laidW)
			}
		}
	}
}

// TestRender draws entries in a test window and looks at the pixels: a
// right-to-left text inks the right side of the field, a left-to-right one
// the left side, the placeholder shows while empty.
func TestRender(t *testing.T) {
	cases := []struct {
		text, placeholder string
		dir               layout.Direction
		wantRight         bool
	}{
		{minister, "", layout.Auto, true},
		{"Report 2019", "", layout.Auto, false},
		{"Report 2019", "", layout.RTL, true}, // the field's setting wins
		{"", "ابحث هنا", layout.Auto, true},
		{"", "Search here", layout.Auto, false},
	}
	for _, c := range cases {
		test.NewTempApp(t)
		e := NewEntry()
		e.Direction = c.dir
		e.SetPlaceHolder(c.placeholder)
		e.SetText(c.text)
		w := test.NewTempWindow(t, e)
		w.Resize(fyne.NewSize(500, 60))
		img := w.Canvas().Capture()
		left, right := ink(img, e)
		if left+right == 0 {
			t.Fatalf("%q/%q: nothing drawn", c.text, c.placeholder)
		}
		if (right > left) != c.wantRight {
			t.Errorf("%q/%q: ink left %d, right %d", c.text, c.placeholder, left, right)
		}
	}
}

// ink counts pixels that differ clearly from the field's background in
// the left and right halves of the entry.
func ink(img image.Image, e *Entry) (left, right int) {
	bg := theme.Color(theme.ColorNameInputBackground)
	b := img.Bounds()
	scale := float32(b.Dx()) / e.Size().Width
	pad := int(theme.InnerPadding() * scale)
	mid := int((e.Position().X + e.Size().Width/2) * scale)
	for y := b.Min.Y + pad; y < b.Max.Y-pad; y++ {
		for x := b.Min.X + pad; x < b.Max.X-pad; x++ {
			if far(img.At(x, y), bg) {
				if x < mid {
					left++
				} else {
					right++
				}
			}
		}
	}
	return left, right
}

func far(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) uint32 {
		if x > y {
			return x - y
		}
		return y - x
	}
	return d(r1, r2)+d(g1, g2)+d(b1, b2) > 3*0x4000
}

// BenchmarkKeystroke measures one typed character in a 2,000-character
// multi-line note: "layout" is the edit, re-shaping, re-wrapping and the
// renderer's layout; "paint" adds painting the visible lines at scale 2.
func BenchmarkKeystroke(b *testing.B) {
	for _, paint := range []bool{false, true} {
		name := "layout"
		if paint {
			name = "paint"
		}
		b.Run(name, func(b *testing.B) {
			test.NewTempApp(b)
			e := NewMultiLineEntry()
			para := []rune("قال وزير الدفاع في 2019 إن 45% من الميزانية Report on the budget. ")
			var text []rune
			for len(text) < 2000 {
				text = append(text, para...)
				if len(text)%5 == 0 {
					text = append(text, '\n')
				}
			}
			e.SetText(string(text[:2000]))
			w := test.NewTempWindow(b, e)
			w.Resize(fyne.NewSize(600, 300))
			w.Canvas().Focus(e)
			e.SetCursorOffset(1000)
			r := test.WidgetRenderer(e).(*renderer)
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := range b.N {
				if i%2 == 0 {
					e.TypedRune('س')
				} else {
					key(e, fyne.KeyBackspace)
				}
				r.Layout(e.Size())
				if paint {
					r.paint(1200, 600)
				}
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			}
		})
	}
}

func TestSelectEntry(t *testing.T) {
	test.NewTempApp(t)
	s := NewSelectEntry([]string{"مجموعة 2019", "Set B"})
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(300, 80))
	var changed string
	s.OnChanged = func(v string) { changed = v }
	test.Tap(s.button)
	m := s.menu
	if m == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("the drop-down button showed no menu")
	}
	m.ActivateNext()
	m.TriggerLast()
	if s.Text != "مجموعة 2019" || changed != s.Text {
		t.Fatalf("picking the first option gave %q (OnChanged %q)", s.Text, changed)
	}
	// Typing goes to the entry part, which leaves room for the button.
	test.Tap(s)
	if w.Canvas().Focused() != s {
		t.Fatal("a tap did not focus the select entry")
	}
	key(&s.Entry, fyne.KeyEnd)
	test.Type(s, " جديدة")
	if s.Text != "مجموعة 2019 جديدة" {
		t.Fatalf("typed into the select entry: %q", s.Text)
	}
	if s.laidAvail+2*theme.InnerPadding()+s.button.Size().Width > s.Size().Width+0.5 {
		t.Fatalf("text width %.0f runs under the %.0f-wide button in a %.0f-wide field", s.laidAvail, s.button.Size().Width, s.Size().Width)
	}
}

func TestContextMenu(t *testing.T) {
	e, w := newSized(t, false, minister, 400)
	e.TappedSecondary(&fyne.PointEvent{Position: fyne.NewPos(10, 10)})
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("a secondary tap showed no menu")
	}
}
