package layout

import (
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Document is a text split into paragraphs on "\n", each shaped once, laid
// out one under the other. Offsets are code points over the whole text; the
// "\n" between two paragraphs has an offset but no place on screen.
type Document struct {
	Paragraphs []*Paragraph
	tops       []float32
	width      float32
	height     float32
	style      Style
	spacing    float32 // between paragraphs, in em
}

// NewDocument shapes every paragraph of text. dir applies to every paragraph
// (Auto: each paragraph takes its first strong character's direction).
// paragraphSpacing is the gap between paragraphs in em.
func (s *Shaper) NewDocument(text string, dir Direction, bold bool, paragraphSpacing float32) *Document {
	d := &Document{spacing: paragraphSpacing}
	paras := strings.Split(text, "\n")
	runes := make([][]rune, len(paras))
	starts := make([]int, len(paras))
	off := 0
	for i, para := range paras {
		runes[i] = []rune(para)
		starts[i] = off
		off += len(runes[i]) + 1
	}
	d.Paragraphs = make([]*Paragraph, len(paras))
	// Shaping dominates; paragraphs are independent, so spread them over the
	// cores, each worker with its own Shaper (faces are not shareable).
	workers := min(runtime.GOMAXPROCS(0), 4, off/2000+1, len(paras))
	for len(s.helpers) < workers-1 {
		s.helpers = append(s.helpers, NewShaper(s.fonts.clone()))
	}
	var wg sync.WaitGroup
	for w := range workers {
		sh := s
		if w > 0 {
			sh = s.helpers[w-1]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(paras); i += workers {
				d.Paragraphs[i] = sh.Shape(runes[i], starts[i], dir, bold)
			}
		}()
	}
	wg.Wait()
	return d
}

// Layout wraps every paragraph at width and stacks them.
func (d *Document) Layout(width float32, st Style) {
	d.width, d.style = width, st
	d.tops = d.tops[:0]
	y := float32(0)
	for i, p := range d.Paragraphs {
		if i > 0 {
			y += d.spacing * st.Size
		}
		p.Layout(width, st)
		d.tops = append(d.tops, y)
		y += p.Height()
	}
	d.height = y
}

// laidOut reports whether Layout ran; queries before it answer zero values.
func (d *Document) laidOut() bool {
	return len(d.Paragraphs) > 0 && len(d.tops) == len(d.Paragraphs)
}

// Height is the laid-out height.
func (d *Document) Height() float32 { return d.height }

// Top is the y of paragraph i's top edge.
func (d *Document) Top(i int) float32 { return d.tops[i] }

// Len is the number of code points in the text.
func (d *Document) Len() int {
	if len(d.Paragraphs) == 0 {
		return 0
	}
	return d.Paragraphs[len(d.Paragraphs)-1].End()
}

// ParagraphAtY returns the index of the paragraph under y: the last one
// whose top is at or above y (so the gap below a paragraph belongs to it).
func (d *Document) ParagraphAtY(y float32) int {
	if !d.laidOut() {
		return 0
	}
	i := sort.Search(len(d.tops), func(i int) bool { return d.tops[i] > y })
	return max(0, i-1)
}

// ParagraphOf returns the index of the paragraph holding offset (the
// paragraph a "\n" ends, for the offset of that "\n").
func (d *Document) ParagraphOf(offset int) int {
	i := sort.Search(len(d.Paragraphs), func(i int) bool { return d.Paragraphs[i].End() >= offset })
	return min(i, len(d.Paragraphs)-1)
}

// HitTest returns the offset under (x, y), snapped to a cluster boundary.
func (d *Document) HitTest(x, y float32) int {
	if !d.laidOut() {
		return 0
	}
	i := d.ParagraphAtY(y)
	return d.Paragraphs[i].HitTest(x, y-d.tops[i])
}

// SpanRects returns the rectangles covering [start, end) in document
// coordinates. It does no shaping or wrapping: a binary search to the first
// paragraph and line, then the clusters of the lines the span touches.
func (d *Document) SpanRects(start, end int) []Rect {
	if start >= end || !d.laidOut() {
		return nil
	}
	var out []Rect
	for i := d.ParagraphOf(start); i < len(d.Paragraphs) && d.Paragraphs[i].Start() < end; i++ {
		for _, r := range d.Paragraphs[i].SpanRects(start, end) {
			r.Y += d.tops[i]
			out = append(out, r)
		}
	}
	return out
}

// Caret returns the caret position for offset in document coordinates.
func (d *Document) Caret(offset int) (x, top, height float32) {
	if !d.laidOut() {
		return 0, 0, 0
	}
	i := d.ParagraphOf(offset)
	x, top, height = d.Paragraphs[i].Caret(offset)
	return x, top + d.tops[i], height
}

// WordAt returns the word around offset (see Paragraph.WordAt).
func (d *Document) WordAt(offset int) (start, end int) {
	if len(d.Paragraphs) == 0 {
		return 0, 0
	}
	return d.Paragraphs[d.ParagraphOf(offset)].WordAt(offset)
}

// Snap moves offset to a cluster boundary at or before it.
func (d *Document) Snap(offset int) int {
	if len(d.Paragraphs) == 0 {
		return 0
	}
	return d.Paragraphs[d.ParagraphOf(offset)].Snap(offset)
}

// Text returns the logical text of [start, end), "\n" between paragraphs.
func (d *Document) Text(start, end int) string {
	var b strings.Builder
	for i := d.ParagraphOf(start); i < len(d.Paragraphs); i++ {
		p := d.Paragraphs[i]
		if p.Start() >= end {
			break
		}
		s, e := max(start, p.Start()), min(end, p.End())
		if s < e {
			b.WriteString(string(p.text[s-p.Start() : e-p.Start()]))
		}
		if p.End() < end && i+1 < len(d.Paragraphs) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
