package app

import (
	"context"
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
	"daftar/suggest"
)

// Side panel tab titles.
const (
	sideAnnotations = "Annotations"
	sideEntity      = "Entity"
	sideClaim       = "Claim"
	sideNotes       = "Notes"
)

// sidePanel sits next to the article: the article's annotations, the
// selected mention's entity (link, suggestions, mentions across the
// archive), the claim editor, and the article's notes, tags and sets.
type sidePanel struct {
	r       *readerScreen
	store   sidePanelStore
	content *container.AppTabs

	annList *widget.List

	entityBox   *fyne.Container
	suggestions []suggest.EntityMatch
	mentions    []mentionRow

	claim *claimEditor

	notes    *bidientry.Entry
	tags     *bidientry.Entry
	setsInfo *bidiText
}

// sidePanelStore is what the side panel reads and writes of the archive.
type sidePanelStore interface {
	mentionsStore
	Entities(ctx context.Context) ([]model.Entity, error)
	Entity(ctx context.Context, id string) (*model.Entity, error)
	UpdateAnnotation(ctx context.Context, actor string, a model.Annotation) (*model.Annotation, error)
	CreateEntityAndLink(ctx context.Context, actor string, e model.Entity, annotationIDs ...string) (*model.Entity, error)
	UpdateArticleMeta(ctx context.Context, a model.Article) error
	ArticleSets(ctx context.Context, articleID string) ([]model.Set, error)
}

// mentionsStore is what listing an entity's mentions reads.
type mentionsStore interface {
	Mentions(ctx context.Context, entityID string) ([]model.Annotation, error)
	ListArticles(ctx context.Context, o storage.ListOptions) ([]storage.ArticleSummary, error)
}

// mentionRow is one mention of an entity somewhere in the archive.
type mentionRow struct {
	ann   model.Annotation
	title string
}

func newSidePanel(r *readerScreen) *sidePanel {
	p := &sidePanel{r: r, store: r.ui.store}
	p.annList = widget.NewList(
		func() int { return len(r.anns) },
		newTypeRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(r.anns) {
				return
			}
			a := r.anns[i]
			setTypeRow(o, r.ui.schema, a.Type, p.annotationRowText(&a))
		},
	)
	p.annList.OnSelected = func(i widget.ListItemID) {
		if i < len(r.anns) {
			r.selectAnnotation(r.anns[i].ID, true)
			r.focusKeysSoon()
		}
	}
	p.entityBox = container.NewVBox(widget.NewLabel(lang.L("Select an entity mention to link it.")))
	p.claim = newClaimEditor(r)
	p.notes = bidientry.NewMultiLineEntry()
	p.notes.SetPlaceHolder(lang.L("Notes on this article"))
	p.notes.Wrapping = fyne.TextWrapWord
	p.tags = bidientry.NewEntry()
	p.tags.SetPlaceHolder(lang.L("tags, comma-separated"))
	p.setsInfo = newBidiText("", sideTextWidth)
	notesTab := container.NewBorder(nil, container.NewVBox(
		widget.NewLabel(lang.L("Tags")), p.tags,
		widget.NewButtonWithIcon(lang.L("Save notes and tags"), theme.DocumentSaveIcon(), p.saveNotes),
		widget.NewSeparator(), p.setsInfo,
		widget.NewButtonWithIcon(lang.L("Add to set…"), theme.ContentAddIcon(), p.addToSet),
	), nil, nil, p.notes)

	p.content = container.NewAppTabs(
		container.NewTabItem(lang.L(sideAnnotations), p.annList),
		// Scroll both ways so long content never widens the panel.
		container.NewTabItem(lang.L(sideEntity), container.NewScroll(p.entityBox)),
		container.NewTabItem(lang.L(sideClaim), container.NewScroll(p.claim.content)),
		container.NewTabItem(lang.L(sideNotes), notesTab),
	)
	return p
}

// annotationRowText is one line of the annotation list.
func (p *sidePanel) annotationRowText(a *model.Annotation) string {
	s := fmt.Sprintf("%s  %s", a.Type, isolate(shorten(a.Quote, 48)))
	if e := p.r.entities[a.EntityID]; e != nil {
		s += "  → " + isolate(e.Name)
	}
	if a.Kind == model.KindClaim && a.Verdict != "" {
		s += "  [" + a.Verdict + "]"
	}
	return s
}

func (p *sidePanel) showTab(name string) {
	for _, t := range p.content.Items {
		if t.Text == lang.L(name) {
			p.content.Select(t)
		}
	}
}

// articleChanged refreshes the panel for a new or re-read article.
func (p *sidePanel) articleChanged() {
	r := p.r
	p.annList.UnselectAll()
	p.annList.Refresh()
	if r.article != nil {
		p.notes.SetText(r.article.Notes)
		p.tags.SetText(strings.Join(r.article.Tags, ", "))
		p.loadSets()
	}
	if a := r.annotation(r.selected); a != nil {
		p.annotationSelected(a)
	} else {
		p.entityBox.Objects = []fyne.CanvasObject{widget.NewLabel(lang.L("Select an entity mention to link it."))}
		p.entityBox.Refresh()
		p.claim.edit(nil)
	}
}

// annotationSelected shows the entity or claim tab for an annotation.
func (p *sidePanel) annotationSelected(a *model.Annotation) {
	if a.Kind == model.KindClaim {
		p.claim.edit(a)
		p.showTab(sideClaim)
		return
	}
	p.showEntity(a)
	p.showTab(sideEntity)
}

// editSelected focuses the editor of the selected annotation.
func (p *sidePanel) editSelected() {
	a := p.r.annotation(p.r.selected)
	if a == nil {
		return
	}
	p.annotationSelected(a)
	if a.Kind == model.KindClaim {
		p.r.ui.win.Canvas().Focus(p.claim.attribution)
	}
}

func (p *sidePanel) showClaimEditor() { p.showTab(sideClaim) }

// showEntity fills the entity tab for a mention: its linked entity with
// every mention across the archive, or suggestions to link it to.
func (p *sidePanel) showEntity(a *model.Annotation) {
	r := p.r
	ann := *a
	var all []model.Entity
	var linked *model.Entity
	var mentions []mentionRow
	r.ui.background(func() error {
		var err error
		if all, err = p.store.Entities(r.ui.ctx); err != nil {
			return err
		}
		if ann.EntityID == "" {
			return nil
		}
		if linked, err = p.store.Entity(r.ui.ctx, ann.EntityID); err != nil {
			return err
		}
		mentions, err = loadMentions(r.ui.ctx, p.store, ann.EntityID)
		return err
	}, func(err error) {
		if err != nil || r.selected != ann.ID {
			return
		}
		p.suggestions = suggest.RankEntities(all, ann.Quote, ann.Type)
		p.mentions = mentions
		p.entityBox.Objects = p.entityObjects(&ann, linked)
		p.entityBox.Refresh()
	})
}

// loadMentions lists an entity's mentions with their article titles.
func loadMentions(ctx context.Context, st mentionsStore, entityID string) ([]mentionRow, error) {
	anns, err := st.Mentions(ctx, entityID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range anns {
		if !slices.Contains(ids, a.ArticleID) {
			ids = append(ids, a.ArticleID)
		}
	}
	sums, err := st.ListArticles(ctx, storage.ListOptions{IDs: ids})
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	for _, s := range sums {
		titles[s.ID] = s.Title
	}
	rows := make([]mentionRow, len(anns))
	for i, a := range anns {
		rows[i] = mentionRow{ann: a, title: titles[a.ArticleID]}
	}
	return rows, nil
}

func (p *sidePanel) entityObjects(a *model.Annotation, linked *model.Entity) []fyne.CanvasObject {
	r := p.r
	head := newBidiText(lang.L("{{.Type}} mention: {{.Quote}}", map[string]any{"Type": a.Type, "Quote": isolate(shorten(a.Quote, 60))}), sideTextWidth)
	objs := []fyne.CanvasObject{head}
	if linked != nil {
		card := newBidiText(entityCard(linked), sideTextWidth)
		objs = append(objs, widget.NewLabel(lang.L("Linked to:")), card,
			widget.NewButtonWithIcon(lang.L("Unlink"), theme.ContentClearIcon(), func() { p.link(a.ID, "") }),
			newFitBidiLabel(lang.N("{{.Count}} mentions in the archive:", len(p.mentions), map[string]any{"Count": i18n.Int(len(p.mentions))})))
		for _, m := range p.mentions {
			objs = append(objs, newBidiButton(fmt.Sprintf("%s — %s", isolate(shorten(m.ann.Quote, 30)), isolate(shorten(m.title, 40))), nil, func() {
				r.ui.openAnnotation(m.ann.ArticleID, m.ann.ID)
			}))
		}
		return objs
	}
	objs = append(objs, widget.NewLabel(lang.L("Not linked. Suggestions (l links the first):")))
	if len(p.suggestions) == 0 {
		objs = append(objs, widget.NewLabel(lang.L("(no entity with a matching name or alias)")))
	}
	for _, s := range p.suggestions {
		label := lang.L("Link to {{.Name}} ({{.Type}})", map[string]any{"Name": isolate(s.Entity.Name), "Type": s.Entity.Type})
		if s.Exact {
			label += " — " + lang.L("same name")
		}
		id := s.Entity.ID
		objs = append(objs, newBidiButton(label, theme.ConfirmIcon(), func() { p.link(a.ID, id) }))
	}
	objs = append(objs, newBidiButton(lang.L("New {{.Type}} entity “{{.Quote}}” (n)", map[string]any{"Type": a.Type, "Quote": isolate(shorten(a.Quote, 30))}), theme.ContentAddIcon(), p.createEntityFromSelected))
	return objs
}

// entityCard describes an entity in a few lines.
func entityCard(e *model.Entity) string {
	lines := []string{fmt.Sprintf("%s (%s)", e.Name, e.Type)}
	if len(e.Aliases) > 0 {
		var names []string
		for _, a := range e.Aliases {
			n := a.Name
			if a.Lang != "" {
				n += " [" + a.Lang + "]"
			}
			names = append(names, n)
		}
		lines = append(lines, lang.L("Aliases: {{.List}}", map[string]any{"List": strings.Join(names, ", ")}))
	}
	if e.Wikidata != "" {
		lines = append(lines, lang.L("Wikidata: {{.ID}}", map[string]any{"ID": e.Wikidata}))
	}
	if e.Note != "" {
		lines = append(lines, e.Note)
	}
	return strings.Join(lines, "\n")
}

// link sets (or clears, with "") the entity of a mention.
func (p *sidePanel) link(annID, entityID string) {
	r := p.r
	a := r.annotation(annID)
	if a == nil {
		return
	}
	upd := *a
	upd.EntityID = entityID
	r.ui.background(func() error {
		_, err := p.store.UpdateAnnotation(r.ui.ctx, r.ui.actor, upd)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		r.reload()
		if entityID == "" {
			r.ui.setStatus(lang.L("Mention unlinked"))
		} else {
			r.ui.setStatus(lang.L("Mention linked"))
		}
	})
}

// linkBestSuggestion links the selected mention to the first suggestion.
func (p *sidePanel) linkBestSuggestion() {
	a := p.r.annotation(p.r.selected)
	if a == nil || a.Kind != model.KindEntity || len(p.suggestions) == 0 {
		p.r.ui.setStatus(lang.L("No suggestion to link: press n to create an entity"))
		return
	}
	p.link(a.ID, p.suggestions[0].Entity.ID)
}

// createEntityFromSelected creates an entity named after the selected
// mention's text, of its type, and links the mention to it.
func (p *sidePanel) createEntityFromSelected() {
	r := p.r
	a := r.annotation(r.selected)
	if a == nil || a.Kind != model.KindEntity {
		r.ui.setStatus(lang.L("Select an entity mention first"))
		return
	}
	e := model.Entity{ID: model.NewID(), Type: a.Type, Name: strings.TrimSpace(a.Quote)}
	annID := a.ID
	// One history group: one undo takes back the entity and the link.
	r.ui.background(func() error {
		_, err := p.store.CreateEntityAndLink(r.ui.ctx, r.ui.actor, e, annID)
		return err
	}, func(err error) {
		if err != nil {
			r.ui.showError(err)
			return
		}
		r.reload()
		r.ui.setStatus(lang.L("Entity created and mention linked"))
	})
}

// saveNotes stores the article's notes and tags.
func (p *sidePanel) saveNotes() {
	r := p.r
	if r.article == nil {
		return
	}
	art := *r.article
	art.Notes = p.notes.Text
	art.Tags = nil
	for _, t := range strings.Split(p.tags.Text, ",") {
		if t = strings.TrimSpace(t); t != "" {
			art.Tags = append(art.Tags, t)
		}
	}
	r.ui.background(func() error {
		return p.store.UpdateArticleMeta(r.ui.ctx, art)
	}, func(err error) {
		if err == nil {
			r.article = &art
			r.ui.setStatus(lang.L("Notes and tags saved"))
		}
	})
}

// loadSets shows the sets the article belongs to.
func (p *sidePanel) loadSets() {
	r := p.r
	id := r.article.ID
	var names []string
	r.ui.background(func() error {
		sets, err := p.store.ArticleSets(r.ui.ctx, id)
		for _, s := range sets {
			names = append(names, s.Name)
		}
		return err
	}, func(err error) {
		if err != nil || r.article == nil || r.article.ID != id {
			return
		}
		if len(names) == 0 {
			p.setsInfo.SetText(lang.L("In no set."))
		} else {
			p.setsInfo.SetText(lang.L("In sets: {{.List}}", map[string]any{"List": strings.Join(names, ", ")}))
		}
	})
}

func (p *sidePanel) addToSet() {
	r := p.r
	if r.article == nil {
		return
	}
	id := r.article.ID
	r.ui.sets.askSetName(lang.L("Add this article to set"), func(name string) {
		r.ui.sets.addToNamedSet(name, []string{id})
		p.loadSets()
	})
}
