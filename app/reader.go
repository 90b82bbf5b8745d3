package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/app/articleview"
	"daftar/app/bidientry"
	"daftar/i18n"
	"daftar/model"
	"daftar/query"
	"daftar/suggest"
)

// matchPrefix marks highlight ids that are search matches, not annotations.
const matchPrefix = "match:"

// searchMatchColour is the highlight of search matches in the reader.
var searchMatchColour = color.NRGBA{R: 0xff, G: 0xe0, B: 0x40, A: 0xff}

// readerStore is what the reader, its tagging, suggestions, propagation
// and claim editor read and write of the archive.
type readerStore interface {
	Article(ctx context.Context, id string) (*model.Article, error)
	Annotations(ctx context.Context, articleID string) ([]model.Annotation, error)
	EntitiesByID(ctx context.Context, ids []string) (map[string]*model.Entity, error)
	Entity(ctx context.Context, id string) (*model.Entity, error)
	Sets(ctx context.Context) ([]model.Set, error)
	CreateAnnotation(ctx context.Context, actor string, a model.Annotation) (*model.Annotation, error)
	DeleteAnnotations(ctx context.Context, actor string, ids ...string) error
	UpdateClaimFromMentions(ctx context.Context, actor string, claim model.Annotation, mentionIDs ...string) (*model.Annotation, error)
}

// readerScreen shows one article in the article view with its metadata,
// the tagging toolbar and the side panel.
type readerScreen struct {
	ui      *UI
	store   readerStore
	content fyne.CanvasObject
	view    *articleview.View
	types   *fyne.Container // one button per label type
	find    *bidientry.Entry
	side    *sidePanel
	empty   *widget.Label
	body    *fyne.Container

	article  *model.Article
	anns     []model.Annotation // sorted by start, end
	entities map[string]*model.Entity
	spans    []query.Span // search matches to highlight
	selected string       // selected annotation id
	pending  string       // annotation to select once its article is loaded

	loadGen      int                // drops the answers of superseded loads
	cancelLoad   context.CancelFunc // stops the load under way
	loadingID    string             // the article of the load under way
	loadingFresh bool

	// Suggestions (suggestions.go) and propagation (propagate.go).
	svc       *suggest.Service
	sugs      []suggest.Suggestion // current article's, in text order
	sugSel    int                  // selected suggestion, -1 for none
	sugHidden bool                 // the user hid the suggestions
	sugGen    int                  // drops results of superseded computations
	sugPanel  *suggestionsPanel
	propDlg   *propagateDialog // the last "tag all occurrences" dialog
	textID    string           // article whose text textRunes holds
	textRunes []rune
}

func newReaderScreen(ui *UI) *readerScreen {
	r := &readerScreen{ui: ui, store: ui.store, entities: map[string]*model.Entity{}, svc: suggest.NewService(ui.store), sugSel: -1}
	r.view = articleview.New()
	r.view.SetFontSize(fontSize(ui.app))
	r.view.OnAnnotationTapped = func(id string) {
		if i, ok := suggestionIndex(id); ok {
			r.selectSuggestion(i, false)
			return
		}
		r.selectAnnotation(id, false)
	}
	r.view.OnContextMenu = r.contextMenu
	// The view keeps the focus after a selection and passes the command
	// keys on; Tab moves between suggestions.
	r.view.OnTypedRune = r.typedRune
	r.view.OnTypedKey = r.typedKey
	r.view.OnTypedShortcut = r.typedShortcut
	r.view.CaptureTab = true

	r.find = bidientry.NewEntry()
	r.find.SetPlaceHolder(lang.L("Find in article (/)"))
	r.find.OnSubmitted = func(string) { r.findNext() }
	r.types = container.NewHBox()
	r.side = newSidePanel(r)
	r.sugPanel = newSuggestionsPanel(r)
	r.side.content.Append(container.NewTabItem(lang.L(sideSuggestions), r.sugPanel.content))

	bar := border(nil, nil, container.NewHBox(
		widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { r.step(-1) }),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { r.step(1) }),
		widget.NewSeparator(), r.types,
		widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), r.deleteSelected),
		widget.NewButtonWithIcon(lang.L("Compare coders"), theme.ViewRestoreIcon(), ui.showCompare),
	), container.NewHBox(
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { r.zoom(-1) }),
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { r.zoom(1) }),
	), r.find)
	r.empty = widget.NewLabel(lang.L("Open an article from the library (or press Alt+↓ for the next one)."))
	split := hSplit(r.view, r.side.content, 0.66)
	r.body = container.NewStack(split, container.NewCenter(r.empty))
	split.Hide()
	r.content = container.NewBorder(bar, nil, nil, nil, r.body)
	r.schemaChanged()
	return r
}

// schemaChanged rebuilds the type buttons from the label schema.
func (r *readerScreen) schemaChanged() {
	r.types.RemoveAll()
	for _, t := range r.ui.schema {
		label := t.Name
		if t.Hotkey != "" {
			label += " " + t.Hotkey
		}
		name := t.Name
		b := newBidiButton(label, nil, func() { r.tagSelection(name) })
		r.types.Add(container.NewBorder(nil, colourBar(t.Colour), nil, nil, b))
	}
	r.showHighlights()
}

// open loads an article and shows it; spans are search matches to mark.
func (r *readerScreen) open(id string, spans []query.Span) {
	r.spans = spans
	r.load(id, true)
}

// reload reads the current article's annotations again (after an undo,
// a merge or an import); while another article is loading, that one.
func (r *readerScreen) reload() {
	switch {
	case r.loadingID != "":
		r.load(r.loadingID, r.loadingFresh)
	case r.article != nil:
		r.load(r.article.ID, false)
	}
}

// articleLoad is what the reader reads for one article.
type articleLoad struct {
	article  *model.Article
	anns     []model.Annotation
	entities map[string]*model.Entity // linked by the annotations
}

// readArticle reads an article with its annotations and the entities they
// link to (one query for all of them).
func readArticle(ctx context.Context, st readerStore, id string) (*articleLoad, error) {
	art, err := st.Article(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("open article %s: %w", id, err)
	}
	anns, err := st.Annotations(ctx, id)
	if err != nil {
		return nil, err
	}
	var ids []string
	seen := map[string]bool{"": true}
	for _, a := range anns {
		for _, eid := range append([]string{a.EntityID, a.ClaimantID}, a.TargetIDs...) {
			if !seen[eid] {
				seen[eid] = true
				ids = append(ids, eid)
			}
		}
	}
	ents, err := st.EntitiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	return &articleLoad{article: art, anns: anns, entities: ents}, nil
}

// load reads an article with its annotations and linked entities off the
// UI goroutine; fresh means a different article (reset view and scroll).
// A newer load cancels this one, and an answer that comes late is dropped,
// so paging quickly through articles ends on the last one asked for.
func (r *readerScreen) load(id string, fresh bool) {
	r.loadGen++
	gen := r.loadGen
	if r.cancelLoad != nil {
		r.cancelLoad()
	}
	ctx, cancel := context.WithCancel(r.ui.ctx)
	r.cancelLoad = cancel
	r.loadingID, r.loadingFresh = id, fresh
	var got *articleLoad
	r.ui.background(func() error {
		var err error
		got, err = readArticle(ctx, r.store, id)
		if ctx.Err() != nil {
			return nil // superseded by a newer load: not an error
		}
		return err
	}, func(err error) {
		if gen != r.loadGen {
			return
		}
		r.loadingID = ""
		if err == nil && got != nil {
			r.show(got, fresh)
		}
	})
}

// show puts a loaded article on screen.
func (r *readerScreen) show(got *articleLoad, fresh bool) {
	art := got.article
	if fresh || r.article == nil || r.article.ID != art.ID {
		r.article = art
		r.view.SetDocument(art.Title, metaLine(art), art.Text)
		r.selected = ""
		r.sugs, r.sugSel = nil, -1
		r.empty.Hide()
		r.body.Objects[0].Show()
		if len(r.spans) > 0 {
			r.view.ScrollToOffset(r.spans[0].Start)
		}
	}
	r.article = art
	r.anns = got.anns
	r.entities = got.entities
	if !r.hasAnnotation(r.selected) {
		r.selected = ""
	}
	r.showHighlights()
	r.side.articleChanged()
	r.loadSuggestions()
	if r.pending != "" {
		r.selectAnnotation(r.pending, true)
		r.pending = ""
	}
	r.ui.setStatus(strings.Join([]string{annotationCount(len(got.anns)), lang.L("annotator: {{.Name}}", map[string]any{"Name": r.ui.actorOrUnknown()}), isolate(shorten(art.Title, 80))}, " · "))
}

// metaLine is the metadata header under the title.
func metaLine(a *model.Article) string {
	var parts []string
	for _, s := range []string{a.Source, a.Author, dateIsolate(a.Published), a.Place, ltrIsolate(a.Language), ltrIsolate(a.URL)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	switch {
	case a.Origin.File != "":
		parts = append(parts, lang.L("imported from {{.File}} ({{.Format}})", map[string]any{"File": ltrIsolate(a.Origin.File), "Format": a.Origin.Format}))
	case a.Origin.Format != "":
		parts = append(parts, lang.L("imported from {{.Format}}", map[string]any{"Format": a.Origin.Format}))
	}
	return strings.Join(parts, " · ")
}

// ltrIsolate wraps s in LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE.
// In a right-to-left metadata line the bidi algorithm would otherwise show
// 2023-06-01 as 01-06-2023 (hyphens are not number separators) and reorder
// the parts of URLs and paths.
func ltrIsolate(s string) string {
	if s == "" {
		return ""
	}
	return "\u2066" + s + "\u2069"
}

func (r *readerScreen) hasAnnotation(id string) bool {
	return r.annotation(id) != nil
}

func (r *readerScreen) annotation(id string) *model.Annotation {
	for i := range r.anns {
		if r.anns[i].ID == id {
			return &r.anns[i]
		}
	}
	return nil
}

// showHighlights gives the view the annotations and search matches.
func (r *readerScreen) showHighlights() {
	if r.article == nil {
		return
	}
	var hs []articleview.Highlight
	for i, s := range r.spans {
		hs = append(hs, articleview.Highlight{ID: fmt.Sprintf("%s%d", matchPrefix, i), Start: s.Start, End: s.End, Color: searchMatchColour, Label: lang.L("search match")})
	}
	for _, a := range r.anns {
		t, _ := r.ui.schema.Lookup(a.Type)
		hs = append(hs, articleview.Highlight{ID: a.ID, Start: a.Start, End: a.End, Color: parseColour(t.Colour),
			Claim: a.Kind == model.KindClaim, Label: r.highlightLabel(&a)})
	}
	hs = append(hs, r.suggestionHighlights()...)
	r.view.SetAnnotations(hs)
	if r.sugSel >= 0 && !r.sugHidden {
		r.view.SetSelectedAnnotation(suggestionID(r.sugSel))
	} else {
		r.view.SetSelectedAnnotation(r.selected)
	}
}

// highlightLabel is the hover text: type, linked entity or verdict, note.
func (r *readerScreen) highlightLabel(a *model.Annotation) string {
	parts := []string{a.Type}
	if e := r.entities[a.EntityID]; e != nil {
		parts = append(parts, e.Name)
	}
	if a.Kind == model.KindClaim {
		if e := r.entities[a.ClaimantID]; e != nil {
			parts = append(parts, lang.L("by {{.Name}}", map[string]any{"Name": e.Name}))
		}
		if a.Verdict != "" {
			parts = append(parts, a.Verdict)
		}
	}
	if a.Note != "" {
		parts = append(parts, shorten(a.Note, 40))
	}
	return strings.Join(parts, " · ")
}

// selectAnnotation emphasises an annotation, shows it in the side panel
// and, when scroll is set, brings it into view.
func (r *readerScreen) selectAnnotation(id string, scroll bool) {
	if strings.HasPrefix(id, matchPrefix) {
		return
	}
	a := r.annotation(id)
	if a == nil {
		return
	}
	r.selected = id
	if r.sugSel >= 0 {
		r.sugSel = -1
		r.sugPanel.refresh()
	}
	r.view.SetSelectedAnnotation(id)
	if scroll {
		r.view.ScrollToOffset(a.Start)
	}
	r.side.annotationSelected(a)
}

// step opens the previous (-1) or next (+1) article of the library list.
func (r *readerScreen) step(delta int) {
	lib := r.ui.library
	if len(lib.rows) == 0 {
		return
	}
	if r.article == nil {
		lib.open(0)
		return
	}
	id, spans, ok := lib.neighbour(r.article.ID, delta)
	if !ok {
		r.ui.setStatus(lang.L("No more articles in the list"))
		return
	}
	r.ui.openArticle(id, spans)
}

func (r *readerScreen) zoom(delta float32) {
	size := max(10, min(40, r.view.FontSize()+delta))
	r.view.SetFontSize(size)
	r.ui.app.Preferences().SetFloat(prefFontSize, float64(size))
}

// focusKeys gives the keyboard to the reader's commands: the article view
// passes the keys it does not use on to them.
func (r *readerScreen) focusKeys() {
	r.view.FocusIn(r.ui.win.Canvas())
}

// focusKeysSoon focuses the article view after the current event is
// handled (a list row takes the focus at the end of its tap).
func (r *readerScreen) focusKeysSoon() {
	go r.ui.do(r.focusKeys)
}

// findNext selects the next match of the find box in the article, with the
// same folding as the library search (no hamza, harakat or tatweel needed).
func (r *readerScreen) findNext() {
	if r.article == nil {
		return
	}
	q, err := query.Parse(r.find.Text)
	if err != nil {
		r.ui.setStatus(err.Error())
		return
	}
	matches := q.Matches(r.article.Text)
	if len(matches) == 0 {
		r.ui.setStatus(lang.L("Not found in this article: {{.Text}}", map[string]any{"Text": isolate(r.find.Text)}))
		return
	}
	_, cur := r.view.Selection()
	next := matches[0]
	for _, m := range matches {
		if m.Start >= cur {
			next = m
			break
		}
	}
	r.view.SetSelection(next.Start, next.End)
	r.view.ScrollToOffset(next.Start)
	r.focusKeys()
	r.ui.setStatus(lang.L("Found “{{.Text}}” ({{.Count}} in this article): press a type key to tag it", map[string]any{"Text": isolate(r.find.Text), "Count": i18n.Int(len(matches))}))
}
