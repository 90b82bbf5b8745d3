package plan

import (
	"fmt"
	"maps"
	"reflect"

	"daftar/model"
)

// Archive is what the archive holds that a merge looks at: its schema and
// the stored copies of the incoming records, found by id (or, for
// articles, by text).
type Archive struct {
	Schema model.Schema
	// ArticleByFingerprint is the stored article id of each incoming text
	// the archive holds (by model.Fingerprint).
	ArticleByFingerprint map[string]string
	// ArticleTexts is the stored text of each incoming article id.
	ArticleTexts map[string]string
	Entities     map[string]model.Entity
	Annotations  map[string]model.Annotation
	Sets         map[string]model.Set
	Members      map[string][]string // stored members of each incoming set
}

// Incoming is what comes in: a bundle's records, or another tool's.
type Incoming struct {
	Schema      model.Schema
	Articles    []model.Article
	Entities    []model.Entity
	Annotations []model.Annotation
	Sets        []model.Set
	// Invalid are the records to leave out, with why (already checked
	// against the archive by the caller).
	Invalid map[Key]string
}

// Merge plans merging in into the archive, by id. Merging is idempotent:
// planned again after it was applied, everything is unchanged. A record
// the archive holds with other content is replaced when the incoming copy
// is at least as new (UpdatedAt); an article's text is never replaced (an
// error). An article whose text the archive holds under another id is not
// added, and references to it move to the stored one; so do later copies
// of a text that comes in twice, to its first valid copy. Types the
// archive's schema lacks are added to it, and incoming type names take the
// archive's spelling. Records are planned in order against what the
// earlier ones leave, so a record that comes in twice is merged twice.
func Merge(have Archive, in Incoming) (*Plan, error) {
	p := &Plan{}
	schema := have.Schema
	if merged := MergeSchema(have.Schema, in.Schema); len(merged) != len(have.Schema) {
		p.Schema, schema = merged, merged
	}
	remap := articleRemap(have.ArticleByFingerprint, in.Articles)
	var err error
	if p.Articles, err = mergeArticles(have.ArticleTexts, in, remap); err != nil {
		return nil, err
	}
	p.Entities = mergeEntities(maps.Clone(have.Entities), in, schema)
	p.Annotations = mergeAnnotations(maps.Clone(have.Annotations), in, schema, remap)
	p.Sets = mergeSets(have, in, remap)
	return p, nil
}

// articleRemap maps incoming article ids to the article that keeps their
// text: the archive's copy under another id, or the first valid incoming
// copy.
func articleRemap(stored map[string]string, articles []model.Article) map[string]string {
	remap := map[string]string{}
	firstWithText := map[string]string{}
	for _, a := range articles {
		fp := model.Fingerprint(a.Text)
		if id, ok := stored[fp]; ok {
			if id != a.ID {
				remap[a.ID] = id
			}
			continue
		}
		if a.Validate() != nil {
			continue
		}
		if first, ok := firstWithText[fp]; ok && first != a.ID {
			remap[a.ID] = first
		} else {
			firstWithText[fp] = a.ID
		}
	}
	return remap
}

func invalid[T any](in Incoming, kind, id string, rec T) (Change[T], bool) {
	why, bad := in.Invalid[Key{kind, id}]
	return Change[T]{Action: Skip, ID: id, Reason: "invalid: " + why, New: rec}, bad
}

func mergeArticles(texts map[string]string, in Incoming, remap map[string]string) ([]Change[model.Article], error) {
	var out []Change[model.Article]
	for _, a := range in.Articles {
		if c, bad := invalid(in, "article", a.ID, a); bad {
			out = append(out, c)
			continue
		}
		c := Change[model.Article]{ID: a.ID, New: a}
		text, stored := texts[a.ID]
		switch to, dup := remap[a.ID]; {
		case dup:
			c.Action, c.Into, c.Reason = Skip, to, "same text as article "+to
		case !stored:
			c.Action, c.Reason = Add, "new"
		case text != a.Text:
			return nil, fmt.Errorf("article %s exists with another text; an article's text never changes", a.ID)
		default:
			c.Action, c.Reason = Unchanged, "already in the archive"
		}
		out = append(out, c)
	}
	return out, nil
}

// replace says what to do with an incoming copy of a record the archive
// holds as old (nil: it does not), and why.
func replace[T any](old *T, same, oldNewer bool) (Action, string) {
	switch {
	case old == nil:
		return Add, "new"
	case same:
		return Unchanged, "same content"
	case oldNewer:
		return Unchanged, "the archive's copy is newer"
	}
	return Update, "incoming copy is as new or newer"
}

func mergeEntities(have map[string]model.Entity, in Incoming, schema model.Schema) []Change[model.Entity] {
	var out []Change[model.Entity]
	for _, e := range in.Entities {
		e.Type = CanonicalType(schema, e.Type)
		if c, bad := invalid(in, "entity", e.ID, e); bad {
			out = append(out, c)
			continue
		}
		if e.Aliases == nil {
			e.Aliases = []model.Alias{}
		}
		c := Change[model.Entity]{ID: e.ID, New: e}
		if old, ok := have[e.ID]; ok {
			c.Old = &old
		}
		c.Action, c.Reason = replace(c.Old, c.Old != nil && reflect.DeepEqual(*c.Old, e), c.Old != nil && c.Old.UpdatedAt.After(e.UpdatedAt))
		if c.Action != Unchanged {
			have[e.ID] = e
		}
		out = append(out, c)
	}
	return out
}

func mergeAnnotations(have map[string]model.Annotation, in Incoming, schema model.Schema, remap map[string]string) []Change[model.Annotation] {
	var out []Change[model.Annotation]
	for _, a := range in.Annotations {
		a.Type = CanonicalType(schema, a.Type)
		if c, bad := invalid(in, "annotation", a.ID, a); bad {
			out = append(out, c)
			continue
		}
		if to, ok := remap[a.ArticleID]; ok {
			a.ArticleID = to
		}
		c := Change[model.Annotation]{ID: a.ID, New: a}
		if old, ok := have[a.ID]; ok {
			c.Old = &old
		}
		c.Action, c.Reason = replace(c.Old, c.Old != nil && SameAnnotation(c.Old, &a), c.Old != nil && c.Old.UpdatedAt.After(a.UpdatedAt))
		if c.Action != Unchanged {
			have[a.ID] = a
		}
		out = append(out, c)
	}
	return out
}

// mergeSets adds the sets the archive lacks (an existing set keeps its
// name, query and note) and the memberships it lacks to every set.
func mergeSets(have Archive, in Incoming, remap map[string]string) []SetChange {
	sets := maps.Clone(have.Sets)
	members := map[string]map[string]bool{}
	var out []SetChange
	for _, st := range in.Sets {
		ids := st.ArticleIDs
		st.ArticleIDs = nil
		if c, bad := invalid(in, "set", st.ID, st); bad {
			out = append(out, SetChange{Change: c})
			continue
		}
		c := SetChange{Change: Change[model.Set]{ID: st.ID, New: st, Action: Unchanged, Reason: "already in the archive; members merged"}}
		if _, ok := sets[st.ID]; !ok {
			c.Action, c.Reason = Add, "new"
			sets[st.ID] = st
		}
		m := members[st.ID]
		if m == nil {
			m = map[string]bool{}
			for _, id := range have.Members[st.ID] {
				m[id] = true
			}
			members[st.ID] = m
		}
		for _, id := range ids {
			if to, ok := remap[id]; ok {
				id = to
			}
			if !m[id] {
				m[id] = true
				c.NewMembers = append(c.NewMembers, id)
			}
		}
		out = append(out, c)
	}
	return out
}

// SameAnnotation compares two copies field by field; a nil and an empty
// target list are the same.
func SameAnnotation(a, b *model.Annotation) bool {
	x, y := *a, *b
	if len(x.TargetIDs) == 0 && len(y.TargetIDs) == 0 {
		x.TargetIDs, y.TargetIDs = nil, nil
	}
	return reflect.DeepEqual(x, y)
}

// MergeSchema appends to the archive's schema the incoming types it lacks,
// without a hotkey that would clash.
func MergeSchema(have, incoming model.Schema) model.Schema {
	out := append(model.Schema{}, have...)
	keys := map[string]bool{}
	for _, t := range have {
		keys[t.Hotkey] = true
	}
	for _, t := range incoming {
		if _, ok := out.Lookup(t.Name); ok {
			continue
		}
		if keys[t.Hotkey] {
			t.Hotkey = ""
		}
		keys[t.Hotkey] = true
		out = append(out, t)
	}
	return out
}

// CanonicalType returns the schema's spelling of a type name, so that
// "gpe" from another tool is stored as "GPE".
func CanonicalType(schema model.Schema, name string) string {
	if lt, ok := schema.Lookup(name); ok {
		return lt.Name
	}
	return name
}
