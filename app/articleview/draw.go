package articleview

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"daftar/layout"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"golang.org/x/image/vector"
)

// glyphPainter rasterizes glyph outlines from the embedded fonts. Fyne's
// canvas.Text cannot draw pre-shaped, pre-ordered glyph runs, so the view
// paints them itself into images; masks are cached so that scrolling back to
// a paragraph only composites.
type glyphPainter struct {
	mu    sync.Mutex // rasters may be generated off Fyne's goroutine
	fonts *layout.Fonts
	cache map[glyphKey]*glyphMask
}

type glyphKey struct {
	face layout.Face
	id   uint32
	size float32 // pixels per em
	frac uint8   // horizontal sub-pixel phase, in quarters
}

type glyphMask struct {
	img *image.Alpha // nil for empty glyphs (spaces)
	off image.Point  // top-left of img relative to the pen position
}

const subpixels = 4

func newGlyphPainter(fonts *layout.Fonts) *glyphPainter {
	return &glyphPainter{fonts: fonts, cache: map[glyphKey]*glyphMask{}}
}

func (gp *glyphPainter) mask(k glyphKey) *glyphMask {
	if m, ok := gp.cache[k]; ok {
		return m
	}
	if len(gp.cache) > 20000 { // a crude bound; masks are cheap to redo
		clear(gp.cache)
	}
	m := &glyphMask{}
	gp.cache[k] = m
	face := gp.fonts.Face(k.face)
	outline, ok := face.GlyphData(font.GID(k.id)).(font.GlyphOutline)
	if !ok || len(outline.Segments) == 0 {
		return m
	}
	scale := k.size / float32(face.Upem())
	dx := float32(k.frac) / subpixels
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, s := range outline.Segments {
		for _, p := range s.ArgsSlice() {
			x, y := p.X*scale+dx, -p.Y*scale
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
	}
	x0, y0 := int(math.Floor(float64(minX))), int(math.Floor(float64(minY)))
	x1, y1 := int(math.Ceil(float64(maxX))), int(math.Ceil(float64(maxY)))
	if x1 <= x0 || y1 <= y0 {
		return m
	}
	r := vector.NewRasterizer(x1-x0, y1-y0)
	pt := func(p ot.SegmentPoint) (float32, float32) {
		return p.X*scale + dx - float32(x0), -p.Y*scale - float32(y0)
	}
	for _, s := range outline.Segments {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			r.ClosePath()
			r.MoveTo(pt(s.Args[0]))
		case ot.SegmentOpLineTo:
			r.LineTo(pt(s.Args[0]))
		case ot.SegmentOpQuadTo:
			ax, ay := pt(s.Args[0])
			bx, by := pt(s.Args[1])
			r.QuadTo(ax, ay, bx, by)
		case ot.SegmentOpCubeTo:
			ax, ay := pt(s.Args[0])
			bx, by := pt(s.Args[1])
			cx, cy := pt(s.Args[2])
			r.CubeTo(ax, ay, bx, by, cx, cy)
		}
	}
	r.ClosePath()
	m.img = image.NewAlpha(image.Rect(0, 0, x1-x0, y1-y0))
	r.Draw(m.img, m.img.Bounds(), image.Opaque, image.Point{})
	m.off = image.Pt(x0, y0)
	return m
}

// drawLines paints the glyphs of p's lines [l0, l1) into dst, with the
// paragraph's top-left at origin (pixels) and scale pixels per unit.
func (gp *glyphPainter) drawLines(dst draw.Image, p *layout.Paragraph, l0, l1 int, origin image.Point, scale float32, col color.Color) {
	src := image.NewUniform(col)
	size := p.Size() * scale
	for _, l := range p.Lines()[l0:l1] {
		by := float64(l.Baseline * scale)
		for ri := range l.Runs {
			run := &l.Runs[ri]
			for _, g := range run.Glyphs {
				gx := float64(g.X * scale)
				ix := math.Floor(gx)
				frac := uint8(math.Round((gx - ix) * subpixels))
				if frac == subpixels {
					ix++
					frac = 0
				}
				m := gp.mask(glyphKey{face: run.Face, id: g.ID, size: size, frac: frac})
				if m.img == nil {
					continue
				}
				iy := int(math.Round(by + float64(g.Y*scale)))
				at := origin.Add(image.Pt(int(ix), iy)).Add(m.off)
				rect := m.img.Bounds().Add(at)
				draw.DrawMask(dst, rect, src, image.Point{}, m.img, image.Point{}, draw.Over)
			}
		}
	}
}
