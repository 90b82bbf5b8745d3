package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"daftar/model"
)

// history records the changes of one user action under one group id, in
// the same transaction as the changes themselves.
type history struct {
	actor   string
	group   string
	kind    string      // do, undo or redo
	reverts string      // the group an undo or redo reverts
	ins     *sql.Stmt   // prepared on the first entry; a history lives in one transaction
	bulk    *bulkInsert // entries of recordBuffered not written yet
	bulkAt  string      // their time
}

var historyColumns = []string{"grp", "at", "actor", "action", "object_kind", "object_id", "before", "after"}

func newHistory(actor string) *history {
	return &history{actor: actor, group: model.NewID(), kind: "do"}
}

// encodeState is an object's state as stored in the history: its JSON, or
// "" for none (pass an untyped nil, not a nil pointer, for none).
func encodeState(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// encodeStates encodes an entry's before and after states.
func encodeStates(before, after any) (string, string, error) {
	b, err := encodeState(before)
	if err != nil {
		return "", "", err
	}
	a, err := encodeState(after)
	return b, a, err
}

// recordBuffered is record for bulk changes, with before and after already
// encoded (encodeState): the entries after the first are written many to a
// statement, and flush must be called before the transaction ends. Entries
// keep their order: record writes the buffered ones before its own.
func (h *history) recordBuffered(ctx context.Context, tx *sql.Tx, action model.Action, kind, id, before, after string) error {
	if h.ins == nil {
		return h.recordEncoded(ctx, tx, action, kind, id, before, after) // the first entry's seq orders the group
	}
	if h.bulk == nil {
		h.bulk = newBulkInsert(tx, "history", historyColumns, func(row []any, err error) error {
			return fmt.Errorf("history of %v %v: %w", row[4], row[5], err)
		})
	}
	if h.bulkAt == "" {
		h.bulkAt = formatTime(now()) // one action: its buffered entries share a time
	}
	return h.bulk.add(ctx, h.group, h.bulkAt, h.actor, string(action), kind, id, before, after)
}

// flush writes the entries recordBuffered holds back.
func (h *history) flush(ctx context.Context) error {
	if h.bulk == nil {
		return nil
	}
	return h.bulk.flush(ctx)
}

func (h *history) record(ctx context.Context, tx *sql.Tx, action model.Action, kind, id string, before, after any) error {
	b, a, err := encodeStates(before, after)
	if err != nil {
		return err
	}
	return h.recordEncoded(ctx, tx, action, kind, id, b, a)
}

func (h *history) recordEncoded(ctx context.Context, tx *sql.Tx, action model.Action, kind, id, b, a string) error {
	if err := h.flush(ctx); err != nil {
		return err
	}
	var err error
	first := h.ins == nil
	if first {
		if h.ins, err = tx.PrepareContext(ctx, `INSERT INTO history(grp, at, actor, action, object_kind, object_id, before, after) VALUES (?,?,?,?,?,?,?,?)`); err != nil {
			return err
		}
	}
	res, err := h.ins.ExecContext(ctx, h.group, formatTime(now()), h.actor, string(action), kind, id, b, a)
	if err != nil {
		return err
	}
	if !first {
		return nil
	}
	// Groups are written in transactions, so they never interleave: the
	// first entry's seq orders the groups as well as the last one would.
	seq, err := res.LastInsertId()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO history_groups(grp, kind, reverts, actor, seq) VALUES (?,?,?,?,?)`,
		h.group, h.kind, nullable(h.reverts), h.actor, seq)
	return err
}

// History lists the recorded changes of one object (annotation, entity,
// set), oldest first; with an empty id, the whole archive's newest limit
// changes, newest first.
func (s *Store) History(ctx context.Context, objectID string, limit int) (_ []model.HistoryEntry, err error) {
	defer wrapOp(&err, "read the history")
	if limit <= 0 {
		limit = 1000
	}
	if objectID == "" {
		return queryHistory(ctx, s.db, `ORDER BY seq DESC LIMIT ?`, limit)
	}
	return queryHistory(ctx, s.db, `WHERE object_id = ? ORDER BY seq LIMIT ?`, objectID, limit)
}

// queryHistory reads history entries; rest is the WHERE/ORDER clause.
func queryHistory(ctx context.Context, q querier, rest string, args ...any) ([]model.HistoryEntry, error) {
	return queryRows(ctx, q, `SELECT seq, grp, at, actor, action, object_kind, object_id, before, after FROM history `+rest, args,
		func(rows *sql.Rows) (model.HistoryEntry, error) {
			var e model.HistoryEntry
			var at, action string
			err := rows.Scan(&e.Seq, &e.Group, &at, &e.Actor, &action, &e.ObjectKind, &e.ObjectID, &e.Before, &e.After)
			e.At, e.Action = parseTime(at), model.Action(action)
			return e, err
		})
}
