package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"daftar/model"
)

// Sets lists every set by name, without members.
func (s *Store) Sets(ctx context.Context) (_ []model.Set, err error) {
	defer wrapOp(&err, "read the sets")
	return querySets(ctx, s.db, ``)
}

func querySets(ctx context.Context, q querier, where string, args ...any) ([]model.Set, error) {
	return queryRows(ctx, q, `SELECT id, name, query, note, created_at FROM sets `+where+` ORDER BY name`, args,
		func(rows *sql.Rows) (model.Set, error) {
			var st model.Set
			var created string
			err := rows.Scan(&st.ID, &st.Name, &st.Query, &st.Note, &created)
			st.CreatedAt = parseTime(created)
			return st, err
		})
}

// SetByName finds a set by its exact name.
func (s *Store) SetByName(ctx context.Context, name string) (_ *model.Set, err error) {
	defer wrapOp(&err, "find set %q", name)
	list, err := querySets(ctx, s.db, `WHERE name = ?`, name)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("set %q: %w", name, ErrNotFound)
	}
	return &list[0], nil
}

// SetMembers lists the ids of a set's articles.
func (s *Store) SetMembers(ctx context.Context, setID string) (_ []string, err error) {
	defer wrapOp(&err, "read the members of set %s", setID)
	return setMembers(ctx, s.db, setID)
}

func setMembers(ctx context.Context, q querier, setID string) ([]string, error) {
	return queryStrings(ctx, q, `SELECT article_id FROM set_members WHERE set_id = ? ORDER BY article_id`, setID)
}

// CreateSet makes a new set with the given members.
func (s *Store) CreateSet(ctx context.Context, actor string, st model.Set) (_ *model.Set, err error) {
	defer wrapOp(&err, "create set %q", st.Name)
	out, err := s.createSets(ctx, actor, []model.Set{st})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// CreateSets makes new sets with their members as one user action: all or
// none (a coding assignment's sets, one per coder).
func (s *Store) CreateSets(ctx context.Context, actor string, sets []model.Set) (_ []model.Set, err error) {
	defer wrapOp(&err, "create %d sets", len(sets))
	return s.createSets(ctx, actor, sets)
}

func (s *Store) createSets(ctx context.Context, actor string, sets []model.Set) ([]model.Set, error) {
	out := make([]model.Set, len(sets))
	for i, st := range sets {
		if st.ID == "" {
			st.ID = model.NewID()
		}
		if st.CreatedAt.IsZero() {
			st.CreatedAt = now()
		}
		st.Name = strings.TrimSpace(st.Name)
		if err := st.Validate(); err != nil {
			return nil, err
		}
		out[i] = st
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		h := newHistory(actor)
		for _, st := range out {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sets(id, name, query, note, created_at) VALUES (?,?,?,?,?)`,
				st.ID, st.Name, st.Query, st.Note, formatTime(st.CreatedAt)); err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("a set named %q %w", st.Name, ErrExists)
				}
				return err
			}
			members := st.ArticleIDs
			st.ArticleIDs = nil
			if err := h.record(ctx, tx, model.ActionCreate, "set", st.ID, nil, &st); err != nil {
				return err
			}
			if err := addMembers(ctx, tx, h, st.ID, members); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EnsureSet returns the set with this name, creating it when missing.
func (s *Store) EnsureSet(ctx context.Context, actor, name string) (*model.Set, error) {
	st, err := s.SetByName(ctx, strings.TrimSpace(name))
	if errors.Is(err, ErrNotFound) {
		return s.CreateSet(ctx, actor, model.Set{Name: name})
	}
	return st, err
}

// setMember is what the history records for a membership change.
type setMember struct {
	SetID     string `json:"set_id"`
	ArticleID string `json:"article_id"`
}

func addMembers(ctx context.Context, tx *sql.Tx, h *history, setID string, articleIDs []string) error {
	for _, id := range articleIDs {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO set_members(set_id, article_id) VALUES (?, ?)`, setID, id)
		if err != nil {
			if isForeignKeyViolation(err) {
				return fmt.Errorf("set %s: article %s %w", setID, id, ErrMissingRef)
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // already a member: nothing changed, nothing to record
		}
		m := setMember{setID, id}
		if err := h.record(ctx, tx, model.ActionCreate, "set_member", setID+"/"+id, nil, &m); err != nil {
			return err
		}
	}
	return nil
}

// AddToSet adds articles to a set as one user action.
func (s *Store) AddToSet(ctx context.Context, actor, setID string, articleIDs ...string) (err error) {
	defer wrapOp(&err, "add %d article(s) to set %s", len(articleIDs), setID)
	return s.tx(ctx, func(tx *sql.Tx) error {
		return addMembers(ctx, tx, newHistory(actor), setID, articleIDs)
	})
}

// RemoveFromSet removes articles from a set as one user action.
func (s *Store) RemoveFromSet(ctx context.Context, actor, setID string, articleIDs ...string) (err error) {
	defer wrapOp(&err, "remove %d article(s) from set %s", len(articleIDs), setID)
	return s.tx(ctx, func(tx *sql.Tx) error {
		h := newHistory(actor)
		for _, id := range articleIDs {
			res, err := tx.ExecContext(ctx, `DELETE FROM set_members WHERE set_id = ? AND article_id = ?`, setID, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			m := setMember{setID, id}
			if err := h.record(ctx, tx, model.ActionDelete, "set_member", setID+"/"+id, &m, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteSet removes a set (its articles stay in the archive).
func (s *Store) DeleteSet(ctx context.Context, actor, setID string) (err error) {
	defer wrapOp(&err, "delete set %s", setID)
	return s.tx(ctx, func(tx *sql.Tx) error {
		list, err := querySets(ctx, tx, `WHERE id = ?`, setID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return fmt.Errorf("set %s: %w", setID, ErrNotFound)
		}
		before := list[0]
		if before.ArticleIDs, err = setMembers(ctx, tx, setID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sets WHERE id = ?`, setID); err != nil {
			return err
		}
		return newHistory(actor).record(ctx, tx, model.ActionDelete, "set", setID, &before, nil)
	})
}
