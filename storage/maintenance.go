package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"daftar/model"
)

// Stats counts what the archive holds.
type Stats struct {
	Path          string         `json:"path"`
	SchemaVersion int            `json:"schema_version"`
	Articles      int            `json:"articles"`
	Annotations   int            `json:"annotations"`
	Claims        int            `json:"claims"`
	Entities      int            `json:"entities"`
	Sets          int            `json:"sets"`
	HistoryRows   int            `json:"history_rows"`
	Languages     map[string]int `json:"languages"`
	Types         map[string]int `json:"annotation_types"`
	SizeBytes     int64          `json:"size_bytes"`
}

// Stats counts articles, annotations, entities and sets.
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	st := &Stats{Path: s.path, Languages: map[string]int{}, Types: map[string]int{}}
	if err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM annotations),
		(SELECT count(*) FROM annotations WHERE kind = 'claim'), (SELECT count(*) FROM entities),
		(SELECT count(*) FROM sets), (SELECT count(*) FROM history), (SELECT user_version FROM pragma_user_version)`).
		Scan(&st.Articles, &st.Annotations, &st.Claims, &st.Entities, &st.Sets, &st.HistoryRows, &st.SchemaVersion); err != nil {
		return nil, err
	}
	for q, m := range map[string]map[string]int{
		`SELECT language, count(*) FROM articles GROUP BY language`: st.Languages,
		`SELECT type, count(*) FROM annotations GROUP BY type`:      st.Types,
	} {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if k == "" {
				k = "unknown"
			}
			m[k] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if fi, err := os.Stat(s.path); err == nil {
		st.SizeBytes = fi.Size()
	}
	return st, nil
}

// Check runs SQLite's integrity and foreign-key checks and verifies every
// annotation's quote against its article's text. It returns the problems
// found; none means the archive is sound.
func (s *Store) Check(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, "integrity: "+line)
		}
	}
	rows.Close()
	fk, err := s.db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	for fk.Next() {
		var table, parent string
		var rowid, idx any
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			fk.Close()
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign key: %s row %v points to a missing %s", table, rowid, parent))
	}
	fk.Close()
	var articles, indexed int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_fts)`).Scan(&articles, &indexed); err != nil {
		return nil, err
	}
	if articles != indexed {
		problems = append(problems, fmt.Sprintf("search index holds %d entries for %d articles (run reindex)", indexed, articles))
	}
	// Every article's fingerprint must still match its text: the text is
	// immutable, and dedupe relies on the hash.
	hrows, err := s.db.QueryContext(ctx, `SELECT id, text, sha256 FROM articles`)
	if err != nil {
		return nil, err
	}
	for hrows.Next() {
		var id, text, sha string
		if err := hrows.Scan(&id, &text, &sha); err != nil {
			hrows.Close()
			return nil, err
		}
		if model.Fingerprint(text) != sha {
			problems = append(problems, fmt.Sprintf("article %s: sha256 does not match its text", id))
		}
	}
	hrows.Close()
	if err := hrows.Err(); err != nil {
		return nil, err
	}
	schema, err := s.Schema(ctx)
	if err != nil {
		return nil, err
	}
	arows, err := s.db.QueryContext(ctx, `SELECT id, text FROM articles WHERE id IN (SELECT DISTINCT article_id FROM annotations) ORDER BY id`)
	if err != nil {
		return nil, err
	}
	texts := map[string]string{}
	for arows.Next() {
		var id, text string
		if err := arows.Scan(&id, &text); err != nil {
			arows.Close()
			return nil, err
		}
		texts[id] = text
	}
	arows.Close()
	anns, err := queryAnnotations(ctx, s.db, ``)
	if err != nil {
		return nil, err
	}
	for i := range anns {
		if err := anns[i].Validate(texts[anns[i].ArticleID], schema); err != nil {
			problems = append(problems, err.Error())
		}
	}
	return problems, nil
}

// Reindex rebuilds the search index, e.g. after `check` reports it stale.
func (s *Store) Reindex(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return reindexAll(ctx, tx) })
}

// Backup writes a consistent copy of the archive to path with VACUUM INTO,
// which works while the archive is in use. An existing file is not replaced.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup %s: file exists", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
}
