package suggest

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"daftar/model"
	"daftar/storage"
)

// ReadGazetteerCSV reads a gazetteer file: one entity per row with the
// columns name, type, aliases and wikidata (the last two optional).
// Aliases are separated by | or ;. A first row whose first cell is "name" is
// a header and skipped. The file may start with a UTF-8 byte order mark.
func ReadGazetteerCSV(r io.Reader) ([]model.Entity, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var out []model.Entity
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		if line == 1 && len(rec) > 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\uFEFF")
			if strings.EqualFold(strings.TrimSpace(rec[0]), "name") {
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		cell := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e := model.Entity{Name: cell(0), Type: cell(1), Wikidata: cell(3), Aliases: []model.Alias{}}
		if e.Name == "" || e.Type == "" {
			return nil, fmt.Errorf("%w: gazetteer line %d: want name and type, got %q", model.ErrInvalid, line, rec)
		}
		for _, a := range strings.FieldsFunc(cell(2), func(r rune) bool { return r == '|' || r == ';' }) {
			if a = strings.TrimSpace(a); a != "" {
				e.Aliases = append(e.Aliases, model.Alias{Name: a})
			}
		}
		out = append(out, e)
	}
}

// ImportGazetteer adds entities to the registry in one transaction (one
// undo), merging each with an existing entity of the same type whose folded
// name or alias equals its name (see storage.Store.SeedEntities).
func (s *Service) ImportGazetteer(ctx context.Context, actor string, ents []model.Entity) ([]storage.SeedResult, error) {
	seeds := make([]storage.EntitySeed, len(ents))
	for i, e := range ents {
		seeds[i] = storage.EntitySeed{Entity: e}
	}
	return s.store.SeedEntities(ctx, actor, seeds)
}

// GroupUnlinked groups unlinked entity annotations by type and folded
// quote: each group becomes one entity named after its most frequent
// spelling, linked to every annotation of the group. Groups come in order
// of type, then name.
func GroupUnlinked(anns []model.Annotation) []storage.EntitySeed {
	type group struct {
		typ      string
		toks     []string // the folded quote
		spelling map[string]int
		first    []string // spellings in order of appearance
		ids      []string
	}
	groupKey := func(typ string, toks []string) string { return strings.ToUpper(typ) + "\x00" + strings.Join(toks, " ") }
	groups := map[string]*group{}
	var keys []string
	for _, a := range anns {
		if a.Kind != model.KindEntity || a.EntityID != "" {
			continue
		}
		toks := foldedTokens(a.Quote)
		if len(toks) == 0 {
			continue
		}
		key := groupKey(a.Type, toks)
		g := groups[key]
		if g == nil {
			g = &group{typ: a.Type, toks: toks, spelling: map[string]int{}}
			groups[key] = g
			keys = append(keys, key)
		}
		q := strings.TrimSpace(a.Quote)
		if g.spelling[q] == 0 {
			g.first = append(g.first, q)
		}
		g.spelling[q]++
		g.ids = append(g.ids, a.ID)
	}
	// A quote tagged with its proclitic (لإيران) joins the group of the bare
	// name (إيران) when there is one: the matcher finds clitic forms by
	// itself, and an entity named لإيران would be wrong. Without such a
	// group the quote stays whole, for the letter may be the name's own
	// (بغداد is not ب + غداد).
	for _, k := range keys {
		g := groups[k]
		for _, v := range clitics(g.toks[0], nil)[1:] {
			if to := groups[groupKey(g.typ, append([]string{v.key}, g.toks[1:]...))]; to != nil && to != g {
				to.ids = append(to.ids, g.ids...)
				delete(groups, k)
				break
			}
		}
	}
	keys = slices.DeleteFunc(keys, func(k string) bool { return groups[k] == nil })
	sort.Strings(keys)
	out := make([]storage.EntitySeed, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		name := g.first[0]
		for _, sp := range g.first[1:] {
			if g.spelling[sp] > g.spelling[name] {
				name = sp
			}
		}
		out = append(out, storage.EntitySeed{
			Entity: model.Entity{Type: g.typ, Name: name, Aliases: []model.Alias{}},
			Link:   g.ids,
		})
	}
	return out
}

// BuildGazetteer turns the archive's unlinked entity annotations into
// registry entries (GroupUnlinked), merging with existing entities of the
// same type and folded name, and links the annotations: one undoable action.
func (s *Service) BuildGazetteer(ctx context.Context, actor string) ([]storage.SeedResult, error) {
	anns, err := s.store.UnlinkedAnnotations(ctx)
	if err != nil {
		return nil, err
	}
	seeds := GroupUnlinked(anns)
	if len(seeds) == 0 {
		return nil, nil
	}
	return s.store.SeedEntities(ctx, actor, seeds)
}
