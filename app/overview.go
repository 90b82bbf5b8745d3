package app

import (
	"context"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
	"daftar/model"
	"daftar/storage"

	"strings"
)

// overviewStore is what the overview reads of the archive.
type overviewStore interface {
	Overview(ctx context.Context) (*storage.Overview, error)
}

// overviewScreen draws the archive's counts as bar charts: annotations by
// type, articles by language, the most mentioned entities and claims by
// verdict.
type overviewScreen struct {
	store   overviewStore
	ui      *UI
	content fyne.CanvasObject
	totals  *bidiLabel
	charts  *fyne.Container
	agree   *agreementPanel
	scroll  *container.Scroll
}

// bar is one bar of a chart.
type bar struct {
	label  string
	value  int
	colour color.Color
}

func newOverviewScreen(ui *UI) *overviewScreen {
	o := &overviewScreen{ui: ui, store: ui.store, totals: newBidiLabel("")}
	o.charts = container.NewGridWithColumns(2)
	o.agree = newAgreementPanel(ui)
	o.scroll = container.NewVScroll(container.NewVBox(o.charts, o.agree.content))
	o.content = container.NewBorder(o.totals, nil, nil, nil, o.scroll)
	return o
}

func (o *overviewScreen) reload() {
	o.agree.reloadSets()
	var ov *storage.Overview
	o.ui.background(func() error {
		var err error
		ov, err = o.store.Overview(o.ui.ctx)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		o.totals.SetText(strings.Join([]string{articleCount(ov.Articles), annotationCount(ov.Annotations),
			lang.N("{{.Count}} claims", ov.Claims, map[string]any{"Count": i18n.Int(ov.Claims)}), entityCount(ov.Entities),
			lang.N("{{.Count}} sets", ov.Sets, map[string]any{"Count": i18n.Int(ov.Sets)})}, " · "))
		accent := theme.Color(theme.ColorNamePrimary)
		var types []bar
		for _, t := range o.ui.schema {
			if n := ov.Types[t.Name]; n > 0 {
				types = append(types, bar{t.Name, n, parseColour(t.Colour)})
			}
		}
		var langs []bar
		for l, n := range ov.Languages {
			langs = append(langs, bar{l, n, accent})
		}
		sortBars(langs)
		var top []bar
		for i := 0; i < len(ov.TopEntities) && i < 10; i++ {
			e := ov.TopEntities[i]
			t, _ := o.ui.schema.Lookup(e.Type)
			top = append(top, bar{e.Name, e.Mentions, parseColour(t.Colour)})
		}
		var byVerdict []bar
		for _, v := range model.Verdicts {
			if n := ov.Verdicts[v]; n > 0 {
				byVerdict = append(byVerdict, bar{v, n, verdictColour(v)})
			}
		}
		o.charts.Objects = []fyne.CanvasObject{
			chartCard(lang.L("Annotations by type"), types),
			chartCard(lang.L("Articles by language"), langs),
			chartCard(lang.L("Most mentioned entities"), top),
			chartCard(lang.L("Claims by verdict"), byVerdict),
		}
		if i18n.RTL() { // the first chart of each row on the right
			c := o.charts.Objects
			c[0], c[1], c[2], c[3] = c[1], c[0], c[3], c[2]
		}
		o.charts.Refresh()
		o.scroll.Content.Refresh() // the charts' height changed: lay out what comes below them again
		o.scroll.Refresh()
	})
}

func sortBars(b []bar) {
	slices.SortStableFunc(b, func(x, y bar) int { return y.value - x.value })
}

// verdictColour runs from green (true) to red (false).
func verdictColour(v string) color.Color {
	switch v {
	case model.VerdictTrue:
		return color.NRGBA{0x2e, 0x9e, 0x4f, 0xff}
	case model.VerdictMostlyTrue:
		return color.NRGBA{0x8b, 0xc3, 0x4a, 0xff}
	case model.VerdictMixed, model.VerdictMisleading:
		return color.NRGBA{0xf0, 0xa0, 0x30, 0xff}
	case model.VerdictMostlyFalse:
		return color.NRGBA{0xe0, 0x6a, 0x3a, 0xff}
	case model.VerdictFalse:
		return color.NRGBA{0xd0, 0x30, 0x30, 0xff}
	}
	return color.NRGBA{0x90, 0x90, 0x90, 0xff}
}

// chartCard is a titled horizontal bar chart.
func chartCard(title string, bars []bar) fyne.CanvasObject {
	var body fyne.CanvasObject = widget.NewLabel(lang.L("(nothing yet)"))
	if len(bars) > 0 {
		body = newBarChart(bars)
	}
	return widget.NewCard(title, "", body)
}

// barChart draws labelled horizontal bars with canvas primitives, scaled to
// the largest value and to the width it gets.
type barChart struct {
	widget.BaseWidget
	bars []bar
}

func newBarChart(bars []bar) *barChart {
	c := &barChart{bars: bars}
	c.ExtendBaseWidget(c)
	return c
}

const (
	chartRowHeight  = 26
	chartLabelWidth = 150
)

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{chart: c}
	for _, b := range c.bars {
		label := newBidiLabel(b.label) // truncates to chartLabelWidth
		rect := canvas.NewRectangle(b.colour)
		rect.CornerRadius = 3
		value := newBoldBidiLabel(i18n.Int(b.value))
		value.fit = true
		r.labels = append(r.labels, label)
		r.rects = append(r.rects, rect)
		r.values = append(r.values, value)
		r.objects = append(r.objects, rect, label, value)
	}
	return r
}

type barChartRenderer struct {
	chart   *barChart
	labels  []*bidiLabel
	values  []*bidiLabel
	rects   []*canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	maxValue := 1
	for _, b := range r.chart.bars {
		maxValue = max(maxValue, b.value)
	}
	room := max(size.Width-chartLabelWidth-50, 10)
	for i, b := range r.chart.bars {
		y := float32(i) * chartRowHeight
		r.labels[i].Move(fyne.NewPos(0, y))
		r.labels[i].Resize(fyne.NewSize(chartLabelWidth-4, chartRowHeight))
		w := room * float32(b.value) / float32(maxValue)
		r.rects[i].Move(fyne.NewPos(chartLabelWidth, y+4))
		r.rects[i].Resize(fyne.NewSize(max(w, 2), chartRowHeight-8))
		r.values[i].Move(fyne.NewPos(chartLabelWidth+w+2, y))
		r.values[i].Resize(fyne.NewSize(r.values[i].MinSize().Width, chartRowHeight))
		if i18n.RTL() { // labels at the right, bars growing leftwards
			r.labels[i].Move(fyne.NewPos(size.Width-r.labels[i].MinSize().Width, y+4))
			r.rects[i].Move(fyne.NewPos(size.Width-chartLabelWidth-max(w, 2), y+4))
			r.values[i].Move(fyne.NewPos(size.Width-chartLabelWidth-w-6-r.values[i].MinSize().Width, y+4))
		}
	}
}

func (r *barChartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(chartLabelWidth+120, float32(len(r.chart.bars))*chartRowHeight)
}

func (r *barChartRenderer) Refresh() {
	for _, l := range append(r.labels, r.values...) {
		l.Refresh()
	}
	r.Layout(r.chart.Size())
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *barChartRenderer) Destroy()                     {}
