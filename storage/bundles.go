package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"daftar/bundle"
	"daftar/model"
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
func (s *Store) ExportBundle(ctx context.Context, sc Scope) (*bundle.Bundle, error) {
	b := bundle.New()
	// One read transaction gives a consistent snapshot while imports go on.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return nil, err
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
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
// skipInvalid, when the invalid records are left out and listed.
func (s *Store) ImportBundle(ctx context.Context, actor string, b *bundle.Bundle, skipInvalid bool) (*BundleReport, error) {
	if err := s.loadSimhashes(ctx); err != nil {
		return nil, err
	}
	rep := &BundleReport{}
	var fresh []simEntry
	err := s.tx(ctx, func(tx *sql.Tx) error {
		schema, err := readSchema(ctx, tx)
		if err != nil {
			return err
		}
		if merged := mergeSchema(schema, b.Schema); len(merged) != len(schema) {
			if err := writeSchema(ctx, tx, merged); err != nil {
				return fmt.Errorf("bundle schema: %w", err)
			}
			schema = merged
		}
		// Articles in the archive with the same text as a bundle article under
		// another id: references are remapped to them. So are later copies of
		// a text the bundle itself carries twice, to its first valid copy.
		remap := map[string]string{}
		firstWithText := map[string]string{}
		for _, a := range b.Articles {
			fp := model.Fingerprint(a.Text)
			var id string
			err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE sha256 = ?`, fp).Scan(&id)
			switch {
			case err == nil && id != a.ID:
				remap[a.ID] = id
			case err != nil && !errors.Is(err, sql.ErrNoRows):
				return err
			case err != nil && a.Validate() == nil:
				if first, ok := firstWithText[fp]; ok && first != a.ID {
					remap[a.ID] = first
				} else {
					firstWithText[fp] = a.ID
				}
			}
		}
		lookup := func(id string) (string, bool) {
			t, err := articleText(ctx, tx, id)
			return t, err == nil
		}
		entityExists := func(id string) bool {
			var n int
			return tx.QueryRowContext(ctx, `SELECT 1 FROM entities WHERE id = ?`, id).Scan(&n) == nil
		}
		problems := b.Validate(schema, lookup, entityExists)
		if len(problems) > 0 && !skipInvalid {
			return &InvalidBundleError{problems}
		}
		bad := map[string]bool{}
		for _, p := range problems {
			bad[p.Kind+"/"+p.ID] = true
			rep.Skipped = append(rep.Skipped, p.Message)
		}
		h := newHistory(actor)

		var newArticles []model.Article
		for _, a := range b.Articles {
			if bad["article/"+a.ID] {
				continue
			}
			if _, ok := remap[a.ID]; ok {
				rep.ArticlesDuplicate++
				continue
			}
			var text string
			switch err := tx.QueryRowContext(ctx, `SELECT text FROM articles WHERE id = ?`, a.ID).Scan(&text); {
			case errors.Is(err, sql.ErrNoRows):
				newArticles = append(newArticles, a)
			case err != nil:
				return err
			case text != a.Text:
				return fmt.Errorf("article %s exists with another text; an article's text never changes", a.ID)
			default:
				rep.Unchanged++
			}
		}
		results, added, err := s.insertArticles(ctx, tx, newArticles)
		if err != nil {
			return err
		}
		fresh = added
		for _, r := range results {
			if r.Status == Added {
				rep.ArticlesAdded++
			} else {
				rep.ArticlesDuplicate++
			}
		}

		for i := range b.Entities {
			e := b.Entities[i]
			e.Type = canonicalType(schema, e.Type)
			if bad["entity/"+e.ID] {
				continue
			}
			if e.Aliases == nil {
				e.Aliases = []model.Alias{}
			}
			old, err := getEntity(ctx, tx, e.ID)
			switch {
			case errors.Is(err, ErrNotFound):
				if err := writeEntity(ctx, tx, &e, false); err != nil {
					return err
				}
				rep.EntitiesAdded++
				if err := h.record(ctx, tx, model.ActionCreate, "entity", e.ID, nil, &e); err != nil {
					return err
				}
			case err != nil:
				return err
			case reflect.DeepEqual(*old, e) || old.UpdatedAt.After(e.UpdatedAt):
				rep.Unchanged++
			default:
				if err := writeEntity(ctx, tx, &e, true); err != nil {
					return err
				}
				rep.EntitiesUpdated++
				if err := h.record(ctx, tx, model.ActionUpdate, "entity", e.ID, old, &e); err != nil {
					return err
				}
			}
		}

		for i := range b.Annotations {
			a := b.Annotations[i]
			a.Type = canonicalType(schema, a.Type)
			if bad["annotation/"+a.ID] {
				continue
			}
			if to, ok := remap[a.ArticleID]; ok {
				a.ArticleID = to
			}
			old, err := getAnnotation(ctx, tx, a.ID)
			switch {
			case errors.Is(err, ErrNotFound):
				if err := insertAnnotation(ctx, tx, &a); err != nil {
					return err
				}
				rep.AnnotationsAdded++
				if err := h.record(ctx, tx, model.ActionCreate, "annotation", a.ID, nil, &a); err != nil {
					return err
				}
			case err != nil:
				return err
			case sameAnnotation(old, &a) || old.UpdatedAt.After(a.UpdatedAt):
				rep.Unchanged++
			default:
				if err := updateAnnotationRow(ctx, tx, &a); err != nil {
					return err
				}
				rep.AnnotationsUpdated++
				if err := h.record(ctx, tx, model.ActionUpdate, "annotation", a.ID, old, &a); err != nil {
					return err
				}
			}
		}

		for _, st := range b.Sets {
			if bad["set/"+st.ID] {
				continue
			}
			existing, err := querySets(ctx, tx, `WHERE id = ?`, st.ID)
			if err != nil {
				return err
			}
			if len(existing) == 0 {
				members := st.ArticleIDs
				st.ArticleIDs = nil
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
				st.ArticleIDs = members
			}
			before, err := setMembers(ctx, tx, st.ID)
			if err != nil {
				return err
			}
			var ids []string
			for _, id := range st.ArticleIDs {
				if to, ok := remap[id]; ok {
					id = to
				}
				ids = append(ids, id)
			}
			if err := addMembers(ctx, tx, h, st.ID, ids); err != nil {
				return err
			}
			after, err := setMembers(ctx, tx, st.ID)
			if err != nil {
				return err
			}
			rep.MembersAdded += len(after) - len(before)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.noteAdded(fresh)
	return rep, nil
}

// sameAnnotation compares the stored and incoming copies field by field;
// a nil and an empty target list are the same.
func sameAnnotation(a, b *model.Annotation) bool {
	x, y := *a, *b
	if len(x.TargetIDs) == 0 && len(y.TargetIDs) == 0 {
		x.TargetIDs, y.TargetIDs = nil, nil
	}
	return reflect.DeepEqual(x, y)
}

// mergeSchema appends to the archive's schema the bundle's types it lacks,
// without a hotkey that would clash.
func mergeSchema(have, incoming model.Schema) model.Schema {
	out := append(model.Schema{}, have...)
	keys := map[string]bool{}
	for _, t := range have {
		keys[t.Hotkey] = true
	}
	for _, t := range incoming {
		if _, ok := out.Lookup(t.Name); ok {
			continue
		}
		if keys[t.Hotkey] {
			t.Hotkey = ""
		}
		keys[t.Hotkey] = true
		out = append(out, t)
	}
	return out
}

func jsonList(ids []string) string {
	b, _ := json.Marshal(ids) // a []string always marshals
	return string(b)
}

// canonicalType returns the schema's spelling of a type name, so that "gpe"
// from another tool is stored as "GPE".
func canonicalType(schema model.Schema, name string) string {
	if lt, ok := schema.Lookup(name); ok {
		return lt.Name
	}
	return name
}
