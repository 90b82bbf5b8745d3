package storage

import (
	"context"
	"database/sql"
	"fmt"

	"daftar/model"
)

// ArticleSummary is one row of the library list.
type ArticleSummary struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Source      string          `json:"source,omitempty"`
	Published   string          `json:"published,omitempty"`
	Language    string          `json:"language,omitempty"`
	Direction   model.Direction `json:"direction,omitempty"`
	Annotations int             `json:"annotations"`
	Claims      int             `json:"claims"`
	ImportedAt  string          `json:"imported_at"`
}

// Sort orders for ListArticles.
const (
	SortImported    = "imported"
	SortPublished   = "published"
	SortTitle       = "title"
	SortSource      = "source"
	SortAnnotations = "annotations"
)

var sortColumns = map[string]string{
	SortImported:    "a.seq",
	SortPublished:   "a.published",
	SortTitle:       "a.title COLLATE NOCASE",
	SortSource:      "a.source COLLATE NOCASE",
	SortAnnotations: "n_ann",
}

// ListOptions selects and orders ListArticles' rows.
type ListOptions struct {
	SetID  string
	IDs    []string // only these articles (e.g. search hits), when non-nil
	Sort   string   // one of the Sort constants; imported by default
	Desc   bool
	Limit  int // 0: no limit
	Offset int
}

// ListArticles lists article summaries with their annotation counts.
func (s *Store) ListArticles(ctx context.Context, o ListOptions) (_ []ArticleSummary, err error) {
	defer wrapOp(&err, "list articles")
	col, ok := sortColumns[o.Sort]
	if o.Sort == "" {
		col, ok = sortColumns[SortImported], true
	}
	if !ok {
		return nil, fmt.Errorf("unknown sort order %q", o.Sort)
	}
	dir := "ASC"
	if o.Desc {
		dir = "DESC"
	}
	where, args := "", []any{}
	switch {
	case o.SetID != "":
		where, args = `WHERE a.id IN (SELECT article_id FROM set_members WHERE set_id = ?)`, append(args, o.SetID)
	case o.IDs != nil:
		where, args = `WHERE a.id IN (SELECT value FROM json_each(?))`, append(args, jsonList(o.IDs))
	}
	limit := -1
	if o.Limit > 0 {
		limit = o.Limit
	}
	args = append(args, limit, o.Offset)
	out, err := queryRows(ctx, s.db, `SELECT a.id, a.title, a.source, a.published, a.language, a.direction, a.imported_at,
		(SELECT count(*) FROM annotations x WHERE x.article_id = a.id) AS n_ann,
		(SELECT count(*) FROM annotations x WHERE x.article_id = a.id AND x.kind = 'claim')
		FROM articles a `+where+` ORDER BY `+col+` `+dir+`, a.seq `+dir+` LIMIT ? OFFSET ?`, args,
		func(rows *sql.Rows) (ArticleSummary, error) {
			var r ArticleSummary
			var dirn string
			err := rows.Scan(&r.ID, &r.Title, &r.Source, &r.Published, &r.Language, &dirn, &r.ImportedAt, &r.Annotations, &r.Claims)
			r.Direction = model.Direction(dirn)
			return r, err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}
