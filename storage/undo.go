package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"daftar/model"
	"daftar/plan"
)

// ErrNothingToUndo and ErrNothingToRedo are returned when the stack is empty.
var (
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// Undo reverts the actor's most recent action (a history group) that is not
// reverted yet, as a new group of its own, and returns the entries it wrote.
// It refuses, changing nothing, when an object of that action was changed
// since by someone else.
func (s *Store) Undo(ctx context.Context, actor string) ([]model.HistoryEntry, error) {
	return s.UndoProgress(ctx, actor, nil)
}

// UndoProgress is Undo telling progress (may be nil), from the calling
// goroutine, how many of the action's entries it has taken back so far.
// Cancelling ctx stops it and leaves the archive exactly as before: see
// revert.
func (s *Store) UndoProgress(ctx context.Context, actor string, progress func(done, total int)) (_ []model.HistoryEntry, err error) {
	defer wrapOp(&err, "undo")
	return s.revert(ctx, actor, progress, `SELECT g.grp FROM history_groups g
		WHERE g.actor = ? AND g.kind IN ('do', 'redo')
		  AND NOT EXISTS (SELECT 1 FROM history_groups u WHERE u.reverts = g.grp)
		ORDER BY g.seq DESC LIMIT 1`, "undo", ErrNothingToUndo)
}

// Redo re-applies the actor's most recently undone action, as long as no new
// action came after the undo (a new action clears the redo stack, as in
// every editor).
func (s *Store) Redo(ctx context.Context, actor string) ([]model.HistoryEntry, error) {
	return s.RedoProgress(ctx, actor, nil)
}

// RedoProgress is Redo with progress and cancelling, as UndoProgress.
func (s *Store) RedoProgress(ctx context.Context, actor string, progress func(done, total int)) (_ []model.HistoryEntry, err error) {
	defer wrapOp(&err, "redo")
	return s.revert(ctx, actor, progress, `SELECT g.grp FROM history_groups g
		WHERE g.actor = ?1 AND g.kind = 'undo'
		  AND NOT EXISTS (SELECT 1 FROM history_groups r WHERE r.reverts = g.grp)
		  AND NOT EXISTS (SELECT 1 FROM history_groups d WHERE d.actor = ?1 AND d.kind = 'do' AND d.seq > g.seq)
		ORDER BY g.seq DESC LIMIT 1`, "redo", ErrNothingToRedo)
}

// revert takes a whole history group back in one transaction, so a
// cancelled or failed undo is rolled back and the archive stays exactly as
// before it. Committing a batch at a time would be consistent row by row
// but would leave half an action undone, which no later undo or redo could
// pair with its group (an undo group reverts one whole group); the price is
// that nothing is saved until the end, and a cancel loses the work done.
func (s *Store) revert(ctx context.Context, actor string, progress func(done, total int), pick, kind string, empty error) ([]model.HistoryEntry, error) {
	var written []model.HistoryEntry
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var grp string
		err := tx.QueryRowContext(ctx, pick, actor).Scan(&grp)
		if errors.Is(err, sql.ErrNoRows) {
			return empty
		}
		if err != nil {
			return err
		}
		entries, err := groupEntries(ctx, tx, grp)
		if err != nil {
			return err
		}
		h := &history{actor: actor, group: model.NewID(), kind: kind, reverts: grp}
		q := newStmtCache(tx)
		// Newest first, so that later changes are taken back before earlier
		// ones; runs of annotations created or deleted together (a
		// propagation, its undo) a batch at a time.
		if progress != nil {
			progress(0, len(entries))
		}
		for i := len(entries) - 1; i >= 0; {
			if err := ctx.Err(); err != nil {
				return err
			}
			run := annotationRun(entries[:i+1])
			var err error
			if len(run) > 1 {
				err = revertAnnotations(ctx, tx, q, h, run)
			} else {
				run = entries[i : i+1]
				err = revertEntry(ctx, tx, q, h, entries[i])
			}
			if err != nil {
				return fmt.Errorf("cannot %s: %w", kind, err)
			}
			i -= len(run)
			if progress != nil {
				progress(len(entries)-1-i, len(entries))
			}
		}
		if err := h.flush(ctx); err != nil {
			return err
		}
		written, err = groupEntries(ctx, tx, h.group)
		return err
	})
	return written, err
}

// groupEntries reads a group's entries. A group is written in one
// transaction, so its entries are consecutive from the seq its
// history_groups row records: the scan starts there, not at the beginning
// of the history (grp has no index, which would slow every write).
func groupEntries(ctx context.Context, tx *sql.Tx, grp string) ([]model.HistoryEntry, error) {
	return queryHistory(ctx, tx, `WHERE seq >= coalesce((SELECT seq FROM history_groups WHERE grp = ?1), 0) AND grp = ?1 ORDER BY seq`, grp)
}

// annotationRun returns the newest entries of list, oldest first, that
// create (or all delete) distinct annotations, up to batchSize of them: nil
// unless the newest entry is such an entry.
func annotationRun(list []model.HistoryEntry) []model.HistoryEntry {
	last := list[len(list)-1]
	if last.ObjectKind != "annotation" || (last.Action != model.ActionCreate && last.Action != model.ActionDelete) {
		return nil
	}
	seen := map[string]bool{}
	j := len(list)
	for j > 0 && len(list)-j < batchSize {
		e := list[j-1]
		if e.ObjectKind != last.ObjectKind || e.Action != last.Action || seen[e.ObjectID] {
			break
		}
		seen[e.ObjectID] = true
		j--
	}
	return list[j:]
}

// revertAnnotations reverts a run of annotation creates (deleting them) or
// deletes (restoring them) with a few statements, checking first that each
// is still as the run left it; as revertEntry would, entry by entry.
func revertAnnotations(ctx context.Context, tx *sql.Tx, q *stmtCache, h *history, run []model.HistoryEntry) error {
	ids := make([]string, len(run))
	for i, e := range run {
		ids[i] = e.ObjectID
	}
	current, err := queryAnnotations(ctx, q, `WHERE a.id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	if err != nil {
		return err
	}
	byID := make(map[string]*model.Annotation, len(current))
	for i := range current {
		byID[current[i].ID] = &current[i]
	}
	changed := func(id string) error { return fmt.Errorf("annotation %s was changed since", id) }
	if run[0].Action == model.ActionDelete {
		if len(current) > 0 {
			return changed(current[0].ID)
		}
		rows := newBulkInsert(tx, "annotations", annotationColumnNames, func(row []any, err error) error {
			return annotationError(&model.Annotation{ID: row[0].(string)}, err)
		})
		for i := len(run) - 1; i >= 0; i-- {
			var a model.Annotation
			if err := json.Unmarshal([]byte(run[i].Before), &a); err != nil {
				return err
			}
			if err := rows.add(ctx, annotationArgs(&a)...); err != nil {
				return err
			}
			if len(a.TargetIDs) > 0 {
				if err := rows.flush(ctx); err != nil {
					return err
				}
				if err := insertTargets(ctx, q, &a); err != nil {
					return err
				}
			}
			if err := h.recordBuffered(ctx, tx, model.ActionCreate, "annotation", a.ID, "", run[i].Before); err != nil {
				return err
			}
		}
		return rows.flush(ctx)
	}
	for i := len(run) - 1; i >= 0; i-- {
		e := run[i]
		var after model.Annotation
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			return err
		}
		cur := byID[e.ObjectID]
		if cur == nil || !plan.SameAnnotation(cur, &after) {
			return changed(e.ObjectID)
		}
		before, err := encodeState(cur)
		if err != nil {
			return err
		}
		if err := h.recordBuffered(ctx, tx, model.ActionDelete, "annotation", e.ObjectID, before, ""); err != nil {
			return err
		}
	}
	_, err = q.ExecContext(ctx, `DELETE FROM annotations WHERE id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	return err
}

// revertEntry puts one object back to its state before the entry, after
// checking that it is still in the state the entry left it in.
// Annotations, the bulk of large actions, go through q's prepared
// statements and are recorded buffered.
func revertEntry(ctx context.Context, tx *sql.Tx, q *stmtCache, h *history, e model.HistoryEntry) error {
	switch e.ObjectKind {
	case "annotation":
		return revertObject(ctx, tx, h, e,
			func(id string) (*model.Annotation, error) { return getAnnotation(ctx, q, id) },
			func(a *model.Annotation) error { return insertAnnotation(ctx, q, a) },
			func(a *model.Annotation) error { return updateAnnotationRow(ctx, q, a) },
			func(id string) error {
				_, err := q.ExecContext(ctx, `DELETE FROM annotations WHERE id = ?`, id)
				return err
			},
			plan.SameAnnotation)
	case "entity":
		return revertObject(ctx, tx, h, e,
			func(id string) (*model.Entity, error) { return getEntity(ctx, tx, id) },
			func(x *model.Entity) error { return writeEntity(ctx, tx, x, false) },
			func(x *model.Entity) error { return writeEntity(ctx, tx, x, true) },
			func(id string) error {
				_, err := tx.ExecContext(ctx, `DELETE FROM entities WHERE id = ?`, id)
				return err
			},
			func(a, b *model.Entity) bool { return reflect.DeepEqual(a, b) })
	case "set":
		return revertSet(ctx, tx, h, e)
	case "rejection":
		return revertRejection(ctx, tx, h, e)
	case "set_member":
		var m setMember
		src := e.After
		if e.Action == model.ActionDelete {
			src = e.Before
		}
		if err := json.Unmarshal([]byte(src), &m); err != nil {
			return err
		}
		if e.Action == model.ActionCreate {
			if _, err := tx.ExecContext(ctx, `DELETE FROM set_members WHERE set_id = ? AND article_id = ?`, m.SetID, m.ArticleID); err != nil {
				return err
			}
			return h.record(ctx, tx, model.ActionDelete, "set_member", e.ObjectID, &m, nil)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO set_members(set_id, article_id) VALUES (?, ?)`, m.SetID, m.ArticleID); err != nil {
			return fmt.Errorf("set member %s: %w", e.ObjectID, err)
		}
		return h.record(ctx, tx, model.ActionCreate, "set_member", e.ObjectID, nil, &m)
	}
	return fmt.Errorf("history entry %d: unknown object kind %q", e.Seq, e.ObjectKind)
}

// revertObject reverts a create, update or delete of one annotation or
// entity, refusing when the current state is not the entry's after-state.
func revertObject[T any](ctx context.Context, tx *sql.Tx, h *history, e model.HistoryEntry,
	get func(id string) (*T, error), insert, update func(*T) error, del func(id string) error, same func(a, b *T) bool) error {
	decode := func(s string) (*T, error) {
		if s == "" {
			return nil, nil
		}
		v := new(T)
		return v, json.Unmarshal([]byte(s), v)
	}
	before, err := decode(e.Before)
	if err != nil {
		return err
	}
	after, err := decode(e.After)
	if err != nil {
		return err
	}
	current, err := get(e.ObjectID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	changed := fmt.Errorf("%s %s was changed since", e.ObjectKind, e.ObjectID)
	switch e.Action {
	case model.ActionCreate, model.ActionUpdate:
		if current == nil || !same(current, after) {
			return changed
		}
	case model.ActionDelete:
		if current != nil {
			return changed
		}
	}
	record := func(action model.Action, before, after any) error {
		b, a, err := encodeStates(before, after)
		if err != nil {
			return err
		}
		return h.recordBuffered(ctx, tx, action, e.ObjectKind, e.ObjectID, b, a)
	}
	switch e.Action {
	case model.ActionCreate:
		if err := del(e.ObjectID); err != nil {
			return err
		}
		return record(model.ActionDelete, current, nil)
	case model.ActionUpdate:
		if err := update(before); err != nil {
			return err
		}
		return record(model.ActionUpdate, current, before)
	default:
		if err := insert(before); err != nil {
			return err
		}
		return record(model.ActionCreate, nil, before)
	}
}

func revertSet(ctx context.Context, tx *sql.Tx, h *history, e model.HistoryEntry) error {
	var st model.Set
	switch e.Action {
	case model.ActionCreate:
		if err := json.Unmarshal([]byte(e.After), &st); err != nil {
			return err
		}
		// Members added with the set are separate entries, reverted before
		// this one; members carried by the entry itself (a re-created set)
		// go with it. Any other member means the set was changed since.
		members, err := setMembers(ctx, tx, st.ID)
		if err != nil {
			return err
		}
		if !sameMembers(members, st.ArticleIDs) {
			return fmt.Errorf("set %s was changed since", st.ID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sets WHERE id = ?`, st.ID); err != nil {
			return err
		}
		return h.record(ctx, tx, model.ActionDelete, "set", st.ID, &st, nil)
	case model.ActionDelete:
		if err := json.Unmarshal([]byte(e.Before), &st); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sets(id, name, query, note, created_at) VALUES (?,?,?,?,?)`,
			st.ID, st.Name, st.Query, st.Note, formatTime(st.CreatedAt)); err != nil {
			return fmt.Errorf("set %s: %w", st.ID, err)
		}
		for _, id := range st.ArticleIDs {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO set_members(set_id, article_id) SELECT ?, id FROM articles WHERE id = ?`, st.ID, id); err != nil {
				return err
			}
		}
		return h.record(ctx, tx, model.ActionCreate, "set", st.ID, nil, &st)
	}
	return fmt.Errorf("history entry %d: cannot revert a set %s", e.Seq, e.Action)
}

func sameMembers(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			return false
		}
	}
	return true
}
