package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
func (s *Store) Stats(ctx context.Context) (_ *Stats, err error) {
	defer wrapOp(&err, "count the archive")
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
		err := eachRow(ctx, s.db, q, nil, func(rows *sql.Rows) error {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			if k == "" {
				k = "unknown"
			}
			m[k] = n
			return nil
		})
		if err != nil {
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
	err := eachRow(ctx, s.db, `PRAGMA integrity_check`, nil, func(rows *sql.Rows) error {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, "integrity: "+line)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check integrity: %w", err)
	}
	err = eachRow(ctx, s.db, `PRAGMA foreign_key_check`, nil, func(rows *sql.Rows) error {
		var table, parent string
		var rowid, idx any
		if err := rows.Scan(&table, &rowid, &parent, &idx); err != nil {
			return err
		}
		problems = append(problems, fmt.Sprintf("foreign key: %s row %v points to a missing %s", table, rowid, parent))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check foreign keys: %w", err)
	}
	var articles, indexed int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_fts)`).Scan(&articles, &indexed); err != nil {
		return nil, fmt.Errorf("check search index: %w", err)
	}
	if articles != indexed {
		problems = append(problems, fmt.Sprintf("search index holds %d entries for %d articles (run reindex)", indexed, articles))
	}
	// Every article's fingerprint must still match its text: the text is
	// immutable, and dedupe relies on the hash.
	err = eachRow(ctx, s.db, `SELECT id, text, sha256 FROM articles`, nil, func(rows *sql.Rows) error {
		var id, text, sha string
		if err := rows.Scan(&id, &text, &sha); err != nil {
			return err
		}
		if model.Fingerprint(text) != sha {
			problems = append(problems, fmt.Sprintf("article %s: sha256 does not match its text", id))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check fingerprints: %w", err)
	}
	annProblems, err := s.checkAnnotations(ctx)
	if err != nil {
		return nil, fmt.Errorf("check annotations: %w", err)
	}
	return append(problems, annProblems...), nil
}

// checkAnnotations validates every annotation against its article's text
// and the schema.
func (s *Store) checkAnnotations(ctx context.Context) ([]string, error) {
	schema, err := s.Schema(ctx)
	if err != nil {
		return nil, err
	}
	texts := map[string]string{}
	err = eachRow(ctx, s.db, `SELECT id, text FROM articles WHERE id IN (SELECT DISTINCT article_id FROM annotations) ORDER BY id`, nil,
		func(rows *sql.Rows) error {
			var id, text string
			if err := rows.Scan(&id, &text); err != nil {
				return err
			}
			texts[id] = text
			return nil
		})
	if err != nil {
		return nil, err
	}
	anns, err := queryAnnotations(ctx, s.db, ``)
	if err != nil {
		return nil, err
	}
	var problems []string
	for i := range anns {
		if err := anns[i].Validate(texts[anns[i].ArticleID], schema); err != nil {
			problems = append(problems, err.Error())
		}
	}
	return problems, nil
}

// Reindex rebuilds the search index, e.g. after `check` reports it stale.
func (s *Store) Reindex(ctx context.Context) (err error) {
	defer wrapOp(&err, "rebuild the search index")
	return s.tx(ctx, func(tx *sql.Tx) error { return reindexAll(ctx, tx) })
}

// Backup writes a consistent copy of the archive to path with VACUUM INTO,
// which works while the archive is in use. An existing file is not replaced.
// The copy is written under a temporary name in the same folder and renamed
// when complete, so a failure (full disk, damaged archive) leaves no file
// that looks like a backup.
func (s *Store) Backup(ctx context.Context, path string) error { return backupDB(ctx, s.db, path) }

func backupDB(ctx context.Context, db *sql.DB, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup %s: file exists", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	tmp, err := tempName(path)
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := writeBackup(ctx, db, tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
}

func writeBackup(ctx context.Context, db *sql.DB, tmp, path string) error {
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return err
	}
	// VACUUM INTO does not sync its output; the rename must not publish
	// a file whose content is still only in the page cache.
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return errors.New("file exists")
	}
	return os.Rename(tmp, path)
}

// tempName picks an unused name next to path. The file is removed again so
// that SQLite creates it with the usual permissions rather than 0600.
func tempName(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}
