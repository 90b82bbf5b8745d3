// Package suggest finds untagged mentions of registry entities in article
// text ("tag once, find every mention"): a gazetteer of every entity's name
// and aliases, folded by package textnorm and matched as whole token
// sequences, with Arabic proclitics (و ف ب ك ل and their combinations) allowed
// before a name and left out of the reported span.
//
// The matching core (Gazetteer, Find, Suggest) is pure and fast; Service
// ties it to an archive: suggestions for an article, accepting and rejecting
// them, and propagating an annotation across an article, a set or the whole
// archive as one undoable step. No SQL lives here: the archive side is in
// package storage.
package suggest

import (
	"strings"
	"unicode"

	"daftar/model"
	"daftar/textnorm"
)

// EntityRef names the entity a suggestion links to.
type EntityRef struct {
	ID   string `json:"entity_id"`
	Name string `json:"entity_name"`
	Type string `json:"type"`
}

// entry is one name of one entity, as folded tokens.
type entry struct {
	tokens []string // folded tokens, at least one
	// gaps[k] holds the folded characters between tokens k and k+1 in the
	// registry name; the text may have them there besides spaces, hyphens
	// and apostrophes ("Washington, D.C." allows the comma).
	gaps    []string
	entity  int32
	alias   string // the name as written in the registry
	acronym bool   // an all-capital Latin name (UN, NATO): the text must not be lower case
	primary bool   // the entity's name rather than one of its aliases
}

// Gazetteer is an index of the registry's names by their first folded
// token. It is immutable once built and safe for concurrent use.
type Gazetteer struct {
	entities []EntityRef
	byID     map[string]int32
	entries  []entry
	first    map[string][]int32 // first folded token -> entries
	// endings has a bit for the last two bytes of every first token. Every
	// reading of a text token (clitics) ends where the token ends, so a
	// token whose ending has no bit cannot start a name and is skipped
	// before its readings are listed: most tokens of a text, and nearly all
	// when the gazetteer is focused on one entity.
	endings [1 << 16 / 64]uint64
	short   bool // some first token is one byte long: no ending to test
}

// index files entry k under its first token.
func (g *Gazetteer) index(k int32) {
	first := g.entries[k].tokens[0]
	g.first[first] = append(g.first[first], k)
	if len(first) < 2 {
		g.short = true
		return
	}
	e := ending(first)
	g.endings[e/64] |= 1 << (e % 64)
}

func ending(tok string) uint16 { return uint16(tok[len(tok)-2])<<8 | uint16(tok[len(tok)-1]) }

// mayStart reports whether a folded text token can be (a proclitic and)
// the first token of a name.
func (g *Gazetteer) mayStart(tok string) bool {
	if len(tok) < 2 || g.short {
		return true
	}
	e := ending(tok)
	return g.endings[e/64]&(1<<(e%64)) != 0
}

// MinNameRunes is the shortest folded name that is matched; one-letter names
// would match clitics and initials everywhere.
const MinNameRunes = 2

// NewGazetteer indexes the name and aliases of every entity. Names that fold
// to nothing or to fewer than MinNameRunes letters are left out, and so are
// duplicate names of the same entity.
func NewGazetteer(entities []model.Entity) *Gazetteer {
	n := 0
	for i := range entities {
		n += 1 + len(entities[i].Aliases)
	}
	g := &Gazetteer{
		entities: make([]EntityRef, 0, len(entities)),
		byID:     make(map[string]int32, len(entities)),
		entries:  make([]entry, 0, n),
		first:    make(map[string][]int32, n),
	}
	for i := range entities {
		g.add(&entities[i])
	}
	return g
}

func (g *Gazetteer) add(e *model.Entity) {
	idx := int32(len(g.entities))
	g.entities = append(g.entities, EntityRef{ID: e.ID, Name: e.Name, Type: e.Type})
	if e.ID != "" {
		g.byID[e.ID] = idx
	}
	seen := map[string]bool{}
	addName := func(name string, primary bool) {
		en, ok := newEntry(name)
		if !ok {
			return
		}
		key := strings.Join(en.tokens, " ")
		if seen[key] {
			return
		}
		seen[key] = true
		en.entity, en.primary = idx, primary
		g.entries = append(g.entries, en)
		g.index(int32(len(g.entries) - 1))
	}
	addName(e.Name, true)
	for _, a := range e.Aliases {
		addName(a.Name, false)
	}
}

func newEntry(name string) (entry, bool) {
	folded := textnorm.Fold(name)
	toks := scan(folded, nil)
	if len(toks) == 0 {
		return entry{}, false
	}
	runes := 0
	en := entry{alias: name, acronym: isAcronym(name)}
	for k, t := range toks {
		en.tokens = append(en.tokens, folded[t.b0:t.b1])
		runes += t.c1 - t.c0
		if k > 0 {
			en.gaps = append(en.gaps, folded[toks[k-1].b1:t.b0])
		}
	}
	if runes < MinNameRunes {
		return entry{}, false
	}
	return en, true
}

// isAcronym reports an all-capital Latin name of up to six letters, such as
// UN, US or NATO: matched case-insensitively they would hit "us" and "un".
func isAcronym(name string) bool {
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r) && unicode.Is(unicode.Latin, r):
			letters++
		case unicode.IsLetter(r):
			return false
		}
	}
	return letters >= 2 && letters <= 6
}

// Len is the number of indexed names.
func (g *Gazetteer) Len() int { return len(g.entries) }

// Entities is the number of indexed entities.
func (g *Gazetteer) Entities() int { return len(g.entities) }

// Entity returns the indexed entity with that id.
func (g *Gazetteer) Entity(id string) (EntityRef, bool) {
	i, ok := g.byID[id]
	if !ok {
		return EntityRef{}, false
	}
	return g.entities[i], true
}

// Names returns the folded token sequences of an entity's names, e.g. for
// the archive's full-text index to find candidate articles.
func (g *Gazetteer) Names(id string) [][]string {
	i, ok := g.byID[id]
	if !ok {
		return nil
	}
	return g.names(i)
}

func (g *Gazetteer) names(i int32) [][]string {
	var out [][]string
	for k := range g.entries {
		if g.entries[k].entity == i {
			out = append(out, g.entries[k].tokens)
		}
	}
	return out
}

// Focus returns a gazetteer with the names of the given entities plus every
// name of other entities that shares a token with them. Matching with it
// gives the same spans for those entities as the whole gazetteer (a longer
// name containing theirs still wins, "Iran Air" over "Iran"), but skips the
// rest of the registry, which makes propagation over many articles cheap.
func (g *Gazetteer) Focus(ids ...string) *Gazetteer {
	want := map[int32]bool{}
	for _, id := range ids {
		if i, ok := g.byID[id]; ok {
			want[i] = true
		}
	}
	toks := map[string]bool{}
	for k := range g.entries {
		if want[g.entries[k].entity] {
			for _, t := range g.entries[k].tokens {
				toks[t] = true
			}
		}
	}
	keep := map[int32]bool{}
	for k := range g.entries {
		e := &g.entries[k]
		if want[e.entity] {
			keep[e.entity] = true
			continue
		}
		for _, t := range e.tokens {
			if toks[t] {
				keep[e.entity] = true
				break
			}
		}
	}
	out := &Gazetteer{byID: map[string]int32{}, first: map[string][]int32{}}
	remap := map[int32]int32{}
	for i, ref := range g.entities {
		if keep[int32(i)] {
			remap[int32(i)] = int32(len(out.entities))
			if ref.ID != "" {
				out.byID[ref.ID] = int32(len(out.entities))
			}
			out.entities = append(out.entities, ref)
		}
	}
	for k := range g.entries {
		e := g.entries[k]
		ni, ok := remap[e.entity]
		if !ok {
			continue
		}
		e.entity = ni
		out.entries = append(out.entries, e)
		out.index(int32(len(out.entries) - 1))
	}
	return out
}

// With returns a gazetteer holding g's names and those of extra entities
// (for example a pseudo-entity made of an annotation's quote). g is not
// changed.
func (g *Gazetteer) With(extra ...model.Entity) *Gazetteer {
	out := &Gazetteer{
		entities: append([]EntityRef(nil), g.entities...),
		byID:     make(map[string]int32, len(g.byID)+len(extra)),
		entries:  append([]entry(nil), g.entries...),
		first:    make(map[string][]int32, len(g.first)+len(extra)),
		endings:  g.endings,
		short:    g.short,
	}
	for k, v := range g.byID {
		out.byID[k] = v
	}
	for k, v := range g.first {
		out.first[k] = append([]int32(nil), v...)
	}
	for i := range extra {
		out.add(&extra[i])
	}
	return out
}
