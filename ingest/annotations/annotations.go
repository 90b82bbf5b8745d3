// Package annotations reads annotations made in other tools (doccano JSONL,
// brat standoff, Label Studio JSON) and reattaches them to the archive's articles, matched by
// their text. It sits beside ingest, which reads articles; the exporters
// write these formats and never read them.
//
// Offsets are Unicode code points over a document's text, as everywhere in
// Daftar; a reader converts from the format's unit while reading.
package annotations

// Doc is one document read back from another tool: its text and its spans
// (code points over Text).
type Doc struct {
	Name, Text string
	Spans      []Span
}

// Span is one labelled span of a Doc, in code points over its Text, End
// exclusive. Quote, when the other tool recorded the text of the span (brat
// does, and Daftar's JSONL beside doccano's "label"), is checked by
// Reattach. Line is the line of the file the span was read from (0 when
// unknown), for messages. Annotator, when the tool names one, replaces the
// importer's.
type Span struct {
	Start, End  int
	Label, Note string
	Quote       string
	Annotator   string
	Links       *Links
	Line        int
}

// Links are the entity link and claim fields of a span, when the file
// carries them (Label Studio tasks written by Daftar). Entity ids are the
// archive's: the importer keeps only those the archive holds.
type Links struct {
	EntityID, ClaimantID                    string
	TargetIDs                               []string
	Attribution, Stance, Verdict, ClaimDate string
}
