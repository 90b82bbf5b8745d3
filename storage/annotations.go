package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"daftar/model"
)

// querier is what *sql.DB and *sql.Tx have in common, so read helpers serve
// both plain reads and reads inside a write transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const annotationColumns = `a.id, a.article_id, a.kind, a.type, a.start, a."end", a.quote, coalesce(a.entity_id, ''), a.annotator,
	a.created_at, a.updated_at, a.note, coalesce(a.claimant_id, ''), a.attribution, a.stance, a.verdict, a.claim_date, a.provenance`

// queryAnnotations reads annotations matching where (which may refer to the
// annotations table as a) with their claim targets.
func queryAnnotations(ctx context.Context, q querier, where string, args ...any) ([]model.Annotation, error) {
	byID := map[string]int{}
	out, err := queryRows(ctx, q, `SELECT `+annotationColumns+` FROM annotations a `+where+` ORDER BY a.article_id, a.start, a."end", a.id`, args,
		func(rows *sql.Rows) (model.Annotation, error) {
			var a model.Annotation
			var kind, created, updated, prov string
			err := rows.Scan(&a.ID, &a.ArticleID, &kind, &a.Type, &a.Start, &a.End, &a.Quote, &a.EntityID, &a.Annotator,
				&created, &updated, &a.Note, &a.ClaimantID, &a.Attribution, &a.Stance, &a.Verdict, &a.ClaimDate, &prov)
			a.Kind, a.CreatedAt, a.UpdatedAt = model.Kind(kind), parseTime(created), parseTime(updated)
			byID[a.ID] = len(byID)
			if err == nil {
				a.Provenance, err = decodeProvenance(prov)
			}
			return a, err
		})
	if err != nil || len(out) == 0 {
		return out, err
	}
	// Targets of the claims among them, in one query.
	err = eachRow(ctx, q, `SELECT t.annotation_id, t.entity_id FROM claim_targets t
		JOIN annotations a ON a.id = t.annotation_id `+where+` ORDER BY t.annotation_id, t.position`, args, func(rows *sql.Rows) error {
		var aid, eid string
		if err := rows.Scan(&aid, &eid); err != nil {
			return err
		}
		if i, ok := byID[aid]; ok {
			out[i].TargetIDs = append(out[i].TargetIDs, eid)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Annotations lists an article's annotations in text order.
func (s *Store) Annotations(ctx context.Context, articleID string) (_ []model.Annotation, err error) {
	defer wrapOp(&err, "read the annotations of article %s", articleID)
	return queryAnnotations(ctx, s.db, `WHERE a.article_id = ?`, articleID)
}

// Annotation returns one annotation.
func (s *Store) Annotation(ctx context.Context, id string) (_ *model.Annotation, err error) {
	defer wrapOp(&err, "read annotation %s", id)
	return getAnnotation(ctx, s.db, id)
}

func getAnnotation(ctx context.Context, q querier, id string) (*model.Annotation, error) {
	list, err := queryAnnotations(ctx, q, `WHERE a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("annotation %s: %w", id, ErrNotFound)
	}
	return &list[0], nil
}

// Mentions lists every annotation linked to an entity (as the mention's
// entity, a claim's claimant or one of its targets) across the archive.
func (s *Store) Mentions(ctx context.Context, entityID string) (_ []model.Annotation, err error) {
	defer wrapOp(&err, "read the mentions of entity %s", entityID)
	return queryAnnotations(ctx, s.db, `WHERE a.entity_id = ?1 OR a.claimant_id = ?1 OR a.id IN (SELECT annotation_id FROM claim_targets WHERE entity_id = ?1)`, entityID)
}

func articleText(ctx context.Context, q querier, id string) (string, error) {
	var text string
	err := q.QueryRowContext(ctx, `SELECT text FROM articles WHERE id = ?`, id).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	return text, err
}

// annotationChecker validates annotations inside one transaction, reading
// the schema once and article texts in batches: propagation writes hundreds
// of thousands of annotations in one call, grouped by article.
type annotationChecker struct {
	schema model.Schema
	read   querier                    // where article texts are read
	texts  map[string]*model.SpanText // the batch of article texts at hand
}

// newAnnotationChecker reads the schema in tx. Texts are read through
// read: tx itself, or the archive's pool when another goroutine checks
// while tx writes (texts never change, so any snapshot has the right ones;
// an article deleted meanwhile fails the foreign key in tx).
func newAnnotationChecker(ctx context.Context, tx *sql.Tx, read querier) (*annotationChecker, error) {
	schema, err := readSchema(ctx, tx)
	if err != nil {
		return nil, err
	}
	return &annotationChecker{schema: schema, read: read, texts: map[string]*model.SpanText{}}, nil
}

// preload replaces the texts at hand with those of the next articles that
// upcoming refers to, up to batchSize of them, read in one query.
func (c *annotationChecker) preload(ctx context.Context, upcoming []model.Annotation) error {
	clear(c.texts)
	var ids []string
	seen := map[string]bool{}
	for i := 0; i < len(upcoming) && len(ids) < batchSize; i++ {
		if id := upcoming[i].ArticleID; !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return eachRow(ctx, c.read, `SELECT id, text FROM articles WHERE id IN (SELECT value FROM json_each(?))`, []any{jsonList(ids)},
		func(rows *sql.Rows) error {
			var id, text string
			if err := rows.Scan(&id, &text); err != nil {
				return err
			}
			c.texts[id] = model.NewSpanText(text)
			return nil
		})
}

// prepare fills defaults and validates against the article text and the
// archive's schema. upcoming, if given, starts with a and lists the
// annotations to be checked after it, so their texts are read together.
func (c *annotationChecker) prepare(ctx context.Context, actor string, a *model.Annotation, upcoming []model.Annotation) error {
	if a.ID == "" {
		a.ID = model.NewID()
	}
	if a.Annotator == "" {
		a.Annotator = actor
	}
	t := now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = t
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = t
	}
	if lt, ok := c.schema.Lookup(a.Type); ok {
		a.Type = lt.Name // the schema's spelling of the type name
		if a.Kind == "" {
			a.Kind = lt.Kind
		}
	}
	text, ok := c.texts[a.ArticleID]
	if !ok {
		if len(upcoming) == 0 {
			upcoming = []model.Annotation{*a}
		}
		if err := c.preload(ctx, upcoming); err != nil {
			return err
		}
		if text, ok = c.texts[a.ArticleID]; !ok {
			return fmt.Errorf("article %s: %w", a.ArticleID, ErrNotFound)
		}
	}
	return a.ValidateIn(text, c.schema)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var annotationColumnNames = []string{"id", "article_id", "kind", "type", "start", `"end"`, "quote", "entity_id", "annotator",
	"created_at", "updated_at", "note", "claimant_id", "attribution", "stance", "verdict", "claim_date", "provenance"}

var insertAnnotationSQL = `INSERT INTO annotations (` + strings.Join(annotationColumnNames, ", ") + `) VALUES (?` +
	strings.Repeat(",?", len(annotationColumnNames)-1) + `)`

func annotationArgs(a *model.Annotation) []any {
	return []any{a.ID, a.ArticleID, string(a.Kind), a.Type, a.Start, a.End, a.Quote, nullable(a.EntityID), a.Annotator,
		formatTime(a.CreatedAt), formatTime(a.UpdatedAt), a.Note, nullable(a.ClaimantID), a.Attribution, a.Stance, a.Verdict, a.ClaimDate,
		encodeProvenance(a.Provenance)}
}

// encodeProvenance is the provenance column: JSON, or "" for none.
func encodeProvenance(p *model.Provenance) string {
	if p == nil {
		return ""
	}
	b, _ := json.Marshal(p) // plain strings and a time: cannot fail
	return string(b)
}

func decodeProvenance(s string) (*model.Provenance, error) {
	if s == "" {
		return nil, nil
	}
	p := &model.Provenance{}
	if err := json.Unmarshal([]byte(s), p); err != nil {
		return nil, fmt.Errorf("provenance: %w", err)
	}
	return p, nil
}

func insertAnnotation(ctx context.Context, tx querier, a *model.Annotation) error {
	if _, err := tx.ExecContext(ctx, insertAnnotationSQL, annotationArgs(a)...); err != nil {
		return annotationError(a, err)
	}
	return insertTargets(ctx, tx, a)
}

func insertTargets(ctx context.Context, tx querier, a *model.Annotation) error {
	for i, t := range a.TargetIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO claim_targets(annotation_id, position, entity_id) VALUES (?,?,?)`, a.ID, i, t); err != nil {
			return annotationError(a, err)
		}
	}
	return nil
}

func annotationError(a *model.Annotation, err error) error {
	if isForeignKeyViolation(err) {
		return fmt.Errorf("annotation %s: links an entity or article that %w", a.ID, ErrMissingRef)
	}
	return fmt.Errorf("annotation %s: %w", a.ID, err)
}

func updateAnnotationRow(ctx context.Context, tx querier, a *model.Annotation) error {
	_, err := tx.ExecContext(ctx, `UPDATE annotations SET article_id=?, kind=?, type=?, start=?, "end"=?, quote=?, entity_id=?, annotator=?,
		created_at=?, updated_at=?, note=?, claimant_id=?, attribution=?, stance=?, verdict=?, claim_date=?, provenance=? WHERE id=?`,
		a.ArticleID, string(a.Kind), a.Type, a.Start, a.End, a.Quote, nullable(a.EntityID), a.Annotator,
		formatTime(a.CreatedAt), formatTime(a.UpdatedAt), a.Note, nullable(a.ClaimantID), a.Attribution, a.Stance, a.Verdict, a.ClaimDate,
		encodeProvenance(a.Provenance), a.ID)
	if err != nil {
		return annotationError(a, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM claim_targets WHERE annotation_id = ?`, a.ID); err != nil {
		return err
	}
	return insertTargets(ctx, tx, a)
}

// CreateAnnotations stores annotations as one user action (one history
// group): all or none. Ids, times and the annotator are filled in when empty.
func (s *Store) CreateAnnotations(ctx context.Context, actor string, anns []model.Annotation) (_ []model.Annotation, err error) {
	defer wrapOp(&err, "create %d annotation(s)", len(anns))
	if len(anns) >= bulkRows {
		s.autoBackup(ctx, "bulk")
	}
	out := make([]model.Annotation, len(anns))
	copy(out, anns)
	// checkAhead reads texts on a connection of its own, taken before the
	// write transaction: taken during it, a pool exhausted by writers that
	// wait for this one would stall both.
	read, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer read.Close()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		h := newHistory(actor)
		check, err := newAnnotationChecker(ctx, tx, read)
		if err != nil {
			return err
		}
		rows := newBulkInsert(tx, "annotations", annotationColumnNames, func(row []any, err error) error {
			return annotationError(&model.Annotation{ID: row[0].(string)}, err)
		})
		// Checking and encoding run on a second goroutine, ahead of the
		// writes: on two cores that takes a fifth off propagating hundreds
		// of thousands of annotations.
		stop := make(chan struct{})
		checked := checkAhead(ctx, check, actor, out, stop)
		defer func() {
			close(stop)
			for range checked { // wait until it no longer reads
			}
		}()
		for p := range checked {
			if p.err != nil {
				return p.err
			}
			a := p.a
			if err := rows.add(ctx, p.args...); err != nil {
				return err
			}
			if len(a.TargetIDs) > 0 {
				// Targets refer to the annotation row: write it first.
				if err := rows.flush(ctx); err != nil {
					return err
				}
				if err := insertTargets(ctx, tx, a); err != nil {
					return err
				}
			}
			if err := h.recordBuffered(ctx, tx, model.ActionCreate, "annotation", a.ID, "", p.after); err != nil {
				return err
			}
		}
		if err := rows.flush(ctx); err != nil {
			return err
		}
		return h.flush(ctx)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkedAnnotation is an annotation filled in and validated, with its
// row and its JSON for the history, or the error that stops the write.
type checkedAnnotation struct {
	a     *model.Annotation
	args  []any // its row
	after string
	err   error
}

// checkAhead prepares anns in order on its own goroutine and sends them on
// the returned channel, which it closes after the last one or the first
// error. Closing stop ends it early.
func checkAhead(ctx context.Context, check *annotationChecker, actor string, anns []model.Annotation, stop <-chan struct{}) <-chan checkedAnnotation {
	out := make(chan checkedAnnotation, 256)
	go func() {
		defer close(out)
		for i := range anns {
			c := checkedAnnotation{a: &anns[i]}
			if c.err = check.prepare(ctx, actor, c.a, anns[i:]); c.err == nil {
				c.args = annotationArgs(c.a)
				c.after, c.err = encodeState(c.a)
			}
			select {
			case out <- c:
			case <-stop:
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	return out
}

// CreateAnnotation stores one annotation; see CreateAnnotations.
func (s *Store) CreateAnnotation(ctx context.Context, actor string, a model.Annotation) (*model.Annotation, error) {
	out, err := s.CreateAnnotations(ctx, actor, []model.Annotation{a})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// UpdateAnnotation replaces an annotation's fields (its id, article and
// creation time stay) and records before and after.
func (s *Store) UpdateAnnotation(ctx context.Context, actor string, a model.Annotation) (_ *model.Annotation, err error) {
	defer wrapOp(&err, "update annotation %s", a.ID)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		before, err := getAnnotation(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		a.ArticleID, a.CreatedAt, a.UpdatedAt = before.ArticleID, before.CreatedAt, now()
		if a.Annotator == "" {
			a.Annotator = before.Annotator
		}
		check, err := newAnnotationChecker(ctx, tx, tx)
		if err != nil {
			return err
		}
		if err := check.prepare(ctx, actor, &a, nil); err != nil {
			return err
		}
		if err := updateAnnotationRow(ctx, tx, &a); err != nil {
			return err
		}
		return newHistory(actor).record(ctx, tx, model.ActionUpdate, "annotation", a.ID, before, &a)
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// DeleteAnnotations removes annotations as one user action.
func (s *Store) DeleteAnnotations(ctx context.Context, actor string, ids ...string) (err error) {
	defer wrapOp(&err, "delete %d annotation(s)", len(ids))
	return s.tx(ctx, func(tx *sql.Tx) error { return deleteAnnotations(ctx, tx, newHistory(actor), ids) })
}

// deleteAnnotations deletes in tx, recording each in h.
func deleteAnnotations(ctx context.Context, tx *sql.Tx, h *history, ids []string) error {
	for _, id := range ids {
		before, err := getAnnotation(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM annotations WHERE id = ?`, id); err != nil {
			return err
		}
		if err := h.record(ctx, tx, model.ActionDelete, "annotation", id, before, nil); err != nil {
			return err
		}
	}
	return nil
}
