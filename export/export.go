// Package export writes annotated articles to the formats researchers' other
// tools read (CSV, the Daftar bundle, JSONL/doccano, brat standoff,
// CoNLL/BIO, W3C Web Annotation, REFI-QDA, schema.org ClaimReview) and reads
// annotations back from doccano and brat so work done elsewhere can rejoin
// the archive. It never speaks SQL: the storage layer fills Data.
//
// Offsets are Unicode code points over the canonical article text, as
// everywhere in Daftar; a format converts to UTF-16 only when asked
// (Options.Offsets) and only while writing. Every format states its unit.
// See docs/exports.md.
package export

import (
	"daftar/model"
)

// Data is what one export covers; the storage layer fills it for a scope
// (archive, set, search, selection).
type Data struct {
	Articles    []model.Article
	Annotations []model.Annotation // only those of the exported articles, already filtered by type/annotator
	Entities    []model.Entity     // every entity referenced (entity_id, claimant_id, target_ids)
	Sets        []model.Set
	Schema      model.Schema
}

// Options choose the format and where it goes.
type Options struct {
	Format  string // csv, json, jsonl, brat, conll, w3c, qdpx, claimreview
	Out     string // file for single-file formats; folder for csv and brat, or a .zip when Out ends in .zip
	BOM     bool   // CSV: UTF-8 BOM (default on at the CLI; --no-bom turns it off)
	Offsets string // "codepoint" (default) or "utf16" (json/jsonl/w3c consumers in JavaScript)
}

// Offset units accepted in Options.Offsets.
const (
	UnitCodepoint = "codepoint"
	UnitUTF16     = "utf16"
)

// Formats lists the names accepted in Options.Format.
var Formats = []string{"csv", "json", "jsonl", "brat", "conll", "w3c", "qdpx", "claimreview"}

// ExternalDoc is one document read back from another tool: its text and its
// spans (code points over Text).
type ExternalDoc struct {
	Name, Text string
	Spans      []ExternalSpan
}

// ExternalSpan is one labelled span of an ExternalDoc, in code points over
// its Text, End exclusive. Quote, when the other tool recorded the text of
// the span (brat does, doccano does not), is checked by Reattach.
type ExternalSpan struct {
	Start, End  int
	Label, Note string
	Quote       string
}
