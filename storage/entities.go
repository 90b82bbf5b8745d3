package storage

import (
	"context"
	"database/sql"
	"fmt"

	"daftar/model"
)

const entityColumns = `e.id, e.type, e.name, e.wikidata, e.note, e.created_at, e.updated_at`

func queryEntities(ctx context.Context, q querier, where string, args ...any) ([]model.Entity, error) {
	byID := map[string]int{}
	out, err := queryRows(ctx, q, `SELECT `+entityColumns+` FROM entities e `+where+` ORDER BY e.name, e.id`, args,
		func(rows *sql.Rows) (model.Entity, error) {
			var e model.Entity
			var created, updated string
			err := rows.Scan(&e.ID, &e.Type, &e.Name, &e.Wikidata, &e.Note, &created, &updated)
			e.CreatedAt, e.UpdatedAt, e.Aliases = parseTime(created), parseTime(updated), []model.Alias{}
			byID[e.ID] = len(byID)
			return e, err
		})
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = eachRow(ctx, q, `SELECT x.entity_id, x.name, x.lang FROM entity_aliases x JOIN entities e ON e.id = x.entity_id `+where+` ORDER BY x.entity_id, x.position`, args,
		func(rows *sql.Rows) error {
			var id string
			var al model.Alias
			if err := rows.Scan(&id, &al.Name, &al.Lang); err != nil {
				return err
			}
			if i, ok := byID[id]; ok {
				out[i].Aliases = append(out[i].Aliases, al)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Entities lists the registry by name.
func (s *Store) Entities(ctx context.Context) (_ []model.Entity, err error) {
	defer wrapOp(&err, "read the entities")
	return queryEntities(ctx, s.db, ``)
}

// Entity returns one entity with its aliases.
func (s *Store) Entity(ctx context.Context, id string) (_ *model.Entity, err error) {
	defer wrapOp(&err, "read entity %s", id)
	return getEntity(ctx, s.db, id)
}

func getEntity(ctx context.Context, q querier, id string) (*model.Entity, error) {
	list, err := queryEntities(ctx, q, `WHERE e.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("entity %s: %w", id, ErrNotFound)
	}
	return &list[0], nil
}

func writeEntity(ctx context.Context, tx *sql.Tx, e *model.Entity, update bool) error {
	var err error
	if update {
		_, err = tx.ExecContext(ctx, `UPDATE entities SET type=?, name=?, wikidata=?, note=?, created_at=?, updated_at=? WHERE id=?`,
			e.Type, e.Name, e.Wikidata, e.Note, formatTime(e.CreatedAt), formatTime(e.UpdatedAt), e.ID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO entities(id, type, name, wikidata, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?)`,
			e.ID, e.Type, e.Name, e.Wikidata, e.Note, formatTime(e.CreatedAt), formatTime(e.UpdatedAt))
	}
	if err != nil {
		return fmt.Errorf("entity %s: %w", e.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM entity_aliases WHERE entity_id = ?`, e.ID); err != nil {
		return err
	}
	for i, al := range e.Aliases {
		if _, err := tx.ExecContext(ctx, `INSERT INTO entity_aliases(entity_id, position, name, lang) VALUES (?,?,?,?)`, e.ID, i, al.Name, al.Lang); err != nil {
			return err
		}
	}
	return nil
}

func prepareEntity(ctx context.Context, tx *sql.Tx, e *model.Entity) error {
	if e.ID == "" {
		e.ID = model.NewID()
	}
	t := now()
	if e.CreatedAt.IsZero() {
		e.CreatedAt = t
	}
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = t
	}
	if e.Aliases == nil {
		e.Aliases = []model.Alias{}
	}
	schema, err := readSchema(ctx, tx)
	if err != nil {
		return err
	}
	if lt, ok := schema.Lookup(e.Type); ok {
		e.Type = lt.Name
	}
	return e.Validate(schema)
}

// CreateEntity adds an entity to the registry.
func (s *Store) CreateEntity(ctx context.Context, actor string, e model.Entity) (_ *model.Entity, err error) {
	defer wrapOp(&err, "create entity %q", e.Name)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := prepareEntity(ctx, tx, &e); err != nil {
			return err
		}
		if err := writeEntity(ctx, tx, &e, false); err != nil {
			return err
		}
		return newHistory(actor).record(ctx, tx, model.ActionCreate, "entity", e.ID, nil, &e)
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// UpdateEntity replaces an entity's fields and aliases.
func (s *Store) UpdateEntity(ctx context.Context, actor string, e model.Entity) (_ *model.Entity, err error) {
	defer wrapOp(&err, "update entity %s", e.ID)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		before, err := getEntity(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		e.CreatedAt, e.UpdatedAt = before.CreatedAt, now()
		if err := prepareEntity(ctx, tx, &e); err != nil {
			return err
		}
		if err := writeEntity(ctx, tx, &e, true); err != nil {
			return err
		}
		return newHistory(actor).record(ctx, tx, model.ActionUpdate, "entity", e.ID, before, &e)
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// DeleteEntity removes an entity; mentions linked to it stay, unlinked, and
// the unlinking is recorded in the history as updates of those annotations.
func (s *Store) DeleteEntity(ctx context.Context, actor, id string) (err error) {
	defer wrapOp(&err, "delete entity %s", id)
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := getEntity(ctx, tx, id)
		if err != nil {
			return err
		}
		h := newHistory(actor)
		linked, err := queryAnnotations(ctx, tx, `WHERE a.entity_id = ?1 OR a.claimant_id = ?1 OR a.id IN (SELECT annotation_id FROM claim_targets WHERE entity_id = ?1)`, id)
		if err != nil {
			return err
		}
		for i := range linked {
			old := linked[i]
			upd := unlinkEntity(old, id)
			upd.UpdatedAt = now()
			if err := updateAnnotationRow(ctx, tx, &upd); err != nil {
				return err
			}
			if err := h.record(ctx, tx, model.ActionUpdate, "annotation", upd.ID, &old, &upd); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM entities WHERE id = ?`, id); err != nil {
			return err
		}
		return h.record(ctx, tx, model.ActionDelete, "entity", id, before, nil)
	})
}

// MergeEntities folds entity from into entity into: every mention, claimant
// and target link moves to into, from's name and aliases become aliases of
// into, and from is deleted — one history group, so one undo.
func (s *Store) MergeEntities(ctx context.Context, actor, into, from string) (_ *model.Entity, err error) {
	defer wrapOp(&err, "merge entity %s into %s", from, into)
	if into == from {
		return nil, fmt.Errorf("cannot merge entity %s into itself", into)
	}
	var merged *model.Entity
	err = s.tx(ctx, func(tx *sql.Tx) error {
		dst, err := getEntity(ctx, tx, into)
		if err != nil {
			return err
		}
		src, err := getEntity(ctx, tx, from)
		if err != nil {
			return err
		}
		h := newHistory(actor)
		linked, err := queryAnnotations(ctx, tx, `WHERE a.entity_id = ?1 OR a.claimant_id = ?1 OR a.id IN (SELECT annotation_id FROM claim_targets WHERE entity_id = ?1)`, from)
		if err != nil {
			return err
		}
		for i := range linked {
			old := linked[i]
			upd := relinkEntity(old, from, into)
			upd.UpdatedAt = now()
			if err := updateAnnotationRow(ctx, tx, &upd); err != nil {
				return err
			}
			if err := h.record(ctx, tx, model.ActionUpdate, "annotation", upd.ID, &old, &upd); err != nil {
				return err
			}
		}
		after := *dst
		after.Aliases = mergeAliases(dst, src)
		after.UpdatedAt = now()
		if after.Wikidata == "" {
			after.Wikidata = src.Wikidata
		}
		if err := writeEntity(ctx, tx, &after, true); err != nil {
			return err
		}
		if err := h.record(ctx, tx, model.ActionUpdate, "entity", into, dst, &after); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM entities WHERE id = ?`, from); err != nil {
			return err
		}
		merged = &after
		return h.record(ctx, tx, model.ActionDelete, "entity", from, src, nil)
	})
	return merged, err
}

func mergeAliases(dst, src *model.Entity) []model.Alias {
	seen := map[string]bool{dst.Name: true}
	out := []model.Alias{}
	add := func(a model.Alias) {
		if !seen[a.Name] {
			seen[a.Name] = true
			out = append(out, a)
		}
	}
	for _, a := range dst.Aliases {
		add(a)
	}
	add(model.Alias{Name: src.Name})
	for _, a := range src.Aliases {
		add(a)
	}
	return out
}

// relinkEntity returns a with every reference to from replaced by to,
// dropping a target that would then appear twice.
func relinkEntity(a model.Annotation, from, to string) model.Annotation {
	if a.EntityID == from {
		a.EntityID = to
	}
	if a.ClaimantID == from {
		a.ClaimantID = to
	}
	var targets []string
	seen := map[string]bool{}
	for _, t := range a.TargetIDs {
		if t == from {
			t = to
		}
		if t != "" && !seen[t] {
			seen[t] = true
			targets = append(targets, t)
		}
	}
	a.TargetIDs = targets
	return a
}

func unlinkEntity(a model.Annotation, id string) model.Annotation { return relinkEntity(a, id, "") }
