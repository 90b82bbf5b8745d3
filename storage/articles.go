package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"daftar/model"
	"daftar/textnorm"
)

// AddStatus says what happened to one article given to AddArticles.
type AddStatus string

const (
	Added     AddStatus = "imported"
	Duplicate AddStatus = "duplicate"
)

// Why an article is a duplicate (AddResult.DuplicateBy).
const (
	SameText  = "text"
	SameDocID = "doc_id"
)

// AddResult reports one article of an AddArticles call. SimilarTo is set for
// an added article that looks like a lightly edited copy of an earlier one.
type AddResult struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Status      AddStatus `json:"status"`
	DuplicateOf string    `json:"duplicate_of,omitempty"`
	DuplicateBy string    `json:"duplicate_by,omitempty"` // SameText or SameDocID
	SimilarTo   string    `json:"similar_to,omitempty"`
	Similarity  float64   `json:"similarity,omitempty"`
}

// SimilarThreshold is the simhash similarity from which an article is
// flagged as a near-duplicate of an earlier one.
const SimilarThreshold = 0.90

// AddArticles stores articles in one transaction: all of them or none.
// Articles whose canonical text, or news database id (Article.DocID), is
// already in the archive (or earlier in the same call) are not stored and
// come back as duplicates. Missing ids,
// fingerprints, simhashes and import times are filled in.
func (s *Store) AddArticles(ctx context.Context, articles []model.Article) (_ []AddResult, err error) {
	defer wrapOp(&err, "add %d article(s)", len(articles))
	if err := s.loadSimhashes(ctx); err != nil {
		return nil, err
	}
	var results []AddResult
	var fresh []simEntry
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		results, fresh, err = s.insertArticles(ctx, tx, articles)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.noteAdded(fresh)
	return results, nil
}

// noteAdded adds committed articles to the near-duplicate cache.
func (s *Store) noteAdded(fresh []simEntry) {
	s.simMu.Lock()
	if s.simhashes != nil {
		s.simhashes.add(fresh)
	}
	s.simMu.Unlock()
}

// insertArticles does the work of AddArticles inside tx and returns the
// simhashes of the stored articles, to be cached once tx commits.
func (s *Store) insertArticles(ctx context.Context, tx *sql.Tx, articles []model.Article) ([]AddResult, []simEntry, error) {
	results := make([]AddResult, len(articles))
	var fresh []simEntry
	seen := map[string]string{}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO articles
		(id, title, text, source, url, author, published, place, language, direction, sha256, simhash, origin_file, origin_format, notes, imported_at, doc_id)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return nil, nil, err
	}
	defer ins.Close()
	dup, err := tx.PrepareContext(ctx, `SELECT id FROM articles WHERE sha256 = ?`)
	if err != nil {
		return nil, nil, err
	}
	defer dup.Close()
	dupDoc, err := tx.PrepareContext(ctx, `SELECT id FROM articles WHERE doc_id = ?`)
	if err != nil {
		return nil, nil, err
	}
	defer dupDoc.Close()
	idx, err := newIndexer(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	defer idx.close()
	stamp := formatTime(now())
	forms, stop := prepareForms(articles)
	defer stop()
	for i := range articles {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		f := <-forms
		a := articles[i] // a copy: the caller's slice is not modified
		if a.ID == "" {
			a.ID = model.NewID()
		}
		if a.SHA256 == "" {
			a.SHA256 = f.sha256
		}
		if err := a.Validate(); err != nil {
			return nil, nil, fmt.Errorf("article %d (%q): %w", i+1, a.Title, err)
		}
		r := &results[i]
		r.ID, r.Title = a.ID, a.Title
		other, by, err := findDuplicate(ctx, seen, dup, dupDoc, a)
		if err != nil {
			return nil, nil, err
		}
		if other != "" {
			r.Status, r.DuplicateOf, r.DuplicateBy = Duplicate, other, by
			continue
		}
		if a.SimHash == 0 {
			a.SimHash = f.simhash
		}
		if id, sim := s.mostSimilar(a.SimHash, fresh); sim >= SimilarThreshold {
			r.SimilarTo, r.Similarity = id, sim
		}
		imported := stamp
		if !a.ImportedAt.IsZero() {
			imported = formatTime(a.ImportedAt)
		}
		res, err := ins.ExecContext(ctx, a.ID, a.Title, a.Text, a.Source, a.URL, a.Author, a.Published, a.Place,
			a.Language, string(a.Direction), a.SHA256, int64(a.SimHash), a.Origin.File, a.Origin.Format, a.Notes, imported, a.DocID)
		if err != nil {
			return nil, nil, fmt.Errorf("article %d (%q): %w", i+1, a.Title, err)
		}
		seq, err := res.LastInsertId()
		if err != nil {
			return nil, nil, err
		}
		if err := idx.addForms(ctx, seq, f.index); err != nil {
			return nil, nil, err
		}
		if err := insertTags(ctx, tx, a.ID, a.Tags); err != nil {
			return nil, nil, err
		}
		seen[a.SHA256] = a.ID
		if a.DocID != "" {
			seen["doc:"+a.DocID] = a.ID
		}
		fresh = append(fresh, simEntry{a.ID, a.SimHash})
		r.Status = Added
	}
	return results, fresh, nil
}

// findDuplicate finds an article with a's text or a's database id, in the
// archive or earlier in the same call (seen), and says which matched.
func findDuplicate(ctx context.Context, seen map[string]string, dup, dupDoc *sql.Stmt, a model.Article) (id, by string, err error) {
	if other, ok := seen[a.SHA256]; ok {
		return other, SameText, nil
	}
	if other, ok := seen["doc:"+a.DocID]; ok && a.DocID != "" {
		return other, SameDocID, nil
	}
	switch err := dup.QueryRowContext(ctx, a.SHA256).Scan(&id); {
	case err == nil:
		return id, SameText, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", "", err
	}
	if a.DocID == "" {
		return "", "", nil
	}
	switch err := dupDoc.QueryRowContext(ctx, a.DocID).Scan(&id); {
	case err == nil:
		return id, SameDocID, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", "", err
	}
	return "", "", nil
}

// articleForms is what storing an article computes from its text alone.
type articleForms struct {
	sha256  string // model.Fingerprint, or "" when the article has one
	simhash uint64
	index   [4]string // the indexed columns, see indexer
}

// prepareForms computes the forms of articles, in order, on another
// goroutine: folding, stemming and hashing then run on the second core
// while SQLite stores the previous articles. stop ends it early.
func prepareForms(articles []model.Article) (<-chan articleForms, func()) {
	out := make(chan articleForms, 32)
	done := make(chan struct{})
	go func() {
		for i := range articles {
			a := &articles[i]
			var f articleForms
			if a.SHA256 == "" {
				f.sha256 = model.Fingerprint(a.Text)
			}
			f.index = indexForms(a.Title, a.Text)
			f.simhash = textnorm.SimHashFolded(f.index[1])
			select {
			case out <- f:
			case <-done:
				return
			}
		}
	}()
	return out, func() { close(done) }
}

func insertTags(ctx context.Context, tx *sql.Tx, articleID string, tags []string) error {
	for _, t := range tags {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO article_tags(article_id, tag) VALUES (?, ?)`, articleID, t); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) loadSimhashes(ctx context.Context) error {
	s.simMu.Lock()
	defer s.simMu.Unlock()
	if s.simhashes != nil {
		return nil
	}
	list, err := queryRows(ctx, s.db, `SELECT id, simhash FROM articles WHERE simhash != 0`, nil, func(rows *sql.Rows) (simEntry, error) {
		var e simEntry
		var h int64
		err := rows.Scan(&e.id, &h)
		e.hash = uint64(h)
		return e, err
	})
	if err != nil {
		return err
	}
	s.simhashes = newSimIndex(list)
	return nil
}

// mostSimilar looks h up among the stored simhashes, then scans the ones
// added earlier in the same transaction. Below SimilarThreshold it may
// return "", 0 instead of the best match.
func (s *Store) mostSimilar(h uint64, pending []simEntry) (string, float64) {
	s.simMu.Lock()
	best, bestSim := s.simhashes.mostSimilar(h)
	s.simMu.Unlock()
	for _, e := range pending {
		if sim := textnorm.Similarity(h, e.hash); sim > bestSim {
			best, bestSim = e.id, sim
		}
	}
	return best, bestSim
}

const articleColumns = `id, title, text, source, url, author, published, place, language, direction, sha256, simhash, origin_file, origin_format, notes, imported_at`

func scanArticle(sc interface{ Scan(...any) error }) (model.Article, error) {
	var a model.Article
	var dir, imported string
	var h int64
	err := sc.Scan(&a.ID, &a.Title, &a.Text, &a.Source, &a.URL, &a.Author, &a.Published, &a.Place, &a.Language,
		&dir, &a.SHA256, &h, &a.Origin.File, &a.Origin.Format, &a.Notes, &imported)
	a.Direction, a.SimHash, a.ImportedAt = model.Direction(dir), uint64(h), parseTime(imported)
	return a, err
}

// Article returns one article with its tags.
func (s *Store) Article(ctx context.Context, id string) (_ *model.Article, err error) {
	defer wrapOp(&err, "read article %s", id)
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	tags, err := s.tags(ctx, id)
	a.Tags = tags
	return &a, err
}

func (s *Store) tags(ctx context.Context, articleID string) ([]string, error) {
	return queryStrings(ctx, s.db, `SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag`, articleID)
}

// queryStrings runs a query of one text column and returns its values.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	return queryRows(ctx, q, query, args, func(rows *sql.Rows) (string, error) {
		var v string
		err := rows.Scan(&v)
		return v, err
	})
}

// UpdateArticleMeta changes an article's metadata (never its text, which
// annotation offsets point into) and reindexes its title.
func (s *Store) UpdateArticleMeta(ctx context.Context, a model.Article) (err error) {
	defer wrapOp(&err, "update article %s", a.ID)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var seq int64
		var text string
		err := tx.QueryRowContext(ctx, `SELECT seq, text FROM articles WHERE id = ?`, a.ID).Scan(&seq, &text)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("article %s: %w", a.ID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if a.Published != "" && !model.ValidDate(a.Published) {
			return fmt.Errorf("published date %q is not ISO 8601", a.Published)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET title=?, source=?, url=?, author=?, published=?, place=?, language=?, notes=? WHERE id=?`,
			a.Title, a.Source, a.URL, a.Author, a.Published, a.Place, a.Language, a.Notes, a.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id = ?`, a.ID); err != nil {
			return err
		}
		if err := insertTags(ctx, tx, a.ID, a.Tags); err != nil {
			return err
		}
		idx, err := newIndexer(ctx, tx)
		if err != nil {
			return err
		}
		defer idx.close()
		return idx.replace(ctx, seq, a.Title, text)
	})
}

// DeleteArticle removes an article with its annotations, memberships and
// index entry. Annotation deletions are recorded in the history.
func (s *Store) DeleteArticle(ctx context.Context, actor, id string) (err error) {
	defer wrapOp(&err, "delete article %s", id)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var seq int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM articles WHERE id = ?`, id).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("article %s: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		anns, err := queryAnnotations(ctx, tx, `WHERE a.article_id = ?`, id)
		if err != nil {
			return err
		}
		h := newHistory(actor)
		for i := range anns {
			if err := h.record(ctx, tx, model.ActionDelete, "annotation", anns[i].ID, &anns[i], nil); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_fts WHERE rowid = ?`, seq); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM articles WHERE seq = ?`, seq)
		return err
	})
}

// ArticleByFingerprint finds the article whose canonical text has this
// SHA-256 (see model.Fingerprint).
func (s *Store) ArticleByFingerprint(ctx context.Context, sha string) (_ *model.Article, err error) {
	defer wrapOp(&err, "find the article with fingerprint %s", sha)
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE sha256 = ?`, sha))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article with sha256 %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}
