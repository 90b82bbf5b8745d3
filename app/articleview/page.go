package articleview

import (
	"image"
	"image/color"
	"math"

	"daftar/layout"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// page is the scrolled content: as tall as the whole article, but it only
// creates canvas objects for the paragraphs inside the viewport.
type page struct {
	widget.BaseWidget
	v *View

	pressed  bool // a primary MouseDown set the anchor for this gesture
	dragging bool
	focused  bool
	shift    bool // a Shift key is held (see View.ShiftHeld)
}

var (
	_ fyne.Draggable         = (*page)(nil)
	_ fyne.Tappable          = (*page)(nil)
	_ fyne.DoubleTappable    = (*page)(nil)
	_ fyne.SecondaryTappable = (*page)(nil)
	_ fyne.Focusable         = (*page)(nil)
	_ fyne.Shortcutable      = (*page)(nil)
	_ desktop.Mouseable      = (*page)(nil)
	_ desktop.Hoverable      = (*page)(nil)
	_ desktop.Keyable        = (*page)(nil)
	_ fyne.Tabbable          = (*page)(nil)
)

func (p *page) CreateRenderer() fyne.WidgetRenderer {
	return &pageRenderer{p: p, rasters: map[rasterKey]*paraRaster{}}
}

// paraRaster is the drawn text of a chunk of lines of one paragraph (or
// of the title, the metadata), kept while it stays in view and its layout
// does not change. Chunks keep textures small even for an article scraped
// as one long paragraph.
type paraRaster struct {
	raster *canvas.Raster
	para   *layout.Paragraph
	l0, l1 int // lines drawn
	gen    uint64
	color  color.Color
	width  float32 // logical width of the raster

	img        *image.RGBA // last generated pixels
	imgW, imgH int
}

// rasterMargin leaves room for ink outside the line boxes (swashes, marks).
const rasterMargin = 6

// linesPerRaster bounds a raster's height (about 500 units at 16).
const linesPerRaster = 16

type rasterKey struct{ para, chunk int }

var (
	titleKey = rasterKey{-1, 0}
	metaKey  = rasterKey{-2, 0}
)

type pageRenderer struct {
	p       *page
	objects []fyne.CanvasObject
	rasters map[rasterKey]*paraRaster

	hoverText string
	hoverPara *layout.Paragraph
}

func (r *pageRenderer) Layout(fyne.Size) { r.rebuild() }
func (r *pageRenderer) MinSize() fyne.Size {
	return fyne.NewSize(0, r.p.v.pageH)
}
func (r *pageRenderer) Refresh()                     { r.rebuild(); canvas.Refresh(r.p) }
func (r *pageRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *pageRenderer) Destroy()                     {}

func (v *View) color(name fyne.ThemeColorName) color.Color {
	return v.Theme().Color(name, fyne.CurrentApp().Settings().ThemeVariant())
}

// rebuild is the state-to-pixels step: it lists, for what is in the
// viewport only, highlight and selection rectangles behind the text rasters
// and outlines over them.
func (r *pageRenderer) rebuild() {
	v := r.p.v
	r.objects = r.objects[:0]
	if v.doc == nil || v.laidW <= 0 {
		return
	}
	f := r.newFrame()
	fg := v.color(theme.ColorNameForeground)
	// Title and metadata.
	if f.top < v.bodyTop {
		f.addText(titleKey, v.titleP, f.py, fg)
		f.addText(metaKey, v.metaP, f.py+v.titleP.Height()+v.fontSize*0.3, v.color(theme.ColorNamePlaceHolder))
	}
	first := v.doc.ParagraphAtY(f.top - v.bodyTop)
	last := v.doc.ParagraphAtY(f.bottom - v.bodyTop)
	for i := first; i <= last && i < len(v.doc.Paragraphs); i++ {
		f.addParagraph(i, fg)
	}
	r.objects = append(r.objects, f.outlines...)
	if selS, selE := v.Selection(); selS == selE && r.p.focused {
		x, top, h := v.doc.Caret(selS)
		caret := canvas.NewRectangle(v.color(theme.ColorNamePrimary))
		caret.Move(fyne.NewPos(f.px+x-1, v.bodyTop+top+h*0.1))
		caret.Resize(fyne.NewSize(2, h*0.8))
		r.objects = append(r.objects, caret)
	}
	r.objects = append(r.objects, r.hoverObjects()...)
	for k := range r.rasters {
		if !f.seen[k] {
			delete(r.rasters, k)
		}
	}
}

// frame is one rebuild's pass over the part of the page near the viewport.
type frame struct {
	r           *pageRenderer
	v           *View
	px, py      float32 // page padding
	top, bottom float32 // what is drawn, a little beyond the viewport
	seen        map[rasterKey]bool
	outlines    []fyne.CanvasObject // drawn over the text, at the end
}

func (r *pageRenderer) newFrame() *frame {
	v := r.p.v
	px, py := v.padding()
	// A little beyond the viewport, so that small scrolls find text ready.
	slack := 4 * v.fontSize
	return &frame{r: r, v: v, px: px, py: py,
		top:    v.scroll.Offset.Y - slack,
		bottom: v.scroll.Offset.Y + max(v.scroll.Size().Height, 1) + slack,
		seen:   map[rasterKey]bool{}}
}

func (f *frame) visible(y0, y1 float32) bool { return y1 >= f.top && y0 <= f.bottom }

// addText adds the rasters of a paragraph's visible chunks of lines,
// reusing those whose layout and colour did not change.
func (f *frame) addText(key rasterKey, p *layout.Paragraph, top float32, col color.Color) {
	r, v := f.r, f.v
	lines := p.Lines()
	for l0 := 0; l0 < len(lines); l0 += linesPerRaster {
		l1 := min(l0+linesPerRaster, len(lines))
		y0, y1 := top+lines[l0].Top, top+lines[l1-1].Top+lines[l1-1].Height
		if !f.visible(y0, y1) {
			continue
		}
		k := key
		k.chunk = l0 / linesPerRaster
		f.seen[k] = true
		pr := r.rasters[k]
		if pr == nil || pr.para != p || pr.l0 != l0 || pr.l1 != l1 || pr.gen != v.gen || pr.color != col {
			pr = &paraRaster{para: p, l0: l0, l1: l1, gen: v.gen, color: col, width: v.laidW + 2*rasterMargin}
			pr.raster = canvas.NewRaster(r.generator(pr))
			r.rasters[k] = pr
		}
		pr.raster.Move(fyne.NewPos(f.px-rasterMargin, y0-rasterMargin))
		pr.raster.Resize(fyne.NewSize(pr.width, y1-y0+2*rasterMargin))
		r.objects = append(r.objects, pr.raster)
	}
}

// addParagraph adds body paragraph i: its highlights and the selection
// behind its text, outlines for later.
func (f *frame) addParagraph(i int, fg color.Color) {
	v := f.v
	para := v.doc.Paragraphs[i]
	top := v.bodyTop + v.doc.Top(i)
	origin := fyne.NewPos(f.px, top)
	ps, pe := para.Start(), para.End()
	inView := func(rc layout.Rect) bool { return f.visible(top+rc.Y, top+rc.Y+rc.H) }
	for hi, h := range v.highlights {
		s, e := max(h.Start, ps), min(h.End, pe)
		if s >= e {
			continue
		}
		for _, rc := range para.SpanRects(s, e) {
			if inView(rc) {
				f.addHighlight(h, v.lanes[hi], rc, origin)
			}
		}
	}
	selS, selE := v.Selection()
	if s, e := max(selS, ps), min(selE, pe); s < e {
		selCol := v.color(theme.ColorNameSelection)
		for _, rc := range para.SpanRects(s, e) {
			if inView(rc) {
				f.r.objects = append(f.r.objects, rectObject(rc, origin, selCol, nil, 0, 0))
			}
		}
	}
	f.addText(rasterKey{i, 0}, para, top, fg)
}

// addHighlight adds one rectangle of a highlight: behind the text, with
// an outline when selected; a suggestion's dashed frame goes over it.
func (f *frame) addHighlight(h Highlight, lane int, rc layout.Rect, origin fyne.Position) {
	selected := h.ID == f.v.selectedID && h.ID != ""
	if h.Suggestion {
		// Over the text, like outlines: a dashed frame hides no ink.
		f.outlines = append(f.outlines, suggestionObjects(h, selected, rc, origin)...)
		return
	}
	f.r.objects = append(f.r.objects, highlightObjects(h, lane, rc, origin)...)
	if selected {
		// Outside the highlight's own box, so a claim's outline stays visible.
		grown := layout.Rect{X: rc.X - 2, Y: rc.Y - 1, W: rc.W + 4, H: rc.H + 2}
		f.outlines = append(f.outlines, rectObject(grown, origin, color.Transparent, f.v.color(theme.ColorNamePrimary), 2, 3))
	}
}

// generator paints a raster at the canvas's pixel density: Fyne asks for
// the raster's size in pixels, so the text is rasterized for the real
// screen scale rather than scaled afterwards.
func (r *pageRenderer) generator(pr *paraRaster) func(w, h int) image.Image {
	painter := r.p.v.painter
	return func(w, h int) image.Image {
		if pr.img != nil && pr.imgW == w && pr.imgH == h {
			return pr.img
		}
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		lines := pr.para.Lines()
		if pr.l1 > len(lines) || pr.l0 >= pr.l1 {
			return img // a raster outlived its layout; rebuild replaces it
		}
		scale := float32(w) / pr.width
		m := float64(rasterMargin * scale)
		top := float64(lines[pr.l0].Top * scale)
		origin := image.Pt(int(math.Round(m)), int(math.Round(m-top)))
		painter.mu.Lock()
		painter.drawLines(img, pr.para, pr.l0, pr.l1, origin, scale, pr.color)
		painter.mu.Unlock()
		pr.img, pr.imgW, pr.imgH = img, w, h
		return img
	}
}

func rectObject(rc layout.Rect, origin fyne.Position, fill, stroke color.Color, strokeW, radius float32) *canvas.Rectangle {
	o := canvas.NewRectangle(fill)
	if stroke != nil {
		o.StrokeColor = stroke
		o.StrokeWidth = strokeW
	}
	o.CornerRadius = radius
	o.Move(fyne.NewPos(origin.X+rc.X, origin.Y+rc.Y))
	o.Resize(fyne.NewSize(rc.W, rc.H))
	return o
}

// highlightObjects draws one highlight over one rectangle: entities as a
// translucent fill, claims as an outline with a faint fill; both with a
// marker bar at the bottom in the highlight's lane, so that overlapping
// highlights stay distinguishable.
func highlightObjects(h Highlight, lane int, rc layout.Rect, origin fyne.Position) []fyne.CanvasObject {
	c := h.Color
	if c == nil {
		c = color.NRGBA{R: 0xf0, G: 0xc0, B: 0x30, A: 0xff}
	}
	cr, cg, cb, _ := c.RGBA()
	base := color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8)}
	fill, bar := base, base
	fill.A, bar.A = 0x50, 0xe0
	var out []fyne.CanvasObject
	if h.Claim {
		fill.A = 0x18
		out = append(out, rectObject(rc, origin, fill, bar, 1.5, 3))
	} else {
		out = append(out, rectObject(rc, origin, fill, nil, 0, 0))
	}
	const barH = 2.5
	y := rc.Y + rc.H - barH - float32(lane)*(barH+1)
	if y > rc.Y {
		out = append(out, rectObject(layout.Rect{X: rc.X, Y: y, W: rc.W, H: barH}, origin, bar, nil, 0, 0))
	}
	return out
}

// suggestionObjects draws a suggested mention over one rectangle: a dashed
// frame in the type's colour, with a heavier dashed underline and no fill,
// unlike entities (filled) and claims (solid outline). The selected one
// gets a faint fill and a solid underline.
func suggestionObjects(h Highlight, selected bool, rc layout.Rect, origin fyne.Position) []fyne.CanvasObject {
	c := h.Color
	if c == nil {
		c = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
	}
	cr, cg, cb, _ := c.RGBA()
	ink := color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: 0xff}
	var out []fyne.CanvasObject
	if selected {
		fill := ink
		fill.A = 0x30
		out = append(out, rectObject(rc, origin, fill, nil, 0, 0))
	}
	const dash, gap, thin, thick = 4, 3, 1, 2.5
	line := func(x0, y0, length, w float32, horizontal bool) {
		for d := float32(0); d < length; d += dash + gap {
			l := min(dash, length-d)
			r := layout.Rect{X: x0 + d, Y: y0, W: l, H: w}
			if !horizontal {
				r = layout.Rect{X: x0, Y: y0 + d, W: w, H: l}
			}
			out = append(out, rectObject(r, origin, ink, nil, 0, 0))
		}
	}
	line(rc.X, rc.Y, rc.W, thin, true)            // top
	line(rc.X, rc.Y, rc.H, thin, false)           // left
	line(rc.X+rc.W-thin, rc.Y, rc.H, thin, false) // right
	if selected {
		out = append(out, rectObject(layout.Rect{X: rc.X, Y: rc.Y + rc.H - thick, W: rc.W, H: thick}, origin, ink, nil, 0, 0))
	} else {
		line(rc.X, rc.Y+rc.H-thick, rc.W, thick, true) // underline
	}
	return out
}

// --- input ---

// offsetAt maps a point on the page to a code point offset.
func (v *View) offsetAt(pos fyne.Position) int {
	px, _ := v.padding()
	if v.doc == nil {
		return 0
	}
	return v.doc.HitTest(pos.X-px, pos.Y-v.bodyTop)
}

// highlightAt returns the index of the shortest highlight whose rectangles
// contain pos, or -1.
func (v *View) highlightAt(pos fyne.Position) int {
	if v.doc == nil || len(v.highlights) == 0 {
		return -1
	}
	px, _ := v.padding()
	x, y := pos.X-px, pos.Y-v.bodyTop
	para := v.doc.Paragraphs[v.doc.ParagraphAtY(y)]
	best := -1
	for i, h := range v.highlights {
		s, e := max(h.Start, para.Start()), min(h.End, para.End())
		if s >= e {
			continue
		}
		for _, rc := range v.doc.SpanRects(s, e) {
			if x >= rc.X && x < rc.X+rc.W && y >= rc.Y && y < rc.Y+rc.H {
				if best < 0 || h.End-h.Start < v.highlights[best].End-v.highlights[best].Start {
					best = i
				}
				break
			}
		}
	}
	return best
}

func (p *page) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		c.Focus(p)
	}
}

// MouseDown starts a selection gesture; with Shift it extends the current
// selection from its anchor.
func (p *page) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary || p.v.doc == nil {
		return
	}
	p.pressed = true
	o := p.v.offsetAt(ev.Position)
	if ev.Modifier&fyne.KeyModifierShift != 0 {
		p.v.setSelection(p.v.anchor, o)
	} else {
		p.v.setSelection(o, o)
	}
	p.focus()
}

func (p *page) MouseUp(*desktop.MouseEvent) {}

// Dragged moves the selection's active end. The selection is logical:
// whatever the visual direction, it is the code points between anchor and
// pointer, each end on a cluster boundary.
func (p *page) Dragged(ev *fyne.DragEvent) {
	v := p.v
	if v.doc == nil {
		return
	}
	if !p.dragging && !p.pressed {
		// No MouseDown came first (touch): anchor where the first move began.
		v.anchor = v.offsetAt(ev.Position.Subtract(ev.Dragged))
	}
	p.dragging = true
	v.setSelection(v.anchor, v.offsetAt(ev.Position))
	// Dragging past the top or bottom of the viewport scrolls.
	off, h := v.scroll.Offset.Y, v.scroll.Size().Height
	y := off
	if ev.Position.Y < off {
		y = ev.Position.Y
	} else if ev.Position.Y > off+h {
		y = ev.Position.Y - h
	}
	if y = max(0, min(y, v.pageH-h)); y != off {
		v.scroll.ScrollToOffset(fyne.NewPos(0, y))
		p.Refresh()
	}
}

func (p *page) DragEnd() {
	p.dragging, p.pressed = false, false
}

// Tapped places the caret (unless MouseDown already handled the press) and
// reports a tap on a highlight.
func (p *page) Tapped(ev *fyne.PointEvent) {
	v := p.v
	if v.doc == nil {
		return
	}
	if !p.pressed {
		o := v.offsetAt(ev.Position)
		v.setSelection(o, o)
		p.focus()
	}
	p.pressed = false
	if i := v.highlightAt(ev.Position); i >= 0 && v.OnAnnotationTapped != nil {
		v.OnAnnotationTapped(v.highlights[i].ID)
	}
}

// DoubleTapped selects the word under the pointer.
func (p *page) DoubleTapped(ev *fyne.PointEvent) {
	v := p.v
	if v.doc == nil {
		return
	}
	v.setSelection(v.wordUnder(ev.Position))
	p.pressed = false
}

// wordUnder returns the word the pointer is over. HitTest gives the nearer
// cluster edge, which may be the end of the word under the pointer or the
// start of the next, so the candidate whose rectangles hold pos wins.
func (v *View) wordUnder(pos fyne.Position) (start, end int) {
	o := v.offsetAt(pos)
	s, e := v.doc.WordAt(o)
	if o > 0 && !v.spanHas(s, e, pos) {
		if s2, e2 := v.doc.WordAt(o - 1); v.spanHas(s2, e2, pos) {
			return s2, e2
		}
	}
	return s, e
}

// spanHas reports whether pos lies inside the rectangles of [s, e).
func (v *View) spanHas(s, e int, pos fyne.Position) bool {
	px, _ := v.padding()
	x, y := pos.X-px, pos.Y-v.bodyTop
	for _, rc := range v.doc.SpanRects(s, e) {
		if x >= rc.X && x < rc.X+rc.W && y >= rc.Y && y < rc.Y+rc.H {
			return true
		}
	}
	return false
}

// TappedSecondary asks the app for a context menu for the selection; a
// click outside the selection first selects the word under the pointer.
func (p *page) TappedSecondary(ev *fyne.PointEvent) {
	v := p.v
	if v.doc == nil {
		return
	}
	if s, e := v.Selection(); s == e || !v.spanHas(s, e, ev.Position) {
		v.setSelection(v.wordUnder(ev.Position))
	}
	if v.OnContextMenu != nil {
		s, e := v.Selection()
		v.OnContextMenu(s, e, ev.AbsolutePosition)
	}
}

func (p *page) MouseIn(ev *desktop.MouseEvent) { p.MouseMoved(ev) }

// MouseMoved tracks the highlight under the pointer for its label.
func (p *page) MouseMoved(ev *desktop.MouseEvent) {
	v := p.v
	id := ""
	if i := v.highlightAt(ev.Position); i >= 0 && v.highlights[i].Label != "" {
		id = v.highlights[i].ID
	}
	if id != v.hoverID || (id != "" && ev.Position != v.hoverPos) {
		v.hoverID, v.hoverPos = id, ev.Position
		p.Refresh()
	}
}

func (p *page) MouseOut() {
	if p.v.hoverID != "" {
		p.v.hoverID = ""
		p.Refresh()
	}
}

// FocusGained and FocusLost show and hide the caret.
func (p *page) FocusGained() { p.focused = true; p.Refresh() }
func (p *page) FocusLost()   { p.focused, p.shift = false, false; p.Refresh() }

// TypedRune and TypedKey pass keys on to the app: the view has no key
// commands of its own.
func (p *page) TypedRune(r rune) {
	if p.v.OnTypedRune != nil {
		p.v.OnTypedRune(r)
	}
}

func (p *page) TypedKey(ev *fyne.KeyEvent) {
	if p.v.OnTypedKey != nil {
		p.v.OnTypedKey(ev)
	}
}

// AcceptsTab keeps Tab for the app when CaptureTab is set.
func (p *page) AcceptsTab() bool { return p.v.CaptureTab }

// KeyDown and KeyUp track Shift.
func (p *page) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		p.shift = true
	}
}

func (p *page) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		p.shift = false
	}
}

// TypedShortcut copies the selection's logical text, or selects all; other
// shortcuts go to OnTypedShortcut.
func (p *page) TypedShortcut(s fyne.Shortcut) {
	v := p.v
	switch s.(type) {
	case *fyne.ShortcutCopy:
		if t := v.SelectedText(); t != "" {
			fyne.CurrentApp().Clipboard().SetContent(t)
		}
	case *fyne.ShortcutSelectAll:
		if v.doc != nil {
			v.setSelection(0, v.doc.Len())
		}
	default:
		if v.OnTypedShortcut != nil {
			v.OnTypedShortcut(s)
		}
	}
}

// hoverObjects draws the hovered highlight's label in a small box next to
// the pointer. The label goes through the same layout as the text, so an
// Arabic label reads right.
func (r *pageRenderer) hoverObjects() []fyne.CanvasObject {
	v := r.p.v
	if v.hoverID == "" {
		return nil
	}
	var label string
	for _, h := range v.highlights {
		if h.ID == v.hoverID {
			label = h.Label
		}
	}
	if label == "" {
		return nil
	}
	size := v.fontSize * 0.8
	if r.hoverText != label || r.hoverPara == nil {
		r.hoverText, r.hoverPara = label, v.shaper.Shape([]rune(label), 0, layout.Auto, false)
	}
	lp := r.hoverPara
	lp.Layout(max(v.laidW/2, 100), layout.Style{Size: size})
	w := float32(0)
	for _, l := range lp.Lines() {
		for _, run := range l.Runs {
			w = max(w, run.X1)
		}
	}
	// Shrink-wrap: lay out again at the widest line so RTL labels sit flush.
	lp.Layout(w+1, layout.Style{Size: size})
	pad := float32(4)
	x := min(v.hoverPos.X+12, r.p.Size().Width-w-2*pad-2)
	y := v.hoverPos.Y + 18
	bg := canvas.NewRectangle(v.color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = v.color(theme.ColorNameShadow)
	bg.StrokeWidth = 1
	bg.CornerRadius = 3
	bg.Move(fyne.NewPos(x, y))
	bg.Resize(fyne.NewSize(w+1+2*pad, lp.Height()+2*pad))
	pr := &paraRaster{para: lp, l1: len(lp.Lines()), gen: v.gen, color: v.color(theme.ColorNameForeground), width: w + 1 + 2*rasterMargin}
	pr.raster = canvas.NewRaster(r.generator(pr))
	pr.raster.Move(fyne.NewPos(x+pad-rasterMargin, y+pad-rasterMargin))
	pr.raster.Resize(fyne.NewSize(pr.width, lp.Height()+2*rasterMargin))
	return []fyne.CanvasObject{bg, pr.raster}
}
