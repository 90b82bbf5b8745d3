// Package bundle reads and writes the Daftar bundle, the JSON document that
// carries articles, entities, annotations and sets between archives. See
// docs/bundle.md for the format.
package bundle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"daftar/model"
)

const (
	// Format is the value of the "format" field of every bundle.
	Format = "daftar-bundle"
	// Version is the bundle version this code writes and the newest it reads.
	Version = 1
	// OffsetUnit is the unit of every start/end in a bundle.
	OffsetUnit = "codepoint"
)

// Bundle is the whole exchange document.
type Bundle struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	Offsets     string             `json:"offsets"`
	ExportedAt  time.Time          `json:"exported_at"`
	Schema      model.Schema       `json:"schema,omitempty"`
	Articles    []model.Article    `json:"articles"`
	Entities    []model.Entity     `json:"entities"`
	Annotations []model.Annotation `json:"annotations"`
	Sets        []model.Set        `json:"sets"`
}

// New returns an empty bundle stamped with the current time.
func New() *Bundle {
	return &Bundle{Format: Format, Version: Version, Offsets: OffsetUnit, ExportedAt: time.Now().UTC().Truncate(time.Second),
		Articles: []model.Article{}, Entities: []model.Entity{}, Annotations: []model.Annotation{}, Sets: []model.Set{}}
}

// ErrNotBundle is returned by Read for JSON that is not a Daftar bundle.
var ErrNotBundle = errors.New("not a daftar bundle")

// Read decodes a bundle and checks its header. Record-level checks are done
// by Validate, so that every problem can be listed at once. It walks the
// document token by token and decodes the records one at a time, so that
// beside the records themselves it holds one record's JSON, never the
// whole file; a header written first (as Write does) is checked before
// any record is read.
func Read(r io.Reader) (*Bundle, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	dec.DisallowUnknownFields()
	t, err := dec.Token()
	var syntax *json.SyntaxError
	if err != nil && err != io.EOF && !errors.As(err, &syntax) {
		return nil, fmt.Errorf("bundle: %w", err) // the reader failed (a damaged encrypted file, say)
	}
	if err != nil || t != json.Delim('{') {
		return nil, errors.New("bundle: not a JSON object")
	}
	var b Bundle
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		key, _ := t.(string)
		switch key {
		case "articles":
			err = decodeList(dec, &b.Articles)
		case "entities":
			err = decodeList(dec, &b.Entities)
		case "annotations":
			err = decodeList(dec, &b.Annotations)
		case "sets":
			err = decodeList(dec, &b.Sets)
		case "format":
			if err = dec.Decode(&b.Format); err == nil && b.Format != Format {
				return nil, fmt.Errorf("%w: format is %q", ErrNotBundle, b.Format)
			}
		case "version":
			if err = dec.Decode(&b.Version); err == nil {
				err = checkVersion(b.Version)
			}
		case "offsets":
			if err = dec.Decode(&b.Offsets); err == nil {
				err = checkOffsets(b.Offsets)
			}
		case "exported_at":
			err = dec.Decode(&b.ExportedAt)
		case "schema":
			err = dec.Decode(&b.Schema)
		default:
			return nil, fmt.Errorf("bundle: json: unknown field %q", key)
		}
		if err != nil {
			if strings.HasPrefix(err.Error(), "bundle") {
				return nil, err
			}
			return nil, fmt.Errorf("bundle: %w", err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	if b.Format != Format {
		return nil, fmt.Errorf("%w: format is %q", ErrNotBundle, b.Format)
	}
	if err := checkVersion(b.Version); err != nil {
		return nil, err
	}
	if err := checkOffsets(b.Offsets); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("bundle: trailing data after the JSON document")
	}
	return &b, nil
}

func checkVersion(v int) error {
	if v < 1 || v > Version {
		return fmt.Errorf("bundle version %d is not supported (this Daftar reads up to %d; update Daftar)", v, Version)
	}
	return nil
}

func checkOffsets(o string) error {
	if o != OffsetUnit {
		return fmt.Errorf("bundle offsets are %q; only %q is supported", o, OffsetUnit)
	}
	return nil
}

// decodeList decodes a JSON array (or null) element by element.
func decodeList[T any](dec *json.Decoder, list *[]T) error {
	t, err := dec.Token()
	if err != nil || t == nil {
		return err
	}
	if t != json.Delim('[') {
		// %q: a string token may hold line breaks, and errors are one line.
		return fmt.Errorf("json: expected a list, found %q", fmt.Sprint(t))
	}
	*list = []T{}
	for dec.More() {
		var v T
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*list = append(*list, v)
	}
	_, err = dec.Token()
	return err
}

// Write encodes b in a stable order (records sorted by id, annotations by
// article and position) so that exporting the same archive twice gives the
// same bytes but for exported_at. The header comes first and each record is
// encoded on its own, so the JSON of the whole bundle is never in memory.
func Write(w io.Writer, b *Bundle) error {
	b.Format, b.Version, b.Offsets = Format, Version, OffsetUnit
	sort.Slice(b.Articles, func(i, j int) bool { return b.Articles[i].ID < b.Articles[j].ID })
	sort.Slice(b.Entities, func(i, j int) bool { return b.Entities[i].ID < b.Entities[j].ID })
	sort.Slice(b.Sets, func(i, j int) bool { return b.Sets[i].ID < b.Sets[j].ID })
	for i := range b.Sets {
		sort.Strings(b.Sets[i].ArticleIDs)
	}
	sort.Slice(b.Annotations, func(i, j int) bool {
		x, y := b.Annotations[i], b.Annotations[j]
		if x.ArticleID != y.ArticleID {
			return x.ArticleID < y.ArticleID
		}
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End < y.End
		}
		return x.ID < y.ID
	})
	bw := bufio.NewWriter(w)
	head := struct {
		Format     string       `json:"format"`
		Version    int          `json:"version"`
		Offsets    string       `json:"offsets"`
		ExportedAt time.Time    `json:"exported_at"`
		Schema     model.Schema `json:"schema,omitempty"`
	}{b.Format, b.Version, b.Offsets, b.ExportedAt, b.Schema}
	var hb bytes.Buffer
	if err := encoder(&hb, "").Encode(head); err != nil {
		return err
	}
	// The header object without its closing brace; the lists follow.
	bw.Write(bytes.TrimSuffix(hb.Bytes(), []byte("\n}\n")))
	for _, err := range []error{
		writeList(bw, "articles", b.Articles),
		writeList(bw, "entities", b.Entities),
		writeList(bw, "annotations", b.Annotations),
		writeList(bw, "sets", b.Sets),
	} {
		if err != nil {
			return err
		}
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

func encoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	return enc
}

// writeList writes `,\n  "key": [...]` as json.Encoder would indent it
// inside the bundle object. Write errors stay in bw and show at Flush.
func writeList[T any](bw *bufio.Writer, key string, list []T) error {
	fmt.Fprintf(bw, ",\n  %q: [", key)
	var one bytes.Buffer
	enc := encoder(&one, "    ")
	for i := range list {
		one.Reset()
		if err := enc.Encode(&list[i]); err != nil {
			return err
		}
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		bw.WriteString(sep)
		bw.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	if len(list) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]")
	return nil
}

// TextLookup gives the text of an article already in the archive, so that a
// bundle may annotate articles it does not carry.
type TextLookup func(articleID string) (text string, ok bool)

// Problem is one invalid record of a bundle.
type Problem struct {
	Kind    string // article, entity, annotation, set
	ID      string
	Message string
}

func (p Problem) String() string { return p.Message }

// Validate lists every problem of the bundle's records: invalid articles,
// entities and sets, annotations whose span or quote does not fit their
// article, references to articles or entities that exist neither (valid) in
// the bundle nor, through the lookups, in the archive. A record that depends
// on an invalid one is itself reported, so dropping every listed record
// leaves a consistent bundle. An empty list means valid.
func (b *Bundle) Validate(schema model.Schema, articleInArchive TextLookup, entityInArchive func(id string) bool) []Problem {
	var problems []Problem
	add := func(kind, id, format string, args ...any) {
		problems = append(problems, Problem{kind, id, fmt.Sprintf(format, args...)})
	}
	texts := map[string]string{}
	for i := range b.Articles {
		a := &b.Articles[i]
		if err := a.Validate(); err != nil {
			add("article", a.ID, "%v", err)
			continue
		}
		if _, dup := texts[a.ID]; dup {
			add("article", a.ID, "article %s appears twice", a.ID)
			continue
		}
		texts[a.ID] = a.Text
	}
	lookupText := func(id string) (string, bool) {
		if t, ok := texts[id]; ok {
			return t, true
		}
		if articleInArchive != nil {
			return articleInArchive(id)
		}
		return "", false
	}
	entities := map[string]bool{}
	for i := range b.Entities {
		e := &b.Entities[i]
		if err := e.Validate(schema); err != nil {
			add("entity", e.ID, "%v", err)
			continue
		}
		entities[e.ID] = true
	}
	knownEntity := func(id string) bool {
		return id == "" || entities[id] || (entityInArchive != nil && entityInArchive(id))
	}
	for i := range b.Annotations {
		an := &b.Annotations[i]
		text, ok := lookupText(an.ArticleID)
		if !ok {
			add("annotation", an.ID, "annotation %s: unknown article %s", an.ID, an.ArticleID)
			continue
		}
		if err := an.Validate(text, schema); err != nil {
			add("annotation", an.ID, "%v", err)
			continue
		}
		for _, id := range append([]string{an.EntityID, an.ClaimantID}, an.TargetIDs...) {
			if !knownEntity(id) {
				add("annotation", an.ID, "annotation %s: unknown entity %s", an.ID, id)
				break
			}
		}
	}
	for i := range b.Sets {
		s := &b.Sets[i]
		if err := s.Validate(); err != nil {
			add("set", s.ID, "%v", err)
			continue
		}
		for _, id := range s.ArticleIDs {
			if _, ok := lookupText(id); !ok {
				add("set", s.ID, "set %s: unknown article %s", s.ID, id)
				break
			}
		}
	}
	return problems
}
