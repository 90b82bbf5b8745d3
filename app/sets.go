package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
	"daftar/model"
	"daftar/storage"
)

// setsStore is what the sets screen reads and writes of the archive.
type setsStore interface {
	Sets(ctx context.Context) ([]model.Set, error)
	SetMembers(ctx context.Context, setID string) ([]string, error)
	ListArticles(ctx context.Context, o storage.ListOptions) ([]storage.ArticleSummary, error)
	CreateSet(ctx context.Context, actor string, st model.Set) (*model.Set, error)
	EnsureSet(ctx context.Context, actor, name string) (*model.Set, error)
	AddToSet(ctx context.Context, actor, setID string, articleIDs ...string) error
	RemoveFromSet(ctx context.Context, actor, setID string, articleIDs ...string) error
	DeleteSet(ctx context.Context, actor, setID string) error
}

// setsScreen lists the sets; the selected set's members can be opened,
// removed and exported.
type setsScreen struct {
	store   setsStore
	ui      *UI
	content fyne.CanvasObject
	list    *widget.List
	members *widget.List
	header  *bidiLabel

	sets     []model.Set
	counts   map[string]int
	selected *model.Set
	rows     []storage.ArticleSummary
	sugDlg   *setSuggestionsDialog // the last one opened, for tests
}

func newSetsScreen(ui *UI) *setsScreen {
	s := &setsScreen{ui: ui, store: ui.store, counts: map[string]int{}}
	s.list = widget.NewList(
		func() int { return len(s.sets) },
		bidiCell,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(s.sets) {
				st := s.sets[i]
				text := fmt.Sprintf("%s (%s)", isolate(st.Name), i18n.Int(s.counts[st.ID]))
				if st.Query != "" {
					text += "  " + lang.L("search: {{.Query}}", map[string]any{"Query": isolate(st.Query)})
				}
				setCell(o, text)
			}
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		if i < len(s.sets) {
			st := s.sets[i]
			s.selected = &st
			s.loadMembers()
		}
	}
	s.members = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			return border(nil, nil, nil, widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), nil), newBidiLabel(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.rows) {
				return
			}
			r := s.rows[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*bidiLabel).SetText(fmt.Sprintf("%s — %s %s", r.Title, r.Source, displayDate(r.Published)))
			c.Objects[1].(*widget.Button).OnTapped = func() { s.removeMember(r.ID) }
		})
	s.members.OnSelected = func(i widget.ListItemID) {
		s.members.UnselectAll()
		if i < len(s.rows) {
			ui.openArticle(s.rows[i].ID, nil)
		}
	}
	s.header = newBidiLabel(lang.L("Choose a set"))
	left := container.NewBorder(nil, container.NewHBox(
		widget.NewButtonWithIcon(lang.L("New set…"), theme.ContentAddIcon(), func() {
			s.askSetName(lang.L("New set"), func(name string) { s.createSet(model.Set{Name: name}, nil) })
		}),
		widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), s.deleteSelected),
	), nil, nil, s.list)
	right := container.NewBorder(border(nil, nil, nil, container.NewHBox(
		widget.NewButtonWithIcon(lang.L("Suggestions…"), theme.SearchIcon(), s.showSuggestions),
		widget.NewButtonWithIcon(lang.L("Add marked articles"), theme.ContentAddIcon(), func() {
			if s.selected != nil {
				s.addToNamedSet(s.selected.Name, ui.library.markedIDs())
			}
		}),
		widget.NewButtonWithIcon(lang.L("Export set…"), theme.DownloadIcon(), func() {
			if s.selected != nil {
				ui.showExport(lang.L(exportScopeSetPrefix) + s.selected.Name)
			}
		}),
	), s.header), nil, nil, nil, s.members)
	split := hSplit(left, right, 0.35)
	s.content = split
	return s
}

func (s *setsScreen) reload() {
	var sets []model.Set
	counts := map[string]int{}
	s.ui.background(func() error {
		var err error
		if sets, err = s.store.Sets(s.ui.ctx); err != nil {
			return err
		}
		for _, st := range sets {
			m, err := s.store.SetMembers(s.ui.ctx, st.ID)
			if err != nil {
				return err
			}
			counts[st.ID] = len(m)
		}
		return nil
	}, func(err error) {
		if err != nil {
			return
		}
		s.sets, s.counts = sets, counts
		s.list.Refresh()
		if s.selected != nil {
			s.loadMembers()
		}
	})
}

func (s *setsScreen) loadMembers() {
	st := s.selected
	var rows []storage.ArticleSummary
	s.ui.background(func() error {
		var err error
		rows, err = s.store.ListArticles(s.ui.ctx, storage.ListOptions{SetID: st.ID, Sort: storage.SortTitle})
		return err
	}, func(err error) {
		if err != nil || s.selected == nil || s.selected.ID != st.ID {
			return
		}
		s.rows = rows
		s.header.SetText(st.Name + " — " + articleCount(len(rows)))
		s.members.Refresh()
	})
}

// askSetName asks for a set name (an existing one or a new one).
func (s *setsScreen) askSetName(title string, then func(name string)) {
	var names []string
	for _, st := range s.sets {
		names = append(names, st.Name)
	}
	name := newDialogBidiSelectEntry(names)
	name.SetPlaceHolder(lang.L("set name"))
	newFormDialog(s.ui.win, title, lang.L("OK"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Set"), name)}, func(ok bool) {
		if n := strings.TrimSpace(name.Text); ok && n != "" {
			then(n)
		}
	}).Show()
}

// addToNamedSet adds articles to the set with that name, creating it.
func (s *setsScreen) addToNamedSet(name string, ids []string) {
	if len(ids) == 0 {
		s.ui.setStatus(lang.L("No articles to add"))
		return
	}
	s.ui.background(func() error {
		st, err := s.store.EnsureSet(s.ui.ctx, s.ui.actor, name)
		if err != nil {
			return err
		}
		return s.store.AddToSet(s.ui.ctx, s.ui.actor, st.ID, ids...)
	}, func(err error) {
		if err == nil {
			s.ui.setStatus(lang.N("{{.Count}} articles added to set “{{.Name}}”", len(ids), map[string]any{"Count": i18n.Int(len(ids)), "Name": name}))
			s.reload()
			s.ui.library.refreshSets()
		}
	})
}

// createSet creates a set with members (a saved search keeps its query).
func (s *setsScreen) createSet(st model.Set, ids []string) {
	st.ID = model.NewID()
	st.ArticleIDs = ids
	s.ui.background(func() error {
		_, err := s.store.CreateSet(s.ui.ctx, s.ui.actor, st)
		return err
	}, func(err error) {
		if err != nil {
			s.ui.showError(err)
			return
		}
		s.ui.setStatus(lang.N("Set “{{.Name}}” created with {{.Count}} articles", len(ids), map[string]any{"Count": i18n.Int(len(ids)), "Name": st.Name}))
		s.reload()
		s.ui.library.refreshSets()
	})
}

func (s *setsScreen) removeMember(articleID string) {
	st := s.selected
	if st == nil {
		return
	}
	s.ui.background(func() error {
		return s.store.RemoveFromSet(s.ui.ctx, s.ui.actor, st.ID, articleID)
	}, func(err error) {
		if err == nil {
			s.reload()
		}
	})
}

func (s *setsScreen) deleteSelected() {
	st := s.selected
	if st == nil {
		return
	}
	showConfirm(s.ui.win, lang.L("Delete set"), lang.L("Delete set “{{.Name}}”? Its articles stay in the archive.", map[string]any{"Name": isolate(st.Name)}), lang.L("Delete"), func(ok bool) {
		if !ok {
			return
		}
		s.ui.background(func() error {
			return s.store.DeleteSet(s.ui.ctx, s.ui.actor, st.ID)
		}, func(err error) {
			if err == nil {
				s.selected, s.rows = nil, nil
				s.members.Refresh()
				s.header.SetText(lang.L("Choose a set"))
				s.list.UnselectAll()
				s.reload()
				s.ui.library.refreshSets()
			}
		})
	})
}
