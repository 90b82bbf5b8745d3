package layout

import (
	"strings"
	"sync"
	"testing"
)

var (
	fontsOnce sync.Once
	testFonts *Fonts
)

func newShaper(t testing.TB) *Shaper {
	fontsOnce.Do(func() {
		f, err := DefaultFonts()
		if err != nil {
			t.Fatal(err)
		}
		testFonts = f
	})
	return NewShaper(testFonts)
}

// A news story written for these tests (not from the corpus), with the
// features that break naive layouts: a dash after the dateline, mixed
// digits ("بين 2017 و2019"), Latin names, brackets and a final full stop.
const storyAR = "باكو - أعلن مسؤولون في العاصمة اليوم الاثنين افتتاح معرض دولي للكتاب يشارك فيه أكثر من 300 ناشر من 40 دولة. " +
	"وقال المنظمون إن عدد الزوار تضاعف بين 2017 و2019، وإن دار النشر Penguin Random House تشارك للمرة الأولى (بجناح خاص). " +
	"ويستمر المعرض حتى نهاية الشهر."

const storyEN = "The Baku book fair opened on Monday with more than 300 publishers from 40 countries, the organisers (مركز باكو) said."

func layoutOne(t testing.TB, text string, width float32) *Paragraph {
	p := newShaper(t).Shape([]rune(text), 0, Auto, false)
	p.Layout(width, Style{Size: 16})
	return p
}

func offsetOf(t testing.TB, text, sub string) (int, int) {
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	s := len([]rune(text[:i]))
	return s, s + len([]rune(sub))
}

// xRange returns the visual extent of the clusters covering [start, end).
func xRange(t testing.TB, p *Paragraph, start, end int) (x0, x1 float32, line int) {
	rs := p.SpanRects(start, end)
	if len(rs) == 0 {
		t.Fatalf("no rects for [%d,%d)", start, end)
	}
	x0, x1 = rs[0].X, rs[0].X+rs[0].W
	for _, r := range rs {
		if r.Y != rs[0].Y {
			t.Fatalf("[%d,%d) spans lines", start, end)
		}
		x0, x1 = min(x0, r.X), max(x1, r.X+r.W)
	}
	return x0, x1, p.lineAtY(rs[0].Y)
}

func TestArabicParagraphVisualOrder(t *testing.T) {
	const width = 500
	p := layoutOne(t, storyAR, width)
	if p.Direction() != RTL {
		t.Fatalf("direction %v, want rtl", p.Direction())
	}
	if len(p.Lines()) < 3 {
		t.Fatalf("%d lines, want a wrapped paragraph", len(p.Lines()))
	}
	// "باكو -" at the right end of the first line, in that order.
	s, e := offsetOf(t, storyAR, "باكو")
	bx0, bx1, line := xRange(t, p, s, e)
	if line != 0 || bx1 < width-0.5 {
		t.Errorf("باكو at line %d x [%v,%v], want line 0 flush right at %v", line, bx0, bx1, width)
	}
	ds, de := offsetOf(t, storyAR, "-")
	dx0, dx1, _ := xRange(t, p, ds, de)
	if dx1 > bx0 {
		t.Errorf("dash [%v,%v] not left of باكو [%v,%v]", dx0, dx1, bx0, bx1)
	}
	if got := p.HitTest(width-1, 5); got != 0 {
		t.Errorf("HitTest at the right end of line 0 = %d, want 0", got)
	}

	// "بين 2017 و2019": right to left بين, 2017, و, 2019; digits left to right.
	order := []string{"بين", "2017", "و2019"}
	prevX0 := float32(width + 1)
	base, _ := offsetOf(t, storyAR, "بين 2017 و2019")
	sub := []rune("بين 2017 و2019")
	for _, w := range order {
		i := strings.Index(string(sub), w)
		ws := base + len([]rune(string(sub)[:i]))
		x0, x1, _ := xRange(t, p, ws, ws+1) // first code point of the word
		if x1 > prevX0+0.01 {
			t.Errorf("%q starts at x %v, not left of the previous word (%v)", w, x1, prevX0)
		}
		prevX0 = x0
	}
	d0, _, _ := xRange(t, p, base+4, base+5) // "2"
	d1, _, _ := xRange(t, p, base+5, base+6) // "0"
	if d0 >= d1 {
		t.Errorf("2017 drawn right to left: '2' at %v, '0' at %v", d0, d1)
	}
	w0, _, _ := xRange(t, p, base+9, base+10) // "و"
	n0, _, _ := xRange(t, p, base+10, base+11)
	if n0 >= w0 {
		t.Errorf("و2019: digits at %v not left of و at %v", n0, w0)
	}

	// The final full stop is at the left end of the last line.
	last := p.Lines()[len(p.Lines())-1]
	first := last.Runs[0].Clusters[0]
	if got := string(p.text[first.Start-p.start : first.End-p.start]); got != "." {
		t.Errorf("leftmost cluster of the last line is %q, want the full stop", got)
	}
}

func TestMirroredBrackets(t *testing.T) {
	p := layoutOne(t, "قال (سيبري) ذلك", 400)
	s, _ := offsetOf(t, "قال (سيبري) ذلك", "(")
	e, _ := offsetOf(t, "قال (سيبري) ذلك", ")")
	ox, _, _ := xRange(t, p, s, s+1)
	cx, _, _ := xRange(t, p, e, e+1)
	if ox <= cx {
		t.Fatalf("opening bracket at %v should be right of the closing one at %v", ox, cx)
	}
	// Rule L4: the opening bracket at an odd level is drawn with the glyph of ")".
	var gid uint32
	for _, r := range p.Lines()[0].Runs {
		for i, c := range r.Clusters {
			if c.Start == s {
				gid = r.Glyphs[i].ID
				want, _ := testFonts.Face(r.Face).NominalGlyph(')')
				if gid != uint32(want) {
					t.Errorf("'(' in RTL drawn with glyph %d, want mirrored %d", gid, want)
				}
			}
		}
	}
	if gid == 0 {
		t.Fatal("bracket glyph not found")
	}
}

func TestLTRParagraphWithArabic(t *testing.T) {
	p := layoutOne(t, storyEN, 2000)
	if p.Direction() != LTR {
		t.Fatalf("direction %v", p.Direction())
	}
	s, e := offsetOf(t, storyEN, "مركز باكو")
	// The Arabic phrase reads right to left inside the left-to-right line.
	m0, _, _ := xRange(t, p, s, s+1)
	b0, _, _ := xRange(t, p, e-1, e)
	if b0 >= m0 {
		t.Errorf("مركز (x %v) should be right of باكو (x %v)", m0, b0)
	}
	if r := p.SpanRects(0, 3); len(r) != 1 || r[0].X != 0 {
		t.Errorf("'The' rects %v, want one at x 0", r)
	}
}

func TestHitTestWord(t *testing.T) {
	for _, tc := range []struct {
		text, word string
	}{
		{storyAR, "معرض"},
		{storyAR, "Penguin"},
		{storyEN, "publishers"},
		{storyEN, "مركز"},
	} {
		p := layoutOne(t, tc.text, 500)
		s, e := offsetOf(t, tc.text, tc.word)
		rs := p.SpanRects(s, e)
		if len(rs) != 1 {
			t.Fatalf("%q: rects %v", tc.word, rs)
		}
		r := rs[0]
		mid := p.HitTest(r.X+r.W/2, r.Y+r.H/2)
		ws, we := p.WordAt(mid)
		if ws != s || we != e {
			t.Errorf("%q: word at the middle = [%d,%d), want [%d,%d)", tc.word, ws, we, s, e)
		}
		// The word's reading-start edge gives its start offset, the other its end.
		startX, endX := r.X+1, r.X+r.W-1
		if p.Direction() == RTL && tc.word != "Penguin" || p.Direction() == LTR && tc.word == "مركز" {
			startX, endX = endX, startX
		}
		if got := p.HitTest(startX, r.Y+1); got != s {
			t.Errorf("%q: HitTest at reading start = %d, want %d", tc.word, got, s)
		}
		if got := p.HitTest(endX, r.Y+1); got != e {
			t.Errorf("%q: HitTest at reading end = %d, want %d", tc.word, got, e)
		}
	}
}

func TestSpanRectsCrossDirection(t *testing.T) {
	text := "تشارك دار Penguin Random House للمرة الأولى"
	p := layoutOne(t, text, 1000)
	// From the Arabic word "دار" into "Penguin": two visual pieces.
	s, _ := offsetOf(t, text, "دار")
	_, e := offsetOf(t, text, "Penguin")
	rs := p.SpanRects(s, e)
	if len(rs) != 2 {
		t.Fatalf("rects %v, want 2 (Arabic part and Latin part)", rs)
	}
	// The whole line in one span is one rectangle.
	if rs := p.SpanRects(0, len([]rune(text))); len(rs) != 1 {
		t.Errorf("whole line rects %v, want 1", rs)
	}
	if rs := p.SpanRects(5, 5); rs != nil {
		t.Errorf("empty span gave %v", rs)
	}
}

func TestNeverInsideGrapheme(t *testing.T) {
	// Harakat (combining marks), a lam-alef ligature and an emoji sequence.
	text := "مُحَمَّدٌ لا يَقْرَأُ الأخبار 👩‍💻 today"
	p := layoutOne(t, text, 120)
	bound := map[int]bool{}
	for _, c := range p.clusters {
		bound[p.start+int(c.start)] = true
	}
	bound[p.End()] = true
	for _, l := range p.Lines() {
		if !bound[l.Start] {
			t.Errorf("line starts inside a cluster at %d", l.Start)
		}
		for x := float32(-5); x < 130; x += 0.25 {
			if o := p.HitTest(x, l.Top+1); !bound[o] {
				t.Fatalf("HitTest(%v) = %d, inside a cluster", x, o)
			}
		}
	}
	// Marks stay with their letter: the first cluster is "مُ".
	if s, e := p.Grapheme(0); s != 0 || e != 2 {
		t.Errorf("first cluster [%d,%d), want [0,2)", s, e)
	}
}

func TestWrapping(t *testing.T) {
	p := layoutOne(t, storyAR, 300)
	n300 := len(p.Lines())
	for i, l := range p.Lines() {
		if i > 0 && l.Start != p.Lines()[i-1].End {
			t.Errorf("line %d starts at %d, previous ends at %d", i, l.Start, p.Lines()[i-1].End)
		}
		if i > 0 && p.brk[l.Start-p.start]&breakAllowed == 0 {
			t.Errorf("line %d starts at %d, not a line-break opportunity", i, l.Start)
		}
		// Ink (without hanging trailing whitespace) stays inside the width.
		for _, r := range l.Runs {
			for _, c := range r.Clusters {
				if strings.TrimSpace(string(p.text[c.Start:c.End])) != "" && (c.X0 < -0.01 || c.X1 > 300.01) {
					t.Errorf("line %d: cluster %q at [%v,%v] outside the width", i, string(p.text[c.Start:c.End]), c.X0, c.X1)
				}
			}
		}
	}
	if end := p.Lines()[n300-1].End; end != p.End() {
		t.Errorf("last line ends at %d, want %d", end, p.End())
	}
	p.Layout(600, Style{Size: 16})
	if n600 := len(p.Lines()); n600 >= n300 {
		t.Errorf("wider layout has %d lines, narrower %d", n600, n300)
	}
	p.Layout(600, Style{Size: 32})
	if n := len(p.Lines()); n < n300 {
		t.Errorf("double size at 600 has %d lines, want at least %d", n, n300)
	}
}

func TestCaret(t *testing.T) {
	p := layoutOne(t, storyAR, 500)
	if x, _, _ := p.Caret(0); x < 499 {
		t.Errorf("caret at the start of an RTL paragraph at x %v, want the right edge", x)
	}
	s, e := offsetOf(t, storyAR, "مسؤولون")
	x0, x1, _ := xRange(t, p, s, e)
	if x, _, _ := p.Caret(s); x < x1-0.01 || x > x1+0.01 {
		t.Errorf("caret before مسؤولون at %v, want its right edge %v", x, x1)
	}
	if x, _, _ := p.Caret(e); x < x0-4 || x > x0+0.01 {
		t.Errorf("caret after مسؤولون at %v, want its left edge %v", x, x0)
	}
	q := layoutOne(t, storyEN, 500)
	if x, _, _ := q.Caret(0); x != 0 {
		t.Errorf("caret at the start of an LTR paragraph at %v", x)
	}
}

func TestDocument(t *testing.T) {
	text := storyAR + "\n\n" + storyEN
	d := newShaper(t).NewDocument(text, Auto, false, 0.5)
	d.Layout(500, Style{Size: 16})
	if len(d.Paragraphs) != 3 || d.Len() != len([]rune(text)) {
		t.Fatalf("%d paragraphs, len %d", len(d.Paragraphs), d.Len())
	}
	en := d.Paragraphs[2]
	if en.Start() != len([]rune(storyAR))+2 || en.Direction() != LTR {
		t.Fatalf("third paragraph starts at %d, dir %v", en.Start(), en.Direction())
	}
	s, e := offsetOf(t, text, "publishers")
	rs := d.SpanRects(s, e)
	if len(rs) != 1 || rs[0].Y < d.Top(2) {
		t.Fatalf("rects %v (paragraph top %v)", rs, d.Top(2))
	}
	if got := d.HitTest(rs[0].X+1, rs[0].Y+1); got != s {
		t.Errorf("document HitTest = %d, want %d", got, s)
	}
	if got := d.Text(s, e); got != "publishers" {
		t.Errorf("Text = %q", got)
	}
	// A span across paragraphs covers both and its text keeps the newlines.
	ps, _ := offsetOf(t, text, "الشهر.")
	if got := d.Text(ps, en.Start()+3); got != "الشهر.\n\nThe" {
		t.Errorf("cross-paragraph Text = %q", got)
	}
	if rs := d.SpanRects(ps, en.Start()+3); len(rs) != 2 {
		t.Errorf("cross-paragraph rects %v, want 2", rs)
	}
	if x, top, h := d.Caret(en.Start()); x != 0 || top != d.Top(2) || h <= 0 {
		t.Errorf("caret at third paragraph = %v %v %v", x, top, h)
	}
}

func TestDocumentBeforeLayout(t *testing.T) {
	d := newShaper(t).NewDocument(storyAR, Auto, false, 0.5)
	if d.HitTest(1, 1) != 0 || d.SpanRects(0, 5) != nil || d.ParagraphAtY(10) != 0 {
		t.Error("queries before Layout should answer zero values")
	}
	if x, y, h := d.Caret(3); x != 0 || y != 0 || h != 0 {
		t.Error("caret before Layout")
	}
}

// TestNoMissingGlyphs checks font coverage for what the archive holds:
// Arabic with harakat and punctuation, Persian letters, ZWNJ and digits,
// Latin with accents, and the punctuation in between.
func TestNoMissingGlyphs(t *testing.T) {
	for _, text := range []string{
		storyAR, storyEN,
		"کتاب‌های فارسی در سال ۱۴۰۲ چاپ شد؛ گزارش «ایسنا» را ببینید.",
		"الأحد، ١٢ مايو — «قال» (مُحَمَّدٌ): ٪٥٠ ؟",
		"Café naïve – “quoted” ‘text’ … 50% €10 #tag @user",
	} {
		p := layoutOne(t, text, 400)
		for _, l := range p.Lines() {
			for _, r := range l.Runs {
				for i, g := range r.Glyphs {
					if g.ID == 0 {
						t.Errorf("%q: missing glyph (notdef) in run [%d,%d) at glyph %d", text, r.Start, r.End, i)
					}
				}
			}
		}
	}
}
