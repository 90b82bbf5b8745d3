package model

import (
	"regexp"
	"strings"
)

// LabelType is one entry of the label schema: the types annotations and
// entities can have.
type LabelType struct {
	Name        string `json:"name"`   // e.g. PER
	Kind        Kind   `json:"kind"`   // entity or claim
	Colour      string `json:"colour"` // #RRGGBB
	Hotkey      string `json:"hotkey,omitempty"`
	Description string `json:"description,omitempty"`
}

// Schema is the ordered list of label types of an archive.
type Schema []LabelType

// DefaultSchema is the schema a new archive starts with. Colours are chosen
// to stay distinguishable as translucent highlights on light and dark themes.
func DefaultSchema() Schema {
	return Schema{
		{Name: "PER", Kind: KindEntity, Colour: "#E6862E", Hotkey: "1", Description: "person"},
		{Name: "ORG", Kind: KindEntity, Colour: "#3B82C4", Hotkey: "2", Description: "organisation"},
		{Name: "GPE", Kind: KindEntity, Colour: "#3FA34D", Hotkey: "3", Description: "country, city, state"},
		{Name: "LOC", Kind: KindEntity, Colour: "#2AA198", Hotkey: "4", Description: "other location"},
		{Name: "DATE", Kind: KindEntity, Colour: "#9B59B6", Hotkey: "5", Description: "date or time"},
		{Name: "MONEY", Kind: KindEntity, Colour: "#C9A227", Hotkey: "6", Description: "amount or quantity"},
		{Name: "EVENT", Kind: KindEntity, Colour: "#D9534F", Hotkey: "7", Description: "event"},
		{Name: "MISC", Kind: KindEntity, Colour: "#7F8C8D", Hotkey: "8", Description: "other"},
		{Name: "CLAIM", Kind: KindClaim, Colour: "#C2185B", Hotkey: "c", Description: "claim"},
	}
}

// Lookup finds a type by name, case-insensitively.
func (s Schema) Lookup(name string) (LabelType, bool) {
	for _, t := range s {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return LabelType{}, false
}

var (
	typeName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,31}$`)
	colour   = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
)

// Validate checks names, colours and that names and hotkeys are unique.
func (s Schema) Validate() error {
	names := map[string]bool{}
	keys := map[string]string{}
	for _, t := range s {
		if !typeName.MatchString(t.Name) {
			return invalid("label type name %q must be a letter followed by letters, digits, _ or -", t.Name)
		}
		up := strings.ToUpper(t.Name)
		if names[up] {
			return invalid("label type %q appears twice", t.Name)
		}
		names[up] = true
		if t.Kind != KindEntity && t.Kind != KindClaim {
			return invalid("label type %q: kind %q is not entity or claim", t.Name, t.Kind)
		}
		if !colour.MatchString(t.Colour) {
			return invalid("label type %q: colour %q is not #RRGGBB", t.Name, t.Colour)
		}
		if t.Hotkey != "" {
			if other, ok := keys[t.Hotkey]; ok {
				return invalid("hotkey %q is used by %s and %s", t.Hotkey, other, t.Name)
			}
			keys[t.Hotkey] = t.Name
		}
	}
	return nil
}
