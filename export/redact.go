package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"daftar/bundle"
)

// Redaction says what to remove from an export meant for sharing. Run
// applies it to the records before any format writer sees them, so every
// format honours it alike.
type Redaction struct {
	Annotators bool     // annotator names become coder-1, coder-2, … (the key goes to RedactionMapPath, never into the export)
	Notes      bool     // the notes of articles, annotations, entities and sets
	Origins    bool     // the path each article was imported from (it shows user and folder names)
	Fields     []string // article metadata to drop, from RedactFields
}

// RedactFields are the article fields Redaction.Fields may name.
var RedactFields = []string{"author", "url", "source", "place", "published", "tags"}

// ParseRedaction reads the CLI's comma-separated list: annotators, notes,
// origins and any of RedactFields.
func ParseRedaction(list string) (Redaction, error) {
	var r Redaction
	for _, item := range strings.Split(list, ",") {
		switch item = strings.TrimSpace(strings.ToLower(item)); item {
		case "":
		case "annotators":
			r.Annotators = true
		case "notes":
			r.Notes = true
		case "origins":
			r.Origins = true
		default:
			if !slices.Contains(RedactFields, item) {
				return Redaction{}, fmt.Errorf("cannot redact %q: choose from annotators, notes, origins, %s", item, strings.Join(RedactFields, ", "))
			}
			if !slices.Contains(r.Fields, item) {
				r.Fields = append(r.Fields, item)
			}
		}
	}
	return r, nil
}

func (r Redaction) any() bool {
	return r.Annotators || r.Notes || r.Origins || len(r.Fields) > 0
}

func (r Redaction) check() error {
	for _, f := range r.Fields {
		if !slices.Contains(RedactFields, f) {
			return fmt.Errorf("export: cannot redact field %q (known: %s)", f, strings.Join(RedactFields, ", "))
		}
	}
	return nil
}

// RedactionMapPath is where Run writes the pseudonym key of an export to out:
// beside it, outside any folder or ZIP that is shared.
func RedactionMapPath(out string) string {
	return filepath.Clean(out) + ".redaction-map.csv"
}

// apply removes what r names from b, in place, and returns the pseudonyms
// given, as pseudonym -> annotator pairs in order.
func (r Redaction) apply(b *bundle.Bundle) [][2]string {
	var pairs [][2]string
	if r.Annotators {
		// Numbered in order of annotation id (random UUIDs), so the numbers
		// say nothing about names, yet the same bundle always numbers alike.
		order := make([]int, len(b.Annotations))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(x, y int) int { return strings.Compare(b.Annotations[x].ID, b.Annotations[y].ID) })
		alias := map[string]string{}
		for _, i := range order {
			an := &b.Annotations[i]
			if an.Annotator == "" {
				continue
			}
			p, ok := alias[an.Annotator]
			if !ok {
				p = fmt.Sprintf("coder-%d", len(alias)+1)
				alias[an.Annotator] = p
				pairs = append(pairs, [2]string{p, an.Annotator})
			}
			an.Annotator = p
		}
	}
	for i := range b.Articles {
		a := &b.Articles[i]
		if r.Notes {
			a.Notes = ""
		}
		if r.Origins {
			a.Origin.File = ""
		}
		for _, f := range r.Fields {
			switch f {
			case "author":
				a.Author = ""
			case "url":
				a.URL = ""
			case "source":
				a.Source = ""
			case "place":
				a.Place = ""
			case "published":
				a.Published = ""
			case "tags":
				a.Tags = nil
			}
		}
	}
	if r.Notes {
		for i := range b.Annotations {
			b.Annotations[i].Note = ""
		}
		for i := range b.Entities {
			b.Entities[i].Note = ""
		}
		for i := range b.Sets {
			b.Sets[i].Note = ""
		}
	}
	return pairs
}

// writeRedactionMap writes the pseudonym key readable by its owner only.
func writeRedactionMap(path string, pairs [][2]string) error {
	return writeFileMode(path, 0o600, func(f io.Writer) error {
		w := csv.NewWriter(f)
		w.Write([]string{"pseudonym", "annotator"})
		for _, p := range pairs {
			w.Write(p[:])
		}
		w.Flush()
		return w.Error()
	})
}
