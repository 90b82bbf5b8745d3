package bidientry

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"daftar/layout"
)

// lineRef names one visual line: paragraph pi, line li of it.
type lineRef struct{ pi, li int }

// stop is a caret position on a visual line: offset and where it is drawn.
type stop struct {
	off int
	x   float32
}

func textStyle() layout.Style { return layout.Style{Size: theme.TextSize()} }

// wraps reports whether lines break at the entry's width.
func (e *Entry) wraps() bool { return e.MultiLine && e.Wrapping != fyne.TextWrapOff }

// ensureLayout shapes the text when it changed (once per edit) and lays it
// out for the visible width avail: wrapped there, or, unwrapped, on one
// line as wide as the text (or avail, so that right-to-left text aligns
// right).
func (e *Entry) ensureLayout(avail float32) {
	e.sync()
	avail = max(avail, 1)
	text := string(e.runes)
	if e.doc == nil || e.docText != text || e.docDir != e.Direction {
		e.doc, e.docText, e.docDir = shape(text, e.Direction), text, e.Direction
		e.laidW = 0
	}
	if e.PlaceHolder != "" && (e.phDoc == nil || e.phText != e.PlaceHolder) {
		e.phDoc, e.phText = shape(e.PlaceHolder, e.Direction), e.PlaceHolder
		e.laidW = 0
	}
	if e.laidW > 0 && e.laidAvail == avail {
		return
	}
	e.laidAvail = avail
	e.laidW = layoutAt(e.doc, avail, e.wraps())
	if e.phDoc != nil {
		layoutAt(e.phDoc, avail, e.wraps())
	}
}

// layoutAt lays d out for the visible width avail and returns the width it
// used.
func layoutAt(d *layout.Document, avail float32, wrap bool) float32 {
	st := textStyle()
	if wrap {
		d.Layout(avail, st)
		return avail
	}
	d.Layout(1e6, st)
	natural := float32(0)
	for _, p := range d.Paragraphs {
		for _, l := range p.Lines() {
			if n := len(l.Runs); n > 0 {
				natural = max(natural, l.Runs[n-1].X1-l.Runs[0].X0)
			}
		}
	}
	// Room for the caret after the last character.
	w := max(avail, natural+2)
	d.Layout(w, st)
	return w
}

// lines lists the visual lines top to bottom.
func (e *Entry) lines() []lineRef {
	var out []lineRef
	for pi, p := range e.doc.Paragraphs {
		for li := range p.Lines() {
			out = append(out, lineRef{pi, li})
		}
	}
	return out
}

// lineIndexOf returns the index into lines of the line holding offset o
// (at a wrap, the line that starts there).
func (e *Entry) lineIndexOf(all []lineRef, o int) int {
	pi := e.doc.ParagraphOf(o)
	ls := e.doc.Paragraphs[pi].Lines()
	li := sort.Search(len(ls), func(i int) bool { return ls[i].End > o })
	li = min(li, len(ls)-1)
	return sort.Search(len(all), func(i int) bool {
		return all[i].pi > pi || all[i].pi == pi && all[i].li >= li
	})
}

// stops returns the caret positions of a visual line sorted left to right:
// every cluster start, and the paragraph's end on its last line, each at
// the x where Caret draws it, so moving lands where the caret shows.
func (e *Entry) stops(ref lineRef) []stop {
	p := e.doc.Paragraphs[ref.pi]
	ls := p.Lines()
	l := &ls[ref.li]
	var out []stop
	for ri := range l.Runs {
		for _, c := range l.Runs[ri].Clusters {
			x, _, _ := p.Caret(c.Start)
			out = append(out, stop{c.Start, x})
		}
	}
	if ref.li == len(ls)-1 {
		x, _, _ := p.Caret(p.End())
		out = append(out, stop{p.End(), x})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].x < out[j].x })
	return out
}

// rtlAt reports whether the paragraph holding o runs right to left.
func (e *Entry) rtlAt(o int) bool {
	return e.doc.Paragraphs[e.doc.ParagraphOf(o)].Direction() == layout.RTL
}

// visualStep returns the offset one caret position to the right (dir > 0)
// or left of o. Past a line's visual end it continues on the next line in
// reading order (the previous one, going against it).
func (e *Entry) visualStep(o, dir int) int {
	all := e.lines()
	i := e.lineIndexOf(all, o)
	st := e.stops(all[i])
	k := -1
	for j, s := range st {
		if s.off == o {
			k = j
			break
		}
	}
	if k < 0 { // inside a cluster: step from where it is drawn
		x, _, _ := e.doc.Caret(o)
		k = sort.Search(len(st), func(j int) bool { return st[j].x >= x })
		if dir > 0 {
			k--
		}
	}
	if j := k + dir; j >= 0 && j < len(st) {
		return st[j].off
	}
	forward := (dir > 0) != e.rtlAt(o)
	if forward && i+1 < len(all) {
		return e.visualEdge(all[i+1], true)
	}
	if !forward && i > 0 {
		return e.visualEdge(all[i-1], false)
	}
	return o
}

// visualEdge returns a line's caret position at its visual edge on the
// side where reading starts (start set) or ends, so that stepping off a
// line and back returns to the same place.
func (e *Entry) visualEdge(ref lineRef, start bool) int {
	st := e.stops(ref)
	if start == (e.doc.Paragraphs[ref.pi].Direction() == layout.RTL) {
		return st[len(st)-1].off
	}
	return st[0].off
}

func (e *Entry) lineStart(ref lineRef) int {
	return e.doc.Paragraphs[ref.pi].Lines()[ref.li].Start
}

// lineEnd is the last caret position of a line: the paragraph's end on its
// last line, else the last cluster start (the line's end offset belongs to
// the next line).
func (e *Entry) lineEnd(ref lineRef) int {
	p := e.doc.Paragraphs[ref.pi]
	ls := p.Lines()
	if ref.li == len(ls)-1 {
		return p.End()
	}
	end := ls[ref.li].End
	s, _ := p.Grapheme(end - 1)
	return s
}

// verticalStep returns the offset on the line above (dir < 0) or below at
// the caret's x, or o itself at the first or last line.
func (e *Entry) verticalStep(o, dir int, x float32) int {
	all := e.lines()
	i := e.lineIndexOf(all, o) + dir
	if i < 0 || i >= len(all) {
		return o
	}
	ref := all[i]
	l := e.doc.Paragraphs[ref.pi].Lines()[ref.li]
	return e.doc.HitTest(x, e.doc.Top(ref.pi)+l.Top+l.Height/2)
}

// homeEnd returns the logical start (end) of the caret's visual line.
func (e *Entry) homeEnd(o int, end bool) int {
	all := e.lines()
	ref := all[e.lineIndexOf(all, o)]
	if end {
		return e.lineEnd(ref)
	}
	return e.lineStart(ref)
}

// wordStep moves by a word in the visual direction dir: reading forward
// when that is the paragraph's direction, backward otherwise.
func (e *Entry) wordStep(o, dir int) int {
	if (dir > 0) != e.rtlAt(o) {
		return wordForward(e.runes, o)
	}
	return wordBackward(e.runes, o)
}

// layoutNow lays out for the entry's current width; before the entry has
// a size (headless use), for a width that wraps nothing.
func (e *Entry) layoutNow() {
	avail := e.Size().Width - 2*theme.InnerPadding() - e.inset
	if avail <= 0 {
		avail = 1e5
	}
	e.ensureLayout(avail)
}
