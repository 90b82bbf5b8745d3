package storage

import (
	"context"
	"database/sql"
	"strings"
)

// rowsPerInsert is how many rows one multi-row INSERT carries. Through
// database/sql each statement costs several microseconds beyond its rows,
// which dominates writes of hundreds of thousands of small rows; 64 rows of
// 17 columns stay far below SQLite's limit of 32,766 parameters.
const rowsPerInsert = 64

// bulkInsert writes rows to one table with multi-row INSERT statements
// inside a transaction. Rows are buffered: flush must be called before the
// transaction ends. A failed statement is retried row by row, so the error
// names the row that caused it.
type bulkInsert struct {
	tx     *sql.Tx
	single string // INSERT for one row
	head   string // INSERT ... VALUES, without the row tuples
	tuple  string // "(?,?,...)"
	cols   int
	args   []any
	full   *sql.Stmt // the statement for rowsPerInsert rows, prepared on first use
	// rowError turns the error of one row into one that names it.
	rowError func(row []any, err error) error
}

// newBulkInsert prepares inserts of rows of len(columns) values into table.
func newBulkInsert(tx *sql.Tx, table string, columns []string, rowError func(row []any, err error) error) *bulkInsert {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	head := `INSERT INTO ` + table + ` (` + strings.Join(columns, ", ") + `) VALUES `
	return &bulkInsert{tx: tx, single: head + tuple, head: head, tuple: tuple, cols: len(columns),
		args: make([]any, 0, rowsPerInsert*len(columns)), rowError: rowError}
}

// add buffers one row (len(values) must be the column count) and writes the
// buffer when it is full.
func (b *bulkInsert) add(ctx context.Context, values ...any) error {
	b.args = append(b.args, values...)
	if len(b.args) < rowsPerInsert*b.cols {
		return nil
	}
	return b.flush(ctx)
}

// buffered is the number of rows added but not written yet.
func (b *bulkInsert) buffered() int { return len(b.args) / b.cols }

// flush writes the buffered rows.
func (b *bulkInsert) flush(ctx context.Context) error {
	n := b.buffered()
	if n == 0 {
		return nil
	}
	var err error
	if n == rowsPerInsert {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(ctx, b.head+strings.TrimSuffix(strings.Repeat(b.tuple+",", n), ",")); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(ctx, b.head+strings.TrimSuffix(strings.Repeat(b.tuple+",", n), ","), b.args...)
	}
	if err != nil {
		// A failed statement changes nothing: find the row at fault.
		for i := range n {
			row := b.args[i*b.cols : (i+1)*b.cols]
			if _, rerr := b.tx.ExecContext(ctx, b.single, row...); rerr != nil {
				return b.rowError(row, rerr)
			}
		}
		return err
	}
	b.args = b.args[:0]
	return nil
}

// stmtCache runs a transaction's statements prepared once each: the driver
// parses the SQL of every unprepared call again, which dominates loops of
// small statements such as undoing a propagation of 400,000 annotations.
// It is a querier.
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache { return &stmtCache{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return c.tx.QueryRowContext(ctx, query, args...) // carries the same error
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}
