package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/app/articleview"
	"daftar/model"
	"daftar/plan"
	"daftar/storage"
)

// goldLayer is the annotator name of the adjudicated layer, as the
// adjudicate command writes it by default.
const goldLayer = "gold"

// Highlight id prefixes of the Compare view: a span all coders agree on is
// drawn once, the gold layer's spans are outlined.
const (
	agreedPrefix = "agreed:"
	goldPrefix   = "gold:"
)

// coderColours tell coders apart (Okabe and Ito's palette, readable with
// colour blindness); agreedColour marks spans every coder marked alike.
var (
	coderColours = []color.NRGBA{
		{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, {R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, {R: 0xcc, G: 0x79, B: 0xa7, A: 0xff},
		{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, {R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, {R: 0xf0, G: 0xe4, B: 0x42, A: 0xff},
	}
	agreedColour = color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}
	goldColour   = color.NRGBA{R: 0xff, G: 0xd7, B: 0x00, A: 0xff}
)

func coderColour(i int) color.NRGBA { return coderColours[i%len(coderColours)] }

// compareStore is what the Compare view reads and writes.
type compareStore interface {
	Article(ctx context.Context, id string) (*model.Article, error)
	Annotations(ctx context.Context, articleID string) ([]model.Annotation, error)
	EditCoding(ctx context.Context, actor string, scope storage.CodingScope, decide func([]model.Annotation) (storage.AnnotationEdit, error)) (storage.AnnotationEdit, error)
}

// compareWindow shows one article with every coder's spans and steps
// through the places where they differ; each decision is written into the
// gold layer as one action in the history.
type compareWindow struct {
	ui    *UI
	store compareStore
	win   fyne.Window
	view  *articleview.View

	article *model.Article
	runes   []rune
	coders  []string    // every annotator of the article but the gold layer
	units   []plan.Unit // all of them, in text order
	diffs   []int       // indexes of the units where coders differ
	cur     int         // index into diffs
	// curStart is the start of the unit shown, kept across a reload so the
	// view stays on it after a decision or an undo.
	curStart int

	legend  *fyne.Container
	where   *bidiText
	detail  *fyne.Container
	checks  []*widget.Check // "accept several": one per coder
	minimum *bidiSelect     // k of "at least k of n agree"
	edit    *compareEdit    // the open edit dialog
	loadGen int
}

// showCompare opens the Compare view on the reader's article.
func (ui *UI) showCompare() {
	if ui.reader.article == nil {
		ui.setStatus(lang.L("Open an article in the reader to compare its coders."))
		return
	}
	if ui.compare != nil {
		ui.compare.win.Close()
	}
	ui.compare = newCompareWindow(ui, ui.reader.article.ID)
	ui.compare.win.Show()
}

func newCompareWindow(ui *UI, articleID string) *compareWindow {
	c := &compareWindow{ui: ui, store: ui.store, curStart: -1}
	c.win = ui.app.NewWindow(lang.L("Compare coders"))
	c.view = articleview.New()
	c.view.SetFontSize(fontSize(ui.app))
	c.view.OnAnnotationTapped = c.tapped
	c.view.OnTypedRune = c.typedRune
	c.view.OnTypedKey = c.typedKey
	c.legend = container.NewHBox()
	c.where = newBidiText("", sideTextWidth)
	c.detail = container.NewVBox()
	c.minimum = newBidiSelect(nil, nil)

	bar := container.NewHBox(
		widget.NewButtonWithIcon(lang.L("Previous (P)"), theme.NavigateBackIcon(), func() { c.step(-1) }),
		widget.NewButtonWithIcon(lang.L("Next (N)"), theme.NavigateNextIcon(), func() { c.step(1) }),
		widget.NewSeparator(),
		widget.NewButton(lang.L("Accept all agreed (A)"), func() { c.acceptAgreed(len(c.coders)) }),
		widget.NewLabel(lang.L("At least")), c.minimum,
		widget.NewButton(lang.L("Accept where they agree"), c.acceptMinimum),
		widget.NewSeparator(),
		widget.NewButtonWithIcon("", theme.ContentUndoIcon(), ui.undo),
	)
	side := container.NewVScroll(container.NewVBox(c.where, widget.NewSeparator(), c.detail))
	split := container.NewHSplit(c.view, side)
	split.Offset = 0.62
	c.win.SetContent(container.NewBorder(container.NewVBox(bar, c.legend), nil, nil, nil, split))
	canvas := c.win.Canvas()
	canvas.SetOnTypedRune(c.typedRune)
	canvas.SetOnTypedKey(c.typedKey)
	canvas.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { ui.undo() })
	canvas.AddShortcut(shortcutRedo, func(fyne.Shortcut) { ui.redo() })
	c.win.SetOnClosed(func() {
		if ui.compare == c {
			ui.compare = nil
		}
	})
	c.win.Resize(fyne.NewSize(1200, 780))
	c.load(articleID)
	return c
}

// load reads the article and its annotations off the UI goroutine.
func (c *compareWindow) load(articleID string) {
	c.loadGen++
	gen := c.loadGen
	var art *model.Article
	var anns []model.Annotation
	c.ui.background(func() error {
		var err error
		if art, err = c.store.Article(c.ui.ctx, articleID); err != nil {
			return err
		}
		anns, err = c.store.Annotations(c.ui.ctx, articleID)
		return err
	}, func(err error) {
		if err == nil && gen == c.loadGen {
			c.show(art, anns)
		}
	})
}

// reload reads the article again after a change to the archive.
func (c *compareWindow) reload() {
	if c.article != nil {
		c.load(c.article.ID)
	}
}

func (c *compareWindow) show(art *model.Article, anns []model.Annotation) {
	if c.article == nil || c.article.ID != art.ID {
		c.view.SetDocument(art.Title, metaLine(art), art.Text)
		c.runes = []rune(art.Text)
		c.win.SetTitle(lang.L("Compare coders") + " — " + shorten(art.Title, 60))
	}
	c.article = art
	c.coders = nil
	for _, a := range anns {
		if a.Annotator != goldLayer && !slices.Contains(c.coders, a.Annotator) {
			c.coders = append(c.coders, a.Annotator)
		}
	}
	slices.Sort(c.coders)
	c.units = plan.Units(anns, c.coders, goldLayer)
	c.diffs = c.diffs[:0]
	c.cur = 0
	for i, u := range c.units {
		if !u.Agreed && len(c.coders) > 1 {
			if u.Start <= c.curStart {
				c.cur = len(c.diffs)
			}
			c.diffs = append(c.diffs, i)
		}
	}
	var ks []string
	for k := 2; k <= len(c.coders); k++ {
		ks = append(ks, lang.N("{{.K}} of {{.N}} coders", k, map[string]any{"K": k, "N": len(c.coders)}))
	}
	c.minimum.Options = ks
	if len(ks) > 0 && !slices.Contains(ks, c.minimum.Selected) {
		c.minimum.SetSelectedIndex(0)
	}
	c.showLegend()
	c.showHighlights(anns)
	c.showCurrent(true)
}

func (c *compareWindow) showLegend() {
	c.legend.RemoveAll()
	swatch := func(col color.Color, outline bool) fyne.CanvasObject {
		r := canvas.NewRectangle(col)
		if outline {
			r.FillColor, r.StrokeColor, r.StrokeWidth = color.Transparent, col, 2
		}
		r.SetMinSize(fyne.NewSize(18, 12))
		return container.NewCenter(r)
	}
	for i, coder := range c.coders {
		c.legend.Add(swatch(coderColour(i), false))
		c.legend.Add(newFitBidiLabel(fmt.Sprintf("%d %s", i+1, isolate(coder))))
	}
	c.legend.Add(swatch(agreedColour, false))
	c.legend.Add(widget.NewLabel(lang.L("all agree")))
	c.legend.Add(swatch(goldColour, true))
	c.legend.Add(widget.NewLabel(lang.L("adjudicated (gold)")))
}

// showHighlights draws every coder's spans in the coder's colour, a span
// all coders agree on once in the agreed colour, and the gold layer's
// spans outlined.
func (c *compareWindow) showHighlights(anns []model.Annotation) {
	var hs []articleview.Highlight
	agreed := map[string]bool{}
	for _, u := range c.units {
		if !u.Agreed {
			continue
		}
		for _, a := range u.Versions[0] {
			hs = append(hs, articleview.Highlight{ID: agreedPrefix + a.ID, Start: a.Start, End: a.End, Color: agreedColour,
				Label: lang.L("all agree") + ": " + a.Type})
		}
		for _, v := range u.Versions {
			for _, a := range v {
				agreed[a.ID] = true
			}
		}
	}
	for _, a := range anns {
		switch i := slices.Index(c.coders, a.Annotator); {
		case a.Annotator == goldLayer:
			hs = append(hs, articleview.Highlight{ID: goldPrefix + a.ID, Start: a.Start, End: a.End, Color: goldColour, Claim: true,
				Label: goldLayer + ": " + a.Type})
		case i >= 0 && !agreed[a.ID]:
			hs = append(hs, articleview.Highlight{ID: a.ID, Start: a.Start, End: a.End, Color: coderColour(i),
				Label: a.Annotator + ": " + a.Type})
		}
	}
	c.view.SetAnnotations(hs)
}

// current is the unit shown, if any.
func (c *compareWindow) current() (plan.Unit, bool) {
	if c.cur < 0 || c.cur >= len(c.diffs) {
		return plan.Unit{}, false
	}
	return c.units[c.diffs[c.cur]], true
}

// showCurrent fills the side panel with the current disagreement: each
// coder's version with a button to accept it.
func (c *compareWindow) showCurrent(scroll bool) {
	c.detail.RemoveAll()
	c.checks = nil
	u, ok := c.current()
	if !ok {
		c.curStart = -1
		switch {
		case len(c.coders) < 2:
			c.where.SetText(lang.L("This article has fewer than two coders: there is nothing to compare."))
		default:
			c.where.SetText(lang.L("The coders agree everywhere in this article."))
		}
		return
	}
	c.curStart = u.Start
	state := lang.L("open")
	if len(u.Gold) > 0 {
		state = lang.L("decided")
	}
	c.where.SetText(lang.L("Disagreement") + fmt.Sprintf(" %d / %d · %d–%d · ", c.cur+1, len(c.diffs), u.Start, u.End) + state)
	for i, v := range u.Versions {
		i := i
		check := widget.NewCheck("", nil)
		c.checks = append(c.checks, check)
		accept := newBidiButton(lang.L("Accept")+fmt.Sprintf(" (%d)", i+1), nil, func() { c.accept(i) })
		head := container.NewBorder(nil, nil, container.NewHBox(check, colourSwatch(coderColour(i))), accept, newBidiLabel(isolate(c.coders[i])))
		c.detail.Add(head)
		c.describe(v)
	}
	c.detail.Add(widget.NewSeparator())
	c.detail.Add(container.NewHBox(colourSwatch(goldColour), widget.NewLabel(lang.L("Gold now:"))))
	c.describe(u.Gold)
	c.detail.Add(widget.NewSeparator())
	c.detail.Add(container.NewGridWithColumns(3,
		widget.NewButton(lang.L("Accept checked (Enter)"), c.acceptChecked),
		widget.NewButton(lang.L("Edit… (E)"), c.showEdit),
		widget.NewButton(lang.L("Reject (X)"), c.reject),
	))
	if scroll {
		c.view.ScrollToOffset(u.Start)
	}
	c.view.SetSelectedAnnotation(c.firstHighlight(u))
}

func colourSwatch(col color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(col)
	r.SetMinSize(fyne.NewSize(12, 12))
	return container.NewCenter(r)
}

// firstHighlight is the id of a highlight in u, to select.
func (c *compareWindow) firstHighlight(u plan.Unit) string {
	for _, v := range u.Versions {
		if len(v) > 0 {
			return v[0].ID
		}
	}
	return ""
}

// describe adds to the side panel one line per span, "TYPE «quote»
// start–end", or a dash for none.
func (c *compareWindow) describe(spans []model.Annotation) {
	if len(spans) == 0 {
		c.detail.Add(widget.NewLabel("—"))
	}
	for _, a := range spans {
		c.detail.Add(newBidiLabel(fmt.Sprintf("%s «%s» %d–%d", a.Type, isolate(shorten(a.Quote, 60)), a.Start, a.End)))
	}
}

// step moves to the next or previous disagreement.
func (c *compareWindow) step(delta int) {
	if len(c.diffs) == 0 {
		return
	}
	c.cur = min(max(c.cur+delta, 0), len(c.diffs)-1)
	c.showCurrent(true)
}

// tapped shows the disagreement a tapped span belongs to.
func (c *compareWindow) tapped(id string) {
	for i, ui := range c.diffs {
		for _, v := range c.units[ui].Versions {
			if slices.ContainsFunc(v, func(a model.Annotation) bool { return a.ID == id }) {
				c.cur = i
				c.showCurrent(false)
				return
			}
		}
	}
}

func (c *compareWindow) typedRune(r rune) {
	if c.edit != nil {
		return
	}
	switch {
	case r >= '1' && r <= '9':
		c.accept(int(r - '1'))
	case r == 'n' || r == 'N':
		c.step(1)
	case r == 'p' || r == 'P':
		c.step(-1)
	case r == 'e' || r == 'E':
		c.showEdit()
	case r == 'x' || r == 'X':
		c.reject()
	case r == 'a' || r == 'A':
		c.acceptAgreed(len(c.coders))
	}
}

func (c *compareWindow) typedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.acceptChecked()
	case fyne.KeyDelete:
		c.reject()
	}
}

// accept takes coder i's version of the current unit.
func (c *compareWindow) accept(i int) {
	u, ok := c.current()
	if !ok || i >= len(u.Versions) {
		return
	}
	c.resolve(u, u.Versions[i], "accepted "+c.coders[i])
}

// acceptChecked takes the versions of every checked coder together.
func (c *compareWindow) acceptChecked() {
	u, ok := c.current()
	if !ok {
		return
	}
	var chosen []model.Annotation
	var who []string
	for i, ch := range c.checks {
		if ch.Checked {
			chosen = append(chosen, u.Versions[i]...)
			who = append(who, c.coders[i])
		}
	}
	if len(who) == 0 {
		c.ui.setStatus(lang.L("Tick the coders whose versions to accept."))
		return
	}
	c.resolve(u, chosen, "accepted "+strings.Join(who, ", "))
}

// reject leaves the unit out of the gold layer.
func (c *compareWindow) reject() {
	if u, ok := c.current(); ok {
		c.resolve(u, nil, "rejected")
	}
}

// resolve writes the gold layer of unit u: the spans of chosen, decided
// by rule. The decision is made again on the annotations read in the
// write transaction, so a change made meanwhile (another window, a merge)
// is refused rather than overwritten.
func (c *compareWindow) resolve(u plan.Unit, chosen []model.Annotation, rule string) {
	if !c.signed() {
		return
	}
	coders, actor, articleID := slices.Clone(c.coders), c.ui.actor, c.article.ID
	opt := plan.AdjudicateOptions{As: goldLayer, Decider: actor, At: time.Now().UTC().Truncate(time.Second)}
	var written storage.AnnotationEdit
	c.ui.background(func() error {
		var err error
		written, err = c.store.EditCoding(c.ui.ctx, actor, storage.CodingScope{ArticleID: articleID}, func(cur []model.Annotation) (storage.AnnotationEdit, error) {
			fresh, ok := sameUnit(plan.Units(cur, coders, goldLayer), u)
			if !ok {
				return storage.AnnotationEdit{}, errors.New(lang.L("the coders' spans here changed meanwhile: look again before deciding"))
			}
			add, del, err := plan.Resolve(fresh, chosen, rule, opt)
			return storage.AnnotationEdit{Add: add, Delete: del}, err
		})
		return err
	}, func(err error) {
		if err != nil {
			c.ui.showError(err)
			return
		}
		c.ui.setStatus(fmt.Sprintf("%s: %s", lang.L("Gold layer"), lang.N("{{.Added}} span added, {{.Removed}} removed", len(written.Add),
			map[string]any{"Added": len(written.Add), "Removed": len(written.Delete)})))
		c.advance()
		c.ui.archiveChanged()
	})
}

// signed says whether decisions can be signed; if not, it asks for the
// annotator's name, as the provenance of a decision names who made it.
func (c *compareWindow) signed() bool {
	if c.ui.actor == "" {
		c.ui.askAnnotator()
		return false
	}
	return true
}

// sameUnit finds u among units: same article and extent, and the same
// coders' records.
func sameUnit(units []plan.Unit, u plan.Unit) (plan.Unit, bool) {
	ids := func(u plan.Unit) []string {
		var out []string
		for _, v := range u.Versions {
			for _, a := range v {
				out = append(out, a.ID)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, f := range units {
		if f.ArticleID == u.ArticleID && f.Start == u.Start && f.End == u.End && slices.Equal(ids(f), ids(u)) {
			return f, true
		}
	}
	return plan.Unit{}, false
}

// advance moves on to the next disagreement after a decision: the reload
// that follows keeps the view on the unit starting after this one.
func (c *compareWindow) advance() {
	if c.cur+1 < len(c.diffs) {
		c.curStart = c.units[c.diffs[c.cur+1]].Start
	}
}

// acceptAgreed copies into the gold layer every span of this article that
// at least k of the coders marked exactly alike, in one step.
func (c *compareWindow) acceptAgreed(k int) {
	if c.article == nil || len(c.coders) < 2 || !c.signed() {
		return
	}
	coders, actor, articleID := slices.Clone(c.coders), c.ui.actor, c.article.ID
	var added int
	c.ui.background(func() error {
		_, err := c.store.EditCoding(c.ui.ctx, actor, storage.CodingScope{ArticleID: articleID}, func(cur []model.Annotation) (storage.AnnotationEdit, error) {
			changes, err := plan.Adjudicate(cur, plan.AdjudicateOptions{Coders: coders, MinAgree: k, As: goldLayer,
				Decider: actor, At: time.Now().UTC().Truncate(time.Second)})
			var edit storage.AnnotationEdit
			for _, ch := range changes {
				if ch.Action == plan.Add {
					edit.Add = append(edit.Add, ch.New)
				}
			}
			added = len(edit.Add)
			return edit, err
		})
		return err
	}, func(err error) {
		if err != nil {
			c.ui.showError(err)
			return
		}
		c.ui.setStatus(lang.N("{{.Count}} agreed spans added to the gold layer", added, map[string]any{"Count": added}))
		c.ui.archiveChanged()
	})
}

// acceptMinimum is acceptAgreed with the k chosen in the selector.
func (c *compareWindow) acceptMinimum() {
	if i := c.minimum.SelectedIndex(); i >= 0 {
		c.acceptAgreed(i + 2)
	}
}

// compareEdit is the dialog that edits a version before accepting it.
type compareEdit struct {
	dlg        *appDialog
	typ        *bidiSelect
	start, end *dialogEntry
	from       *bidiSelect // whose record the edited span is based on
	submit     func()
}

// showEdit opens the edit dialog on the current unit: the span starts as
// the text selected in the view, else as the first coder's first span.
func (c *compareWindow) showEdit() {
	u, ok := c.current()
	if !ok {
		return
	}
	var base model.Annotation
	var from []string
	for i, v := range u.Versions {
		if len(v) > 0 {
			if base.ID == "" {
				base = v[0]
			}
			from = append(from, c.coders[i])
		}
	}
	start, end := base.Start, base.End
	if s, e := c.view.Selection(); e > s {
		start, end = s, e
	}
	var types []string
	for _, t := range c.ui.schema {
		types = append(types, t.Name)
	}
	e := &compareEdit{typ: newBidiSelect(types, nil), start: newDialogEntry(), end: newDialogEntry(),
		from: newBidiSelect(from, nil)}
	e.typ.SetSelected(base.Type)
	e.start.SetText(strconv.Itoa(start))
	e.end.SetText(strconv.Itoa(end))
	e.from.SetSelected(base.Annotator)
	e.submit = func() {
		rec, err := c.edited(u, e)
		if err != nil {
			c.ui.showError(err)
			return
		}
		c.resolve(u, []model.Annotation{rec}, "edited from "+rec.Annotator)
	}
	form := newFormDialog(c.win, lang.L("Edit the span"), lang.L("Accept"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Type"), e.typ),
		widget.NewFormItem(lang.L("Start"), e.start),
		widget.NewFormItem(lang.L("End"), e.end),
		widget.NewFormItem(lang.L("Based on"), e.from),
	}, func(ok bool) {
		if ok {
			e.submit()
		}
	})
	form.SetOnClosed(func() { c.edit = nil }) // however it closes
	e.dlg = form
	c.edit = e
	form.Show()
}

// edited is the span of the edit dialog as a copy of the record it is
// based on, with its new start, end, type and quote.
func (c *compareWindow) edited(u plan.Unit, e *compareEdit) (model.Annotation, error) {
	start, err1 := strconv.Atoi(strings.TrimSpace(e.start.Text))
	end, err2 := strconv.Atoi(strings.TrimSpace(e.end.Text))
	if err1 != nil || err2 != nil || start < 0 || end <= start || end > len(c.runes) {
		return model.Annotation{}, fmt.Errorf("%s: %s–%s", lang.L("not a span of this article"), e.start.Text, e.end.Text)
	}
	lt, ok := c.ui.schema.Lookup(e.typ.Selected)
	if !ok {
		return model.Annotation{}, fmt.Errorf("%s: %q", lang.L("unknown type"), e.typ.Selected)
	}
	i := slices.Index(c.coders, e.from.Selected)
	if i < 0 || len(u.Versions[i]) == 0 {
		return model.Annotation{}, errors.New(lang.L("choose the coder whose span this is based on"))
	}
	rec := u.Versions[i][0]
	for _, a := range u.Versions[i] { // the record nearest the edited span
		if a.Start < end && start < a.End {
			rec = a
			break
		}
	}
	rec.Start, rec.End, rec.Type, rec.Kind = start, end, lt.Name, lt.Kind
	rec.Quote = string(c.runes[start:end])
	return rec, nil
}
