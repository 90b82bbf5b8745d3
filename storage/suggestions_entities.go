package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"daftar/model"
	"daftar/textnorm"
)

// EntitySeed is an entity to add to the registry (from a gazetteer file or
// from existing annotations) and the unlinked annotations to link to it.
type EntitySeed struct {
	Entity model.Entity
	Link   []string // annotation ids
}

// SeedResult reports what SeedEntities did with one seed.
type SeedResult struct {
	EntityID     string `json:"entity_id"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	Created      bool   `json:"created"` // false: merged into an existing entity
	AliasesAdded int    `json:"aliases_added"`
	Linked       int    `json:"linked"`
}

// nameKey is how seeds find the entity they merge into: same type, same
// folded name (token sequence), so إيران, ايران and إِيرَان are one place.
func nameKey(typ, name string) string {
	toks := textnorm.TokenStrings(textnorm.Fold(name))
	if len(toks) == 0 {
		return ""
	}
	return strings.ToUpper(typ) + "\x00" + strings.Join(toks, " ")
}

// SeedEntities adds entities to the registry in one transaction and one
// history group (one undo). A seed whose folded name equals the folded name
// or an alias of an existing entity of the same type, or whose Wikidata id
// equals that entity's, is merged into it instead: its name and aliases
// become aliases (when they fold differently), and an empty Wikidata id is
// filled in. Seeds in the same call merge with each other the same way.
// Each seed's Link annotations are then linked to its entity, unless they
// already link one.
func (s *Store) SeedEntities(ctx context.Context, actor string, seeds []EntitySeed) ([]SeedResult, error) {
	results := make([]SeedResult, len(seeds))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		schema, err := readSchema(ctx, tx)
		if err != nil {
			return err
		}
		existing, err := queryEntities(ctx, tx, ``)
		if err != nil {
			return err
		}
		h := newHistory(actor)
		// The registry being built: entities by id, with their state before
		// this call (nil for new ones), and lookups by name key and Wikidata.
		ents := map[string]*model.Entity{}
		before := map[string]*model.Entity{}
		byKey := map[string]string{}
		byWiki := map[string]string{}
		var order []string
		index := func(e *model.Entity) {
			for _, n := range append([]string{e.Name}, e.AliasNames()...) {
				if k := nameKey(e.Type, n); k != "" {
					if _, ok := byKey[k]; !ok {
						byKey[k] = e.ID
					}
				}
			}
			if e.Wikidata != "" {
				byWiki[strings.ToUpper(e.Type)+"\x00"+e.Wikidata] = e.ID
			}
		}
		for i := range existing {
			e := &existing[i]
			ents[e.ID] = e
			index(e)
		}
		stamp := now()
		for i, sd := range seeds {
			e := sd.Entity
			if lt, ok := schema.Lookup(e.Type); ok {
				e.Type = lt.Name
			}
			e.Name = strings.TrimSpace(e.Name)
			key := nameKey(e.Type, e.Name)
			if key == "" {
				return fmt.Errorf("%w: entity %d (%q): the name has no letters or digits", model.ErrInvalid, i+1, e.Name)
			}
			id, ok := byKey[key]
			if !ok && e.Wikidata != "" {
				id, ok = byWiki[strings.ToUpper(e.Type)+"\x00"+e.Wikidata]
			}
			r := &results[i]
			if !ok {
				e.ID = model.NewID()
				e.CreatedAt, e.UpdatedAt = stamp, stamp
				var aliases []model.Alias
				seen := map[string]bool{key: true}
				for _, a := range e.Aliases {
					a.Name = strings.TrimSpace(a.Name)
					if k := nameKey(e.Type, a.Name); k != "" && !seen[k] {
						seen[k] = true
						aliases = append(aliases, a)
					}
				}
				e.Aliases = aliases
				if e.Aliases == nil {
					e.Aliases = []model.Alias{}
				}
				if err := e.Validate(schema); err != nil {
					return fmt.Errorf("entity %d (%q): %w", i+1, e.Name, err)
				}
				ents[e.ID], before[e.ID] = &e, nil
				order = append(order, e.ID)
				index(&e)
				*r = SeedResult{EntityID: e.ID, Name: e.Name, Type: e.Type, Created: true}
			} else {
				dst := ents[id]
				if _, touched := before[id]; !touched {
					old := *dst
					old.Aliases = append([]model.Alias(nil), dst.Aliases...)
					before[id] = &old
					order = append(order, id)
				}
				added := 0
				have := map[string]bool{}
				for _, n := range append([]string{dst.Name}, dst.AliasNames()...) {
					have[nameKey(dst.Type, n)] = true
				}
				for _, a := range append([]model.Alias{{Name: e.Name}}, e.Aliases...) {
					a.Name = strings.TrimSpace(a.Name)
					if k := nameKey(dst.Type, a.Name); k != "" && !have[k] {
						have[k] = true
						dst.Aliases = append(dst.Aliases, a)
						added++
					}
				}
				if dst.Wikidata == "" && e.Wikidata != "" {
					dst.Wikidata = e.Wikidata
				}
				if err := dst.Validate(schema); err != nil {
					return fmt.Errorf("entity %d (%q): %w", i+1, e.Name, err)
				}
				index(dst)
				*r = SeedResult{EntityID: id, Name: dst.Name, Type: dst.Type, AliasesAdded: added}
			}
		}
		// Write the registry changes, then the links, all in one group.
		for _, id := range order {
			e, old := ents[id], before[id]
			if old == nil {
				if err := writeEntity(ctx, tx, e, false); err != nil {
					return err
				}
				if err := h.record(ctx, tx, model.ActionCreate, "entity", id, nil, e); err != nil {
					return err
				}
				continue
			}
			if len(e.Aliases) == len(old.Aliases) && e.Wikidata == old.Wikidata {
				continue // merged without news
			}
			e.UpdatedAt = stamp
			if err := writeEntity(ctx, tx, e, true); err != nil {
				return err
			}
			if err := h.record(ctx, tx, model.ActionUpdate, "entity", id, old, e); err != nil {
				return err
			}
		}
		for i, sd := range seeds {
			for _, aid := range sd.Link {
				a, err := getAnnotation(ctx, tx, aid)
				if err != nil {
					return err
				}
				if a.EntityID != "" || a.Kind != model.KindEntity {
					continue
				}
				old := *a
				a.EntityID, a.UpdatedAt = results[i].EntityID, stamp
				if err := updateAnnotationRow(ctx, tx, a); err != nil {
					return err
				}
				if err := h.record(ctx, tx, model.ActionUpdate, "annotation", a.ID, &old, a); err != nil {
					return err
				}
				results[i].Linked++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}
