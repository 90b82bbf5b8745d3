package articleview

import (
	"image"
	"image/color"
	"image/draw"

	"daftar/layout"
)

// PaintLines draws lines [l0, l1) of a laid-out paragraph into dst with the
// view's glyph painter and cache, the paragraph's top-left at origin (pixels)
// and scale pixels per unit. Other widgets that lay text out with package
// layout (the bidi entry) paint through it, so text looks the same
// everywhere and glyph masks are rasterized once.
func PaintLines(dst draw.Image, p *layout.Paragraph, l0, l1 int, origin image.Point, scale float32, col color.Color) {
	loadFonts()
	sharedPaint.mu.Lock()
	defer sharedPaint.mu.Unlock()
	sharedPaint.drawLines(dst, p, l0, l1, origin, scale, col)
}
