package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"daftar/model"
)

func TestOpenEmptyMigratesToCurrent(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	var v int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() || v < 2 {
		t.Errorf("user_version = %d, want SchemaVersion() = %d (>= 2)", v, SchemaVersion())
	}
	schema, err := s.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(schema, model.DefaultSchema()) {
		t.Errorf("schema of a new archive = %v, want the default %v", schema, model.DefaultSchema())
	}
	for _, table := range []string{"articles", "annotations", "entities", "sets", "history", "article_fts"} {
		if n := countRows(t, s.db, table); n != 0 {
			t.Errorf("%s holds %d rows in a new archive", table, n)
		}
	}
	mustCheck(t, s)

	// Opening it again changes nothing and migrates nothing.
	s.Close()
	s2, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st, err := s2.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.SchemaVersion != SchemaVersion() || st.HistoryRows != 0 {
		t.Errorf("reopened: version %d, %d history rows", st.SchemaVersion, st.HistoryRows)
	}
}

// TestOpenMigratesVersion1 builds a version-1 archive by hand (only the first
// migration, articles inserted with SQL) and checks that Open brings it to
// the current version with every article in the search index.
func TestOpenMigratesVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	core, err := migrationFiles.ReadFile("migrations/0001_core.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, string(core)); err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"قال إيلي كوهين إن إيران وراء محاولة الهجوم على السفارة الإسرائيلية في أذربيجان.",
		"The minister said on Sunday that talks in Baku would continue.",
	}
	ids := []string{model.NewID(), model.NewID()}
	for i, text := range texts {
		if _, err := raw.ExecContext(ctx, `INSERT INTO articles(id, title, text, sha256, imported_at) VALUES (?,?,?,?,?)`,
			ids[i], fmt.Sprintf("article %d", i), text, model.Fingerprint(text), "2024-01-02T03:04:05.000Z"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.ExecContext(ctx, `PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open a version-1 archive: %v", err)
	}
	defer s.Close()
	var v int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() {
		t.Fatalf("user_version after migration = %d, want %d", v, SchemaVersion())
	}
	if n := countRows(t, s.db, "article_fts"); n != len(texts) {
		t.Errorf("article_fts holds %d rows, want %d", n, len(texts))
	}
	for _, c := range []struct{ query, wantID string }{
		{`text_fold : "ايران"`, ids[0]}, // stored as إيران: found only through folding
		{`text_fold : "baku"`, ids[1]},
		{`title_fold : "article" AND text_fold : "minister"`, ids[1]},
	} {
		var got string
		err := s.db.QueryRowContext(ctx, `SELECT a.id FROM article_fts f JOIN articles a ON a.seq = f.rowid WHERE article_fts MATCH ?`, c.query).Scan(&got)
		if err != nil {
			t.Errorf("MATCH %s: %v", c.query, err)
		} else if got != c.wantID {
			t.Errorf("MATCH %s found %s, want %s", c.query, got, c.wantID)
		}
	}
	got, err := s.Article(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != texts[0] {
		t.Errorf("text changed by the migration")
	}
	mustCheck(t, s)
}

// makeRawDB creates a SQLite file by running stmts on a plain connection.
func makeRawDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestOpenRefusesForeignArchives: a newer Daftar archive and a database of
// another program are refused and left byte for byte as they were (no WAL
// conversion, no migration, no stray files).
func TestOpenRefusesForeignArchives(t *testing.T) {
	cases := []struct {
		name    string
		stmts   []string
		wantErr func(error) bool
	}{
		{"newer archive", []string{
			`CREATE TABLE articles (seq INTEGER PRIMARY KEY, id TEXT)`,
			`INSERT INTO articles(id) VALUES ('x')`,
			fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion()+1),
		}, func(err error) bool { return errors.Is(err, ErrNewerArchive) }},
		{"other program's database", []string{
			`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)`,
			`INSERT INTO customers(name) VALUES ('Ada')`,
		}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "not a Daftar archive") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "x.db")
			makeRawDB(t, path, c.stmts...)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !c.wantErr(err) {
				t.Fatalf("Open: unexpected error %v", err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("refused file was modified (%d bytes before, %d after; journal mode byte %d -> %d)",
					len(before), len(after), before[18], after[18])
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("files left next to the refused archive: %v", names)
			}
		})
	}
}

// TestOpenMigratesEveryOlderVersion builds an archive at each older version
// with the migrations of that time (their SQL and Go steps), holding
// articles, an annotation and its history row, and checks that Open brings
// it to the current version with nothing lost and Check clean.
func TestOpenMigratesEveryOlderVersion(t *testing.T) {
	ctx := context.Background()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for version := 1; version < len(ms); version++ {
		t.Run(fmt.Sprintf("from %d", version), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			tx, err := raw.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms[:version] {
				if _, err := tx.ExecContext(ctx, m.sql); err != nil {
					t.Fatalf("%s: %v", m.name, err)
				}
				if m.post != nil {
					if err := m.post(ctx, tx); err != nil {
						t.Fatalf("%s: %v", m.name, err)
					}
				}
				if m.version == 1 {
					if err := writeSchema(ctx, tx, model.DefaultSchema()); err != nil {
						t.Fatal(err)
					}
				}
			}
			texts := []string{bakuText, "The minister said on Sunday that talks in Baku would continue."}
			var ids []string
			for i, text := range texts {
				id := model.NewID()
				res, err := tx.ExecContext(ctx, `INSERT INTO articles(id, title, text, sha256, imported_at) VALUES (?,?,?,?,?)`,
					id, fmt.Sprintf("article %d", i), text, model.Fingerprint(text), "2024-01-02T03:04:05.000Z")
				if err != nil {
					t.Fatal(err)
				}
				if version >= 2 { // the index exists: fill it as that version did
					seq, _ := res.LastInsertId()
					idx, err := newIndexer(ctx, tx)
					if err != nil {
						t.Fatal(err)
					}
					if err := idx.add(ctx, seq, fmt.Sprintf("article %d", i), text); err != nil {
						t.Fatal(err)
					}
					idx.close()
				}
				ids = append(ids, id)
			}
			ann := span(t, ids[0], bakuText, "GPE", "إيران")
			ann.ID, ann.Kind, ann.Annotator = model.NewID(), model.KindEntity, "alice"
			ann.CreatedAt, ann.UpdatedAt = now(), now()
			// Every column but provenance (migration 8).
			cols := annotationColumnNames[:len(annotationColumnNames)-1]
			if _, err := tx.ExecContext(ctx, `INSERT INTO annotations (`+strings.Join(cols, ", ")+`) VALUES (?`+strings.Repeat(",?", len(cols)-1)+`)`,
				annotationArgs(&ann)[:len(cols)]...); err != nil {
				t.Fatal(err)
			}
			after, _ := json.Marshal(ann)
			if _, err := tx.ExecContext(ctx, `INSERT INTO history(grp, at, actor, action, object_kind, object_id, after) VALUES (?,?,?,?,?,?,?)`,
				model.NewID(), formatTime(now()), "alice", "create", "annotation", ann.ID, string(after)); err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, version)); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			raw.Close()

			s, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("open a version-%d archive: %v", version, err)
			}
			defer s.Close()
			st, err := s.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.SchemaVersion != SchemaVersion() || st.Articles != 2 || st.Annotations != 1 || st.HistoryRows != 1 {
				t.Errorf("after migration: %+v", st)
			}
			if n := ftsMatches(t, s, `text_fold : "ايران"`); n != 1 {
				t.Errorf("folded search finds %d articles, want 1", n)
			}
			got, err := s.Annotation(ctx, ann.ID)
			if err != nil || got.Quote != "إيران" {
				t.Errorf("annotation after migration: %+v, %v", got, err)
			}
			mustCheck(t, s)
			// The migrated archive takes writes.
			if _, err := s.CreateAnnotations(ctx, "bob", []model.Annotation{span(t, ids[0], bakuText, "GPE", "باكو")}); err != nil {
				t.Errorf("annotating after migration: %v", err)
			}
		})
	}
}

// Groups that migration 3 filled in with their last entry's seq are undone
// whole after migration 6.
func TestUndoOfGroupsBackfilledByMigration3(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	text := "قال كوهين إن الاتفاق قريب."
	ids := mustAdd(t, s, article("خبر", text))
	start := model.RuneLen("قال ")
	ann := model.Annotation{ArticleID: ids[0], Type: "PER", Start: start, End: start + 5, Quote: "كوهين"}
	if _, err := s.CreateAnnotations(ctx, "a", []model.Annotation{ann, ann, ann}); err != nil {
		t.Fatal(err)
	}
	// What migration 3 wrote for groups it found, and version 5.
	if _, err := s.db.ExecContext(ctx, `UPDATE history_groups SET seq = (SELECT max(seq) FROM history)`); err != nil {
		t.Fatal(err)
	}
	// A version-5 archive has neither doc_id (migration 7) nor provenance (migration 8).
	if _, err := s.db.ExecContext(ctx, `DROP INDEX articles_doc_id; ALTER TABLE articles DROP COLUMN doc_id; ALTER TABLE annotations DROP COLUMN provenance; PRAGMA user_version = 5`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Undo(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s.db, "annotations"); n != 0 {
		t.Errorf("undo left %d of the group's 3 annotations", n)
	}
}
