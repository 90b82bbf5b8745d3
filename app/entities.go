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
	"daftar/textnorm"
)

// entityRow is one entity of the registry with its number of mentions.
type entityRow struct {
	entity   model.Entity
	mentions int
}

// entitiesStore is what the entities screen reads and writes of the archive.
type entitiesStore interface {
	mentionsStore
	Entities(ctx context.Context) ([]model.Entity, error)
	EntityMentionCounts(ctx context.Context) (map[string]int, error)
	UpdateEntity(ctx context.Context, actor string, e model.Entity) (*model.Entity, error)
	MergeEntities(ctx context.Context, actor, into, from string) (*model.Entity, error)
	DeleteEntity(ctx context.Context, actor, id string) error
}

// entitiesScreen is the registry: a filterable table, an editor for the
// selected entity (name, type, aliases, Wikidata id, note), merge, and the
// entity's mentions across the archive.
type entitiesScreen struct {
	store   entitiesStore
	ui      *UI
	content fyne.CanvasObject
	filter  *bidientry.Entry
	table   *widget.Table
	info    *bidiLabel

	name, note *bidientry.Entry
	wikidata   *widget.Entry
	typ        *bidiSelect
	aliases    *bidientry.Entry // one alias a line: name, or name|lang
	mentionBox *fyne.Container
	editor     *fyne.Container

	all, rows []entityRow
	selected  *model.Entity
}

var entityColumns = []struct {
	title string
	width float32
	text  func(*entityRow) string
}{
	{msgKey("Name"), 220, func(r *entityRow) string { return r.entity.Name }},
	{msgKey("Type"), 70, func(r *entityRow) string { return r.entity.Type }},
	{msgKey("Aliases"), 260, func(r *entityRow) string { return strings.Join(r.entity.AliasNames(), ", ") }},
	{msgKey("Wikidata"), 90, func(r *entityRow) string { return r.entity.Wikidata }},
	{msgKey("Mentions"), 80, func(r *entityRow) string { return i18n.Int(r.mentions) }},
}

func newEntitiesScreen(ui *UI) *entitiesScreen {
	s := &entitiesScreen{ui: ui, store: ui.store}
	s.filter = bidientry.NewEntry()
	s.filter.SetPlaceHolder(lang.L("Filter by name or alias (folded: hamza, harakat, case ignored)"))
	s.filter.OnChanged = func(string) { s.applyFilter() }
	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(entityColumns) },
		func() fyne.CanvasObject { return newBidiLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(s.rows) {
				o.(*bidiLabel).SetText(entityColumns[id.Col].text(&s.rows[id.Row]))
			}
		})
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = bidiHeader
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			setCell(o, columnTitle(entityColumns[id.Col].title))
		}
	}
	for i, c := range entityColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.show(&s.rows[id.Row].entity)
		}
	}
	s.info = newBidiLabel("")

	s.name, s.wikidata, s.note = bidientry.NewEntry(), widget.NewEntry(), bidientry.NewMultiLineEntry()
	s.wikidata.SetPlaceHolder("Q123")
	s.typ = newBidiSelect(nil, nil)
	s.aliases = bidientry.NewMultiLineEntry()
	s.aliases.SetPlaceHolder(lang.L("one alias a line: name|lang"))
	s.aliases.SetMinRowsVisible(4)
	s.mentionBox = container.NewVBox()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), s.name),
		widget.NewFormItem(lang.L("Type"), s.typ),
		widget.NewFormItem(lang.L("Aliases"), s.aliases),
		widget.NewFormItem(lang.L("Wikidata"), s.wikidata),
		widget.NewFormItem(lang.L("Note"), s.note),
	)
	s.editor = container.NewVBox(form, container.NewHBox(
		widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), s.save),
		widget.NewButtonWithIcon(lang.L("Merge into…"), theme.ContentCopyIcon(), s.merge),
		widget.NewButtonWithIcon(lang.L("Articles"), theme.SearchIcon(), func() {
			if s.selected != nil {
				ui.library.filterEntity(s.selected.ID, s.selected.Name)
				ui.showTab(tabLibrary)
			}
		}),
		widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), s.remove),
	), widget.NewLabel(lang.L("Mentions:")), s.mentionBox)
	s.editor.Hide()

	left := container.NewBorder(border(nil, nil, nil, s.info, s.filter), nil, nil, nil, s.table)
	split := hSplit(left, container.NewVScroll(s.editor), 0.6)
	s.content = split
	return s
}

// reload lists the registry with mention counts.
func (s *entitiesScreen) reload() {
	var rows []entityRow
	s.ui.background(func() error {
		var err error
		rows, err = loadEntityRows(s.ui.ctx, s.store)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		s.all = rows
		s.applyFilter()
		if s.selected != nil {
			for i := range s.all {
				if s.all[i].entity.ID == s.selected.ID {
					s.show(&s.all[i].entity)
					return
				}
			}
			s.selected = nil
			s.editor.Hide()
		}
	})
}

// loadEntityRows lists every entity with its number of mentions, most
// mentioned first.
func loadEntityRows(ctx context.Context, st entitiesStore) ([]entityRow, error) {
	ents, err := st.Entities(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := st.EntityMentionCounts(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([]entityRow, len(ents))
	for i, e := range ents {
		rows[i] = entityRow{entity: e, mentions: counts[e.ID]}
	}
	slices.SortStableFunc(rows, func(a, b entityRow) int { return b.mentions - a.mentions })
	return rows, nil
}

func (s *entitiesScreen) applyFilter() {
	q := textnorm.Fold(strings.TrimSpace(s.filter.Text))
	s.rows = s.rows[:0]
	for _, r := range s.all {
		if q == "" || slices.ContainsFunc(append([]string{r.entity.Name}, r.entity.AliasNames()...), func(n string) bool {
			return strings.Contains(textnorm.Fold(n), q)
		}) {
			s.rows = append(s.rows, r)
		}
	}
	s.info.SetText(lang.N("{{.Shown}} of {{.Count}} entities", len(s.all), map[string]any{"Shown": i18n.Int(len(s.rows)), "Count": i18n.Int(len(s.all))}))
	s.table.Refresh()
}

// show fills the editor with an entity and lists its mentions.
func (s *entitiesScreen) show(e *model.Entity) {
	ent := *e
	s.selected = &ent
	var types []string
	for _, t := range s.ui.schema {
		if t.Kind == model.KindEntity {
			types = append(types, t.Name)
		}
	}
	s.typ.Options = types
	s.name.SetText(ent.Name)
	s.typ.SetSelected(ent.Type)
	var lines []string
	for _, a := range ent.Aliases {
		l := a.Name
		if a.Lang != "" {
			l += "|" + a.Lang
		}
		lines = append(lines, l)
	}
	s.aliases.SetText(strings.Join(lines, "\n"))
	s.wikidata.SetText(ent.Wikidata)
	s.note.SetText(ent.Note)
	s.editor.Show()
	var mentions []mentionRow
	s.ui.background(func() error {
		var err error
		mentions, err = loadMentions(s.ui.ctx, s.store, ent.ID)
		return err
	}, func(err error) {
		if err != nil || s.selected == nil || s.selected.ID != ent.ID {
			return
		}
		s.mentionBox.RemoveAll()
		for _, m := range mentions {
			s.mentionBox.Add(newBidiButton(fmt.Sprintf("%s %s — %s", m.ann.Type, isolate(shorten(m.ann.Quote, 30)), isolate(shorten(m.title, 40))), nil,
				func() { s.ui.openAnnotation(m.ann.ArticleID, m.ann.ID) }))
		}
	})
}

// parseAliases reads the alias editor: one "name" or "name|lang" a line.
func parseAliases(text string) []model.Alias {
	out := []model.Alias{}
	for _, line := range strings.Split(text, "\n") {
		name, lang, _ := strings.Cut(line, "|")
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, model.Alias{Name: name, Lang: strings.TrimSpace(lang)})
		}
	}
	return out
}

func (s *entitiesScreen) save() {
	if s.selected == nil {
		return
	}
	e := *s.selected
	e.Name = strings.TrimSpace(s.name.Text)
	e.Type = s.typ.Selected
	e.Aliases = parseAliases(s.aliases.Text)
	e.Wikidata = strings.TrimSpace(s.wikidata.Text)
	e.Note = s.note.Text
	s.ui.background(func() error {
		_, err := s.store.UpdateEntity(s.ui.ctx, s.ui.actor, e)
		return err
	}, func(err error) {
		if err != nil {
			s.ui.showError(err)
			return
		}
		s.ui.setStatus(lang.L("Entity saved"))
		s.reload()
		s.ui.reader.reload()
	})
}

// merge folds the selected entity into another one chosen by name: its
// mentions move there and its names become aliases (one undo step).
func (s *entitiesScreen) merge() {
	from := s.selected
	if from == nil {
		return
	}
	labels := []string{}
	ids := map[string]string{}
	for _, r := range s.all {
		if r.entity.ID == from.ID {
			continue
		}
		l := lang.N("{{.Name}} ({{.Type}}, {{.Count}} mentions)", r.mentions, map[string]any{"Name": r.entity.Name, "Type": r.entity.Type, "Count": i18n.Int(r.mentions)})
		labels = append(labels, l)
		ids[l] = r.entity.ID
	}
	pick := newDialogBidiSelectEntry(labels)
	pick.SetPlaceHolder(lang.L("entity to keep"))
	newFormDialog(s.ui.win, lang.L("Merge “{{.Name}}” into…", map[string]any{"Name": isolate(from.Name)}), lang.L("Merge"), lang.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("Keep"), pick)}, func(ok bool) {
			into := ids[pick.Text]
			if !ok || into == "" {
				return
			}
			s.mergeInto(into, from.ID)
		}).Show()
}

// mergeInto merges entity from into entity into.
func (s *entitiesScreen) mergeInto(into, from string) {
	s.ui.background(func() error {
		_, err := s.store.MergeEntities(s.ui.ctx, s.ui.actor, into, from)
		return err
	}, func(err error) {
		if err != nil {
			s.ui.showError(err)
			return
		}
		s.selected = &model.Entity{ID: into}
		s.ui.setStatus(lang.L("Entities merged (Ctrl+Z to undo)"))
		s.ui.archiveChanged()
	})
}

func (s *entitiesScreen) remove() {
	e := s.selected
	if e == nil {
		return
	}
	showConfirm(s.ui.win, lang.L("Delete entity"), lang.L("Delete “{{.Name}}”? Its mentions stay, unlinked.", map[string]any{"Name": isolate(e.Name)}), lang.L("Delete"), func(ok bool) {
		if !ok {
			return
		}
		s.ui.background(func() error {
			return s.store.DeleteEntity(s.ui.ctx, s.ui.actor, e.ID)
		}, func(err error) {
			if err == nil {
				s.selected = nil
				s.editor.Hide()
				s.ui.archiveChanged()
			}
		})
	})
}
