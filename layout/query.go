package layout

import "sort"

// Rect is an axis-aligned rectangle.
type Rect struct {
	X, Y, W, H float32
}

// lineAtY returns the index of the line under y (clamped to the lines).
func (p *Paragraph) lineAtY(y float32) int {
	if len(p.lines) == 0 || p.lineHeight <= 0 {
		return 0
	}
	i := int(y / p.lineHeight)
	return max(0, min(i, len(p.lines)-1))
}

// lineOf returns the index of the line holding offset; at a boundary
// between two lines, the line that starts there.
func (p *Paragraph) lineOf(offset int) int {
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i].End > offset })
	return min(i, len(p.lines)-1)
}

// edges returns the offsets at a cluster's left and right edges: a
// right-to-left cluster starts at its right edge.
func edges(c *Cluster, rtl bool) (left, right int) {
	if rtl {
		return c.End, c.Start
	}
	return c.Start, c.End
}

// HitTest returns the offset of the cluster boundary nearest to (x, y), in
// paragraph coordinates: a point over the right half of a right-to-left
// cluster gives its start, over its left half its end (and the reverse for
// left-to-right). Points beyond a line's ends give the offset at that
// visual end.
func (p *Paragraph) HitTest(x, y float32) int {
	if len(p.lines) == 0 {
		return p.start
	}
	l := &p.lines[p.lineAtY(y)]
	if len(l.Runs) == 0 {
		return l.Start
	}
	ri := sort.Search(len(l.Runs), func(i int) bool { return l.Runs[i].X1 > x })
	if ri == len(l.Runs) {
		r := &l.Runs[ri-1]
		_, right := edges(&r.Clusters[len(r.Clusters)-1], r.RTL())
		return right
	}
	r := &l.Runs[ri]
	if x < r.X0 {
		left, _ := edges(&r.Clusters[0], r.RTL())
		return left
	}
	ci := sort.Search(len(r.Clusters), func(i int) bool { return r.Clusters[i].X1 > x })
	ci = min(ci, len(r.Clusters)-1)
	c := &r.Clusters[ci]
	left, right := edges(c, r.RTL())
	if x < (c.X0+c.X1)/2 {
		return left
	}
	return right
}

// SpanRects returns the rectangles covering the code points [start, end), in
// paragraph coordinates: one per visually contiguous stretch on each line,
// so a span crossing direction runs gets several. A cluster partly inside the
// span is covered whole.
func (p *Paragraph) SpanRects(start, end int) []Rect {
	start, end = max(start, p.start), min(end, p.End())
	if start >= end {
		return nil
	}
	var out []Rect
	for li := p.lineOf(start); li < len(p.lines) && p.lines[li].Start < end; li++ {
		l := &p.lines[li]
		n := len(out)
		for ri := range l.Runs {
			r := &l.Runs[ri]
			if r.End <= start || r.Start >= end {
				continue
			}
			for ci := range r.Clusters {
				c := &r.Clusters[ci]
				if c.End <= start || c.Start >= end {
					continue
				}
				if k := len(out) - 1; k >= n && out[k].X+out[k].W >= c.X0-0.01 {
					out[k].W = c.X1 - out[k].X
					continue
				}
				out = append(out, Rect{X: c.X0, Y: l.Top, W: c.X1 - c.X0, H: l.Height})
			}
		}
	}
	return out
}

// Caret returns where the caret for offset is drawn, in paragraph
// coordinates: x, and the top and height of its line. At a run's logical
// start the caret sits on the run's reading-start side.
func (p *Paragraph) Caret(offset int) (x, top, height float32) {
	if len(p.lines) == 0 {
		return 0, 0, 0
	}
	offset = max(p.start, min(offset, p.End()))
	l := &p.lines[p.lineOf(offset)]
	x = 0
	if p.base%2 == 1 {
		x = p.width
	}
	found := false
	for ri := range l.Runs {
		r := &l.Runs[ri]
		for ci := range r.Clusters {
			c := &r.Clusters[ci]
			switch {
			case c.Start <= offset && offset < c.End:
				if r.RTL() {
					return c.X1, l.Top, l.Height
				}
				return c.X0, l.Top, l.Height
			case c.End == offset && !found:
				found = true
				if r.RTL() {
					x = c.X0
				} else {
					x = c.X1
				}
			}
		}
	}
	return x, l.Top, l.Height
}

// WordAt returns the word (UAX #29 word of letters or digits) holding
// offset, or, between words, the grapheme cluster at offset.
func (p *Paragraph) WordAt(offset int) (start, end int) {
	o := int32(offset - p.start)
	i := sort.Search(len(p.words), func(i int) bool { return p.words[i][1] > o })
	if i < len(p.words) && p.words[i][0] <= o {
		return p.start + int(p.words[i][0]), p.start + int(p.words[i][1])
	}
	return p.Grapheme(offset)
}

// Grapheme returns the cluster holding offset (a grapheme, or several
// graphemes HarfBuzz shaped together such as a lam-alef ligature).
func (p *Paragraph) Grapheme(offset int) (start, end int) {
	o := int32(offset - p.start)
	i := sort.Search(len(p.clusters), func(i int) bool { return p.clusters[i].end > o })
	if i == len(p.clusters) {
		return p.End(), p.End()
	}
	return p.start + int(p.clusters[i].start), p.start + int(p.clusters[i].end)
}

// Snap moves offset to the nearest cluster boundary at or before it.
func (p *Paragraph) Snap(offset int) int {
	if offset >= p.End() {
		return p.End()
	}
	s, _ := p.Grapheme(offset)
	return max(s, p.start)
}
