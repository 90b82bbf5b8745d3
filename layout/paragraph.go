// Package layout lays out paragraphs of mixed right-to-left and
// left-to-right text without any GUI toolkit: Unicode bidi levels (go-text's
// bidi), shaping (go-text's HarfBuzz port) with font choice by script, line
// breaking at Unicode line-break opportunities, visual reordering (rule L2),
// and the queries a text view needs (hit testing, span rectangles, caret,
// words).
//
// Offsets are Unicode code points over a whole document's text, the unit
// annotations are stored in. A paragraph is shaped once; changing the width or
// the font size only re-wraps the shaped clusters.
package layout

import (
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// refSize is the size text is shaped at. Results are kept in em (divided by
// refSize), so that a new font size needs no re-shaping. HarfBuzz rounds the
// size up to an integer, which is why we do not shape at the display size.
const refSize = 1000

var (
	langArabic  = language.NewLanguage("ar")
	langEnglish = language.NewLanguage("en")
)

// Shaper shapes paragraphs. It owns the HarfBuzz buffers and go-text's caches
// and is not safe for concurrent use.
type Shaper struct {
	fonts *Fonts
	hb    shaping.HarfbuzzShaper
	bidi  resolver
	seg   segmenter.Segmenter

	helpers []*Shaper // for NewDocument's parallel shaping
}

// NewShaper returns a Shaper drawing on fonts.
func NewShaper(fonts *Fonts) *Shaper { return &Shaper{fonts: fonts} }

// Fonts returns the fonts the shaper draws on.
func (s *Shaper) Fonts() *Fonts { return s.fonts }

type glyph struct {
	id              font.GID
	xOff, yOff, adv float32 // em; yOff is up
}

// cluster is the unit of layout: whole graphemes that HarfBuzz shaped into
// one or more glyphs. Lines break, selections snap and rectangles stop only
// at cluster boundaries, so a ligature or a letter and its marks never split.
type cluster struct {
	start, end int32 // runes, paragraph-local
	item       int32
	g0, g1     int32   // glyphs, in the item's visual order
	adv        float32 // em
	space      bool    // only whitespace: hangs at the end of a line
}

// item is a maximal stretch with one bidi level, script and face: the unit
// HarfBuzz shapes.
type item struct {
	start, end int
	level      int8
	face       Face
}

// Paragraph is one shaped paragraph and, after Layout, its lines.
type Paragraph struct {
	start    int // document offset of text[0]
	text     []rune
	base     int8 // paragraph embedding level
	levels   []int8
	items    []item
	glyphs   []glyph
	clusters []cluster // logical order
	brk      []uint8   // per position 0..len(text): breakAllowed or breakMandatory before it
	words    [][2]int32
	ascent   float32 // em, over the faces used
	descent  float32

	// layout
	width, size, spacing float32
	lines                []Line
	lineHeight           float32
}

const (
	breakAllowed   = 1
	breakMandatory = 2
	graphemeStart  = 4
)

// Shape shapes one paragraph whose first code point is at document offset
// start. text must not contain "\n" (paragraphs are split on it).
func (s *Shaper) Shape(text []rune, start int, dir Direction, bold bool) *Paragraph {
	p := &Paragraph{start: start, text: text}
	p.levels, p.base = s.bidi.levels(text, dir)
	n := len(text)
	p.brk = make([]uint8, n+1)
	if n > 0 {
		s.seg.Init(text)
		for it := s.seg.LineIterator(); it.Next(); {
			l := it.Line()
			end := l.Offset + len(l.Text)
			if l.IsMandatoryBreak {
				p.brk[end] |= breakMandatory
			} else {
				p.brk[end] |= breakAllowed
			}
		}
		for it := s.seg.GraphemeIterator(); it.Next(); {
			p.brk[it.Grapheme().Offset] |= graphemeStart
		}
		for it := s.seg.WordIterator(); it.Next(); {
			w := it.Word()
			p.words = append(p.words, [2]int32{int32(w.Offset), int32(w.Offset + len(w.Text))})
		}
	}
	p.brk[n] |= graphemeStart
	p.itemize(s.fonts, bold)
	used := [numFaces]bool{}
	if len(p.items) == 0 {
		used[s.fonts.pick(' ', language.Arabic, bold)] = true
	}
	for i, it := range p.items {
		used[it.face] = true
		s.shapeItem(p, int32(i))
	}
	for f, u := range used {
		if u {
			p.ascent = max(p.ascent, s.fonts.ascent[f])
			p.descent = max(p.descent, s.fonts.descnt[f])
		}
	}
	return p
}

// itemize splits the paragraph into items at grapheme boundaries where the
// level or the face changes; the face follows the script. Common and inherited characters
// (spaces, digits, punctuation, marks) take the script before them, or the
// first strong script when they lead.
func (p *Paragraph) itemize(fonts *Fonts, bold bool) {
	n := len(p.text)
	if n == 0 {
		return
	}
	script := language.Latin
	for _, r := range p.text {
		if sc := language.LookupScript(r); sc.Strong() && sc != language.Unknown {
			script = sc
			break
		}
	}
	cur := item{start: 0, level: -1}
	for i := 0; i < n; i++ {
		if sc := language.LookupScript(p.text[i]); sc.Strong() && sc != language.Unknown {
			script = sc
		}
		if p.brk[i]&graphemeStart == 0 {
			continue
		}
		face := fonts.pick(p.text[i], script, bold)
		lvl := p.levels[i]
		if cur.level < 0 {
			cur = item{start: i, level: lvl, face: face}
			continue
		}
		if lvl != cur.level || face != cur.face {
			cur.end = i
			p.items = append(p.items, cur)
			cur = item{start: i, level: lvl, face: face}
		}
	}
	cur.end = n
	p.items = append(p.items, cur)
}

func (s *Shaper) shapeItem(p *Paragraph, idx int32) {
	it := p.items[idx]
	face := s.fonts.faces[it.face]
	in := shaping.Input{
		Text:      p.text,
		RunStart:  it.start,
		RunEnd:    it.end,
		Direction: di.DirectionLTR,
		Face:      face,
		Size:      fixed.I(refSize),
		Script:    language.Latin,
		Language:  langEnglish,
	}
	if it.face == ArabicRegular || it.face == ArabicBold {
		in.Script, in.Language = language.Arabic, langArabic
	}
	rtl := it.level%2 == 1
	if rtl {
		in.Direction = di.DirectionRTL
	}
	out := s.hb.ShapeNoExtents(in)
	const scale = 1.0 / (64 * refSize)
	g0 := int32(len(p.glyphs))
	for _, g := range out.Glyphs {
		p.glyphs = append(p.glyphs, glyph{
			id:   g.GlyphID,
			xOff: float32(g.XOffset) * scale,
			yOff: float32(g.YOffset) * scale,
			adv:  float32(g.Advance) * scale,
		})
	}
	// Group glyphs by HarfBuzz cluster, in logical order.
	type group struct {
		start, g0, g1 int32
	}
	var groups []group
	for i, g := range out.Glyphs {
		gi := g0 + int32(i)
		if len(groups) > 0 && groups[len(groups)-1].start == int32(g.ClusterIndex) {
			groups[len(groups)-1].g1 = gi + 1
			continue
		}
		groups = append(groups, group{int32(g.ClusterIndex), gi, gi + 1})
	}
	if rtl {
		for a, b := 0, len(groups)-1; a < b; a, b = a+1, b-1 {
			groups[a], groups[b] = groups[b], groups[a]
		}
	}
	first := len(p.clusters)
	for k, gr := range groups {
		end := int32(it.end)
		if k+1 < len(groups) {
			end = groups[k+1].start
		}
		if end <= gr.start { // non-monotone clusters: fold into the previous one
			if len(p.clusters) > first {
				c := &p.clusters[len(p.clusters)-1]
				c.g0, c.g1 = min(c.g0, gr.g0), max(c.g1, gr.g1)
			}
			continue
		}
		// A cluster must end at a grapheme boundary; merge until it does.
		if len(p.clusters) > first {
			prev := &p.clusters[len(p.clusters)-1]
			if p.brk[prev.end]&graphemeStart == 0 {
				prev.end = end
				prev.g0, prev.g1 = min(prev.g0, gr.g0), max(prev.g1, gr.g1)
				continue
			}
		}
		p.clusters = append(p.clusters, cluster{start: gr.start, end: end, item: idx, g0: gr.g0, g1: gr.g1})
	}
	if len(p.clusters) > first && p.clusters[first].start > int32(it.start) {
		p.clusters[first].start = int32(it.start)
	}
	for i := first; i < len(p.clusters); i++ {
		c := &p.clusters[i]
		for g := c.g0; g < c.g1; g++ {
			c.adv += p.glyphs[g].adv
		}
		c.space = true
		for _, r := range p.text[c.start:c.end] {
			if !l1Whitespace(r) && r != '\t' {
				c.space = false
				break
			}
		}
	}
}

// Start is the document offset of the paragraph's first code point.
func (p *Paragraph) Start() int { return p.start }

// End is the document offset just after the paragraph's last code point.
func (p *Paragraph) End() int { return p.start + len(p.text) }

// Text returns the paragraph's code points (not to be modified).
func (p *Paragraph) Text() []rune { return p.text }

// Direction is the paragraph's resolved base direction.
func (p *Paragraph) Direction() Direction {
	if p.base%2 == 1 {
		return RTL
	}
	return LTR
}
