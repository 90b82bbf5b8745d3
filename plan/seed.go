package plan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"daftar/model"
	"daftar/textnorm"
)

// EntitySeed is an entity to add to the registry (from a gazetteer file or
// from existing annotations) and the unlinked annotations to link to it.
type EntitySeed struct {
	Entity model.Entity
	Link   []string // annotation ids
}

// SeedResult reports what seeding did with one seed.
type SeedResult struct {
	EntityID     string `json:"entity_id"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	Created      bool   `json:"created"` // false: merged into an existing entity
	AliasesAdded int    `json:"aliases_added"`
	Linked       int    `json:"linked"`
}

// Registry is what seeding looks at: the schema, every entity of the
// archive, and the annotations the seeds would link, by id.
type Registry struct {
	Schema   model.Schema
	Entities []model.Entity
	Links    map[string]model.Annotation
}

// Seed plans adding entities to the registry. A seed whose folded name
// equals the folded name or an alias of an existing entity of the same
// type, or whose Wikidata id equals that entity's, is merged into it
// instead: its name and aliases become aliases (when they fold
// differently), and an empty Wikidata id is filled in. Seeds merge with
// each other the same way. Each seed's Link annotations are then linked to
// its entity, unless they already link one. New and changed records are
// stamped now; newID names new entities. Every link must be in reg.Links.
func Seed(reg Registry, seeds []EntitySeed, now time.Time, newID func() string) (*Plan, []SeedResult, error) {
	r := newRegistryIndex(reg.Entities)
	results := make([]SeedResult, len(seeds))
	for i, sd := range seeds {
		res, err := r.seed(reg.Schema, sd.Entity, now, newID)
		if err != nil {
			return nil, nil, fmt.Errorf("entity %d (%q): %w", i+1, strings.TrimSpace(sd.Entity.Name), err)
		}
		results[i] = res
	}
	p := &Plan{Entities: r.changes(now)}
	linked := map[string]bool{}
	for i, sd := range seeds {
		for _, aid := range sd.Link {
			a := reg.Links[aid]
			c := Change[model.Annotation]{ID: aid, New: a}
			switch {
			case a.EntityID != "" || linked[aid]:
				c.Action, c.Reason = Skip, "already linked to an entity"
			case a.Kind != model.KindEntity:
				c.Action, c.Reason = Skip, "not an entity mention"
			default:
				old := a
				c.New.EntityID, c.New.UpdatedAt, c.Old = results[i].EntityID, now, &old
				c.Action, c.Reason = Update, "link to "+results[i].Name
				linked[aid] = true
				results[i].Linked++
			}
			p.Annotations = append(p.Annotations, c)
		}
	}
	return p, results, nil
}

// registryIndex is the registry being built: entities by id with their
// state before seeding (nil for new ones), in the order first touched,
// and lookups by name key and by Wikidata id.
type registryIndex struct {
	ents   map[string]*model.Entity
	before map[string]*model.Entity
	order  []string
	byKey  map[string]string
	byWiki map[string]string
}

func newRegistryIndex(existing []model.Entity) *registryIndex {
	r := &registryIndex{ents: map[string]*model.Entity{}, before: map[string]*model.Entity{},
		byKey: map[string]string{}, byWiki: map[string]string{}}
	for _, e := range existing {
		r.ents[e.ID] = &e
		r.index(&e)
	}
	return r
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

func wikiKey(e *model.Entity) string { return strings.ToUpper(e.Type) + "\x00" + e.Wikidata }

func (r *registryIndex) index(e *model.Entity) {
	for _, n := range names(e) {
		if k := nameKey(e.Type, n); k != "" {
			if _, ok := r.byKey[k]; !ok {
				r.byKey[k] = e.ID
			}
		}
	}
	if e.Wikidata != "" {
		r.byWiki[wikiKey(e)] = e.ID
	}
}

// seed adds one seed as a new entity or merges it into the one it names.
func (r *registryIndex) seed(schema model.Schema, e model.Entity, now time.Time, newID func() string) (SeedResult, error) {
	e.Type = CanonicalType(schema, e.Type)
	e.Name = strings.TrimSpace(e.Name)
	key := nameKey(e.Type, e.Name)
	if key == "" {
		return SeedResult{}, fmt.Errorf("%w: the name has no letters or digits", model.ErrInvalid)
	}
	id, ok := r.byKey[key]
	if !ok && e.Wikidata != "" {
		id, ok = r.byWiki[wikiKey(&e)]
	}
	if ok {
		return r.mergeInto(schema, id, e)
	}
	e.ID = newID()
	e.CreatedAt, e.UpdatedAt = now, now
	aliases := []model.Alias{}
	seen := map[string]bool{key: true}
	for _, a := range e.Aliases {
		a.Name = strings.TrimSpace(a.Name)
		if k := nameKey(e.Type, a.Name); k != "" && !seen[k] {
			seen[k] = true
			aliases = append(aliases, a)
		}
	}
	e.Aliases = aliases
	if err := e.Validate(schema); err != nil {
		return SeedResult{}, err
	}
	r.ents[e.ID], r.before[e.ID] = &e, nil
	r.order = append(r.order, e.ID)
	r.index(&e)
	return SeedResult{EntityID: e.ID, Name: e.Name, Type: e.Type, Created: true}, nil
}

// mergeInto adds a seed's names that fold differently as aliases of the
// entity id, and its Wikidata id when the entity has none.
func (r *registryIndex) mergeInto(schema model.Schema, id string, e model.Entity) (SeedResult, error) {
	dst := r.ents[id]
	if _, touched := r.before[id]; !touched {
		old := *dst
		old.Aliases = append([]model.Alias(nil), dst.Aliases...)
		dst.Aliases = slices.Clip(dst.Aliases) // appends below must not reach the caller's array
		r.before[id] = &old
		r.order = append(r.order, id)
	}
	added := 0
	have := map[string]bool{}
	for _, n := range names(dst) {
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
		return SeedResult{}, err
	}
	r.index(dst)
	return SeedResult{EntityID: id, Name: dst.Name, Type: dst.Type, AliasesAdded: added}, nil
}

// changes lists the entities seeding touched, in the order it did.
func (r *registryIndex) changes(now time.Time) []Change[model.Entity] {
	out := make([]Change[model.Entity], 0, len(r.order))
	for _, id := range r.order {
		e, old := *r.ents[id], r.before[id]
		c := Change[model.Entity]{ID: id, New: e, Old: old}
		switch {
		case old == nil:
			c.Action, c.Reason = Add, "new"
		case len(e.Aliases) == len(old.Aliases) && e.Wikidata == old.Wikidata:
			c.Action, c.Reason = Unchanged, "merged without news"
		default:
			c.New.UpdatedAt = now
			c.Action, c.Reason = Update, "merged: new aliases or Wikidata id"
		}
		out = append(out, c)
	}
	return out
}

// names are an entity's name and aliases.
func names(e *model.Entity) []string {
	return append([]string{e.Name}, e.AliasNames()...)
}
