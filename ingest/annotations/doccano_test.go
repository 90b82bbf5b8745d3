package annotations

import (
	"strings"
	"testing"

	"daftar/model"
	"daftar/textnorm"
)

func TestReadDoccanoVariants(t *testing.T) {
	in := `{"id": 7, "text": "😀 Baku and Ganja", "entities": [{"id": 1, "start_offset": 3, "end_offset": 7, "label": "GPE"}]}
{"text": "😀 Baku", "label": [[3, 7, "GPE"]]}

{"text": "x", "label": []}
`
	docs, err := ReadDoccano(strings.NewReader(in), textnorm.UnitUTF16)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 || docs[0].Name != "7" || docs[1].Name != "line 2" {
		t.Fatalf("%+v", docs)
	}
	for _, doc := range docs[:2] {
		if sp := doc.Spans[0]; sp.Start != 2 || sp.End != 6 || quoteOf(doc.Text, sp) != "Baku" {
			t.Errorf("%+v", doc.Spans)
		}
	}
	// Read as code points, the same numbers are a different span; inside a
	// surrogate pair they are an error that suggests the other unit.
	if _, err := ReadDoccano(strings.NewReader(`{"text": "😀 Baku", "label": [[1, 6, "GPE"]]}`), textnorm.UnitUTF16); err == nil ||
		!strings.Contains(err.Error(), "inside a surrogate pair") || !strings.Contains(err.Error(), "codepoint") {
		t.Errorf("span inside a surrogate pair: err %v", err)
	}
	for _, bad := range []string{`{"label": []}`, `{"text": "a", "label": ["POS"]}`, `{"text": "ab", "label": [[0, 9, "X"]]}`, `not json`, `{"text": "ab", "label": [[1.5, 2, "X"]]}`} {
		if _, err := ReadDoccano(strings.NewReader(bad), textnorm.UnitCodepoint); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// quoteOf is the text a span cuts out of its document.
func quoteOf(text string, sp Span) string {
	q, _ := model.Slice(text, sp.Start, sp.End)
	return q
}

// A line that declares its unit is read in it, whatever the caller
// assumed by default; asking for the other unit is refused. Daftar's
// "annotations" give each span its quote.
func TestReadDoccanoDeclaredUnit(t *testing.T) {
	line := `{"text": "🎉🎉 مرحبا Baku", "offsets": "utf16", "label": [[5, 10, "GPE"]], "annotations": [{"type": "GPE", "start": 5, "end": 10, "quote": "مرحبا"}]}`
	docs, err := ReadDoccano(strings.NewReader(line), "")
	if err != nil {
		t.Fatal(err)
	}
	if sp := docs[0].Spans[0]; sp.Start != 3 || sp.End != 8 || sp.Quote != "مرحبا" || sp.Line != 1 || quoteOf(docs[0].Text, sp) != "مرحبا" {
		t.Errorf("%+v", docs[0].Spans)
	}
	if _, err := ReadDoccano(strings.NewReader(line), textnorm.UnitCodepoint); err == nil || !strings.Contains(err.Error(), `declares offsets "utf16"`) {
		t.Errorf("conflicting unit: %v", err)
	}
}
