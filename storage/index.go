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
	return x.addForms(ctx, seq, indexForms(title, text))
}

// addForms indexes the forms indexForms computed.
func (x *indexer) addForms(ctx context.Context, seq int64, f [4]string) error {
	_, err := x.ins.ExecContext(ctx, seq, f[0], f[1], f[2], f[3])
	return err
}

// indexForms returns the indexed columns of an article: its folded title
// and text (textnorm.Normalize), then their stems.
func indexForms(title, text string) [4]string {
	tf, xf := textnorm.Normalize(title).Text, textnorm.Normalize(text).Text
	return [4]string{tf, xf, textnorm.StemText(tf), textnorm.StemText(xf)}
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
