// Package export writes annotated articles to the formats researchers' other
// tools read (CSV, the Daftar bundle, JSONL/doccano, brat standoff,
// CoNLL/BIO, W3C Web Annotation, REFI-QDA, schema.org ClaimReview, Label Studio). It never
// speaks SQL: the storage layer reads what an export covers into a
// bundle.Bundle, the type the Daftar bundle format also writes. Reading doccano and brat back is
// ingest/annotations' work.
//
// Offsets are Unicode code points over the canonical article text, as
// everywhere in Daftar; a format converts to UTF-16 only when asked
// (Options.Offsets) and only while writing. Every format states its unit.
// See docs/exports.md.
package export

import (
	"filippo.io/age"

	"daftar/textnorm"
)

// Options choose the format and where it goes.
type Options struct {
	Format  string // csv, json, jsonl, brat, conll, w3c, qdpx, claimreview, labelstudio
	Out     string // file for single-file formats; folder for csv and brat, or a .zip when Out ends in .zip
	BOM     bool   // CSV: UTF-8 BOM (default on at the CLI; --no-bom turns it off)
	Offsets string // "codepoint" (default) or "utf16" (json/jsonl/w3c consumers in JavaScript); labelstudio is always utf16

	ReviewURL  string // claimreview: the publisher's base URL; each review's url is ReviewURL/<annotation id> (default: the article's URL)
	Unverified bool   // claimreview: also claims without a rating (unverified or no verdict), with no reviewRating
	Layers     bool   // conll: one tag column per type of the schema, so overlapping annotations of different types are kept

	// Recipients, when set, encrypt the output with age (seal.Recipients or
	// seal.Passphrase); only formats that write one file can be encrypted.
	Recipients []age.Recipient
	// Redact says what Run removes from the records before any format sees them.
	Redact Redaction
}

// Offset units accepted in Options.Offsets.
const (
	UnitCodepoint = textnorm.UnitCodepoint
	UnitUTF16     = textnorm.UnitUTF16
)

// Formats lists the names accepted in Options.Format.
var Formats = []string{"csv", "json", "jsonl", "brat", "conll", "w3c", "qdpx", "claimreview", "labelstudio"}

// Unit is the offset unit an export with opts writes: Options.Offsets, or
// always UTF-16 for labelstudio (Label Studio's own unit).
func (opts Options) Unit() string {
	if opts.Format == "labelstudio" || opts.Offsets == UnitUTF16 {
		return UnitUTF16
	}
	return UnitCodepoint
}
