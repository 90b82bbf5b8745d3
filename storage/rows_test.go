package storage

import (
	"context"
	"database/sql"
	"testing"
)

// A row that fails after others were read (here: malformed JSON in the
// second row) must fail the whole query, not end it early.
func TestQueryRowsReportsAFailingRow(t *testing.T) {
	s := newTestStore(t)
	var read int
	got, err := queryRows(context.Background(), s.db,
		`SELECT json_extract(v, '$.a') FROM (SELECT '{"a":1}' AS v UNION ALL SELECT 'not json')`, nil,
		func(rows *sql.Rows) (int, error) {
			var n int
			err := rows.Scan(&n)
			read++
			return n, err
		})
	if err == nil || got != nil {
		t.Fatalf("got %v, %v after %d row(s); want the second row's error", got, err, read)
	}
	if read != 1 {
		t.Errorf("scanned %d rows before the failing one, want 1", read)
	}
	got, err = queryRows(context.Background(), s.db, `SELECT value FROM json_each('[3,1,2]')`, nil,
		func(rows *sql.Rows) (int, error) {
			var n int
			err := rows.Scan(&n)
			return n, err
		})
	if err != nil || len(got) != 3 || got[0] != 3 || got[2] != 2 {
		t.Errorf("three rows: %v, %v", got, err)
	}
}
