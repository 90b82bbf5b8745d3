package importer

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"daftar/ingest/annotations"
	"daftar/model"
	"daftar/storage"
)

// FormatQDPX is a REFI-QDA project (.qdpx, or a bare .qde) from QualCoder,
// MAXQDA, NVivo, ATLAS.ti or Daftar.
const FormatQDPX = "qdpx"

// qdpxColour is the colour of a code that has none.
const qdpxColour = "#9E9E9E"

// importQDPX attaches the coded selections of one REFI-QDA project to the
// stored articles with the same text. Codes the schema lacks become label
// types (entity kind, the code's colour, its path and description as the
// type's description); the schema grows only when annotations are stored.
// Sets and cases become sets of the matched articles.
func importQDPX(ctx context.Context, store *storage.Store, path, actor string, find func(string) (model.Article, bool)) (Entry, error) {
	failed := func(reason string) (Entry, error) {
		return Entry{Path: path, Format: FormatQDPX, Status: StatusFailed, Reason: reason}, nil
	}
	p, err := annotations.ReadQDPX(path)
	if err != nil {
		return failed(err.Error())
	}
	schema, err := store.Schema(ctx)
	if err != nil {
		return Entry{}, err
	}
	extended, typeOf, notes := qdaSchema(schema, p.Codes)
	for i := range p.Docs {
		for k := range p.Docs[i].Spans {
			sp := &p.Docs[i].Spans[k]
			sp.Label = typeOf[sp.Label]
		}
	}
	anns, problems := annotations.Reattach(p.Docs, find, extended, actor)
	if anns, err = keepKnownEntities(ctx, store, anns, &problems); err != nil {
		return Entry{}, err
	}
	problems = append(p.Skipped, problems...)
	if len(anns) == 0 {
		if len(problems) == 0 {
			problems = []string{"the project holds no coded text selection"}
		}
		if strings.Contains(problems[0], annotations.Refused) || len(problems) == 1 {
			return Entry{Path: path, Format: FormatQDPX, Status: StatusFailed, Reason: problems[0], Warnings: problems[1:]}, nil
		}
		return Entry{Path: path, Format: FormatQDPX, Status: StatusFailed,
			Reason: "no annotation could be attached: " + problems[0], Warnings: problems[1:]}, nil
	}
	if len(extended) > len(schema) {
		if err := store.SetSchema(ctx, extended); err != nil {
			return failed(err.Error())
		}
		problems = append(notes, problems...)
	}
	if _, err := store.CreateAnnotations(ctx, actor, anns); err != nil {
		return failed(err.Error())
	}
	sets, err := qdaSets(ctx, store, actor, p, find)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Path: path, Format: FormatQDPX, Status: StatusAttached, Annotations: len(anns), Warnings: append(problems, sets...)}, nil
}

// qdaSchema maps each code path to a label type: the schema's type of that
// name, or a new type named after the path (the schema's names are ASCII
// identifiers, so other names get a CODE-n name). notes say which codes
// became new types under another name.
func qdaSchema(schema model.Schema, codes []annotations.QDACode) (model.Schema, map[string]string, []string) {
	out := append(model.Schema(nil), schema...)
	typeOf := map[string]string{}
	var notes []string
	for _, c := range codes {
		if lt, ok := out.Lookup(c.Path); ok {
			typeOf[c.Path] = lt.Name
			continue
		}
		name := typeNameFor(c.Path, out)
		colour := c.Colour
		if len(colour) == 4 { // #RGB
			colour = string([]byte{'#', colour[1], colour[1], colour[2], colour[2], colour[3], colour[3]})
		}
		if !hexColour.MatchString(colour) {
			colour = qdpxColour
		}
		desc := c.Path
		if c.Description != "" {
			desc += ": " + c.Description
		}
		out = append(out, model.LabelType{Name: name, Kind: model.KindEntity, Colour: colour, Description: desc})
		typeOf[c.Path] = name
		if name != c.Path {
			notes = append(notes, fmt.Sprintf("code %q is the new label type %s", c.Path, name))
		}
	}
	return out, typeOf, notes
}

var (
	hexColour   = regexp.MustCompile(`^#[0-9A-F]{6}$`)
	notTypeChar = regexp.MustCompile(`[^A-Za-z0-9_-]+`)
)

// typeNameFor makes a label type name from a code path ("Parent/Child"
// becomes Parent-Child), unique in schema.
func typeNameFor(path string, schema model.Schema) string {
	name := notTypeChar.ReplaceAllString(strings.ReplaceAll(path, "/", "-"), "_")
	name = strings.Trim(name, "_-")
	if name == "" || !(name[0] >= 'A' && name[0] <= 'Z' || name[0] >= 'a' && name[0] <= 'z') ||
		len(name) < len([]rune(path))/2 { // mostly non-ASCII (Arabic, say): a name of its own would say nothing
		name = "CODE"
	}
	name = name[:min(len(name), 28)]
	for n := 1; ; n++ {
		try := name
		if n > 1 || name == "CODE" {
			try = fmt.Sprintf("%s-%d", name, n)
		}
		if _, taken := schema.Lookup(try); !taken {
			return try
		}
	}
}

// qdaSets adds the articles the project's sets and cases hold to sets of
// the same name; the returned lines name members with no stored article.
func qdaSets(ctx context.Context, store *storage.Store, actor string, p *annotations.QDAProject, find func(string) (model.Article, bool)) ([]string, error) {
	var notes []string
	for _, s := range p.Sets {
		var ids []string
		for _, i := range s.Docs {
			if a, ok := find(model.Fingerprint(model.CanonicalText(p.Docs[i].Text))); ok {
				ids = append(ids, a.ID)
			}
		}
		if len(ids) == 0 {
			notes = append(notes, fmt.Sprintf("set %q: none of its sources is in the archive", s.Name))
			continue
		}
		st, err := store.EnsureSet(ctx, actor, s.Name)
		if err != nil {
			return nil, err
		}
		if err := store.AddToSet(ctx, actor, st.ID, ids...); err != nil {
			return nil, err
		}
	}
	return notes, nil
}
