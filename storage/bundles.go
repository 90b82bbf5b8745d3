package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"daftar/bundle"
	"daftar/model"
	"daftar/plan"
)

// Scope says which articles an export covers. Empty fields do not restrict:
// the zero Scope is the whole archive.
type Scope struct {
	SetID      string   // only the members of this set
	ArticleIDs []string // only these articles (a selection, or a search's hits)
	Types      []string // only annotations of these types
	Annotators []string // only annotations by these annotators
}

func (sc Scope) whole() bool { return sc.SetID == "" && sc.ArticleIDs == nil }

// ExportBundle collects the scope into a bundle: its articles, their
// annotations (filtered by type and annotator), the entities those refer to
// (every entity for a whole-archive export), the schema, and the sets
// restricted to the exported articles.
func (s *Store) ExportBundle(ctx context.Context, sc Scope) (_ *bundle.Bundle, err error) {
	defer wrapOp(&err, "export")
	b := bundle.New()
	conn, done, err := s.readSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if b.Schema, err = readSchema(ctx, conn); err != nil {
		return nil, err
	}

	where, args := "", []any{}
	switch {
	case sc.SetID != "":
		where, args = `WHERE id IN (SELECT article_id FROM set_members WHERE set_id = ?)`, []any{sc.SetID}
	case sc.ArticleIDs != nil:
		where, args = `WHERE id IN (SELECT value FROM json_each(?))`, []any{jsonList(sc.ArticleIDs)}
	}
	arts, err := queryRows(ctx, conn, `SELECT `+articleColumns+` FROM articles `+where+` ORDER BY id`, args,
		func(rows *sql.Rows) (model.Article, error) { return scanArticle(rows) })
	if err != nil {
		return nil, err
	}
	b.Articles = append(b.Articles, arts...) // stays [] in JSON when empty
	ids := map[string]bool{}
	for _, a := range b.Articles {
		ids[a.ID] = true
	}
	tags, err := allTags(ctx, conn)
	if err != nil {
		return nil, err
	}
	for i := range b.Articles {
		b.Articles[i].Tags = tags[b.Articles[i].ID]
	}
	annWhere := `WHERE a.article_id IN (SELECT id FROM articles ` + where + `)`
	if where == "" {
		annWhere = ""
	}
	anns, err := queryAnnotations(ctx, conn, annWhere, args...)
	if err != nil {
		return nil, err
	}
	types, annotators := setOf(sc.Types, strings.ToUpper), setOf(sc.Annotators, nil)
	refs := map[string]bool{}
	for _, a := range anns {
		if (types != nil && !types[strings.ToUpper(a.Type)]) || (annotators != nil && !annotators[a.Annotator]) {
			continue
		}
		b.Annotations = append(b.Annotations, a)
		for _, id := range append([]string{a.EntityID, a.ClaimantID}, a.TargetIDs...) {
			refs[id] = true
		}
	}
	ents, err := queryEntities(ctx, conn, ``)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		if sc.whole() || refs[e.ID] {
			b.Entities = append(b.Entities, e)
		}
	}
	sets, err := querySets(ctx, conn, ``)
	if err != nil {
		return nil, err
	}
	for _, st := range sets {
		if sc.SetID != "" && st.ID != sc.SetID {
			continue
		}
		members, err := setMembers(ctx, conn, st.ID)
		if err != nil {
			return nil, err
		}
		for _, id := range members {
			if ids[id] {
				st.ArticleIDs = append(st.ArticleIDs, id)
			}
		}
		if sc.whole() || len(st.ArticleIDs) > 0 {
			b.Sets = append(b.Sets, st)
		}
	}
	return b, nil
}

func allTags(ctx context.Context, q querier) (map[string][]string, error) {
	out := map[string][]string{}
	err := eachRow(ctx, q, `SELECT article_id, tag FROM article_tags ORDER BY article_id, tag`, nil, func(rows *sql.Rows) error {
		var id, t string
		if err := rows.Scan(&id, &t); err != nil {
			return err
		}
		out[id] = append(out[id], t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func setOf(list []string, norm func(string) string) map[string]bool {
	if len(list) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, x := range list {
		if norm != nil {
			x = norm(x)
		}
		m[x] = true
	}
	return m
}

// BundleReport says what merging a bundle changed.
type BundleReport struct {
	ArticlesAdded      int      `json:"articles_added"`
	ArticlesDuplicate  int      `json:"articles_duplicate"` // same text already stored under another id
	EntitiesAdded      int      `json:"entities_added"`
	EntitiesUpdated    int      `json:"entities_updated"`
	AnnotationsAdded   int      `json:"annotations_added"`
	AnnotationsUpdated int      `json:"annotations_updated"`
	SetsAdded          int      `json:"sets_added"`
	MembersAdded       int      `json:"members_added"`
	Unchanged          int      `json:"unchanged"`
	Skipped            []string `json:"skipped,omitempty"` // invalid records left out under --skip-invalid
}

// InvalidBundleError lists every problem of a rejected bundle.
type InvalidBundleError struct{ Problems []bundle.Problem }

func (e *InvalidBundleError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Message
	}
	return fmt.Sprintf("bundle rejected, %d invalid record(s): %s", len(e.Problems), strings.Join(lines, "; "))
}

// ImportBundle merges a bundle into the archive by id, in one transaction.
// Merging is idempotent: a second import of the same bundle changes nothing.
// Records that exist with other content are replaced when the bundle's copy
// is at least as new (updated_at); an article's text is never replaced.
// An article whose text is already stored under another id is not added and
// the bundle's references to it are moved to the stored one. Unknown label
// types of the bundle's schema are added to the archive's. A bundle with any
// invalid record is rejected whole, with every problem listed, unless
// skipInvalid, when the invalid records are left out and listed. What to
// write is decided by plan.Merge; this gathers its input and applies it.
func (s *Store) ImportBundle(ctx context.Context, actor string, b *bundle.Bundle, skipInvalid bool) (_ *BundleReport, err error) {
	defer wrapOp(&err, "import bundle")
	s.autoBackup(ctx, "merge")
	if err := s.loadSimhashes(ctx); err != nil {
		return nil, err
	}
	rep := &BundleReport{}
	var fresh []simEntry
	err = s.tx(ctx, func(tx *sql.Tx) error {
		have, err := bundleArchive(ctx, tx, b)
		if err != nil {
			return err
		}
		problems := validateBundle(ctx, tx, b, plan.MergeSchema(have.Schema, b.Schema))
		if len(problems) > 0 && !skipInvalid {
			return &InvalidBundleError{problems}
		}
		invalid := map[plan.Key]string{}
		for _, p := range problems {
			invalid[plan.Key{Kind: p.Kind, ID: p.ID}] = p.Message
			rep.Skipped = append(rep.Skipped, p.Message)
		}
		p, err := plan.Merge(have, plan.Incoming{Schema: b.Schema, Articles: b.Articles, Entities: b.Entities,
			Annotations: b.Annotations, Sets: b.Sets, Invalid: invalid})
		if err != nil {
			return err
		}
		fresh, err = s.applyMerge(ctx, tx, newHistory(actor), p, rep)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.noteAdded(fresh)
	return rep, nil
}

// bundleArchive reads what the archive holds of the records b carries.
func bundleArchive(ctx context.Context, tx *sql.Tx, b *bundle.Bundle) (plan.Archive, error) {
	have := plan.Archive{ArticleByFingerprint: map[string]string{}, ArticleTexts: map[string]string{},
		Entities: map[string]model.Entity{}, Annotations: map[string]model.Annotation{}, Sets: map[string]model.Set{},
		Members: map[string][]string{}}
	var err error
	if have.Schema, err = readSchema(ctx, tx); err != nil {
		return have, err
	}
	fps, artIDs := make([]string, len(b.Articles)), make([]string, len(b.Articles))
	for i, a := range b.Articles {
		fps[i], artIDs[i] = model.Fingerprint(a.Text), a.ID
	}
	pairs := func(into map[string]string) func(*sql.Rows) error {
		return func(rows *sql.Rows) error {
			var k, v string
			err := rows.Scan(&k, &v)
			into[k] = v
			return err
		}
	}
	err = inBatches(fps, func(list string) error {
		return eachRow(ctx, tx, `SELECT sha256, id FROM articles WHERE sha256 IN (SELECT value FROM json_each(?))`, []any{list},
			pairs(have.ArticleByFingerprint))
	})
	if err != nil {
		return have, err
	}
	err = inBatches(artIDs, func(list string) error {
		return eachRow(ctx, tx, `SELECT id, text FROM articles WHERE id IN (SELECT value FROM json_each(?))`, []any{list},
			pairs(have.ArticleTexts))
	})
	if err != nil {
		return have, err
	}
	entityID := func(e model.Entity) string { return e.ID }
	if err := storedCopies(ctx, tx, idsOf(b.Entities, entityID), queryEntities, have.Entities, `WHERE e.id`, entityID); err != nil {
		return have, err
	}
	if err := storedCopies(ctx, tx, idsOf(b.Annotations, annotationID), queryAnnotations, have.Annotations, `WHERE a.id`,
		annotationID); err != nil {
		return have, err
	}
	setID := func(st model.Set) string { return st.ID }
	if err := storedCopies(ctx, tx, idsOf(b.Sets, setID), querySets, have.Sets, `WHERE id`, setID); err != nil {
		return have, err
	}
	for _, st := range b.Sets {
		if have.Members[st.ID], err = setMembers(ctx, tx, st.ID); err != nil {
			return have, err
		}
	}
	return have, nil
}

func annotationID(a model.Annotation) string { return a.ID }

func idsOf[T any](recs []T, id func(T) string) []string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = id(r)
	}
	return ids
}

// storedCopies reads the archive's copies of the records ids into by id,
// with query (queryEntities, ...) and where, the condition on the id
// column to which " IN (a list)" is added.
func storedCopies[T any](ctx context.Context, tx *sql.Tx, ids []string,
	query func(context.Context, querier, string, ...any) ([]T, error), into map[string]T, where string, id func(T) string) error {
	return inBatches(ids, func(list string) error {
		stored, err := query(ctx, tx, where+` IN (SELECT value FROM json_each(?))`, list)
		for _, r := range stored {
			into[id(r)] = r
		}
		return err
	})
}

// inBatches calls fn with the ids as JSON lists of at most batchSize.
func inBatches(ids []string, fn func(list string) error) error {
	for i := 0; i < len(ids); i += batchSize {
		if err := fn(jsonList(ids[i:min(i+batchSize, len(ids))])); err != nil {
			return err
		}
	}
	return nil
}

// validateBundle checks b's records against the schema they will be
// stored under and the archive's articles and entities.
func validateBundle(ctx context.Context, tx *sql.Tx, b *bundle.Bundle, schema model.Schema) []bundle.Problem {
	lookup := func(id string) (string, bool) {
		t, err := articleText(ctx, tx, id)
		return t, err == nil
	}
	entityExists := func(id string) bool {
		var n int
		return tx.QueryRowContext(ctx, `SELECT 1 FROM entities WHERE id = ?`, id).Scan(&n) == nil
	}
	return b.Validate(schema, lookup, entityExists)
}

// applyMerge writes a merge plan and counts what it did into rep; it
// returns the simhashes of the articles added, to cache after commit.
func (s *Store) applyMerge(ctx context.Context, tx *sql.Tx, h *history, p *plan.Plan, rep *BundleReport) ([]simEntry, error) {
	if p.Schema != nil {
		if err := writeSchema(ctx, tx, p.Schema); err != nil {
			return nil, fmt.Errorf("bundle schema: %w", err)
		}
	}
	var newArticles []model.Article
	for _, c := range p.Articles {
		switch {
		case c.Action == plan.Add:
			newArticles = append(newArticles, c.New)
		case c.Into != "":
			rep.ArticlesDuplicate++
		case c.Action == plan.Unchanged:
			rep.Unchanged++
		}
	}
	results, fresh, err := s.insertArticles(ctx, tx, newArticles)
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		if r.Status == Added {
			rep.ArticlesAdded++
		} else {
			rep.ArticlesDuplicate++
		}
	}
	n, err := applyChanges(ctx, tx, h, "entity", p.Entities,
		func(e *model.Entity) error { return writeEntity(ctx, tx, e, false) },
		func(e *model.Entity) error { return writeEntity(ctx, tx, e, true) })
	if err != nil {
		return nil, err
	}
	rep.EntitiesAdded, rep.EntitiesUpdated, rep.Unchanged = n.added, n.updated, rep.Unchanged+n.unchanged
	n, err = applyChanges(ctx, tx, h, "annotation", p.Annotations,
		func(a *model.Annotation) error { return insertAnnotation(ctx, tx, a) },
		func(a *model.Annotation) error { return updateAnnotationRow(ctx, tx, a) })
	if err != nil {
		return nil, err
	}
	rep.AnnotationsAdded, rep.AnnotationsUpdated, rep.Unchanged = n.added, n.updated, rep.Unchanged+n.unchanged
	return fresh, applySets(ctx, tx, h, p.Sets, rep)
}

// counts is how many changes applyChanges made of each kind.
type counts struct{ added, updated, unchanged int }

// applyChanges writes the added and updated records of a plan, each with
// its history entry, and counts them with the unchanged ones. insert may
// be nil for a plan that adds none.
func applyChanges[T any](ctx context.Context, tx *sql.Tx, h *history, kind string, changes []plan.Change[T],
	insert, update func(*T) error) (counts, error) {
	var n counts
	for _, c := range changes {
		rec := c.New
		switch c.Action {
		case plan.Add:
			if err := insert(&rec); err != nil {
				return n, err
			}
			if err := h.record(ctx, tx, model.ActionCreate, kind, c.ID, nil, &rec); err != nil {
				return n, err
			}
			n.added++
		case plan.Update:
			if err := update(&rec); err != nil {
				return n, err
			}
			if err := h.record(ctx, tx, model.ActionUpdate, kind, c.ID, c.Old, &rec); err != nil {
				return n, err
			}
			n.updated++
		case plan.Unchanged:
			n.unchanged++
		}
	}
	return n, nil
}

// applySets creates the planned sets and adds their new members.
func applySets(ctx context.Context, tx *sql.Tx, h *history, changes []plan.SetChange, rep *BundleReport) error {
	for _, c := range changes {
		st := c.New
		if c.Action == plan.Skip {
			continue
		}
		if c.Action == plan.Add {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sets(id, name, query, note, created_at) VALUES (?,?,?,?,?)`,
				st.ID, st.Name, st.Query, st.Note, formatTime(st.CreatedAt)); err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("set %s: another set named %q %w in the archive", st.ID, st.Name, ErrExists)
				}
				return err
			}
			rep.SetsAdded++
			if err := h.record(ctx, tx, model.ActionCreate, "set", st.ID, nil, &st); err != nil {
				return err
			}
		}
		if err := addMembers(ctx, tx, h, st.ID, c.NewMembers); err != nil {
			return err
		}
		rep.MembersAdded += len(c.NewMembers)
	}
	return nil
}

func jsonList(ids []string) string {
	b, _ := json.Marshal(ids) // a []string always marshals
	return string(b)
}
