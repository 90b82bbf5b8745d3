package annotations

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"daftar/textnorm"
)

// maxLine bounds one JSONL line (one document) read back.
const maxLine = 64 << 20

// ReadDoccano reads doccano JSONL: one document per line with "text" and
// either "label": [[start, end, "TYPE"], ...] (doccano 1.x+ sequence
// labelling) or "entities": [{"start_offset", "end_offset", "label"}, ...]
// (older exports). offsets says what the numbers count: "codepoint" (Python,
// doccano's backend) or "utf16" (spans made in doccano's JavaScript frontend
// count UTF-16, doccano#2290); they are returned as code points. A line
// that declares its unit ("offsets", as Daftar writes) is read in it; ""
// means as declared, else code points, and asking for another unit than a
// line declares is an error. Daftar's "annotations" give the spans their
// quotes and notes. A span outside its text or splitting a surrogate pair
// is an error naming the line, because it almost always means the wrong
// unit was chosen.
func ReadDoccano(r io.Reader, offsets string) ([]Doc, error) {
	if err := checkUnit(offsets); err != nil {
		return nil, fmt.Errorf("doccano: %w", err)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var docs []Doc
	for ln := 1; sc.Scan(); ln++ {
		line := bytes.TrimSpace(sc.Bytes())
		if ln == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if len(line) == 0 {
			continue
		}
		doc, err := parseDoccanoLine(line, offsets)
		if err != nil {
			return nil, fmt.Errorf("doccano: line %d: %w", ln, err)
		}
		if doc.Name == "" {
			doc.Name = "line " + strconv.Itoa(ln)
		}
		for i := range doc.Spans {
			doc.Spans[i].Line = ln
		}
		docs = append(docs, doc)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("doccano: %w", err)
	}
	return docs, nil
}

func checkUnit(u string) error {
	if u != "" && u != textnorm.UnitCodepoint && u != textnorm.UnitUTF16 {
		return fmt.Errorf("offsets %q: want %q or %q", u, textnorm.UnitCodepoint, textnorm.UnitUTF16)
	}
	return nil
}

func parseDoccanoLine(line []byte, asked string) (Doc, error) {
	var raw struct {
		ID       json.RawMessage   `json:"id"`
		Name     string            `json:"name"`
		Text     *string           `json:"text"`
		Offsets  string            `json:"offsets"`
		Label    []json.RawMessage `json:"label"`
		Entities []struct {
			Start *json.Number `json:"start_offset"`
			End   *json.Number `json:"end_offset"`
			Label any          `json:"label"`
		} `json:"entities"`
		Annotations []struct {
			Start, End  json.Number
			Type, Quote string
			Note        string
		} `json:"annotations"`
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return Doc{}, err
	}
	if raw.Text == nil {
		return Doc{}, errors.New(`no "text"`)
	}
	if !utf8.ValidString(*raw.Text) {
		return Doc{}, errors.New("text is not valid UTF-8")
	}
	doc := Doc{Name: raw.Name, Text: *raw.Text}
	if doc.Name == "" && len(raw.ID) > 0 {
		var s string
		if json.Unmarshal(raw.ID, &s) == nil {
			doc.Name = s
		} else if n := string(raw.ID); n != "null" {
			doc.Name = n
		}
	}
	if err := checkUnit(raw.Offsets); err != nil {
		return doc, err
	}
	offsets := cmp.Or(raw.Offsets, asked, textnorm.UnitCodepoint)
	if raw.Offsets != "" && asked != "" && asked != raw.Offsets {
		return doc, fmt.Errorf("the line declares offsets %q but %q was asked for; read it as it declares", raw.Offsets, asked)
	}
	conv := newOffsetReader(doc.Text, offsets)
	add := func(k int, s, e json.Number, label string) error {
		si, err1 := jsonInt(s)
		ei, err2 := jsonInt(e)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("span %d: offsets %q, %q are not integers", k+1, s, e)
		}
		cs, err := conv.cp(si)
		if err == nil {
			ce, err := conv.cp(ei)
			if err == nil && cs < ce {
				sp := Span{Start: cs, End: ce, Label: label}
				// Daftar writes "annotations" in step with "label".
				if len(raw.Annotations) == len(raw.Label) && k < len(raw.Label) {
					if a := raw.Annotations[k]; a.Start == s && a.End == e && a.Type == label {
						sp.Quote, sp.Note = a.Quote, a.Note
					}
				}
				doc.Spans = append(doc.Spans, sp)
				return nil
			}
		}
		if err != nil {
			return fmt.Errorf("span %d (%d-%d): %w", k+1, si, ei, err)
		}
		return fmt.Errorf("span %d: %d-%d is empty or reversed", k+1, si, ei)
	}
	for k, l := range raw.Label {
		var tri []any
		d := json.NewDecoder(bytes.NewReader(l))
		d.UseNumber()
		if err := d.Decode(&tri); err != nil {
			return doc, fmt.Errorf(`label %d is not [start, end, "TYPE"] (document categories are not spans)`, k+1)
		}
		if len(tri) < 3 {
			return doc, fmt.Errorf(`label %d is not [start, end, "TYPE"]`, k+1)
		}
		s, ok1 := tri[0].(json.Number)
		e, ok2 := tri[1].(json.Number)
		label, ok3 := tri[2].(string)
		if !ok1 || !ok2 || !ok3 {
			return doc, fmt.Errorf(`label %d is not [start, end, "TYPE"]`, k+1)
		}
		if err := add(k, s, e, label); err != nil {
			return doc, err
		}
	}
	for k, en := range raw.Entities {
		if en.Start == nil || en.End == nil {
			return doc, fmt.Errorf("entity %d has no start_offset/end_offset", k+1)
		}
		var label string
		switch v := en.Label.(type) {
		case string:
			label = v
		case json.Number:
			label = v.String()
		default:
			return doc, fmt.Errorf("entity %d has no label", k+1)
		}
		if err := add(len(raw.Label)+k, *en.Start, *en.End, label); err != nil {
			return doc, err
		}
	}
	return doc, nil
}

func jsonInt(n json.Number) (int, error) {
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		f, ferr := n.Float64()
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<40 {
			return 0, errors.New("not an integer")
		}
		return int(f), nil
	}
	if i < -1<<40 || i > 1<<40 {
		return 0, errors.New("out of range")
	}
	return int(i), nil
}

func otherUnit(u string) string {
	if u == textnorm.UnitUTF16 {
		return textnorm.UnitCodepoint
	}
	return textnorm.UnitUTF16
}

// offsetReader converts offsets read in some unit to code points over a
// text.
type offsetReader struct {
	unit  string
	runes []rune  // the text, to name the character a bad offset splits
	units int     // length of the text in the unit
	table []int32 // UTF-16 index -> code point, -1 inside a surrogate pair; nil for code points
}

func newOffsetReader(s, unit string) offsetReader {
	n := utf8.RuneCountInString(s)
	if unit != textnorm.UnitUTF16 {
		return offsetReader{unit: unit, units: n}
	}
	table := make([]int32, 0, n+1)
	cp := int32(0)
	for _, r := range s {
		table = append(table, cp)
		if r > 0xFFFF {
			table = append(table, -1)
		}
		cp++
	}
	table = append(table, cp)
	return offsetReader{unit: unit, runes: []rune(s), units: len(table) - 1, table: table}
}

// cp returns the code point offset of i, or an error saying whether i is
// outside the text or inside a surrogate pair, and which unit to try.
func (o offsetReader) cp(i int) (int, error) {
	if i < 0 || i > o.units {
		return 0, fmt.Errorf("offset %d is outside the text (0-%d %s units); are the offsets %s?", i, o.units, o.unit, otherUnit(o.unit))
	}
	if o.table == nil {
		return i, nil
	}
	if o.table[i] < 0 {
		r := o.runes[o.table[i-1]]
		return 0, fmt.Errorf("offset %d falls inside a surrogate pair, between the two UTF-16 units of %q (U+%04X); UTF-16 offsets never split a character, so are the offsets %s?", i, r, r, textnorm.UnitCodepoint)
	}
	return int(o.table[i]), nil
}
