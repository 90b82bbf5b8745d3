package bidientry

import (
	"image"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"daftar/app/articleview"
	"daftar/layout"
)

// CreateRenderer builds the entry's canvas objects.
func (e *Entry) CreateRenderer() fyne.WidgetRenderer {
	r := &renderer{e: e, box: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
		caret: canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))}
	r.text = canvas.NewRaster(r.paint)
	return r
}

type renderer struct {
	e       *Entry
	box     *canvas.Rectangle // background and border
	sel     []*canvas.Rectangle
	text    *canvas.Raster // the glyphs, painted with the article view's painter
	caret   *canvas.Rectangle
	objects []fyne.CanvasObject
	clip    fyne.Position // the text raster's top-left in the entry
	clipSz  fyne.Size
	img     *image.RGBA // reused between frames: the painter uploads it at once
}

func (r *renderer) Destroy()                     {}
func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

// lineHeight is the height of one line at the theme's text size (the same
// for every line: layout uses the fonts' ascent and descent).
func lineHeight() float32 {
	size := theme.TextSize()
	lineHeights.Lock()
	defer lineHeights.Unlock()
	if h, ok := lineHeights.m[size]; ok {
		return h
	}
	d := shape("", layout.Auto)
	d.Layout(100, textStyle())
	h := d.Height()
	lineHeights.m[size] = h
	return h
}

var lineHeights = struct {
	sync.Mutex
	m map[float32]float32
}{m: map[float32]float32{}}

func (r *renderer) MinSize() fyne.Size {
	pad := theme.InnerPadding()
	lh := lineHeight()
	w := lh + 3*pad // about one wide character, as widget.Entry
	if !r.e.MultiLine {
		return fyne.NewSize(w, lh+pad)
	}
	rows := r.e.minRows
	if rows <= 0 {
		rows = 3
	}
	return fyne.NewSize(w, lh*float32(rows)+pad)
}

// origin is where the document's top-left is drawn in the entry.
func (e *Entry) origin() (x, y float32) {
	pad := theme.InnerPadding()
	top := pad / 2
	if !e.MultiLine {
		top = (e.Size().Height - lineHeight()) / 2
	}
	return pad - e.scrollX, top - e.scrollY
}

// scroll keeps the caret in view after it moved, and the scroll offsets
// within the text.
func (e *Entry) scroll(avail, visH float32) {
	if e.followCaret {
		x, top, h := e.doc.Caret(e.caret)
		if x-e.scrollX < 0 {
			e.scrollX = x
		} else if x-e.scrollX > avail-2 {
			e.scrollX = x - avail + 2
		}
		if top-e.scrollY < 0 {
			e.scrollY = top
		} else if top+h-e.scrollY > visH {
			e.scrollY = top + h - visH
		}
		e.followCaret = false
	}
	e.scrollX = max(0, min(e.scrollX, e.laidW-avail))
	e.scrollY = max(0, min(e.scrollY, e.doc.Height()-visH))
	if !e.MultiLine {
		e.scrollY = 0
	}
}

func (r *renderer) Layout(size fyne.Size) {
	e := r.e
	pad := theme.InnerPadding()
	border := theme.InputBorderSize()
	avail := size.Width - 2*pad - e.inset
	e.ensureLayout(avail)
	e.scroll(max(avail, 1), max(size.Height-pad, 1))

	r.box.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.box.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	if e.focused {
		r.box.StrokeColor = theme.Color(theme.ColorNamePrimary)
	}
	r.box.StrokeWidth = border
	r.box.CornerRadius = theme.InputRadiusSize()
	r.box.Move(fyne.NewSquareOffsetPos(border / 2))
	r.box.Resize(size.Subtract(fyne.NewSquareSize(border)))
	r.objects = append(r.objects[:0], r.box)

	// Text may not leave the box: selection and caret are clipped to it,
	// the raster clips the glyphs.
	r.clip = fyne.NewPos(pad/2, border)
	r.clipSz = fyne.NewSize(max(size.Width-pad-e.inset, 1), max(size.Height-2*border, 1))
	ox, oy := e.origin()
	clip := func(x, y, w, h float32) (fyne.Position, fyne.Size, bool) {
		x0, y0 := max(x, r.clip.X), max(y, r.clip.Y)
		x1, y1 := min(x+w, r.clip.X+r.clipSz.Width), min(y+h, r.clip.Y+r.clipSz.Height)
		return fyne.NewPos(x0, y0), fyne.NewSize(x1-x0, y1-y0), x1 > x0 && y1 > y0
	}
	n := 0
	if s, t := e.Selection(); s < t {
		for _, rc := range e.doc.SpanRects(s, t) {
			pos, sz, ok := clip(ox+rc.X, oy+rc.Y, rc.W, rc.H)
			if !ok {
				continue
			}
			if n == len(r.sel) {
				r.sel = append(r.sel, canvas.NewRectangle(nil))
			}
			o := r.sel[n]
			o.FillColor = theme.Color(theme.ColorNameSelection)
			o.Move(pos)
			o.Resize(sz)
			r.objects = append(r.objects, o)
			n++
		}
	}
	r.text.Move(r.clip)
	r.text.Resize(r.clipSz)
	r.objects = append(r.objects, r.text)
	if s, t := e.Selection(); s == t && e.focused && !e.Disabled() {
		x, top, h := e.doc.Caret(e.caret)
		if pos, sz, ok := clip(ox+x-1, oy+top, 2, h); ok {
			r.caret.FillColor = theme.Color(theme.ColorNamePrimary)
			r.caret.Move(pos)
			r.caret.Resize(sz)
			r.objects = append(r.objects, r.caret)
		}
	}
}

func (r *renderer) Refresh() {
	r.Layout(r.e.Size())
	r.text.Refresh()
	canvas.Refresh(r.e.self())
}

// paint draws the visible lines (or the placeholder) at the raster's pixel
// size, so text is rasterized for the screen's scale.
func (r *renderer) paint(w, h int) image.Image {
	if r.img == nil || r.img.Rect.Dx() != w || r.img.Rect.Dy() != h {
		r.img = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(r.img.Pix)
	}
	img := r.img
	e := r.e
	if e.doc == nil || r.clipSz.Width <= 0 {
		return img
	}
	doc, col := e.doc, theme.Color(theme.ColorNameForeground)
	if len(e.runes) == 0 {
		if e.phDoc == nil || e.PlaceHolder == "" {
			return img
		}
		doc, col = e.phDoc, theme.Color(theme.ColorNamePlaceHolder)
	} else if e.Disabled() {
		col = theme.Color(theme.ColorNameDisabled)
	}
	scale := float32(w) / r.clipSz.Width
	ox, oy := e.origin()
	ox, oy = ox-r.clip.X, oy-r.clip.Y
	for pi, p := range doc.Paragraphs {
		top := oy + doc.Top(pi)
		if top > r.clipSz.Height {
			break
		}
		lines := p.Lines()
		l0, l1 := -1, 0
		for li, l := range lines {
			if top+l.Top+l.Height >= 0 && top+l.Top <= r.clipSz.Height {
				if l0 < 0 {
					l0 = li
				}
				l1 = li + 1
			}
		}
		if l0 < 0 {
			continue
		}
		at := image.Pt(int(math.Round(float64(ox*scale))), int(math.Round(float64(top*scale))))
		articleview.PaintLines(img, p, l0, l1, at, scale, col)
	}
	return img
}
