package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"daftar/bundle"
)

// maxJSONDepth bounds nesting; article records are a few levels deep.
const maxJSONDepth = 200

// listKeys are the keys under which a JSON document commonly keeps its list
// of records ({"articles": [...]}).
var listKeys = []string{"articles", "items", "data", "results", "documents", "docs", "entries", "records", "posts", "news"}

// parseJSON reads a JSON array of records, an object holding such an array,
// a single record, JSONL (one record per line), or a Daftar bundle. Fields
// are found by key name (see fieldNames), at the top level first and then
// one or two levels down ({"meta": {"outlet": ...}}); Options.Map gives
// dotted paths ("meta.outlet"). A malformed JSONL line fails the file naming
// the line.
func parseJSON(data []byte, format string, fieldMap map[string]string) ([]draft, *bundle.Bundle, []string, error) {
	s, warns, err := decodeText(data)
	if err != nil {
		return nil, nil, warns, err
	}
	if line, ok := jsonTooDeep(s); ok {
		return nil, nil, warns, fmt.Errorf("JSON nested deeper than %d levels (line %d)", maxJSONDepth, line)
	}
	trimmed := strings.TrimSpace(s)
	if format == "bundle" || format == "json" && isBundle(trimmed) {
		b, err := bundle.Read(strings.NewReader(s))
		if err != nil {
			return nil, nil, warns, fmt.Errorf("not a valid Daftar bundle: %s", strings.TrimPrefix(err.Error(), "bundle: "))
		}
		return nil, b, warns, nil
	}
	fm := normMap(fieldMap)
	var records []map[string]any
	var where []string
	if format == "jsonl" && !strings.HasPrefix(trimmed, "[") {
		records, where, err = jsonLines(s)
	} else {
		records, err = jsonDocument(s)
		for i := range records {
			where = append(where, fmt.Sprintf("record %d", i+1))
		}
	}
	if err != nil {
		return nil, nil, warns, err
	}
	var drafts []draft
	for i, rec := range records {
		d := draft{where: where[i]}
		for _, f := range mapFields {
			var v any
			if p, ok := fm[f]; ok {
				v = lookupPath(rec, p)
			} else {
				v = findField(rec, f, 0)
			}
			d.setField(f, jsonString(v, f))
		}
		if strings.TrimSpace(d.text) == "" {
			warns = append(warns, d.where+": no text; skipped")
			continue
		}
		drafts = append(drafts, d)
	}
	if len(drafts) == 0 {
		keys := ""
		if len(records) > 0 {
			keys = "; keys of the first record: " + strings.Join(sortedKeys(records[0]), ", ")
		}
		return nil, nil, warns, fmt.Errorf("no records with text (name the text key with --map text=KEY%s)", keys)
	}
	return drafts, nil, warns, nil
}

func isBundle(s string) bool {
	if !strings.HasPrefix(s, "{") {
		return false
	}
	var head struct {
		Format string `json:"format"`
	}
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&head); err != nil {
		return false
	}
	return head.Format == bundle.Format
}

// jsonTooDeep scans brackets outside strings.
func jsonTooDeep(s string) (int, bool) {
	depth, line, inStr, esc := 0, 1, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			line++
		case inStr:
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '[' || c == '{':
			if depth++; depth > maxJSONDepth {
				return line, true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return 0, false
}

func jsonLines(s string) ([]map[string]any, []string, error) {
	var records []map[string]any
	var where []string
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var v any
		err := dec.Decode(&v)
		if err == nil && dec.More() {
			err = errors.New("more than one value on the line")
		}
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: invalid JSON (%v)", n+1, jsonErrText(err))
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, nil, fmt.Errorf("line %d is not a JSON object", n+1)
		}
		records = append(records, obj)
		where = append(where, fmt.Sprintf("record %d (line %d)", len(records), n+1))
	}
	if len(records) == 0 {
		return nil, nil, errEmpty
	}
	return records, where, nil
}

func jsonDocument(s string) ([]map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, jsonSyntax(s, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("line %d: data after the JSON document (is it JSONL? use --format jsonl)", lineAt(s, int(dec.InputOffset())))
	}
	var list []any
	switch t := v.(type) {
	case []any:
		list = t
	case map[string]any:
		list = []any{t}
		for _, k := range listKeys {
			if l, ok := lookupKey(t, k).([]any); ok {
				list = l
				break
			}
		}
	default:
		return nil, errors.New("JSON is neither an object nor an array of objects")
	}
	records := make([]map[string]any, 0, len(list))
	for i, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("record %d is not a JSON object", i+1)
		}
		records = append(records, obj)
	}
	return records, nil
}

func jsonSyntax(s string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at line %d: %v", lineAt(s, int(se.Offset)), se)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		return errors.New("invalid JSON: unexpected end of file")
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

func jsonErrText(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		return "unexpected end of line"
	}
	return err.Error()
}

func lineAt(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	return 1 + strings.Count(s[:off], "\n")
}

// lookupKey finds a key case-insensitively (exact match first).
func lookupKey(m map[string]any, k string) any {
	if v, ok := m[k]; ok {
		return v
	}
	for _, key := range sortedKeys(m) {
		if strings.EqualFold(key, k) {
			return m[key]
		}
	}
	return nil
}

// lookupPath follows a dotted path such as "meta.outlet"; a numeric part
// indexes an array ("authors.0.name").
func lookupPath(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			v = lookupKey(t, part)
		case []any:
			var i int
			if _, err := fmt.Sscanf(part, "%d", &i); err != nil || i < 0 || i >= len(t) {
				return nil
			}
			v = t[i]
		default:
			return nil
		}
	}
	return v
}

// findField looks for the best-named key of a field at this level, then in
// nested objects (in key order, so the result is stable).
func findField(m map[string]any, field string, depth int) any {
	best, bestRank := "", 1<<30
	for k, v := range m {
		if v == nil || fieldFor(k) != field {
			continue
		}
		if _, nested := v.(map[string]any); nested && field != "author" && field != "source" {
			continue
		}
		if r := rank(field, k); r < bestRank || r == bestRank && k < best {
			best, bestRank = k, r
		}
	}
	if best != "" {
		return m[best]
	}
	if depth >= 2 {
		return nil
	}
	for _, k := range sortedKeys(m) {
		if sub, ok := m[k].(map[string]any); ok {
			if v := findField(sub, field, depth+1); v != nil {
				return v
			}
		}
	}
	return nil
}

// jsonString renders a value as field text: numbers as written, lists of
// strings joined (paragraphs by blank lines, names by commas), an object by
// its "name" (authors, publishers in schema.org style).
func jsonString(v any, field string) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return fmt.Sprint(t)
	case []any:
		var parts []string
		for _, e := range t {
			if s := jsonString(e, field); strings.TrimSpace(s) != "" {
				parts = append(parts, s)
			}
		}
		sep := ", "
		if field == "text" {
			sep = "\n\n"
		}
		return strings.Join(parts, sep)
	case map[string]any:
		for _, k := range []string{"name", "@value", "value", "text", "url", "href"} {
			if s, ok := lookupKey(t, k).(string); ok {
				return s
			}
		}
	}
	return ""
}
