package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/layout"
)

// bidiText is multi-line text through the same bidi path as bidiLabel
// (dialog messages, notes): each paragraph (a line of the text) takes its
// direction from its first strong character, is wrapped at word
// boundaries to the width it gets (at most maxWidth wide when asked for
// its size), and each line is ordered with that paragraph's direction.
type bidiText struct {
	widget.BaseWidget
	Text     string
	maxWidth float32
}

func newBidiText(text string, maxWidth float32) *bidiText {
	t := &bidiText{Text: text, maxWidth: maxWidth}
	t.ExtendBaseWidget(t)
	return t
}

// SetText changes the text.
func (t *bidiText) SetText(s string) {
	if s == t.Text {
		return
	}
	t.Text = s
	t.Refresh()
}

func (t *bidiText) CreateRenderer() fyne.WidgetRenderer { return &bidiTextRenderer{t: t} }

// bidiLine is one wrapped line: its logical text and its paragraph's
// direction.
type bidiLine struct {
	text string
	rtl  bool
}

// wrapBidi breaks text into lines no wider than width (a word longer than
// width gets a line of its own).
func wrapBidi(text string, width float32) []bidiLine {
	ts := theme.TextSize()
	var out []bidiLine
	for _, para := range strings.Split(text, "\n") {
		_, rtl := visualRuns(para)
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, bidiLine{rtl: rtl})
			continue
		}
		line := words[0]
		for _, w := range words[1:] {
			if fyne.MeasureText(line+" "+w, ts, fyne.TextStyle{}).Width > width {
				out = append(out, bidiLine{line, rtl})
				line = w
				continue
			}
			line += " " + w
		}
		out = append(out, bidiLine{line, rtl})
	}
	return out
}

type bidiTextRenderer struct {
	t       *bidiText
	objects []fyne.CanvasObject
}

func lineHeight() float32 {
	return fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
}

func (r *bidiTextRenderer) MinSize() fyne.Size {
	p := theme.InnerPadding()
	widest := float32(0)
	for _, para := range strings.Split(r.t.Text, "\n") {
		widest = max(widest, fyne.MeasureText(para, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	w := min(widest, r.t.maxWidth)
	lines := wrapBidi(r.t.Text, w)
	return fyne.NewSize(w+p, float32(len(lines))*lineHeight()+p)
}

func (r *bidiTextRenderer) Layout(size fyne.Size) {
	p := theme.InnerPadding() / 2
	r.objects = r.objects[:0]
	lh := lineHeight()
	for i, l := range wrapBidi(r.t.Text, size.Width-2*p) {
		dir := layout.LTR
		if l.rtl {
			dir = layout.RTL
		}
		runs, _ := visualRunsDir(l.text, dir)
		x := p
		if l.rtl {
			x = size.Width - p - runsWidth(runs, theme.TextSize(), fyne.TextStyle{})
		}
		for _, t := range placeRuns(runs, x, p+float32(i)*lh, lh, fyne.TextStyle{}) {
			r.objects = append(r.objects, t)
		}
	}
}

func (r *bidiTextRenderer) Refresh() {
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

func (r *bidiTextRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *bidiTextRenderer) Destroy()                     {}

// sideTextWidth is how wide text in the reader's side panel grows before
// it wraps.
const sideTextWidth = 300
