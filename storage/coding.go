package storage

import (
	"context"
	"database/sql"
	"fmt"

	"daftar/model"
)

// SetCoding is what comparing coders reads of a set: its articles (id and
// text only) and every annotation in them, whoever made it.
type SetCoding struct {
	Articles    []model.Article
	Annotations []model.Annotation
}

// CodingOfSet reads a set's articles and their annotations from one
// snapshot, joined through the set's members rather than through a full
// export: agreement over a thousand articles and 30,000 annotations reads
// in a fraction of the time.
func (s *Store) CodingOfSet(ctx context.Context, setID string) (_ *SetCoding, err error) {
	defer wrapOp(&err, "read the coding of set %s", setID)
	conn, done, err := s.readSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	c := &SetCoding{}
	c.Articles, err = queryRows(ctx, conn, `SELECT a.id, a.text FROM set_members m JOIN articles a ON a.id = m.article_id
		WHERE m.set_id = ? ORDER BY a.id`, []any{setID}, func(rows *sql.Rows) (model.Article, error) {
		var a model.Article
		return a, rows.Scan(&a.ID, &a.Text)
	})
	if err != nil {
		return nil, err
	}
	if c.Annotations, err = queryAnnotations(ctx, conn, `JOIN set_members m ON m.article_id = a.article_id WHERE m.set_id = ?`, setID); err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	return c, nil
}

// readSnapshot opens a connection in a read transaction, so that several
// queries see one consistent state while imports go on; done ends it.
func (s *Store) readSnapshot(ctx context.Context) (_ *sql.Conn, done func(), _ error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, func() {
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
	}, nil
}
