package articleview

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/rivo/uniseg"
)

// The opening of a news story written for these tests (not from any corpus).
const storyAR = "باكو - أعلن مسؤولون في العاصمة اليوم الاثنين افتتاح معرض دولي للكتاب يشارك فيه أكثر من 300 ناشر من 40 دولة. " +
	"وقال المنظمون إن عدد الزوار تضاعف بين 2017 و2019، وإن المعرض يستمر حتى نهاية الشهر."

const mixedAR = "قالت وكالة Reuters إن شركة Penguin Random House باعت 1,250 نسخة من كتاب «الطريق» في 3 أيام (بحسب تقرير BBC)."

const storyEN = "The Baku book fair opened on Monday, the organisers (مركز باكو للمعارض) said; 300 publishers from 40 countries attend."

var (
	colPER   = color.NRGBA{R: 0x3a, G: 0x86, B: 0xff, A: 0xff}
	colORG   = color.NRGBA{R: 0xff, G: 0x9f, B: 0x1c, A: 0xff}
	colCLAIM = color.NRGBA{R: 0xd6, G: 0x28, B: 0x28, A: 0xff}
)

// newView shows a view in a test window of the given size, light theme.
func newView(t *testing.T, w, h float32, text string) (*View, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	v := New()
	win := test.NewTempWindow(t, v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	v.SetDocument("معرض باكو للكتاب", "وكالة الأنباء · 2024-05-06", text)
	return v, win
}

func offsets(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	s := len([]rune(text[:i]))
	return s, s + len([]rune(sub))
}

// pointIn returns a page point inside the cluster holding offset, at
// fraction fx of its width from its left edge.
func pointIn(t *testing.T, v *View, offset int, fx float32) fyne.Position {
	t.Helper()
	p := v.doc.Paragraphs[v.doc.ParagraphOf(offset)]
	s, e := p.Grapheme(offset)
	rs := v.doc.SpanRects(s, e)
	if len(rs) == 0 {
		t.Fatalf("no rect for offset %d", offset)
	}
	px, _ := v.padding()
	r := rs[0]
	return fyne.NewPos(px+r.X+r.W*fx, v.bodyTop+r.Y+r.H/2)
}

func drag(v *View, from, to fyne.Position, steps int) {
	v.page.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	prev := from
	for i := 1; i <= steps; i++ {
		f := float32(i) / float32(steps)
		cur := fyne.NewPos(from.X+(to.X-from.X)*f, from.Y+(to.Y-from.Y)*f)
		v.page.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: cur}, Dragged: fyne.NewDelta(cur.X-prev.X, cur.Y-prev.Y)})
		prev = cur
	}
	v.page.DragEnd()
	v.page.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: to}, Button: desktop.MouseButtonPrimary})
}

func TestGoldenArabicParagraph(t *testing.T) {
	_, w := newView(t, 480, 260, storyAR)
	test.AssertImageMatches(t, "arabic_paragraph.png", w.Canvas().Capture())
}

func TestGoldenArabicParagraphDark(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	fyne.CurrentApp().Settings().SetTheme(theme.DarkTheme())
	v.Refresh()
	test.AssertImageMatches(t, "arabic_paragraph_dark.png", w.Canvas().Capture())
}

func TestGoldenMixed(t *testing.T) {
	_, w := newView(t, 480, 220, mixedAR+"\n"+storyEN)
	test.AssertImageMatches(t, "mixed.png", w.Canvas().Capture())
}

func TestGoldenHighlightAcrossDirections(t *testing.T) {
	v, w := newView(t, 480, 200, mixedAR)
	// "شركة Penguin": Arabic then the start of a Latin name drawn at the far
	// end of its left-to-right block: one annotation, two rectangles.
	s, e := offsets(t, mixedAR, "شركة Penguin")
	v.SetAnnotations([]Highlight{{ID: "org1", Start: s, End: e, Color: colORG, Label: "ORG · Penguin"}})
	if n := len(v.doc.SpanRects(s, e)); n != 2 {
		t.Fatalf("highlight across directions has %d rectangles, want 2", n)
	}
	test.AssertImageMatches(t, "highlight_across.png", w.Canvas().Capture())
}

func TestGoldenSelection(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	s, _ := offsets(t, storyAR, "معرض دولي")
	_, e := offsets(t, storyAR, "للكتاب")
	v.SetSelection(s, e)
	if got := v.SelectedText(); got != "معرض دولي للكتاب" {
		t.Fatalf("selected %q", got)
	}
	test.AssertImageMatches(t, "selection.png", w.Canvas().Capture())
}

func TestGoldenOverlappingHighlights(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	s1, e1 := offsets(t, storyAR, "مسؤولون في العاصمة")
	s2, e2 := offsets(t, storyAR, "العاصمة اليوم")
	cs, ce := offsets(t, storyAR, "عدد الزوار تضاعف بين 2017 و2019")
	v.SetAnnotations([]Highlight{
		{ID: "a", Start: s1, End: e1, Color: colPER, Label: "PER"},
		{ID: "b", Start: s2, End: e2, Color: colORG, Label: "DATE"},
		{ID: "c", Start: cs, End: ce, Color: colCLAIM, Claim: true, Label: "claim · unverified"},
	})
	if v.lanes[0] == v.lanes[1] {
		t.Errorf("overlapping highlights share lane %d", v.lanes[0])
	}
	v.SetSelectedAnnotation("c")
	test.AssertImageMatches(t, "overlapping_highlights.png", w.Canvas().Capture())
}

// TestPointAtWord double-clicks a word and checks the selection is exactly
// its code points, in an RTL and an LTR paragraph.
func TestPointAtWord(t *testing.T) {
	text := storyAR + "\n" + storyEN
	v, _ := newView(t, 480, 400, text)
	for _, word := range []string{"مسؤولون", "2017", "Monday", "publishers", "للمعارض"} {
		s, e := offsets(t, text, word)
		mid := (s + e) / 2
		for _, fx := range []float32{0.2, 0.8} {
			v.page.DoubleTapped(&fyne.PointEvent{Position: pointIn(t, v, mid, fx)})
			if gs, ge := v.Selection(); gs != s || ge != e {
				t.Errorf("double-click on %q (fx %v) selected [%d,%d) %q, want [%d,%d)", word, fx, gs, ge, v.SelectedText(), s, e)
			}
		}
	}
}

// TestDragRightToLeftSelectsFirstWords drags from the right edge of an
// Arabic line leftwards: the selection is the line's first words, in
// logical order.
func TestDragRightToLeftSelectsFirstWords(t *testing.T) {
	v, _ := newView(t, 480, 260, storyAR)
	var got [2]int
	v.OnSelectionChanged = func(s, e int) { got = [2]int{s, e} }
	line := v.doc.Paragraphs[0].Lines()[0]
	px, _ := v.padding()
	y := v.bodyTop + line.Top + line.Height/2
	from := fyne.NewPos(px+v.laidW-1, y)
	// End in the space after the third word ("أعلن").
	_, e := offsets(t, storyAR, "باكو - أعلن")
	to := pointIn(t, v, e, 0.4)
	drag(v, from, to, 8)
	if got != [2]int{0, e} && got != [2]int{0, e + 1} {
		t.Fatalf("drag selected %v %q, want [0,%d)", got, v.SelectedText(), e)
	}
	if s := strings.TrimSpace(v.SelectedText()); s != "باكو - أعلن" {
		t.Errorf("selected text %q", s)
	}
}

// TestDragNeverEndsInsideGrapheme sweeps drags over text with combining
// marks, a ligature and an emoji ZWJ sequence and checks every selection end
// against uniseg's grapheme boundaries (an independent implementation).
func TestDragNeverEndsInsideGrapheme(t *testing.T) {
	text := "مُحَمَّدٌ لا يَقْرَأُ 👩‍💻 café naïve"
	v, _ := newView(t, 480, 200, text)
	bounds := map[int]bool{0: true}
	g := uniseg.NewGraphemes(text)
	n := 0
	for g.Next() {
		n += len(g.Runes())
		bounds[n] = true
	}
	line := v.doc.Paragraphs[0].Lines()[0]
	px, _ := v.padding()
	y := v.bodyTop + line.Top + line.Height/2
	from := fyne.NewPos(px+v.laidW-1, y)
	for x := float32(0); x < v.laidW+2*px; x += 0.5 {
		drag(v, from, fyne.NewPos(x, y), 1)
		s, e := v.Selection()
		if !bounds[s] || !bounds[e] {
			t.Fatalf("drag to x=%v selected [%d,%d): an end inside a grapheme", x, s, e)
		}
	}
}

func TestShiftClickExtends(t *testing.T) {
	v, _ := newView(t, 480, 260, storyAR)
	s, _ := offsets(t, storyAR, "مسؤولون")
	_, e := offsets(t, storyAR, "معرض")
	v.page.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pointIn(t, v, s, 0.9)}, Button: desktop.MouseButtonPrimary})
	v.page.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	v.page.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pointIn(t, v, e-1, 0.1)}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	if gs, ge := v.Selection(); gs != s || ge != e {
		t.Fatalf("shift-click selected [%d,%d) %q, want [%d,%d)", gs, ge, v.SelectedText(), s, e)
	}
}

func TestCopyLogicalText(t *testing.T) {
	v, _ := newView(t, 480, 260, storyAR)
	s, e := offsets(t, storyAR, "بين 2017 و2019")
	v.SetSelection(s, e)
	v.page.TypedShortcut(&fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "بين 2017 و2019" {
		t.Fatalf("clipboard %q", got)
	}
}

func TestAnnotationTapAndContextMenu(t *testing.T) {
	v, _ := newView(t, 480, 260, storyAR)
	s1, e1 := offsets(t, storyAR, "مسؤولون في العاصمة")
	s2, e2 := offsets(t, storyAR, "العاصمة")
	v.SetAnnotations([]Highlight{
		{ID: "long", Start: s1, End: e1, Color: colPER},
		{ID: "short", Start: s2, End: e2, Color: colORG},
	})
	var tapped string
	v.OnAnnotationTapped = func(id string) { tapped = id }
	v.page.Tapped(&fyne.PointEvent{Position: pointIn(t, v, s2+2, 0.5)})
	if tapped != "short" {
		t.Errorf("tap on the overlap reported %q, want the shorter highlight", tapped)
	}
	tapped = ""
	v.page.Tapped(&fyne.PointEvent{Position: pointIn(t, v, s1+1, 0.5)})
	if tapped != "long" {
		t.Errorf("tap reported %q, want long", tapped)
	}

	var menu [2]int
	var pos fyne.Position
	v.OnContextMenu = func(s, e int, p fyne.Position) { menu, pos = [2]int{s, e}, p }
	ws, we := offsets(t, storyAR, "للكتاب")
	at := pointIn(t, v, ws+1, 0.5)
	v.page.TappedSecondary(&fyne.PointEvent{Position: at, AbsolutePosition: at.AddXY(5, 5)})
	if menu != [2]int{ws, we} || pos != at.AddXY(5, 5) {
		t.Errorf("context menu for %v at %v, want the word [%d,%d) at %v", menu, pos, ws, we, at.AddXY(5, 5))
	}
}

func TestHoverLabel(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	s, e := offsets(t, storyAR, "العاصمة")
	v.SetAnnotations([]Highlight{{ID: "loc", Start: s, End: e, Color: colORG, Label: "GPE · باكو"}})
	v.page.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pointIn(t, v, s+1, 0.5)}})
	if v.hoverID != "loc" {
		t.Fatalf("hover id %q", v.hoverID)
	}
	test.AssertImageMatches(t, "hover_label.png", w.Canvas().Capture())
	v.page.MouseOut()
	if v.hoverID != "" {
		t.Errorf("hover kept after MouseOut")
	}
}

// TestOnlyVisibleParagraphsDrawn checks that a long article creates canvas
// objects only for what is in the viewport, and that scrolling and font
// size changes reuse the shaped paragraphs.
func TestOnlyVisibleParagraphsDrawn(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(storyAR)
	}
	v, w := newView(t, 480, 300, b.String())
	r := test.WidgetRenderer(v.page).(*pageRenderer)
	if n := len(r.rasters); n == 0 || n > 8 {
		t.Fatalf("%d paragraph rasters for a 300-paragraph article, want only the visible few", n)
	}
	p0 := v.doc.Paragraphs[0]
	target := v.doc.Paragraphs[200].Start() + 10
	v.ScrollToOffset(target)
	if v.scroll.Offset.Y <= 0 {
		t.Fatal("ScrollToOffset did not scroll")
	}
	if _, ok := r.rasters[rasterKey{200, 0}]; !ok {
		t.Errorf("paragraph 200 not drawn after scrolling to it (have %v)", keys(r.rasters))
	}
	if _, ok := r.rasters[rasterKey{0, 0}]; ok {
		t.Errorf("paragraph 0 still drawn after scrolling away")
	}
	h := v.pageH
	v.SetFontSize(22)
	w.Canvas().Capture()
	if v.doc.Paragraphs[0] != p0 || v.pageH <= h {
		t.Errorf("font size change: paragraphs re-created or height %v not above %v", v.pageH, h)
	}
}

func keys(m map[rasterKey]*paraRaster) []rasterKey {
	var out []rasterKey
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestDragReachesPage checks that, inside the scroll container, a drag
// reaches the text (and not the scroller).
func TestDragReachesPage(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	line := v.doc.Paragraphs[0].Lines()[0]
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.page)
	px, _ := v.padding()
	at := abs.Add(fyne.NewPos(px+v.laidW-40, v.bodyTop+line.Top+line.Height/2))
	test.Drag(w.Canvas(), at, -100, 0)
	if s, e := v.Selection(); s == e {
		t.Fatal("drag inside the scroll did not select")
	}
}

// TestScrollBeforeShown scrolls a view that has no size yet (as the app does
// right after SetDocument): the scroll happens once it is laid out.
func TestScrollBeforeShown(t *testing.T) {
	test.NewTempApp(t)
	var b strings.Builder
	for range 40 {
		b.WriteString(storyAR + "\n")
	}
	v := New()
	v.SetDocument("t", "m", b.String())
	v.ScrollToOffset(v.doc.Paragraphs[30].Start())
	v.page.MouseMoved(&desktop.MouseEvent{})
	v.page.Tapped(&fyne.PointEvent{})
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(400, 300))
	if v.scroll.Offset.Y <= 0 {
		t.Fatal("pending scroll not applied after layout")
	}
}

// TestLongParagraphDrawnInChunks shows an article scraped as one long
// paragraph: rasters cover a bounded number of lines, only near the
// viewport, and a drag past the bottom edge scrolls.
func TestLongParagraphDrawnInChunks(t *testing.T) {
	text := strings.Repeat(storyAR+" ", 150)
	v, _ := newView(t, 480, 300, text)
	r := test.WidgetRenderer(v.page).(*pageRenderer)
	if n := len(v.doc.Paragraphs[0].Lines()); n < 200 {
		t.Fatalf("only %d lines", n)
	}
	if n := len(r.rasters); n == 0 || n > 3 {
		t.Errorf("%d rasters for the visible part of one long paragraph", n)
	}
	for k, pr := range r.rasters {
		if pr.l1-pr.l0 > linesPerRaster {
			t.Errorf("raster %v draws %d lines", k, pr.l1-pr.l0)
		}
	}
	px, _ := v.padding()
	from := fyne.NewPos(px+v.laidW-2, v.bodyTop+5)
	drag(v, from, fyne.NewPos(px+100, 280), 4)
	drag(v, from, fyne.NewPos(px+100, 400), 1)
	if v.scroll.Offset.Y <= 0 {
		t.Error("dragging below the viewport did not scroll")
	}
	if s, e := v.Selection(); s != 0 || e <= 0 {
		t.Errorf("selection [%d,%d)", s, e)
	}
}

func TestCaretShownWhenFocused(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	s, _ := offsets(t, storyAR, "معرض")
	at := pointIn(t, v, s, 0.95)
	v.page.Tapped(&fyne.PointEvent{Position: at})
	if gs, ge := v.Selection(); gs != s || ge != s {
		t.Fatalf("tap placed the caret at [%d,%d), want %d", gs, ge, s)
	}
	if w.Canvas().Focused() != v.page {
		t.Fatal("tap did not focus the view")
	}
	r := test.WidgetRenderer(v.page).(*pageRenderer)
	found := false
	for _, o := range r.objects {
		if o.Size().Width == 2 && o.Position().X > at.X-3 && o.Position().X < at.X+8 {
			found = true
		}
	}
	if !found {
		t.Error("no caret drawn at the tapped position")
	}
}

// TestGoldenSuggestion draws a suggested mention (dashed, unfilled) next to
// an entity (filled) and a claim (outlined), and a selected suggestion.
func TestGoldenSuggestion(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	es, ee := offsets(t, storyAR, "مسؤولون")
	ss, se := offsets(t, storyAR, "العاصمة")
	s2, e2 := offsets(t, storyAR, "الزوار")
	cs, ce := offsets(t, storyAR, "المعرض يستمر حتى نهاية الشهر")
	v.SetAnnotations([]Highlight{
		{ID: "e", Start: es, End: ee, Color: colPER, Label: "PER"},
		{ID: "s1", Start: ss, End: se, Color: colORG, Suggestion: true, Label: "suggestion"},
		{ID: "s2", Start: s2, End: e2, Color: colPER, Suggestion: true, Label: "suggestion"},
		{ID: "c", Start: cs, End: ce, Color: colCLAIM, Claim: true, Label: "claim"},
	})
	v.SetSelectedAnnotation("s2")
	test.AssertImageMatches(t, "suggestion.png", w.Canvas().Capture())
}

// TestKeysForwarded checks that keys the view does not handle reach the
// app's callbacks, and that Tab is kept only when asked.
func TestKeysForwarded(t *testing.T) {
	v, w := newView(t, 480, 260, storyAR)
	var runes []rune
	var keys []fyne.KeyName
	var shortcuts int
	v.OnTypedRune = func(r rune) { runes = append(runes, r) }
	v.OnTypedKey = func(ev *fyne.KeyEvent) { keys = append(keys, ev.Name) }
	v.OnTypedShortcut = func(fyne.Shortcut) { shortcuts++ }
	v.FocusIn(w.Canvas())
	if !v.Focused() {
		t.Fatal("FocusIn did not focus the view")
	}
	for _, r := range "aR]" {
		w.Canvas().Focused().TypedRune(r)
	}
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{})
	if string(runes) != "aR]" || len(keys) != 1 || keys[0] != fyne.KeyDelete || shortcuts != 1 {
		t.Errorf("forwarded runes %q keys %v shortcuts %d", string(runes), keys, shortcuts)
	}
	if v.page.AcceptsTab() {
		t.Error("Tab captured without CaptureTab")
	}
	v.CaptureTab = true
	if !v.page.AcceptsTab() {
		t.Error("Tab not captured with CaptureTab")
	}
	v.page.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if !v.ShiftHeld() {
		t.Error("Shift not tracked")
	}
	v.page.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if v.ShiftHeld() {
		t.Error("Shift still held")
	}
}
