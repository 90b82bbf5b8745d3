package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/app/bidientry"
	"daftar/i18n"
	"daftar/model"
	"daftar/storage"
)

const noEntity = "(none)"

// stances offered by the claim editor; any other text may be typed.
var stances = []string{"asserts", "denies", "questions", "reports", "predicts"}

// claimEditor edits the claim fields of the selected claim annotation.
type claimEditor struct {
	r       *readerScreen
	content *fyne.Container

	ann         *model.Annotation // the claim being edited (a copy)
	quote       *bidiText
	claimant    *bidiSelect
	targets     *widget.CheckGroup
	attribution *bidientry.Entry
	stance      *bidientry.SelectEntry
	verdict     *bidiSelect
	date        *widget.Entry
	note        *bidientry.Entry
	save        *widget.Button

	entityIDs  map[string]string // choice label -> entity id
	mentionIDs map[string]string // choice label -> unlinked mention of the article

	picker *entityPicker            // the whole registry (entitypicker.go)
	pickAs *widget.RadioGroup       // what a picked entity becomes
	picked map[string]*model.Entity // entities picked for this claim
}

func newClaimEditor(r *readerScreen) *claimEditor {
	c := &claimEditor{r: r, entityIDs: map[string]string{}, picked: map[string]*model.Entity{}}
	c.picker = newEntityPicker(r.ui, r.ui.store, c.choose)
	c.pickAs = newPickAs()
	c.quote = newBidiText(lang.L("Select a claim, or select text and press c."), 360)
	c.claimant = newBidiSelect(nil, nil)
	c.targets = widget.NewCheckGroup(nil, nil)
	c.attribution = bidientry.NewEntry()
	c.attribution.SetPlaceHolder(lang.L("according to …"))
	c.stance = bidientry.NewSelectEntry(stances)
	c.verdict = newBidiSelect(model.Verdicts, nil)
	c.date = widget.NewEntry()
	c.date.SetPlaceHolder("YYYY-MM-DD")
	c.note = bidientry.NewMultiLineEntry()
	c.note.SetMinRowsVisible(3)
	c.note.Wrapping = fyne.TextWrapWord
	c.save = widget.NewButtonWithIcon(lang.L("Save claim"), theme.DocumentSaveIcon(), c.saveClaim)
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Claimant"), c.claimant),
		widget.NewFormItem(lang.L("Targets"), c.targets),
		widget.NewFormItem(lang.L("Any entity"), container.NewVBox(c.pickAs, c.picker.content)),
		widget.NewFormItem(lang.L("Attribution"), c.attribution),
		widget.NewFormItem(lang.L("Stance"), c.stance),
		widget.NewFormItem(lang.L("Verdict"), c.verdict),
		widget.NewFormItem(lang.L("Claim date"), c.date),
		widget.NewFormItem(lang.L("Note"), c.note),
	)
	c.content = container.NewVBox(c.quote, form, c.save)
	c.edit(nil)
	return c
}

// edit shows a claim in the editor (nil disables it).
func (c *claimEditor) edit(a *model.Annotation) {
	if a == nil || c.ann == nil || a.ID != c.ann.ID {
		c.picked = map[string]*model.Entity{}
		c.picker.clear()
	}
	if a == nil || a.Kind != model.KindClaim {
		c.ann = nil
		c.quote.SetText(lang.L("Select a claim, or select text and press c."))
		c.claimant.Options, c.targets.Options = nil, nil
		c.claimant.ClearSelected()
		c.targets.SetSelected(nil)
		c.targets.Refresh()
		for _, e := range []*bidientry.Entry{c.attribution, c.note} {
			e.SetText("")
		}
		c.date.SetText("")
		c.stance.SetText("")
		c.verdict.ClearSelected()
		c.save.Disable()
		return
	}
	ann := *a
	c.ann = &ann
	c.quote.SetText("«" + shorten(ann.Quote, 200) + "»")
	c.picker.setTypes(c.r.ui.schema)
	c.fillEntityChoices()
	c.claimant.SetSelected(c.entityLabel(ann.ClaimantID))
	var targets []string
	for _, id := range ann.TargetIDs {
		targets = append(targets, c.entityLabel(id))
	}
	c.targets.SetSelected(targets)
	c.attribution.SetText(ann.Attribution)
	c.stance.SetText(ann.Stance)
	verdict := ann.Verdict
	if verdict != "" && !slices.Contains(c.verdict.Options, verdict) {
		c.verdict.Options = append(c.verdict.Options, verdict)
	}
	c.verdict.SetSelected(verdict)
	c.date.SetText(ann.ClaimDate)
	c.note.SetText(ann.Note)
	c.save.Enable()
}

// fillEntityChoices offers the entities the article's mentions link to
// (a claimant or target is usually tagged in the same article), the claim's
// current ones, and the mentions not linked yet (choosing one creates its
// entity).
func (c *claimEditor) fillEntityChoices() {
	c.entityIDs, c.mentionIDs = map[string]string{}, map[string]string{}
	labels := []string{}
	add := func(id string) {
		e := c.r.entities[id]
		if e == nil {
			e = c.picked[id]
		}
		if e == nil {
			return
		}
		l := fmt.Sprintf("%s (%s)", e.Name, e.Type)
		if other, ok := c.entityIDs[l]; ok && other != id {
			l += " " + id[len(id)-4:]
		}
		if _, ok := c.entityIDs[l]; !ok {
			labels = append(labels, l)
		}
		c.entityIDs[l] = id
	}
	for _, a := range c.r.anns {
		add(a.EntityID)
	}
	for id := range c.picked {
		add(id)
	}
	if c.ann != nil {
		add(c.ann.ClaimantID)
		for _, id := range c.ann.TargetIDs {
			add(id)
		}
	}
	for _, a := range c.r.anns {
		if a.Kind != model.KindEntity || a.EntityID != "" {
			continue
		}
		l := lang.L("{{.Quote}} ({{.Type}}, tagged here)", map[string]any{"Quote": shorten(a.Quote, 40), "Type": a.Type})
		if _, ok := c.mentionIDs[l]; !ok {
			labels = append(labels, l)
			c.mentionIDs[l] = a.ID
		}
	}
	c.claimant.Options = append([]string{lang.L(noEntity)}, labels...)
	c.claimant.Refresh()
	c.targets.Options = labels
	c.targets.Refresh()
}

// entityLabel is the choice label of an entity id.
func (c *claimEditor) entityLabel(id string) string {
	for l, v := range c.entityIDs {
		if v == id && id != "" {
			return l
		}
	}
	return lang.L(noEntity)
}

// saveClaim writes every field of the editor to the annotation.
func (c *claimEditor) saveClaim() {
	if c.ann == nil {
		return
	}
	upd := *c.ann
	claimant, targets := c.claimant.Selected, slices.Clone(c.targets.Selected)
	upd.Attribution = strings.TrimSpace(c.attribution.Text)
	upd.Stance = strings.TrimSpace(c.stance.Text)
	upd.Verdict = c.verdict.Selected
	upd.ClaimDate = strings.TrimSpace(c.date.Text)
	upd.Note = c.note.Text
	if upd.ClaimDate != "" && !model.ValidDate(upd.ClaimDate) {
		c.r.ui.showError(errors.New(lang.L("claim date “{{.Date}}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", map[string]any{"Date": upd.ClaimDate})))
		return
	}
	r := c.r
	// A claimant or target picked from the article's unlinked mentions
	// becomes a new entity linked to that mention: with the claim's update,
	// one history group, so one undo.
	var fromMentions []string
	resolve := func(label string) string {
		if id, ok := c.mentionIDs[label]; ok {
			if !slices.Contains(fromMentions, id) {
				fromMentions = append(fromMentions, id)
			}
			return id
		}
		return c.entityIDs[label]
	}
	upd.ClaimantID = resolve(claimant)
	upd.TargetIDs = nil
	for _, l := range targets {
		if id := resolve(l); id != "" {
			upd.TargetIDs = append(upd.TargetIDs, id)
		}
	}
	var stored *model.Annotation
	r.ui.background(func() error {
		var err error
		stored, err = r.store.UpdateClaimFromMentions(r.ui.ctx, r.ui.actor, upd, fromMentions...)
		return err
	}, func(err error) {
		if err != nil {
			r.ui.showError(err)
			return
		}
		c.ann = stored
		r.reload()
		r.ui.setStatus(lang.L("Claim saved"))
		r.focusKeys()
	})
}

// claimRow is one claim of the claims table with its article.
type claimRow struct {
	ann     model.Annotation
	title   string
	source  string
	claim   string // claimant name
	targets string // target names
}

// claimsScreen lists every claim of the archive with filters.
type claimsScreen struct {
	ui      *UI
	store   claimsStore
	content fyne.CanvasObject
	table   *widget.Table
	verdict *bidiSelect
	source  *bidiSelect
	person  *bidientry.Entry // claimant or target name contains
	date    *widget.Entry    // claim date prefix
	info    *bidiLabel

	all, rows []claimRow
}

var claimColumns = []struct {
	title string
	width float32
	text  func(*claimRow) string
}{
	{msgKey("Claim"), 380, func(r *claimRow) string { return shorten(r.ann.Quote, 80) }},
	{msgKey("Claimant"), 150, func(r *claimRow) string { return r.claim }},
	{msgKey("Targets"), 150, func(r *claimRow) string { return r.targets }},
	{msgKey("Verdict"), 100, func(r *claimRow) string { return r.ann.Verdict }},
	{msgKey("Date"), 95, func(r *claimRow) string { return displayDate(r.ann.ClaimDate) }},
	{msgKey("Attribution"), 130, func(r *claimRow) string { return r.ann.Attribution }},
	{msgKey("Article"), 220, func(r *claimRow) string { return r.title }},
	{msgKey("Source"), 120, func(r *claimRow) string { return r.source }},
}

func newClaimsScreen(ui *UI) *claimsScreen {
	s := &claimsScreen{ui: ui, store: ui.store}
	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(claimColumns) },
		func() fyne.CanvasObject { return newBidiLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(s.rows) {
				o.(*bidiLabel).SetText(claimColumns[id.Col].text(&s.rows[id.Row]))
			}
		})
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = bidiHeader
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			setCell(o, columnTitle(claimColumns[id.Col].title))
		}
	}
	for i, c := range claimColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.table.OnSelected = func(id widget.TableCellID) {
		s.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(s.rows) {
			a := s.rows[id.Row].ann
			ui.openAnnotation(a.ArticleID, a.ID)
		}
	}
	filter := func(string) { s.filter() }
	s.verdict = newBidiSelect(append([]string{lang.L(anyChoice)}, model.Verdicts...), nil)
	s.source = newBidiSelect([]string{lang.L(anyChoice)}, nil)
	for _, sel := range []*bidiSelect{s.verdict, s.source} {
		sel.SetSelectedIndex(0)
		sel.OnChanged = filter
	}
	s.person = bidientry.NewEntry()
	s.person.SetPlaceHolder(lang.L("claimant or target"))
	s.person.OnChanged = filter
	s.date = widget.NewEntry()
	s.date.SetPlaceHolder(lang.L("claim date, e.g. 2023-05"))
	s.date.OnChanged = filter
	s.info = newBidiLabel("")
	bar := container.NewHBox(widget.NewLabel(lang.L("Verdict")), s.verdict, widget.NewLabel(lang.L("Source")), s.source,
		container.NewGridWrap(fyne.NewSize(180, s.person.MinSize().Height), s.person),
		container.NewGridWrap(fyne.NewSize(180, s.date.MinSize().Height), s.date), s.info)
	s.content = container.NewBorder(bar, nil, nil, nil, s.table)
	return s
}

// reload reads every claim of the archive.
func (s *claimsScreen) reload() {
	var rows []claimRow
	s.ui.background(func() error {
		var err error
		rows, err = loadClaims(s.ui.ctx, s.store)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		s.all = rows
		sources := map[string]bool{}
		for _, r := range rows {
			if r.source != "" {
				sources[r.source] = true
			}
		}
		setOptions(s.source, keys(sources))
		s.filter()
	})
}

// claimsStore is what the claims screen reads of the archive.
type claimsStore interface {
	Claims(ctx context.Context, f storage.ClaimFilter) ([]storage.ClaimRow, error)
}

// loadClaims returns every claim with its article's title and source and
// the names of its claimant and targets (one query, newest first).
func loadClaims(ctx context.Context, st claimsStore) ([]claimRow, error) {
	list, err := st.Claims(ctx, storage.ClaimFilter{})
	if err != nil {
		return nil, err
	}
	rows := make([]claimRow, len(list))
	for i, c := range list {
		rows[i] = claimRow{ann: c.Claim, title: c.ArticleTitle, source: c.ArticleSource,
			claim: c.ClaimantName, targets: strings.Join(c.TargetNames, ", ")}
	}
	return rows, nil
}

func (s *claimsScreen) filter() {
	person := strings.ToLower(strings.TrimSpace(s.person.Text))
	date := strings.TrimSpace(s.date.Text)
	s.rows = s.rows[:0]
	for _, r := range s.all {
		switch {
		case s.verdict.Selected != lang.L(anyChoice) && r.ann.Verdict != s.verdict.Selected:
		case s.source.Selected != lang.L(anyChoice) && r.source != s.source.Selected:
		case person != "" && !strings.Contains(strings.ToLower(r.claim+" "+r.targets), person):
		case date != "" && !strings.HasPrefix(r.ann.ClaimDate, date):
		default:
			s.rows = append(s.rows, r)
		}
	}
	s.info.SetText(lang.N("{{.Shown}} of {{.Count}} claims", len(s.all), map[string]any{"Shown": i18n.Int(len(s.rows)), "Count": i18n.Int(len(s.all))}))
	s.table.Refresh()
}
