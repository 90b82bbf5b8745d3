// Package articleview is the article reading and annotation widget: it lays
// out right-to-left and mixed text with package layout (bidi, shaping, line
// breaking), draws the glyphs itself, and draws highlights as rectangles
// behind unbroken text runs, since Fyne's Text/RichText neither reorder bidi
// text nor keep Arabic letters joined across coloured segments.
package articleview

import (
	"image/color"
	"sort"
	"sync"

	"daftar/layout"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Highlight is an annotation span drawn over the text.
type Highlight struct {
	ID         string
	Start, End int         // code points over the article text, End exclusive
	Color      color.Color // the type's colour
	Claim      bool        // claims are outlined, entities filled
	// Suggestion marks a proposed, not yet accepted mention: drawn as a
	// dashed outline in Color with no fill, so it never looks like an
	// annotation. Selected, it gets a faint fill and a solid underline.
	Suggestion bool
	Label      string // shown while the pointer hovers the span
}

// View shows one article: title, metadata line and the text's paragraphs.
// All methods must be called on Fyne's goroutine.
type View struct {
	widget.BaseWidget

	// OnSelectionChanged reports a selection made with the pointer, in
	// logical code point order (start <= end).
	OnSelectionChanged func(start, end int)
	// OnAnnotationTapped reports a tap on a highlight (the shortest one
	// under the pointer when several overlap).
	OnAnnotationTapped func(id string)
	// OnContextMenu asks the app for a menu at pos (absolute, canvas
	// coordinates) for the selection [start, end).
	OnContextMenu func(start, end int, pos fyne.Position)
	// OnTypedRune, OnTypedKey and OnTypedShortcut receive the keys the view
	// does not handle itself while it has the focus (it handles only copy
	// and select-all), so the app's single-key commands work on the view.
	OnTypedRune     func(rune)
	OnTypedKey      func(*fyne.KeyEvent)
	OnTypedShortcut func(fyne.Shortcut)
	// CaptureTab makes Tab a key for OnTypedKey rather than a move of the
	// focus to the next widget.
	CaptureTab bool

	title, meta, text string
	fontSize          float32
	highlights        []Highlight
	lanes             []int // per highlight: its row among overlapping ones
	selectedID        string
	anchor, active    int // selection ends; the selection is [min, max)
	hoverID           string
	hoverPos          fyne.Position
	pendingScroll     int // offset to scroll to once laid out, or -1

	shaper  *layout.Shaper
	painter *glyphPainter
	doc     *layout.Document
	titleP  *layout.Paragraph
	metaP   *layout.Paragraph
	laidW   float32
	laidFS  float32
	gen     uint64 // bumped at every re-layout: invalidates cached rasters
	bodyTop float32
	pageH   float32

	page   *page
	scroll *container.Scroll
}

var (
	fontsOnce   sync.Once
	shapeFonts  *layout.Fonts
	paintFonts  *layout.Fonts
	fontsErr    error
	sharedPaint *glyphPainter
)

// loadFonts parses the embedded fonts once per process: one set for shaping
// and one for painting, as go-text faces keep caches that must not be shared
// between goroutines.
func loadFonts() {
	fontsOnce.Do(func() {
		shapeFonts, fontsErr = layout.DefaultFonts()
		if fontsErr == nil {
			paintFonts, fontsErr = layout.DefaultFonts()
		}
		if fontsErr == nil {
			sharedPaint = newGlyphPainter(paintFonts)
		}
	})
	if fontsErr != nil {
		// The fonts are embedded in the binary: failing to parse them is a
		// build defect, not a runtime condition.
		panic(fontsErr)
	}
}

// DefaultFontSize is the body text size when SetFontSize was not called.
const DefaultFontSize = 16

// New returns an empty article view.
func New() *View {
	loadFonts()
	v := &View{shaper: layout.NewShaper(shapeFonts), painter: sharedPaint, fontSize: DefaultFontSize, pendingScroll: -1}
	v.page = &page{v: v}
	v.page.ExtendBaseWidget(v.page)
	v.scroll = container.NewVScroll(v.page)
	v.scroll.OnScrolled = func(fyne.Position) { v.page.Refresh() }
	v.ExtendBaseWidget(v)
	return v
}

// SetDocument shows a new article. text is split into paragraphs on "\n";
// offsets everywhere are code points into text. Selection, annotations and
// scroll position are reset.
func (v *View) SetDocument(title, meta, text string) {
	v.title, v.meta, v.text = title, meta, text
	v.titleP = v.shaper.Shape([]rune(title), 0, layout.Auto, true)
	v.metaP = v.shaper.Shape([]rune(meta), 0, layout.Auto, false)
	v.doc = v.shaper.NewDocument(text, layout.Auto, false, 0.6)
	v.laidW, v.laidFS = -1, -1
	v.anchor, v.active = 0, 0
	v.highlights, v.lanes, v.selectedID, v.hoverID = nil, nil, "", ""
	v.scroll.Offset = fyne.Position{}
	v.pendingScroll = -1
	v.Refresh()
}

// SetAnnotations replaces the highlights. Drawing them re-uses the layout:
// nothing is shaped or wrapped again.
func (v *View) SetAnnotations(hs []Highlight) {
	v.highlights = append([]Highlight(nil), hs...)
	v.lanes = assignLanes(v.highlights)
	v.Refresh()
}

// SetSelectedAnnotation emphasises one highlight ("" for none).
func (v *View) SetSelectedAnnotation(id string) {
	v.selectedID = id
	v.Refresh()
}

// SetFontSize sets the body text size (title and metadata scale with it).
// Only re-wraps: the text is not shaped again.
func (v *View) SetFontSize(size float32) {
	if size <= 0 {
		size = DefaultFontSize
	}
	v.fontSize = size
	v.Refresh()
}

// FocusIn gives the keyboard focus to the view in the window canvas c. It
// takes the canvas because the driver does not know the view's canvas
// before its first draw, e.g. right after the tab holding it is shown.
func (v *View) FocusIn(c fyne.Canvas) { c.Focus(v.page) }

// Focused reports whether the view has the keyboard focus.
func (v *View) Focused() bool { return v.page.focused }

// ShiftHeld reports whether a Shift key is held while the view has the
// focus (for Shift+arrow commands: key events carry no modifiers).
func (v *View) ShiftHeld() bool { return v.page.shift }

// FontSize returns the body text size.
func (v *View) FontSize() float32 { return v.fontSize }

// Selection returns the selected code points [start, end).
func (v *View) Selection() (start, end int) {
	return min(v.anchor, v.active), max(v.anchor, v.active)
}

// SetSelection selects [start, end), snapped outwards to grapheme clusters.
// It does not call OnSelectionChanged.
func (v *View) SetSelection(start, end int) {
	if v.doc == nil {
		return
	}
	start, end = v.clamp(min(start, end)), v.clamp(max(start, end))
	start = v.doc.Snap(start)
	if s := v.doc.Snap(end); s != end {
		_, end = v.doc.Paragraphs[v.doc.ParagraphOf(end)].Grapheme(end)
	}
	v.anchor, v.active = start, end
	v.Refresh()
}

// SelectedText returns the logical text of the selection.
func (v *View) SelectedText() string {
	if v.doc == nil {
		return ""
	}
	s, e := v.Selection()
	return v.doc.Text(s, e)
}

// ScrollToOffset scrolls so that the line holding offset is in view. Before
// the view has a size, it scrolls when it gets one.
func (v *View) ScrollToOffset(offset int) {
	if v.doc == nil {
		return
	}
	v.relayout(v.Size().Width)
	if v.laidW <= 0 || v.scroll.Size().Height <= 0 {
		v.pendingScroll = offset
		return
	}
	v.pendingScroll = -1
	_, top, _ := v.doc.Caret(v.clamp(offset))
	y := v.bodyTop + top - v.scroll.Size().Height/3
	maxY := max(0, v.pageH-v.scroll.Size().Height)
	v.scroll.ScrollToOffset(fyne.NewPos(0, max(0, min(y, maxY))))
	v.page.Refresh()
}

func (v *View) clamp(o int) int {
	return max(0, min(o, v.doc.Len()))
}

// setSelection changes the selection from user input and reports it.
func (v *View) setSelection(anchor, active int) {
	os, oe := v.Selection()
	v.anchor, v.active = anchor, active
	if s, e := v.Selection(); (s != os || e != oe) && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(s, e)
	}
	v.page.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	return &viewRenderer{v: v}
}

type viewRenderer struct{ v *View }

func (r *viewRenderer) Layout(size fyne.Size) {
	r.v.relayout(size.Width)
	r.v.scroll.Resize(size)
	r.v.sizePage()
	if r.v.pendingScroll >= 0 {
		r.v.ScrollToOffset(r.v.pendingScroll)
	}
}

func (r *viewRenderer) MinSize() fyne.Size { return fyne.NewSize(120, 80) }

func (r *viewRenderer) Refresh() {
	v := r.v
	v.relayout(v.Size().Width)
	v.sizePage()
	v.scroll.Refresh()
	v.page.Refresh()
}

func (r *viewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.scroll} }
func (r *viewRenderer) Destroy()                     {}

func (v *View) padding() (x, y float32) {
	p := v.Theme().Size(theme.SizeNamePadding)
	return 3 * p, 2 * p
}

// relayout wraps title, metadata and body to width when width or font
// size changed. Wrapping reuses the shaped clusters.
func (v *View) relayout(width float32) {
	if v.doc == nil || width <= 0 {
		return
	}
	px, py := v.padding()
	inner := max(width-2*px, 40)
	if inner == v.laidW && v.fontSize == v.laidFS {
		return
	}
	v.laidW, v.laidFS = inner, v.fontSize
	fs := v.fontSize
	v.titleP.Layout(inner, layout.Style{Size: fs * 1.35})
	v.metaP.Layout(inner, layout.Style{Size: fs * 0.85})
	v.doc.Layout(inner, layout.Style{Size: fs})
	v.bodyTop = py + v.titleP.Height() + fs*0.3 + v.metaP.Height() + fs*0.8
	v.pageH = v.bodyTop + v.doc.Height() + py
	v.gen++
}

func (v *View) sizePage() {
	sz := v.scroll.Size()
	v.page.Resize(fyne.NewSize(sz.Width, max(v.pageH, sz.Height)))
}

// assignLanes gives overlapping highlights different rows for their marker
// bars, so that every one of them stays visible where they overlap.
func assignLanes(hs []Highlight) []int {
	idx := make([]int, len(hs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ha, hb := hs[idx[a]], hs[idx[b]]
		if ha.Start != hb.Start {
			return ha.Start < hb.Start
		}
		return ha.End-ha.Start > hb.End-hb.Start
	})
	lanes := make([]int, len(hs))
	var laneEnd []int
	for _, i := range idx {
		l := 0
		for l < len(laneEnd) && laneEnd[l] > hs[i].Start {
			l++
		}
		if l == len(laneEnd) {
			laneEnd = append(laneEnd, 0)
		}
		laneEnd[l] = hs[i].End
		lanes[i] = l
	}
	return lanes
}
