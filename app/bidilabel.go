package app

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/layout"
	"daftar/textnorm"
)

// bidiLabel is a one-line label for short mixed-direction strings (titles,
// quotes, names in lists and tables). Fyne's Label lays the direction runs
// of a string out left to right, which swaps the parts of an Arabic title
// around a colon or a number; this label orders the runs with the Unicode
// bidi algorithm (go-text's bidi), right-aligns right-to-left text, and
// lets Fyne shape each single-direction run. It truncates with "…" to fit.
// Article text never goes through it: that is the article view's job.
type bidiLabel struct {
	widget.BaseWidget
	Text  string
	style fyne.TextStyle
	fit   bool // asks for the whole text's width, like widget.Label
}

func newBidiLabel(text string) *bidiLabel {
	l := &bidiLabel{Text: text}
	l.ExtendBaseWidget(l)
	return l
}

// newBoldBidiLabel is a bidiLabel in bold (headers, dialog titles).
func newBoldBidiLabel(text string) *bidiLabel {
	l := newBidiLabel(text)
	l.style.Bold = true
	return l
}

// newFitBidiLabel is a bidiLabel that asks for its whole text's width (a
// caption in a row of widgets), where newBidiLabel takes the room it gets
// (a cell, the status bar) and truncates.
func newFitBidiLabel(text string) *bidiLabel {
	l := newBidiLabel(text)
	l.fit = true
	return l
}

// SetText changes the text.
func (l *bidiLabel) SetText(s string) {
	if s == l.Text {
		return
	}
	l.Text = s
	l.Refresh()
}

func (l *bidiLabel) CreateRenderer() fyne.WidgetRenderer {
	return &bidiLabelRenderer{l: l}
}

type bidiLabelRenderer struct {
	l       *bidiLabel
	texts   []*canvas.Text
	objects []fyne.CanvasObject
}

func (r *bidiLabelRenderer) textSize() float32 { return theme.TextSize() }

func (r *bidiLabelRenderer) MinSize() fyne.Size {
	h := fyne.MeasureText("Mg", r.textSize(), r.l.style).Height
	p := theme.InnerPadding()
	w := 2 * p
	if r.l.fit {
		runs, _ := visualRuns(r.l.Text)
		w = p + runsWidth(runs, r.textSize(), r.l.style)
	}
	return fyne.NewSize(w, h+p)
}

func (r *bidiLabelRenderer) Refresh() {
	r.Layout(r.l.Size())
	canvas.Refresh(r.l)
}

func (r *bidiLabelRenderer) Layout(size fyne.Size) {
	style := r.l.style
	ts := r.textSize()
	p := theme.InnerPadding() / 2
	avail := size.Width - 2*p
	runs, rtl := visualRuns(r.l.Text)
	width := runsWidth(runs, ts, style)
	if width > avail && avail > 0 {
		runs, width = truncateRuns(r.l.Text, avail, ts, style)
	}
	r.texts = r.texts[:0]
	r.objects = r.objects[:0]
	x := p
	if rtl {
		x = size.Width - p - width
	}
	for _, t := range placeRuns(runs, x, 0, size.Height, style) {
		r.texts = append(r.texts, t)
		r.objects = append(r.objects, t)
	}
}

// placeRuns makes one canvas text per visual run, left to right from x,
// centred vertically in the band [y, y+height).
func placeRuns(runs []string, x, y, height float32, style fyne.TextStyle) []*canvas.Text {
	ts := theme.TextSize()
	col := theme.Color(theme.ColorNameForeground)
	out := make([]*canvas.Text, 0, len(runs))
	for _, s := range runs {
		t := canvas.NewText(s, col)
		t.TextSize = ts
		t.TextStyle = style
		w := fyne.MeasureText(s, ts, style)
		t.Move(fyne.NewPos(x, y+(height-w.Height)/2))
		t.Resize(w)
		x += w.Width
		out = append(out, t)
	}
	return out
}

func (r *bidiLabelRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *bidiLabelRenderer) Destroy()                     {}

// labelShaper lays out label text with the article view's bidi and
// shaping pipeline (package layout), so labels and articles agree on the
// visual order. Shaping state is not safe for concurrent use.
var labelShaper struct {
	sync.Mutex
	once   sync.Once
	shaper *layout.Shaper
}

// visualRuns splits s into single-direction pieces in visual (left to
// right) order, and says whether its base direction is right to left. The
// runs and their order come from package layout (the Unicode bidi
// algorithm, rule L2 included); right-to-left runs are cut further into
// words and marks (see rtlPieces).
func visualRuns(s string) ([]string, bool) { return visualRunsDir(s, layout.Auto) }

// visualRunsDir is visualRuns with the paragraph direction given: a wrapped
// line of a right-to-left paragraph stays right to left even when it
// starts with a Latin word.
func visualRunsDir(s string, dir layout.Direction) ([]string, bool) {
	if s == "" {
		return nil, false
	}
	text := []rune(strings.ReplaceAll(s, "\n", " "))
	labelShaper.once.Do(func() {
		fonts, err := layout.DefaultFonts()
		if err != nil {
			// The fonts are embedded: failing to parse them is a build
			// defect, as in the article view.
			panic(err)
		}
		labelShaper.shaper = layout.NewShaper(fonts)
	})
	labelShaper.Lock()
	p := labelShaper.shaper.Shape(text, 0, dir, false)
	p.Layout(1e6, layout.Style{})
	labelShaper.Unlock()
	var out []string
	for _, line := range p.Lines() {
		for _, rn := range line.Runs {
			piece := strings.Map(dropBidiControls, string(text[rn.Start:rn.End]))
			switch {
			case piece == "":
			case rn.RTL():
				out = append(out, rtlPieces(piece)...)
			default:
				out = append(out, piece)
			}
		}
	}
	return out, p.Direction() == layout.RTL
}

// isolate wraps a value embedded in a message (a quote, a name) in a bidi
// isolate, so that it cannot pull the numbers or punctuation around it into
// its direction: "Tagged PER «الخطيب» (38–44)" keeps 38–44 in order.
func isolate(s string) string { return "\u2068" + s + "\u2069" }

// dropBidiControls removes the invisible bidi marks once the runs are
// resolved: Fyne would draw them as missing glyphs.
func dropBidiControls(r rune) rune {
	switch {
	case r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return -1
	}
	return r
}

// rtlPieces lays out a right-to-left run as pieces in visual order: its
// words (which Fyne shapes right, letters joined) and the punctuation and
// spaces between them, mirrored. Fyne itself would lay a run's pieces out
// left to right around punctuation.
func rtlPieces(s string) []string {
	var pieces []string
	var cur []rune
	word := false
	flush := func() {
		if len(cur) > 0 {
			pieces = append(pieces, string(cur))
			cur = cur[:0]
		}
	}
	for _, c := range s {
		w := textnorm.IsWordRune(c)
		if w != word {
			flush()
			word = w
		}
		if w {
			cur = append(cur, c)
			continue
		}
		// Neutral characters go one by one, mirrored: "«" opens on the
		// right in right-to-left text.
		flush()
		cur = append(cur, mirror(c))
		flush()
	}
	flush()
	for a, b := 0, len(pieces)-1; a < b; a, b = a+1, b-1 {
		pieces[a], pieces[b] = pieces[b], pieces[a]
	}
	return pieces
}

// mirror returns the mirrored form of a paired punctuation mark.
func mirror(c rune) rune {
	if m, ok := mirrored[c]; ok {
		return m
	}
	return c
}

var mirrored = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹'}

func runsWidth(runs []string, size float32, style fyne.TextStyle) float32 {
	w := float32(0)
	for _, s := range runs {
		w += fyne.MeasureText(s, size, style).Width
	}
	return w
}

// truncateRuns cuts s logically (its end, whatever the direction) with an
// ellipsis to the longest prefix that fits avail.
func truncateRuns(s string, avail, size float32, style fyne.TextStyle) ([]string, float32) {
	text := []rune(s)
	lo, hi := 0, len(text) // the longest fitting prefix is in [lo, hi]
	var best []string
	var bestW float32
	for lo < hi {
		mid := (lo + hi + 1) / 2
		runs, _ := visualRuns(string(text[:mid]) + "…")
		if w := runsWidth(runs, size, style); w <= avail {
			lo, best, bestW = mid, runs, w
		} else {
			hi = mid - 1
		}
	}
	if best == nil {
		best, _ = visualRuns("…")
		bestW = runsWidth(best, size, style)
	}
	return best, bestW
}
