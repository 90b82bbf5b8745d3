package layout

import "math"

// Glyph is one glyph to draw: X from the paragraph's left edge, Y from the
// line's baseline (downwards, as on screen).
type Glyph struct {
	ID   uint32
	X, Y float32
}

// Cluster is a visual unit of a line: the code points [Start, End) drawn
// between X0 and X1.
type Cluster struct {
	Start, End int
	X0, X1     float32
}

// Run is a stretch of a line with one bidi level and one face, drawn left to
// right from X0. Its glyphs and clusters are in visual order.
type Run struct {
	Start, End int // the code points it covers (logically contiguous)
	Level      int8
	Face       Face
	X0, X1     float32
	Glyphs     []Glyph
	Clusters   []Cluster
}

// RTL reports whether the run's text goes right to left.
func (r *Run) RTL() bool { return r.Level%2 == 1 }

// Line is one visual line of a paragraph. Y values are from the paragraph's
// top; runs are in visual order, left to right.
type Line struct {
	Start, End            int
	Top, Baseline, Height float32
	Runs                  []Run
}

// Style holds what changes a layout without re-shaping.
type Style struct {
	Size        float32 // font size, in the caller's units (Fyne units in the app); 0 means 16
	LineSpacing float32 // multiple of the fonts' ascent+descent; 0 means 1
}

// Layout wraps the paragraph to width at the given style. It reuses the
// shaped clusters: no shaping happens here. Calling it again with the same
// arguments is free.
func (p *Paragraph) Layout(width float32, st Style) {
	if st.LineSpacing <= 0 {
		st.LineSpacing = 1
	}
	if st.Size <= 0 {
		st.Size = 16
	}
	if p.lines != nil && p.width == width && p.size == st.Size && p.spacing == st.LineSpacing {
		return
	}
	p.width, p.size, p.spacing = width, st.Size, st.LineSpacing
	p.lineHeight = float32(math.Ceil(float64((p.ascent + p.descent) * st.Size * st.LineSpacing)))
	p.lines = p.lines[:0]
	maxEm := width / st.Size
	for start := 0; start < len(p.clusters); {
		end := p.breakLine(start, maxEm)
		p.addLine(start, end)
		start = end
	}
	if len(p.lines) == 0 { // empty paragraph: one empty line, for the caret
		p.lines = append(p.lines, Line{Start: p.start, End: p.start})
		p.placeLine(&p.lines[0], 0)
	}
}

// breakLine returns the cluster index the line starting at cluster start
// ends before: the last line-break opportunity that fits, or (a word longer
// than the line) the last cluster boundary that fits. Whitespace at the end
// of a line does not count against the width: it hangs.
func (p *Paragraph) breakLine(start int, maxEm float32) int {
	x := float32(0)
	last := -1
	for i := start; i < len(p.clusters); i++ {
		c := &p.clusters[i]
		if i > start {
			b := p.brk[c.start]
			if b&breakMandatory != 0 {
				return i
			}
			if b&breakAllowed != 0 {
				last = i
			}
		}
		if !c.space && i > start && x+c.adv > maxEm {
			if last > start {
				return last
			}
			return i
		}
		x += c.adv
	}
	return len(p.clusters)
}

// addLine builds the visual line of clusters [from, to): rule L1 on the
// line's levels, rule L2 over its runs, then x positions. Right-to-left
// paragraphs are right-aligned; whitespace at the end of the line hangs
// beyond the aligned edge.
func (p *Paragraph) addLine(from, to int) {
	cs := p.clusters[from:to]
	ls, le := int(cs[0].start), int(cs[len(cs)-1].end)
	lv := make([]int8, le-ls)
	copy(lv, p.levels[ls:le])
	applyL1(p.text[ls:le], lv, p.base)

	// Pieces: consecutive clusters sharing item and (line) level.
	type piece struct {
		c0, c1 int // into cs
		level  int8
	}
	var pieces []piece
	for i := range cs {
		l := lv[int(cs[i].start)-ls]
		if n := len(pieces); n > 0 && pieces[n-1].level == l && cs[pieces[n-1].c0].item == cs[i].item {
			pieces[n-1].c1 = i + 1
			continue
		}
		pieces = append(pieces, piece{i, i + 1, l})
	}
	levels := make([]int8, len(pieces))
	for i, pc := range pieces {
		levels[i] = pc.level
	}
	order := visualOrder(levels)

	hang := float32(0)
	for i := len(cs) - 1; i >= 0 && cs[i].space; i-- {
		hang += cs[i].adv
	}
	total := float32(0)
	for i := range cs {
		total += cs[i].adv
	}
	size := p.size
	x := float32(0)
	if p.base%2 == 1 {
		x = p.width - (total-hang)*size - hang*size
	}

	line := Line{Start: p.start + ls, End: p.start + le, Runs: make([]Run, 0, len(pieces))}
	for _, pi := range order {
		pc := pieces[pi]
		it := p.items[cs[pc.c0].item]
		run := Run{Level: pc.level, Face: it.face, X0: x, Start: p.start + int(cs[pc.c0].start), End: p.start + int(cs[pc.c1-1].end)}
		run.Clusters = make([]Cluster, 0, pc.c1-pc.c0)
		emit := func(c *cluster) {
			cx := x
			pen := x
			for g := c.g0; g < c.g1; g++ {
				gl := p.glyphs[g]
				run.Glyphs = append(run.Glyphs, Glyph{ID: uint32(gl.id), X: pen + gl.xOff*size, Y: -gl.yOff * size})
				pen += gl.adv * size
			}
			x += c.adv * size
			run.Clusters = append(run.Clusters, Cluster{Start: p.start + int(c.start), End: p.start + int(c.end), X0: cx, X1: x})
		}
		if pc.level%2 == 1 {
			for i := pc.c1 - 1; i >= pc.c0; i-- {
				emit(&cs[i])
			}
		} else {
			for i := pc.c0; i < pc.c1; i++ {
				emit(&cs[i])
			}
		}
		run.X1 = x
		line.Runs = append(line.Runs, run)
	}
	p.placeLine(&line, len(p.lines))
	p.lines = append(p.lines, line)
}

func (p *Paragraph) placeLine(l *Line, i int) {
	l.Height = p.lineHeight
	l.Top = float32(i) * p.lineHeight
	natural := (p.ascent + p.descent) * p.size
	l.Baseline = l.Top + (p.lineHeight-natural)/2 + p.ascent*p.size
}

// Lines returns the laid-out lines (valid until the next Layout).
func (p *Paragraph) Lines() []Line { return p.lines }

// Height is the height of the laid-out paragraph.
func (p *Paragraph) Height() float32 { return float32(len(p.lines)) * p.lineHeight }

// Size is the font size of the current layout.
func (p *Paragraph) Size() float32 { return p.size }
