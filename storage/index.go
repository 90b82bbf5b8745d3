package storage

import (
	"context"
	"database/sql"

	"daftar/textnorm"
)

// indexer writes the folded and stemmed forms of articles into article_fts.
type indexer struct {
	ins, del *sql.Stmt
}

func newIndexer(ctx context.Context, tx *sql.Tx) (*indexer, error) {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO article_fts(rowid, title_fold, text_fold, title_stem, text_stem) VALUES (?,?,?,?,?)`)
	if err != nil {
		return nil, err
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM article_fts WHERE rowid = ?`)
	if err != nil {
		ins.Close()
		return nil, err
	}
	return &indexer{ins: ins, del: del}, nil
}

func (x *indexer) close() {
	x.ins.Close()
	x.del.Close()
}

func (x *indexer) add(ctx context.Context, seq int64, title, text string) error {
	return x.addFolded(ctx, seq, textnorm.Normalize(title).Text, textnorm.Normalize(text).Text)
}

// addFolded indexes text already folded by textnorm.Normalize.
func (x *indexer) addFolded(ctx context.Context, seq int64, titleFold, textFold string) error {
	_, err := x.ins.ExecContext(ctx, seq, titleFold, textFold, textnorm.StemText(titleFold), textnorm.StemText(textFold))
	return err
}

func (x *indexer) replace(ctx context.Context, seq int64, title, text string) error {
	if _, err := x.del.ExecContext(ctx, seq); err != nil {
		return err
	}
	return x.add(ctx, seq, title, text)
}

// reindexAll rebuilds the search index from the articles table. It is the Go
// step of migration 2 and what a change of the folding rules would rerun.
func reindexAll(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM article_fts`); err != nil {
		return err
	}
	idx, err := newIndexer(ctx, tx)
	if err != nil {
		return err
	}
	defer idx.close()
	// Batches keep memory flat on large archives.
	type row struct {
		seq         int64
		title, text string
	}
	var last int64
	for {
		batch, err := queryRows(ctx, tx, `SELECT seq, title, text FROM articles WHERE seq > ? ORDER BY seq LIMIT 500`, []any{last},
			func(rows *sql.Rows) (row, error) {
				var r row
				err := rows.Scan(&r.seq, &r.title, &r.text)
				return r, err
			})
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, r := range batch {
			if err := idx.add(ctx, r.seq, r.title, r.text); err != nil {
				return err
			}
		}
		last = batch[len(batch)-1].seq
	}
}
