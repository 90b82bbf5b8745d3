package model

import (
	"regexp"
	"strings"
	"time"
)

// Entity is a canonical person, organisation, place, ... that mentions in
// many articles link to.
type Entity struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Name      string    `json:"name"`
	Aliases   []Alias   `json:"aliases"`
	Wikidata  string    `json:"wikidata,omitempty"` // e.g. Q794
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Alias is another name of an entity, in a language or script.
type Alias struct {
	Name string `json:"name"`
	Lang string `json:"lang,omitempty"`
}

// AliasNames returns the names of the entity's aliases, in order.
func (e *Entity) AliasNames() []string {
	out := make([]string, len(e.Aliases))
	for i, a := range e.Aliases {
		out[i] = a.Name
	}
	return out
}

var wikidataID = regexp.MustCompile(`^Q[1-9][0-9]*$`)

// Validate checks an entity against the label schema.
func (e *Entity) Validate(schema Schema) error {
	if !ValidID(e.ID) {
		return invalid("entity id %q is not a UUID", e.ID)
	}
	if strings.TrimSpace(e.Name) == "" {
		return invalid("entity %s has no name", e.ID)
	}
	if _, ok := schema.Lookup(e.Type); !ok {
		return invalid("entity %s: unknown type %q", e.ID, e.Type)
	}
	if e.Wikidata != "" && !wikidataID.MatchString(e.Wikidata) {
		return invalid("entity %s: wikidata id %q is not of the form Q123", e.ID, e.Wikidata)
	}
	for _, a := range e.Aliases {
		if strings.TrimSpace(a.Name) == "" {
			return invalid("entity %s has an empty alias", e.ID)
		}
	}
	return nil
}

// Set is a named collection of articles: chosen one by one, or saved from a
// search (Query holds the search then).
type Set struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query,omitempty"`
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// ArticleIDs are the members; filled where a whole set travels (bundles).
	ArticleIDs []string `json:"article_ids,omitempty"`
}

// Validate checks a set's own fields.
func (s *Set) Validate() error {
	if !ValidID(s.ID) {
		return invalid("set id %q is not a UUID", s.ID)
	}
	if strings.TrimSpace(s.Name) == "" {
		return invalid("set %s has no name", s.ID)
	}
	for _, id := range s.ArticleIDs {
		if !ValidID(id) {
			return invalid("set %s: article id %q is not a UUID", s.ID, id)
		}
	}
	return nil
}
