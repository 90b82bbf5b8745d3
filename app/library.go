package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
	"daftar/model"
	"daftar/query"
	"daftar/storage"
)

// searchDelay is how long the library waits after the last keystroke before
// it searches. It is short because a newer search cancels the one under way
// (results must be on screen within 100 ms of the last keystroke); it only
// spares the archive the searches of a burst of keys.
const searchDelay = 40 * time.Millisecond

// maxHits caps how many matches of a search or a filter the list shows (one
// search call, which keeps search-as-you-type under 100 ms on 100,000
// articles); the status line says when there are more.
const maxHits = 500

// Annotation status filter choices.
const (
	statusAny         = "Any status"
	statusAnnotated   = "Annotated"
	statusUnannotated = "Not annotated"
	statusClaims      = "With claims"
)

const anyChoice = "(any)"

// libraryRow is one article of the list; spans are the search matches in
// its text, highlighted when the article is opened from the search.
type libraryRow struct {
	storage.ArticleSummary
	spans []query.Span
}

func (r *libraryRow) summary() *storage.ArticleSummary { return &r.ArticleSummary }

// libraryColumn describes one column of the article table.
type libraryColumn struct {
	title string
	width float32
	sort  string // storage sort name; "" when the column does not sort
	text  func(r *libraryRow) string
}

var libraryColumns = []libraryColumn{
	{"", 36, "", nil},
	{msgKey("Title"), 470, storage.SortTitle, func(r *libraryRow) string { return r.Title }},
	{msgKey("Source"), 190, storage.SortSource, func(r *libraryRow) string { return r.Source }},
	{msgKey("Date"), 110, storage.SortPublished, func(r *libraryRow) string { return displayDate(r.Published) }},
	{msgKey("Lang"), 60, "", func(r *libraryRow) string { return r.Language }},
	{msgKey("Ann."), 70, storage.SortAnnotations, func(r *libraryRow) string { return i18n.Int(r.Annotations) }},
	{msgKey("Claims"), 70, "", func(r *libraryRow) string { return i18n.Int(r.Claims) }},
}

// libraryStore is what the library reads of the archive.
type libraryStore interface {
	ListArticles(ctx context.Context, o storage.ListOptions) ([]storage.ArticleSummary, error)
	Search(ctx context.Context, req storage.SearchRequest) (*storage.SearchResult, error)
	Sets(ctx context.Context) ([]model.Set, error)
	Path() string
}

// libraryScreen is the searchable, sortable, virtualized article list.
type libraryScreen struct {
	ui      *UI
	store   libraryStore
	content *fyne.Container
	list    fyne.CanvasObject // the search bar, filters and table
	welcome fyne.CanvasObject

	search   *widget.Entry
	language *widget.Select
	source   *widget.Select
	set      *widget.Select
	status   *widget.Select
	verdict  *widget.Select
	from, to *widget.Entry
	entity   *widget.Button // shows the entity filter; tapping clears it
	table    *widget.Table
	info     *widget.Label

	rows      []libraryRow
	lastQuery string          // the query of the rows shown
	total     int             // articles in the archive
	marked    map[string]bool // multi-selection (check column)
	sortBy    string          // "" keeps the search's relevance order
	desc      bool
	entityID  string
	setIDs    map[string]string // set name -> id

	debounce *time.Timer
	// cancelSearch stops the search under way when a newer one starts.
	cancelSearch context.CancelFunc
	gen          int // bumped per request; stale answers are dropped
}

func newLibraryScreen(ui *UI) *libraryScreen {
	l := &libraryScreen{ui: ui, store: ui.store, marked: map[string]bool{}, sortBy: storage.SortImported, desc: true, setIDs: map[string]string{}}
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder(lang.L("Search: words, \"a phrase\", prefix*, -exclude (Arabic without hamza or harakat is fine)"))
	l.search.OnChanged = func(string) { l.searchSoon() }
	l.search.OnSubmitted = func(string) { l.reload() }

	changed := func(string) { l.reload() }
	l.language = widget.NewSelect([]string{lang.L(anyChoice)}, nil)
	l.source = widget.NewSelect([]string{lang.L(anyChoice)}, nil)
	l.set = widget.NewSelect([]string{lang.L(anyChoice)}, nil)
	l.status = widget.NewSelect([]string{lang.L(statusAny), lang.L(statusAnnotated), lang.L(statusUnannotated), lang.L(statusClaims)}, nil)
	l.verdict = widget.NewSelect(append([]string{lang.L(anyChoice)}, model.Verdicts...), nil)
	for _, s := range []*widget.Select{l.language, l.source, l.set, l.status, l.verdict} {
		s.SetSelectedIndex(0)
		s.OnChanged = changed
	}
	l.from, l.to = widget.NewEntry(), widget.NewEntry()
	l.from.SetPlaceHolder(lang.L("from YYYY-MM-DD"))
	l.to.SetPlaceHolder(lang.L("to YYYY-MM-DD"))
	l.from.OnSubmitted, l.to.OnSubmitted = changed, changed
	l.from.OnChanged, l.to.OnChanged = func(string) { l.searchSoon() }, func(string) { l.searchSoon() }
	l.entity = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { l.filterEntity("", "") })
	l.entity.Hide()

	l.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(l.rows), len(libraryColumns) },
		func() fyne.CanvasObject {
			return container.NewStack(widget.NewCheck("", nil), newBidiLabel(""))
		},
		l.updateCell,
	)
	l.table.ShowHeaderColumn = false
	l.table.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	l.table.UpdateHeader = l.updateHeader
	for i, c := range libraryColumns {
		l.table.SetColumnWidth(i, c.width)
	}
	l.table.OnSelected = func(id widget.TableCellID) {
		l.table.UnselectAll()
		if id.Row < 0 || id.Row >= len(l.rows) {
			return
		}
		if id.Col == 0 {
			l.toggleMark(l.rows[id.Row].ID)
			return
		}
		l.open(id.Row)
	}
	l.info = widget.NewLabel("")
	l.info.Alignment = textLeading()

	filters := container.NewHBox(
		widget.NewLabel(lang.L("Language")), l.language, widget.NewLabel(lang.L("Source")), l.source,
		widget.NewLabel(lang.L("Set")), l.set, l.status, widget.NewLabel(lang.L("Verdict")), l.verdict,
		container.NewGridWrap(fyne.NewSize(130, l.from.MinSize().Height), l.from),
		container.NewGridWrap(fyne.NewSize(130, l.to.MinSize().Height), l.to), l.entity)
	actions := container.NewHBox(
		widget.NewButtonWithIcon(lang.L("Add marked to set…"), theme.ContentAddIcon(), l.addMarkedToSet),
		widget.NewButtonWithIcon(lang.L("Save search as set…"), theme.DocumentSaveIcon(), l.saveSearchAsSet),
		widget.NewButtonWithIcon(lang.L("Export…"), theme.DownloadIcon(), func() { ui.showExport(exportScopeDefault) }),
		widget.NewButton(lang.L("Clear marks"), func() { l.marked = map[string]bool{}; l.table.Refresh(); l.showInfo() }),
	)
	top := container.NewVBox(l.search, container.NewHScroll(filters), border(nil, nil, nil, actions, l.info))
	l.list = container.NewBorder(top, nil, nil, nil, l.table)
	l.welcome = newWelcome(ui)
	l.welcome.Hide()
	l.content = container.NewStack(l.list, l.welcome)
	return l
}

func (l *libraryScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	check, label := stack.Objects[0].(*widget.Check), stack.Objects[1].(*bidiLabel)
	if id.Row >= len(l.rows) {
		return
	}
	r := &l.rows[id.Row]
	if id.Col == 0 {
		label.Hide()
		check.Show()
		check.OnChanged = nil
		check.SetChecked(l.marked[r.ID])
		articleID := r.ID
		check.OnChanged = func(on bool) {
			if l.marked[articleID] != on {
				l.toggleMark(articleID)
			}
		}
		return
	}
	check.Hide()
	label.Show()
	label.SetText(libraryColumns[id.Col].text(r))
}

func (l *libraryScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 {
		return
	}
	c := libraryColumns[id.Col]
	b.SetText(columnTitle(c.title))
	b.SetIcon(nil)
	b.Importance = widget.LowImportance
	if c.sort == "" {
		b.OnTapped = nil
		return
	}
	if l.sortBy == c.sort {
		b.SetIcon(theme.MenuDropUpIcon())
		if l.desc {
			b.SetIcon(theme.MenuDropDownIcon())
		}
	}
	b.OnTapped = func() { l.sortOn(c.sort) }
}

// sortOn sorts the shown rows by a column; a second tap reverses.
func (l *libraryScreen) sortOn(col string) {
	if l.sortBy == col {
		l.desc = !l.desc
	} else {
		l.sortBy, l.desc = col, col == storage.SortAnnotations || col == storage.SortPublished
	}
	rows, by, desc := slices.Clone(l.rows), l.sortBy, l.desc
	l.gen++
	gen := l.gen
	l.ui.background(func() error {
		sortRows(rows, by, desc)
		return nil
	}, func(error) {
		if gen == l.gen {
			l.rows = rows
			l.table.Refresh()
		}
	})
}

// sortRows orders rows in memory as ListArticles would (the list holds at
// most the archive's summaries, a few MB for 100,000 articles).
func sortRows(rows []libraryRow, by string, desc bool) {
	storage.SortSummaries(rows, (*libraryRow).summary, by, desc)
}

// searchSoon restarts the debounce timer.
func (l *libraryScreen) searchSoon() {
	if l.debounce != nil {
		l.debounce.Stop()
	}
	l.debounce = time.AfterFunc(searchDelay, func() { l.ui.do(l.reload) })
}

// request builds the search from the widgets; ok is false when the search
// box and every filter are empty (then the whole archive is listed).
func (l *libraryScreen) request() (storage.SearchRequest, bool) {
	pick := func(s *widget.Select) string {
		if s.Selected == lang.L(anyChoice) {
			return ""
		}
		return s.Selected
	}
	req := storage.SearchRequest{
		Query:    strings.TrimSpace(l.search.Text),
		Language: pick(l.language),
		Source:   pick(l.source),
		SetID:    l.setIDs[pick(l.set)],
		Verdict:  pick(l.verdict),
		EntityID: l.entityID,
		From:     validDateOrEmpty(l.from.Text),
		To:       validDateOrEmpty(l.to.Text),
		Limit:    maxHits,
	}
	if l.status.Selected == lang.L(statusClaims) {
		req.AnnotationType = claimTypeName(l.ui.schema)
	}
	empty := req == storage.SearchRequest{Limit: maxHits}
	return req, !empty
}

// validDateOrEmpty ignores a date while it is being typed.
func validDateOrEmpty(s string) string {
	s = strings.TrimSpace(s)
	if model.ValidDate(s) {
		return s
	}
	return ""
}

// claimTypeName is the first claim type of the schema ("CLAIM" by default).
func claimTypeName(s model.Schema) string {
	for _, t := range s {
		if t.Kind == model.KindClaim {
			return t.Name
		}
	}
	return "CLAIM"
}

// libraryQuery is one reload's request, read from the widgets on the UI
// goroutine.
type libraryQuery struct {
	gen       int
	req       storage.SearchRequest
	filtered  bool   // a search or a filter, not the whole archive
	status    string // the annotation status choice
	sortBy    string
	desc      bool
	firstPage bool // the list is empty: show the newest articles at once
	started   time.Time
}

// libraryAnswer is what a reload found.
type libraryAnswer struct {
	rows           []libraryRow
	total, matches int
	parsed         string // the search as understood
	searchErr      error  // a query the user is still typing, shown as info
	langs, sources []string
}

// reload runs the current search (or lists the archive) off the UI
// goroutine and shows the answer if no newer request was made meanwhile.
func (l *libraryScreen) reload() {
	l.gen++
	q := l.query()
	if l.cancelSearch != nil {
		l.cancelSearch()
	}
	ctx, cancel := context.WithCancel(l.ui.ctx)
	l.cancelSearch = cancel
	ans := &libraryAnswer{total: l.total}
	l.ui.background(func() error {
		err := l.fetch(ctx, q, ans)
		if ctx.Err() != nil {
			return nil // superseded by a newer search: not an error
		}
		return err
	}, func(err error) {
		if err != nil || q.gen != l.gen {
			return
		}
		l.showAnswer(q, ans)
	})
}

// query reads the request from the widgets and chooses its order.
func (l *libraryScreen) query() libraryQuery {
	req, filtered := l.request()
	q := libraryQuery{gen: l.gen, req: req, filtered: filtered, status: untranslate(l.status.Selected, statusAny, statusAnnotated, statusUnannotated, statusClaims),
		sortBy: l.sortBy, desc: l.desc, firstPage: len(l.rows) == 0, started: time.Now()}
	if req.Query != l.lastQuery {
		// A new search shows the best matches first; clearing it goes back
		// to the newest imports first.
		q.sortBy, q.desc = "", false
		if req.Query == "" {
			q.sortBy, q.desc = storage.SortImported, true
		}
	}
	return q
}

// fetch lists the archive or runs the search, then filters and sorts the
// rows (off the UI goroutine).
func (l *libraryScreen) fetch(ctx context.Context, q libraryQuery, ans *libraryAnswer) error {
	var err error
	if q.filtered {
		err = l.searchArchive(ctx, q, ans)
	} else {
		err = l.listAll(ctx, q, ans)
	}
	if err != nil {
		return err
	}
	ans.rows = filterByStatus(ans.rows, q.status)
	// The archive comes listed newest first: sort only for another order.
	if q.filtered || q.sortBy != storage.SortImported || !q.desc {
		sortRows(ans.rows, q.sortBy, q.desc)
	}
	return nil
}

// listAll lists the whole archive, newest first; on an empty list it shows
// the first page while the rest loads.
func (l *libraryScreen) listAll(ctx context.Context, q libraryQuery, ans *libraryAnswer) error {
	if q.firstPage {
		// Listing 100,000 takes a few hundred ms more (seconds on a cold
		// disk cache).
		page, err := l.store.ListArticles(ctx, storage.ListOptions{Sort: storage.SortImported, Desc: true, Limit: firstPageRows})
		if err != nil {
			return err
		}
		l.ui.do(func() { l.showFirstPage(q.gen, page) })
	}
	all, err := l.store.ListArticles(ctx, storage.ListOptions{Sort: storage.SortImported, Desc: true})
	if err != nil {
		return err
	}
	ans.rows = make([]libraryRow, len(all))
	for i := range all {
		ans.rows[i].ArticleSummary = all[i]
	}
	ans.matches, ans.total = len(ans.rows), len(ans.rows)
	ans.langs, ans.sources = languagesAndSources(ans.rows)
	return nil
}

// searchArchive runs the search and counts the archive, for "N of M articles
// match". A query error is kept in searchErr, to be shown, not reported.
func (l *libraryScreen) searchArchive(ctx context.Context, q libraryQuery, ans *libraryAnswer) error {
	all, err := l.store.Search(ctx, storage.SearchRequest{Limit: 1}) // a count, cheap
	if err != nil {
		return err
	}
	ans.total = all.Total
	ans.rows, ans.matches, ans.parsed, ans.searchErr = searchRows(ctx, l.store, q.req)
	if ans.searchErr != nil && !storage.IsQueryError(ans.searchErr) {
		return ans.searchErr
	}
	return nil
}

// showAnswer puts a reload's answer on screen.
func (l *libraryScreen) showAnswer(q libraryQuery, ans *libraryAnswer) {
	l.total = ans.total
	l.rows = ans.rows
	l.lastQuery, l.sortBy, l.desc = q.req.Query, q.sortBy, q.desc
	l.table.Refresh()
	l.table.ScrollToTop()
	l.showWelcome(ans.total == 0)
	l.info.SetText(answerInfo(q, ans, time.Since(q.started).Round(time.Millisecond)))
	l.showInfo()
	if !q.filtered {
		setOptions(l.language, ans.langs)
		setOptions(l.source, ans.sources)
		l.refreshSets()
	}
}

// answerInfo is the line above the list: how many articles match of how
// many, or why the search could not run.
func answerInfo(q libraryQuery, ans *libraryAnswer, elapsed time.Duration) string {
	switch {
	case ans.searchErr != nil:
		return ans.searchErr.Error()
	case q.filtered:
		more := ""
		if ans.matches > len(ans.rows) && q.status == statusAny {
			more = " " + lang.L("(showing the first {{.Count}})", map[string]any{"Count": i18n.Int(len(ans.rows))})
		}
		forQuery := ""
		if ans.parsed != "" {
			forQuery = " " + lang.L("for {{.Query}}", map[string]any{"Query": ans.parsed})
		}
		match := lang.N("{{.Shown}} of {{.Count}} articles match", ans.total, map[string]any{"Shown": i18n.Int(len(ans.rows)), "Count": i18n.Int(ans.total)})
		return fmt.Sprintf("%s%s%s — %v", match, forQuery, more, elapsed)
	}
	return articleCount(ans.total)
}

// firstPageRows is how many articles the library shows before the whole
// archive is listed.
const firstPageRows = 200

// showFirstPage shows the newest articles while the whole list loads.
func (l *libraryScreen) showFirstPage(gen int, page []storage.ArticleSummary) {
	if gen != l.gen || len(l.rows) > 0 || len(page) == 0 {
		return
	}
	l.rows = make([]libraryRow, len(page))
	for i := range page {
		l.rows[i].ArticleSummary = page[i]
	}
	l.showWelcome(false)
	l.info.SetText(lang.L("Listing the archive…"))
	l.table.Refresh()
}

// searchRows runs a search and returns its hits as rows with their
// annotation counts, in rank order.
func searchRows(ctx context.Context, st libraryStore, req storage.SearchRequest) (rows []libraryRow, matches int, parsed string, err error) {
	res, err := st.Search(ctx, req)
	if err != nil {
		return nil, 0, "", err
	}
	matches, parsed = res.Total, res.Query
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	sums, err := st.ListArticles(ctx, storage.ListOptions{IDs: ids})
	if err != nil {
		return nil, 0, "", err
	}
	byID := make(map[string]storage.ArticleSummary, len(sums))
	for _, s := range sums {
		byID[s.ID] = s
	}
	rows = make([]libraryRow, 0, len(res.Hits))
	for _, h := range res.Hits {
		if s, ok := byID[h.ID]; ok {
			rows = append(rows, libraryRow{ArticleSummary: s, spans: h.Spans})
		}
	}
	return rows, matches, parsed, nil
}

// statusFilters maps the status choices to storage's filters.
var statusFilters = map[string]storage.AnnotationStatus{
	statusAny: storage.AnyStatus, statusAnnotated: storage.Annotated,
	statusUnannotated: storage.Unannotated, statusClaims: storage.WithClaims,
}

func filterByStatus(rows []libraryRow, status string) []libraryRow {
	return storage.FilterSummaries(rows, (*libraryRow).summary, statusFilters[status])
}

// languagesAndSources collects the filter choices from the whole archive's
// rows (off the UI goroutine: 100,000 rows).
func languagesAndSources(rows []libraryRow) (langs, sources []string) {
	ls, ss := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if r.Language != "" {
			ls[r.Language] = true
		}
		if r.Source != "" {
			ss[r.Source] = true
		}
	}
	return keys(ls), keys(ss)
}

// refreshSets fills the set filter from the archive.
func (l *libraryScreen) refreshSets() {
	var sets []model.Set
	l.ui.background(func() error {
		var err error
		sets, err = l.store.Sets(l.ui.ctx)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		l.setIDs = map[string]string{}
		names := []string{}
		for _, s := range sets {
			l.setIDs[s.Name] = s.ID
			names = append(names, s.Name)
		}
		setOptions(l.set, names)
	})
}

// setOptions replaces a filter's choices, keeping the current one.
func setOptions(s *widget.Select, values []string) {
	cur := s.Selected
	s.Options = append([]string{lang.L(anyChoice)}, values...)
	if !slices.Contains(s.Options, cur) {
		cur = lang.L(anyChoice)
	}
	s.Selected = cur
	s.Refresh()
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (l *libraryScreen) showWelcome(empty bool) {
	if empty {
		l.list.Hide()
		l.welcome.Show()
	} else {
		l.welcome.Hide()
		l.list.Show()
	}
}

func (l *libraryScreen) showInfo() {
	marked := ""
	if n := len(l.marked); n > 0 {
		marked = " · " + lang.N("{{.Count}} marked", n, map[string]any{"Count": i18n.Int(n)})
	}
	l.ui.setStatus(fmt.Sprintf("%s · %s · %s%s · %s", ltrIsolate(l.store.Path()),
		lang.N("{{.Count}} articles in the archive", l.total, map[string]any{"Count": i18n.Int(l.total)}),
		lang.N("{{.Count}} listed", len(l.rows), map[string]any{"Count": i18n.Int(len(l.rows))}), marked,
		lang.L("annotator: {{.Name}}", map[string]any{"Name": l.ui.actorOrUnknown()})))
}

func (l *libraryScreen) toggleMark(id string) {
	if l.marked[id] {
		delete(l.marked, id)
	} else {
		l.marked[id] = true
	}
	l.table.Refresh()
	l.showInfo()
}

// markedIDs returns the marked articles in list order.
func (l *libraryScreen) markedIDs() []string {
	var ids []string
	for _, r := range l.rows {
		if l.marked[r.ID] {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// shownIDs returns the articles of the list, in order.
func (l *libraryScreen) shownIDs() []string {
	ids := make([]string, len(l.rows))
	for i, r := range l.rows {
		ids[i] = r.ID
	}
	return ids
}

// searching reports whether the list shows a search or filter result.
func (l *libraryScreen) searching() bool {
	_, filtered := l.request()
	return filtered
}

func (l *libraryScreen) open(row int) {
	r := l.rows[row]
	l.ui.openArticle(r.ID, r.spans)
}

// neighbour returns the article delta rows away from id in the list, and
// its search spans.
func (l *libraryScreen) neighbour(id string, delta int) (string, []query.Span, bool) {
	for i, r := range l.rows {
		if r.ID == id {
			j := i + delta
			if j < 0 || j >= len(l.rows) {
				return "", nil, false
			}
			return l.rows[j].ID, l.rows[j].spans, true
		}
	}
	return "", nil, false
}

func (l *libraryScreen) focusSearch() {
	l.ui.showTab(tabLibrary)
	l.ui.win.Canvas().Focus(l.search)
}

// filterEntity restricts the list to articles mentioning an entity ("" to
// clear), from the entities screen.
func (l *libraryScreen) filterEntity(id, name string) {
	l.entityID = id
	if id == "" {
		l.entity.Hide()
	} else {
		l.entity.SetText(lang.L("Entity: {{.Name}}", map[string]any{"Name": name}))
		l.entity.Show()
	}
	l.reload()
}

// addMarkedToSet asks for a set and adds the marked articles to it.
func (l *libraryScreen) addMarkedToSet() {
	ids := l.markedIDs()
	if len(ids) == 0 {
		l.ui.setStatus(lang.L("Mark articles with the check boxes first"))
		return
	}
	l.ui.sets.askSetName(lang.L("Add marked articles to set"), func(name string) {
		l.ui.sets.addToNamedSet(name, ids)
	})
}

// saveSearchAsSet saves the articles the search lists as a new set that
// remembers its query.
func (l *libraryScreen) saveSearchAsSet() {
	if !l.searching() {
		l.ui.setStatus(lang.L("Type a search or choose a filter first"))
		return
	}
	ids, q := l.shownIDs(), strings.TrimSpace(l.search.Text)
	l.ui.sets.askSetName(lang.L("Save search as set"), func(name string) {
		l.ui.sets.createSet(model.Set{Name: name, Query: q}, ids)
	})
}

// annotationsChanged updates an article's counts in the list after tagging
// in the reader, without listing the archive again.
func (l *libraryScreen) annotationsChanged(articleID string, anns []model.Annotation) {
	for i := range l.rows {
		if l.rows[i].ID == articleID {
			l.rows[i].Annotations, l.rows[i].Claims = len(anns), 0
			for _, a := range anns {
				if a.Kind == model.KindClaim {
					l.rows[i].Claims++
				}
			}
			l.table.Refresh()
			return
		}
	}
}
