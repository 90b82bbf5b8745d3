package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"daftar/bundle"
	"daftar/ingest"
	"daftar/ingest/annotations"
	"daftar/model"
	"daftar/storage"
	"daftar/textnorm"
)

// FormatQDPX is a REFI-QDA project (.qdpx, or a bare .qde) from QualCoder,
// MAXQDA, NVivo, ATLAS.ti or Daftar.
const FormatQDPX = "qdpx"

// qdpxColour is the colour of a code that has none.
const qdpxColour = "#9E9E9E"

// importQDPX imports one REFI-QDA project as one bundle merge (one
// transaction): its coded selections become annotations on the stored
// articles with the same text, and a source whose text the archive lacks
// becomes a new article titled with the source's name. Codes the schema
// lacks become label types (entity kind, the code's colour, its path and
// description as the type's description). Sets and cases become sets of the
// same name. A project Reattach refuses writes nothing.
func importQDPX(ctx context.Context, store *storage.Store, path, actor string, find func(string) (model.Article, bool)) (Entry, error) {
	failed := func(reason string, warnings []string) (Entry, error) {
		return Entry{Path: path, Format: FormatQDPX, Status: StatusFailed, Reason: reason, Warnings: warnings}, nil
	}
	p, err := annotations.ReadQDPX(path)
	if err != nil {
		return failed(err.Error(), nil)
	}
	schema, err := store.Schema(ctx)
	if err != nil {
		return Entry{}, err
	}
	extended, typeOf, notes := qdaSchema(schema, p.Codes)
	b := bundle.New()
	fresh := map[string]model.Article{} // new articles by fingerprint
	for i := range p.Docs {
		d := &p.Docs[i]
		for k := range d.Spans {
			d.Spans[k].Label = typeOf[d.Spans[k].Label]
		}
		fp := model.Fingerprint(model.CanonicalText(d.Text))
		if _, ok := find(fp); ok || fresh[fp].ID != "" || strings.TrimSpace(d.Text) == "" {
			continue
		}
		a, err := ingest.FromText(d.Text)
		if err != nil {
			continue // not valid text: Reattach reports it
		}
		a.Title = cmp.Or(strings.TrimSpace(d.Name), a.Title)
		a.Origin = model.Origin{File: path, Format: FormatQDPX}
		a.Language, a.Direction = textnorm.DetectLanguage(a.Text), model.Direction(textnorm.Direction(a.Text))
		fresh[fp] = a
		b.Articles = append(b.Articles, a)
	}
	findAny := func(fp string) (model.Article, bool) {
		if a, ok := fresh[fp]; ok {
			return a, true
		}
		return find(fp)
	}
	anns, problems := annotations.Reattach(p.Docs, findAny, extended, actor)
	if anns, err = keepKnownEntities(ctx, store, anns, &problems); err != nil {
		return Entry{}, err
	}
	if len(problems) > 0 && strings.Contains(problems[0], annotations.Refused) {
		return failed(problems[0], append(p.Skipped, problems[1:]...))
	}
	if len(p.Docs) == 0 {
		return failed("the project holds no text source Daftar can read", p.Skipped)
	}
	if len(anns) == 0 && len(b.Articles) == 0 && len(problems) > 0 {
		return failed("nothing could be imported: "+problems[0], append(p.Skipped, problems[1:]...))
	}
	b.Schema, b.Annotations = extended, anns
	if b.Sets, err = qdaSets(ctx, store, p, findAny); err != nil {
		return Entry{}, err
	}
	br, err := store.ImportBundle(ctx, actor, b, false)
	if err != nil {
		return failed(err.Error(), nil)
	}
	if len(extended) > len(schema) {
		problems = append(notes, problems...)
	}
	return Entry{Path: path, Format: FormatQDPX, Status: StatusAttached, Annotations: br.AnnotationsAdded, Bundle: br,
		Warnings: append(p.Skipped, problems...)}, nil
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

// qdaSets are the project's sets and cases as bundle sets of their
// sources' articles; a set whose name the archive holds keeps its id, so
// the merge adds members to it.
func qdaSets(ctx context.Context, store *storage.Store, p *annotations.QDAProject, find func(string) (model.Article, bool)) ([]model.Set, error) {
	var out []model.Set
	for _, s := range p.Sets {
		st := model.Set{ID: model.NewID(), Name: strings.TrimSpace(s.Name), CreatedAt: time.Now().UTC()}
		stored, err := store.SetByName(ctx, st.Name)
		switch {
		case err == nil:
			st = *stored
		case !errors.Is(err, storage.ErrNotFound):
			return nil, err
		}
		st.ArticleIDs = nil
		for _, i := range s.Docs {
			if a, ok := find(model.Fingerprint(model.CanonicalText(p.Docs[i].Text))); ok {
				st.ArticleIDs = append(st.ArticleIDs, a.ID)
			}
		}
		if len(st.ArticleIDs) > 0 {
			out = append(out, st)
		}
	}
	return out, nil
}
