package storage

import (
	"context"
	"database/sql"
	"fmt"

	"daftar/model"
	"daftar/plan"
)

// EntitySeed is an entity to add to the registry (from a gazetteer file or
// from existing annotations) and the unlinked annotations to link to it.
type EntitySeed = plan.EntitySeed

// SeedResult reports what SeedEntities did with one seed.
type SeedResult = plan.SeedResult

// SeedEntities adds entities to the registry in one transaction and one
// history group (one undo), as plan.Seed decides: a seed that names an
// existing entity (same type and folded name or alias, or same Wikidata
// id) is merged into it, and each seed's Link annotations are linked to
// its entity unless they already link one.
func (s *Store) SeedEntities(ctx context.Context, actor string, seeds []EntitySeed) (_ []SeedResult, err error) {
	defer wrapOp(&err, "seed entities")
	var results []SeedResult
	err = s.tx(ctx, func(tx *sql.Tx) error {
		reg, err := seedRegistry(ctx, tx, seeds)
		if err != nil {
			return err
		}
		p, res, err := plan.Seed(reg, seeds, now(), model.NewID)
		if err != nil {
			return err
		}
		h := newHistory(actor)
		if _, err := applyChanges(ctx, tx, h, "entity", p.Entities,
			func(e *model.Entity) error { return writeEntity(ctx, tx, e, false) },
			func(e *model.Entity) error { return writeEntity(ctx, tx, e, true) }); err != nil {
			return err
		}
		if _, err := applyChanges(ctx, tx, h, "annotation", p.Annotations, nil,
			func(a *model.Annotation) error { return updateAnnotationRow(ctx, tx, a) }); err != nil {
			return err
		}
		results = res
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// seedRegistry reads what seeding looks at: the schema, every entity and
// the annotations the seeds would link.
func seedRegistry(ctx context.Context, tx *sql.Tx, seeds []EntitySeed) (plan.Registry, error) {
	var reg plan.Registry
	var err error
	if reg.Schema, err = readSchema(ctx, tx); err != nil {
		return reg, err
	}
	if reg.Entities, err = queryEntities(ctx, tx, ``); err != nil {
		return reg, err
	}
	var ids []string
	for _, sd := range seeds {
		ids = append(ids, sd.Link...)
	}
	reg.Links = map[string]model.Annotation{}
	if err := storedCopies(ctx, tx, ids, queryAnnotations, reg.Links, `WHERE a.id`, annotationID); err != nil {
		return reg, err
	}
	for _, id := range ids {
		if _, ok := reg.Links[id]; !ok {
			return reg, fmt.Errorf("annotation %s: %w", id, ErrNotFound)
		}
	}
	return reg, nil
}
