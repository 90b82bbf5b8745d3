package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"daftar/model"
)

// Rejection is a suggestion the user turned down: entity EntityID at code
// points [Start, End) of article ArticleID is not a mention of it.
type Rejection struct {
	ArticleID  string    `json:"article_id"`
	EntityID   string    `json:"entity_id"`
	Start      int       `json:"start"`
	End        int       `json:"end"`
	RejectedBy string    `json:"rejected_by,omitempty"`
	At         time.Time `json:"at"`
}

// RejectSuggestion remembers one rejected suggestion; see RejectSuggestions.
func (s *Store) RejectSuggestion(ctx context.Context, actor string, r Rejection) error {
	return s.RejectSuggestions(ctx, actor, []Rejection{r})
}

// RejectSuggestions remembers rejected suggestions (all or none), so they
// are not suggested again, as one user action: Undo takes them back.
// Rejecting the same one twice is not an error.
func (s *Store) RejectSuggestions(ctx context.Context, actor string, rs []Rejection) (err error) {
	defer wrapOp(&err, "reject %d suggestion(s)", len(rs))
	if len(rs) == 0 {
		return nil
	}
	at := now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		h := newHistory(actor)
		for _, r := range rs {
			if r.Start < 0 || r.End <= r.Start {
				return fmt.Errorf("%w: rejected suggestion span %d-%d is empty or negative", model.ErrInvalid, r.Start, r.End)
			}
			r.RejectedBy, r.At = actor, at
			inserted, err := insertRejection(ctx, tx, r)
			if err != nil {
				return err
			}
			if inserted {
				if err := h.record(ctx, tx, model.ActionCreate, "rejection", r.key(), nil, &r); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// key names a rejection in the history, which wants one id per object.
func (r Rejection) key() string {
	return fmt.Sprintf("%s/%s/%d-%d", r.ArticleID, r.EntityID, r.Start, r.End)
}

// insertRejection stores r unless it is stored already, and says which.
func insertRejection(ctx context.Context, tx *sql.Tx, r Rejection) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO rejected_suggestions(article_id, entity_id, start, "end", rejected_by, at)
		VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING`, r.ArticleID, r.EntityID, r.Start, r.End, r.RejectedBy, formatTime(r.At))
	if err != nil {
		if isForeignKeyViolation(err) {
			return false, fmt.Errorf("rejected suggestion: article %s or entity %s does not exist: %w", r.ArticleID, r.EntityID, ErrNotFound)
		}
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ForgetRejections makes rejected suggestions eligible again, as one user
// action. Unknown ones are ignored.
func (s *Store) ForgetRejections(ctx context.Context, actor string, rs []Rejection) (err error) {
	defer wrapOp(&err, "forget %d rejected suggestion(s)", len(rs))
	return s.tx(ctx, func(tx *sql.Tx) error {
		h := newHistory(actor)
		for _, r := range rs {
			stored, err := queryRejections(ctx, tx, `WHERE article_id = ? AND entity_id = ? AND start = ? AND "end" = ?`,
				r.ArticleID, r.EntityID, r.Start, r.End)
			if err != nil {
				return err
			}
			if len(stored) == 0 {
				continue
			}
			if err := deleteRejection(ctx, tx, r); err != nil {
				return err
			}
			if err := h.record(ctx, tx, model.ActionDelete, "rejection", r.key(), &stored[0], nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func deleteRejection(ctx context.Context, tx *sql.Tx, r Rejection) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM rejected_suggestions WHERE article_id = ? AND entity_id = ? AND start = ? AND "end" = ?`,
		r.ArticleID, r.EntityID, r.Start, r.End)
	return err
}

// revertRejection undoes or redoes one rejection entry of the history.
func revertRejection(ctx context.Context, tx *sql.Tx, h *history, e model.HistoryEntry) error {
	src := e.After
	if e.Action == model.ActionDelete {
		src = e.Before
	}
	var r Rejection
	if err := json.Unmarshal([]byte(src), &r); err != nil {
		return err
	}
	stored, err := queryRejections(ctx, tx, `WHERE article_id = ? AND entity_id = ? AND start = ? AND "end" = ?`,
		r.ArticleID, r.EntityID, r.Start, r.End)
	if err != nil {
		return err
	}
	switch e.Action {
	case model.ActionCreate:
		if len(stored) == 0 {
			return fmt.Errorf("rejection %s was changed since", e.ObjectID)
		}
		if err := deleteRejection(ctx, tx, r); err != nil {
			return err
		}
		return h.record(ctx, tx, model.ActionDelete, "rejection", e.ObjectID, &stored[0], nil)
	case model.ActionDelete:
		if len(stored) > 0 {
			return fmt.Errorf("rejection %s was changed since", e.ObjectID)
		}
		if _, err := insertRejection(ctx, tx, r); err != nil {
			return err
		}
		return h.record(ctx, tx, model.ActionCreate, "rejection", e.ObjectID, nil, &r)
	}
	return fmt.Errorf("history entry %d: cannot revert a rejection %s", e.Seq, e.Action)
}

// RejectedSuggestions lists an article's rejected suggestions in text order.
func (s *Store) RejectedSuggestions(ctx context.Context, articleID string) (_ []Rejection, err error) {
	defer wrapOp(&err, "read the rejected suggestions of article %s", articleID)
	return queryRejections(ctx, s.db, `WHERE article_id = ?`, articleID)
}

// RejectedIn lists the rejected suggestions of the listed articles, by
// article, in text order.
func (s *Store) RejectedIn(ctx context.Context, ids []string) (_ map[string][]Rejection, err error) {
	defer wrapOp(&err, "read rejected suggestions")
	out := map[string][]Rejection{}
	for i := 0; i < len(ids); i += batchSize {
		list, err := queryRejections(ctx, s.db, `WHERE article_id IN (SELECT value FROM json_each(?))`, jsonList(ids[i:min(i+batchSize, len(ids))]))
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			out[r.ArticleID] = append(out[r.ArticleID], r)
		}
	}
	return out, nil
}

// RejectedForEntity lists the rejected suggestions of one entity across the
// archive, for propagation.
func (s *Store) RejectedForEntity(ctx context.Context, entityID string) (_ []Rejection, err error) {
	defer wrapOp(&err, "read the rejected suggestions of entity %s", entityID)
	return queryRejections(ctx, s.db, `WHERE entity_id = ?`, entityID)
}

func queryRejections(ctx context.Context, q querier, where string, args ...any) ([]Rejection, error) {
	return queryRows(ctx, q, `SELECT article_id, entity_id, start, "end", rejected_by, at FROM rejected_suggestions `+where+
		` ORDER BY article_id, start, "end", entity_id`, args, func(rows *sql.Rows) (Rejection, error) {
		var r Rejection
		var at string
		err := rows.Scan(&r.ArticleID, &r.EntityID, &r.Start, &r.End, &r.RejectedBy, &at)
		r.At = parseTime(at)
		return r, err
	})
}

// maxPhrasesPerMatch bounds one FTS5 expression; longer lists are searched
// in several queries whose results are merged.
const maxPhrasesPerMatch = 200

// CandidateArticles returns, in import order, the ids of the articles whose
// folded text (the index column text_fold) holds at least one of phrases,
// each a sequence of folded tokens (textnorm.Fold, then textnorm.Tokens)
// that must appear consecutively. With setID, only members of that set.
// The index knows tokens, not the spaces and punctuation between them, so
// callers verify each candidate against the text.
//
// Tokens never reach FTS5 as syntax: each is a double-quoted string with
// inner quotes doubled.
func (s *Store) CandidateArticles(ctx context.Context, phrases [][]string, setID string) (_ []string, err error) {
	defer wrapOp(&err, "find candidate articles")
	var exprs []string
	for _, p := range phrases {
		if e := ftsPhrase(p); e != "" {
			exprs = append(exprs, e)
		}
	}
	if len(exprs) == 0 {
		return nil, nil
	}
	q := `SELECT a.seq, a.id FROM article_fts f JOIN articles a ON a.seq = f.rowid WHERE article_fts MATCH ?`
	var extra []any
	if setID != "" {
		q += ` AND a.id IN (SELECT article_id FROM set_members WHERE set_id = ?)`
		extra = append(extra, setID)
	}
	seen := map[int64]bool{}
	type hit struct {
		seq int64
		id  string
	}
	var hits []hit
	for i := 0; i < len(exprs); i += maxPhrasesPerMatch {
		chunk := exprs[i:min(i+maxPhrasesPerMatch, len(exprs))]
		match := `text_fold : (` + strings.Join(chunk, " OR ") + `)`
		err := eachRow(ctx, s.db, q, append([]any{match}, extra...), func(rows *sql.Rows) error {
			var h hit
			if err := rows.Scan(&h.seq, &h.id); err != nil {
				return err
			}
			if !seen[h.seq] {
				seen[h.seq] = true
				hits = append(hits, h)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(exprs) > maxPhrasesPerMatch {
		slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(a.seq, b.seq) })
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids, nil
}

// ftsPhrase quotes each token and joins them into an FTS5 phrase.
func ftsPhrase(tokens []string) string {
	var parts []string
	for _, t := range tokens {
		if t = strings.TrimSpace(t); t != "" {
			parts = append(parts, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
	}
	return strings.Join(parts, " + ")
}

// batchSize is how many ids one json_each list carries.
const batchSize = 500

// ArticleTexts calls fn with the id and canonical text of each listed
// article that exists, in batches so memory stays flat over large lists.
// Order within the list is not kept.
func (s *Store) ArticleTexts(ctx context.Context, ids []string, fn func(id, text string) error) (err error) {
	defer wrapOp(&err, "read article texts")
	for i := 0; i < len(ids); i += batchSize {
		err := eachRow(ctx, s.db, `SELECT id, text FROM articles WHERE id IN (SELECT value FROM json_each(?))`,
			[]any{jsonList(ids[i:min(i+batchSize, len(ids))])}, func(rows *sql.Rows) error {
				var id, text string
				if err := rows.Scan(&id, &text); err != nil {
					return err
				}
				return fn(id, text)
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// AnnotationsOf returns the annotations of the listed articles, by article.
func (s *Store) AnnotationsOf(ctx context.Context, ids []string) (_ map[string][]model.Annotation, err error) {
	defer wrapOp(&err, "read annotations")
	out := map[string][]model.Annotation{}
	for i := 0; i < len(ids); i += batchSize {
		list, err := queryAnnotations(ctx, s.db, `WHERE a.article_id IN (SELECT value FROM json_each(?))`,
			jsonList(ids[i:min(i+batchSize, len(ids))]))
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			out[a.ArticleID] = append(out[a.ArticleID], a)
		}
	}
	return out, nil
}

// UnlinkedAnnotations lists the entity annotations that link no entity.
func (s *Store) UnlinkedAnnotations(ctx context.Context) (_ []model.Annotation, err error) {
	defer wrapOp(&err, "read unlinked annotations")
	return queryAnnotations(ctx, s.db, `WHERE a.kind = 'entity' AND a.entity_id IS NULL`)
}

// RegistryChangedSince reports the newest history sequence number and
// whether an entity was created, changed or deleted after history entry
// since. Every registry change (undo and bundle imports included) is
// recorded in the history, so a cache of the registry keyed on this number
// is never stale; the check reads only the entries newer than since.
func (s *Store) RegistryChangedSince(ctx context.Context, since int64) (latest int64, changed bool, err error) {
	defer wrapOp(&err, "look for entity registry changes")
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM history`).Scan(&latest); err != nil {
		return 0, false, err
	}
	if latest <= since {
		return latest, false, nil
	}
	err = s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM history WHERE seq > ? AND object_kind = 'entity')`, since).Scan(&changed)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return latest, changed, err
}
