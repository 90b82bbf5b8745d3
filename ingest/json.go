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
// a single record, JSONL (one record per line), or a Daftar bundle, from
// bytes in memory (a ZIP entry, a file not in UTF-8); files on disk are
// streamed (see readStream). Fields are found by key name (see fieldNames),
// at the top level first and then one or two levels down ({"meta":
// {"outlet": ...}}); Options.Map gives dotted paths ("meta.outlet").
func parseJSON(data []byte, format string, fieldMap map[string]string, limit int64) ([]draft, *bundle.Bundle, []string, error) {
	s, warns, err := decodeText(data)
	if err != nil {
		return nil, nil, warns, err
	}
	if format == "bundle" || format == "json" && isBundleHead([]byte(s)) {
		b, err := bundle.Read(strings.NewReader(s))
		if err != nil {
			return nil, nil, warns, fmt.Errorf("not a valid Daftar bundle: %s", strings.TrimPrefix(err.Error(), "bundle: "))
		}
		return nil, b, warns, nil
	}
	drafts, warns, err := parseAll(s, format, fieldMap, limit, warns)
	return drafts, nil, warns, err
}

// parseAll runs the record parser over a whole decoded file.
func parseAll(s, format string, fieldMap map[string]string, limit int64, warns []string) ([]draft, []string, error) {
	var drafts []draft
	sink := recordSink{
		draft: func(d draft) error { drafts = append(drafts, d); return nil },
		warn:  func(w string) { warns = append(warns, w) },
	}
	if err := parseRecords(newRecordScanner(strings.NewReader(s), limit), format, fieldMap, sink); err != nil {
		return nil, warns, err
	}
	return drafts, warns, nil
}

// jsonTooDeep scans brackets outside strings.
func jsonTooDeep(s []byte) bool {
	depth, inStr, esc := 0, false, false
	for _, c := range s {
		switch {
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
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}

func jsonErrText(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		return "unexpected end of line"
	}
	return err.Error()
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
