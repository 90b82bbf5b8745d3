package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"daftar/model"
	"daftar/query"
	"daftar/textnorm"
)

// Search limits.
const (
	DefaultSearchLimit  = 50
	MaxSearchLimit      = 1000
	DefaultSnippetRunes = 200
)

// SearchRequest is one archive search: a query in the user language (see
// package query) and filters. An empty query lists the articles that pass
// the filters, newest first.
type SearchRequest struct {
	Query string `json:"query"`

	Language string `json:"language,omitempty"` // exact code, e.g. "ar"
	Source   string `json:"source,omitempty"`   // exact outlet name (case-insensitive)
	// From and To are ISO 8601 dates, both inclusive. A partial published
	// date ("2019-05") passes when it overlaps the range; articles without
	// a published date are left out when either bound is set.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// SetID keeps members of that set only.
	SetID string `json:"set_id,omitempty"`
	// AnnotationType keeps articles with at least one annotation of that
	// label type (e.g. "PER", "CLAIM"; case-insensitive).
	AnnotationType string `json:"annotation_type,omitempty"`
	// EntityID keeps articles where the entity is linked to a mention, or
	// is a claim's claimant or target.
	EntityID string `json:"entity_id,omitempty"`
	// Verdict keeps articles with a claim of that verdict.
	Verdict string `json:"verdict,omitempty"`

	Limit  int `json:"limit,omitempty"`  // 0: DefaultSearchLimit
	Offset int `json:"offset,omitempty"` // for paging
	// SnippetRunes is the snippet length in code points (0: default).
	SnippetRunes int `json:"snippet_runes,omitempty"`
}

// SearchHit is one found article. Spans are code points over the article's
// text (and TitleSpans over its title), End exclusive: cut out of the text
// they give the original words, harakat and tatweel included. Snippet is
// the text from SnippetOffset (code points); a span s lies in the snippet at
// s.Start-SnippetOffset when it falls inside it.
type SearchHit struct {
	ID            string          `json:"id"`
	Title         string          `json:"title"`
	Source        string          `json:"source,omitempty"`
	Published     string          `json:"published,omitempty"`
	Language      string          `json:"language,omitempty"`
	Direction     model.Direction `json:"direction,omitempty"`
	Score         float64         `json:"score"` // -bm25: higher is better; 0 when listing
	Snippet       string          `json:"snippet"`
	SnippetOffset int             `json:"snippet_offset"`
	Spans         []query.Span    `json:"spans"`
	TitleSpans    []query.Span    `json:"title_spans"`
}

// SearchResult is a page of hits and the number of all matching articles.
type SearchResult struct {
	// Query is the parsed query in folded form ("" when listing).
	Query string `json:"query"`
	Total int    `json:"total"`
	// Ranked is how many of the Total matches are ordered by score: all of
	// them (scripts written when only the newest were read it).
	Ranked int         `json:"ranked"`
	Unit   string      `json:"unit"` // offsets' unit: always "codepoint"
	Hits   []SearchHit `json:"hits"`
}

// Search finds articles matching the request, best first. A query with
// nothing searchable returns an error wrapping query.ErrEmpty (or
// query.ErrOnlyExcludes), a malformed date one wrapping ErrBadFilter; their
// messages can be shown as is (IsQueryError). No user input reaches SQL
// unescaped.
func (s *Store) Search(ctx context.Context, req SearchRequest) (_ *SearchResult, err error) {
	defer wrapOp(&err, "search %q", req.Query)
	for _, d := range []string{req.From, req.To} {
		if d != "" && !model.ValidDate(d) {
			return nil, fmt.Errorf("%w: date %q is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)", ErrBadFilter, d)
		}
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	limit = min(limit, MaxSearchLimit)
	offset := max(req.Offset, 0)
	snippetRunes := req.SnippetRunes
	if snippetRunes <= 0 {
		snippetRunes = DefaultSnippetRunes
	}
	where, args := searchFilters(req)

	res := &SearchResult{Unit: "codepoint", Hits: []SearchHit{}}
	if strings.TrimSpace(req.Query) == "" {
		return res, s.listArticles(ctx, res, where, args, limit, offset, snippetRunes)
	}
	q, err := query.Parse(req.Query)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res.Query = q.String()
	match := q.FTS5()

	// Rank in the index alone (rowid and score), joining articles only to
	// filter, so the texts of non-top rows are never read.
	from := `article_fts`
	if where != "" {
		from = `article_fts JOIN articles a ON a.seq = article_fts.rowid`
	}
	cond := `article_fts MATCH ?` + where
	qargs := append([]any{match}, args...)
	qargs = qargs[:len(qargs):len(qargs)] // appends below must not share it

	page, err := s.rankMatches(ctx, from, cond, qargs, limit, offset)
	if err != nil {
		return nil, err
	}
	res.Total, res.Ranked = page.total, page.ranked
	hits, err := s.hitsBySeq(ctx, page.seqs)
	if err != nil {
		return nil, err
	}
	for i := range hits {
		hits[i].Score = page.scores[hits[i].seq]
	}
	highlight(hits, q, snippetRunes)
	res.Hits = make([]SearchHit, len(hits))
	for i := range hits {
		res.Hits[i] = hits[i].SearchHit
	}
	return res, nil
}

// rankedPage is one page of matches: their rowids in order with their
// scores, the number of all matches and how many of those are ranked.
type rankedPage struct {
	seqs          []int64
	scores        map[int64]float64
	total, ranked int
}

// rankMatches finds the page of matches of cond from offset, every match
// ranked by bm25, ties in import order. bm25 costs a few microseconds per
// match in this build (most of it reading the row's length), so the
// ranking runs on both cores: the matches are split at the middle rowid
// and each half ranked on its own connection (bm25's statistics are the
// whole table's, so a row scores the same in either half); the count (a
// scan of the posting lists) runs beside them.
func (s *Store) rankMatches(ctx context.Context, from, cond string, qargs []any, limit, offset int) (rankedPage, error) {
	var lo, hi int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM articles`).Scan(&lo, &hi); err != nil {
		return rankedPage{}, err
	}
	mid := lo + (hi-lo)/2
	type ranked struct {
		rows []scoredSeq
		err  error
	}
	halves := make(chan ranked, 2)
	for _, half := range []string{` AND article_fts.rowid <= ?`, ` AND article_fts.rowid > ?`} {
		go func() {
			rows, err := queryRows(ctx, s.db, `SELECT article_fts.rowid, `+query.Rank+` AS score FROM `+from+` WHERE `+cond+half+
				` ORDER BY score, article_fts.rowid LIMIT ?`, append(qargs, mid, offset+limit), func(rows *sql.Rows) (scoredSeq, error) {
				var r scoredSeq
				err := rows.Scan(&r.seq, &r.bm25)
				return r, err
			})
			halves <- ranked{rows, err}
		}()
	}
	var p rankedPage
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+from+` WHERE `+cond, qargs...).Scan(&p.total)
	var all []scoredSeq
	for range 2 {
		h := <-halves
		if err == nil {
			err = h.err
		}
		all = append(all, h.rows...)
	}
	if err != nil {
		return rankedPage{}, err
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].bm25 != all[j].bm25 {
			return all[i].bm25 < all[j].bm25
		}
		return all[i].seq < all[j].seq
	})
	p.ranked = p.total
	p.scores = map[int64]float64{}
	for _, r := range all[min(offset, len(all)):min(offset+limit, len(all))] {
		p.seqs = append(p.seqs, r.seq)
		p.scores[r.seq] = -r.bm25
	}
	return p, nil
}

// scoredSeq is a match and its bm25 (negative: smaller is better).
type scoredSeq struct {
	seq  int64
	bm25 float64
}

// searchFilters returns " AND ..." conditions on articles a, and their
// arguments.
func searchFilters(req SearchRequest) (string, []any) {
	var sb strings.Builder
	var args []any
	add := func(cond string, a ...any) {
		sb.WriteString(" AND ")
		sb.WriteString(cond)
		args = append(args, a...)
	}
	if req.Language != "" {
		add(`a.language = ? COLLATE NOCASE`, req.Language)
	}
	if req.Source != "" {
		add(`a.source = ? COLLATE NOCASE`, req.Source)
	}
	// Compare at the precision both dates have, so "2019" overlaps
	// 2019-05-01..2019-05-31 and "2019-05-03T10:00" is within To=2019-05-03.
	if req.From != "" {
		add(`a.published != '' AND a.published >= substr(?, 1, length(a.published))`, req.From)
	}
	if req.To != "" {
		add(`a.published != '' AND substr(a.published, 1, length(?)) <= ?`, req.To, req.To)
	}
	if req.SetID != "" {
		add(`a.id IN (SELECT article_id FROM set_members WHERE set_id = ?)`, req.SetID)
	}
	if req.AnnotationType != "" {
		add(`EXISTS (SELECT 1 FROM annotations x WHERE x.article_id = a.id AND x.type = ? COLLATE NOCASE)`, req.AnnotationType)
	}
	if req.EntityID != "" {
		add(`(EXISTS (SELECT 1 FROM annotations x WHERE x.article_id = a.id AND (x.entity_id = ? OR x.claimant_id = ?))
			OR EXISTS (SELECT 1 FROM claim_targets t JOIN annotations x ON x.id = t.annotation_id WHERE x.article_id = a.id AND t.entity_id = ?))`,
			req.EntityID, req.EntityID, req.EntityID)
	}
	if req.Verdict != "" {
		add(`EXISTS (SELECT 1 FROM annotations x WHERE x.article_id = a.id AND x.kind = 'claim' AND x.verdict = ? COLLATE NOCASE)`, req.Verdict)
	}
	return sb.String(), args
}

const hitColumns = `a.seq, a.id, a.title, a.text, a.source, a.published, a.language, a.direction`

type hitRow struct {
	SearchHit
	seq  int64
	text string
}

func scanHit(rows *sql.Rows) (hitRow, error) {
	var h hitRow
	var dir string
	err := rows.Scan(&h.seq, &h.ID, &h.Title, &h.text, &h.Source, &h.Published, &h.Language, &dir)
	h.Direction = model.Direction(dir)
	return h, err
}

// hitsBySeq loads the articles of seqs, in that order.
func (s *Store) hitsBySeq(ctx context.Context, seqs []int64) ([]hitRow, error) {
	bySeq := make(map[int64]hitRow, len(seqs))
	err := eachRow(ctx, s.db, `SELECT `+hitColumns+` FROM articles a WHERE a.seq IN (SELECT value FROM json_each(?))`, []any{jsonInts(seqs)},
		func(rows *sql.Rows) error {
			h, err := scanHit(rows)
			bySeq[h.seq] = h
			return err
		})
	if err != nil {
		return nil, err
	}
	out := make([]hitRow, 0, len(seqs))
	for _, seq := range seqs {
		h, ok := bySeq[seq]
		if !ok {
			// The index and the articles table disagree (a concurrent
			// delete between the two queries): skip the row.
			continue
		}
		out = append(out, h)
	}
	return out, nil
}

func jsonInts(v []int64) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, n := range v {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "%d", n)
	}
	sb.WriteByte(']')
	return sb.String()
}

// listArticles fills res for an empty query: filtered articles, newest
// first, snippets from the start of the text.
func (s *Store) listArticles(ctx context.Context, res *SearchResult, where string, args []any, limit, offset, snippetRunes int) error {
	cond := "1"
	if where != "" {
		cond = strings.TrimPrefix(where, " AND ")
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles a WHERE `+cond, args...).Scan(&res.Total); err != nil {
		return fmt.Errorf("list articles: %w", err)
	}
	hits, err := queryRows(ctx, s.db, `SELECT `+hitColumns+` FROM articles a WHERE `+cond+
		` ORDER BY a.published DESC, a.seq DESC LIMIT ? OFFSET ?`, append(args, limit, offset), scanHit)
	if err != nil {
		return fmt.Errorf("list articles: %w", err)
	}
	highlight(hits, nil, snippetRunes)
	res.Hits = make([]SearchHit, len(hits))
	for i := range hits {
		res.Hits[i] = hits[i].SearchHit
	}
	return nil
}

// highlight computes spans and snippets in Go from the original texts (the
// index is contentless), on two goroutines: normalization of 50 articles
// is most of a search's time.
func highlight(hits []hitRow, q *query.Query, snippetRunes int) {
	one := func(h *hitRow) {
		if q != nil {
			f := textnorm.Normalize(h.text)
			h.Spans = q.MatchesFolded(f, textnorm.Tokens(f.Text))
			h.TitleSpans = q.Matches(h.Title)
		}
		if h.Spans == nil {
			h.Spans = []query.Span{}
		}
		if h.TitleSpans == nil {
			h.TitleSpans = []query.Span{}
		}
		h.Snippet, h.SnippetOffset = query.Snippet(h.text, h.Spans, snippetRunes)
	}
	if len(hits) < 8 {
		for i := range hits {
			one(&hits[i])
		}
		return
	}
	var wg sync.WaitGroup
	half := len(hits) / 2
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := half; i < len(hits); i++ {
			one(&hits[i])
		}
	}()
	for i := 0; i < half; i++ {
		one(&hits[i])
	}
	wg.Wait()
}

// ErrBadFilter marks a search filter the user got wrong (a malformed date).
var ErrBadFilter = errors.New("invalid search filter")

// IsQueryError reports errors that come from the user's input rather than
// from the archive: show their message, do not treat them as failures.
func IsQueryError(err error) bool {
	return errors.Is(err, query.ErrEmpty) || errors.Is(err, query.ErrOnlyExcludes) || errors.Is(err, ErrBadFilter)
}
