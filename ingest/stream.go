package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"daftar/bundle"
)

// A streamed file is sent in Items of at most streamBatch articles, or of
// what was read in streamEvery: the importer stores each Item in one
// transaction, so an interrupted import keeps whole batches.
const (
	streamBatch = 1000
	streamEvery = time.Second
)

// headSize is how much of a file is looked at to choose its reader.
const headSize = 64 << 10

// recordSink receives what a record parser finds.
type recordSink struct {
	draft func(draft) error
	warn  func(string)
}

// streamFormat says whether a file whose first bytes are head is read
// record by record, and as which format. Only UTF-8 text is: a UTF-16 or
// legacy code page file is read whole (under MaxFileSize) to be decoded.
func streamFormat(name string, head []byte, forced string) (string, bool) {
	format, err := detectFormat(name, head, forced)
	if err != nil {
		return "", false
	}
	switch format {
	case "csv", "tsv", "json", "jsonl", "bundle":
	default:
		return "", false
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) || looksBinary(head) {
		return "", false
	}
	if _, ok := bomlessUTF16(head); ok || !utf8.Valid(head) && !mostlyUTF8(head) {
		return "", false
	}
	if format == "json" && isBundleHead(head) {
		format = "bundle"
	}
	return format, true
}

// readStream reads a CSV, TSV, JSON or JSONL file record by record and sends
// its articles in batches (Item.Part 1, 2, ...). An error ends the file: the
// batch being read is dropped and the error comes as the last Item, after
// the batches already sent (which a file under one batch never has, so it
// fails whole).
func readStream(ctx context.Context, path, format string, r *bufio.Reader, opts Options, send func([]Item) error) error {
	if format == "bundle" {
		b, err := bundle.Read(r)
		if err != nil {
			return send([]Item{{Path: path, Format: format, Err: fmt.Errorf("not a valid Daftar bundle: %s", strings.TrimPrefix(err.Error(), "bundle: "))}})
		}
		return send([]Item{{Path: path, Format: bundle.Format, Bundle: b}})
	}
	it := Item{Path: path, Format: format, Part: 1}
	sent, last := 0, time.Now()
	flush := func() error {
		n := len(it.Articles)
		if err := send([]Item{it}); err != nil {
			return errStop{err}
		}
		sent += n
		it, last = Item{Path: path, Format: format, Part: it.Part + 1}, time.Now()
		return nil
	}
	sink := recordSink{
		draft: func(d draft) error {
			a, w := d.article(path, format)
			it.Warnings = append(it.Warnings, w...)
			it.Articles = append(it.Articles, a)
			if len(it.Articles) >= streamBatch || time.Since(last) >= streamEvery {
				return flush()
			}
			return ctx.Err()
		},
		warn: func(w string) { it.Warnings = append(it.Warnings, w) },
	}
	err := parseRecords(newRecordScanner(r, opts.MaxRecordSize), format, opts.Map, sink)
	var stop errStop
	switch {
	case errors.As(err, &stop):
		return stop.err
	case ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		it.Articles, it.Err = nil, oneLine(err)
		if sent > 0 {
			it.Err = fmt.Errorf("%v (the %d records before were imported)", it.Err, sent)
		}
		return send([]Item{it})
	case len(it.Articles) > 0 || len(it.Warnings) > 0:
		return flush()
	}
	return nil
}

// parseRecords runs the record parser of a format.
func parseRecords(sc *recordScanner, format string, fieldMap map[string]string, sink recordSink) error {
	sc.skipBOM()
	n := 0
	counted := recordSink{draft: func(d draft) error { n++; return sink.draft(d) }, warn: sink.warn}
	if format == "csv" || format == "tsv" {
		err := streamCSV(sc, format == "tsv", fieldMap, counted)
		if err == nil && n == 0 {
			err = sc.noRecords("no rows with text")
		}
		return err
	}
	var firstKeys []string
	fm := normMap(fieldMap)
	rec := func(obj map[string]any, where string) error {
		if firstKeys == nil {
			firstKeys = sortedKeys(obj)
		}
		return jsonRecord(obj, where, fm, counted)
	}
	var err error
	if c, e := sc.space(); format == "jsonl" && e == nil && c != '[' {
		err = streamJSONL(sc, rec, sink.warn)
	} else {
		err = streamJSONDocument(sc, rec, sink.warn)
	}
	if err == nil && n == 0 {
		keys := ""
		if len(firstKeys) > 0 {
			keys = "; keys of the first record: " + strings.Join(firstKeys, ", ")
		}
		err = sc.noRecords(fmt.Sprintf("no records with text (name the text key with --map text=KEY%s)", keys))
	}
	return err
}

// overLimit counts a record skipped for its size and says so.
func (s *recordScanner) overLimit(what string, line int) string {
	s.skipped++
	return fmt.Sprintf("%s (line %d) is over the %s limit for one record; skipped", what, line, humanBytes(s.limit))
}

// noRecords is the error of a file that gave no article: records too
// large, if any were, rather than a guess about keys.
func (s *recordScanner) noRecords(msg string) error {
	if s.skipped > 0 {
		return fmt.Errorf("no record read: %d over the %s limit for one record", s.skipped, humanBytes(s.limit))
	}
	return errors.New(msg)
}

// recordText is one record's bytes as UTF-8 (bad bytes replaced, and said).
func recordText(raw []byte, line int, warn func(string)) string {
	if utf8.Valid(raw) {
		return string(raw)
	}
	warn(fmt.Sprintf("line %d: invalid UTF-8 replaced by U+FFFD", line))
	return strings.ToValidUTF8(string(raw), "\uFFFD")
}

// streamCSV reads one article per row. Columns are found by header name
// (see fieldNames; Options.Map overrides), the delimiter of a .csv is sniffed
// from the header line (comma, semicolon or tab; Excel's "sep=;" line is
// honoured), quoted fields may span lines. A misplaced quote or a row with
// the wrong number of fields ends the file naming the line, so that a
// shifted column never imports silently. Rows without text, or over the
// record limit, are skipped with a warning.
func streamCSV(sc *recordScanner, tsv bool, fieldMap map[string]string, sink recordSink) error {
	comma := '\t'
	var header []string
	var cols map[string]int
	fm := normMap(fieldMap)
	for row, first := 0, true; ; {
		line := sc.line
		raw, err := sc.csvRecord(!tsv)
		if err == io.EOF {
			break
		}
		if errors.Is(err, errRecordTooLarge) {
			if header == nil {
				return fmt.Errorf("the header (line %d) is over the %s limit for one record", line, humanBytes(sc.limit))
			}
			row++
			sink.warn(sc.overLimit(fmt.Sprintf("row %d", row), line))
			continue
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimRight(raw, "\r\n")) == 0 {
			continue // csv.Reader skips empty lines too
		}
		s := recordText(raw, line, sink.warn)
		if first && !tsv {
			first = false
			if f := strings.TrimSpace(s); strings.HasPrefix(strings.ToLower(f), "sep=") && len(f) == 5 {
				comma = rune(f[4])
				continue
			}
			comma = sniffDelimiter(strings.TrimRight(s, "\r\n"))
		}
		r := csv.NewReader(strings.NewReader(s))
		r.Comma = comma
		r.LazyQuotes = tsv // TSV from spreadsheets does not quote; a stray " is text
		if header != nil {
			r.FieldsPerRecord = len(header)
		}
		rec, err := r.Read()
		if err == io.EOF {
			continue
		}
		if err != nil {
			return csvError(err, len(header), line-1)
		}
		if header == nil {
			header = rec
			if cols, err = csvColumns(header, fm); err != nil {
				return err
			}
			continue
		}
		row++
		d := draft{where: fmt.Sprintf("row %d (line %d)", row, line)}
		for field, i := range cols {
			d.setField(field, rec[i])
		}
		if strings.TrimSpace(d.text) == "" {
			sink.warn(d.where + ": no text; row skipped")
			continue
		}
		if err := sink.draft(d); err != nil {
			return err
		}
	}
	if header == nil {
		return errEmpty
	}
	return nil
}

// streamJSONL reads one JSON object per line. A malformed line ends the
// file naming the line; a line over the record limit is skipped.
func streamJSONL(sc *recordScanner, rec func(map[string]any, string) error, warn func(string)) error {
	n, seen := 0, false
	for {
		line := sc.line
		raw, err := sc.readLine()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errRecordTooLarge) {
			seen = true
			warn(sc.overLimit("record", line))
			continue
		}
		if err != nil {
			return err
		}
		if raw = bytes.TrimSpace(raw); len(raw) == 0 {
			continue
		}
		seen = true
		if jsonTooDeep(raw) {
			return fmt.Errorf("JSON nested deeper than %d levels (line %d)", maxJSONDepth, line)
		}
		if !utf8.Valid(raw) {
			warn(fmt.Sprintf("line %d: invalid UTF-8 replaced by U+FFFD", line))
		}
		obj, err := decodeObject(raw)
		if errors.Is(err, errNotObject) {
			return fmt.Errorf("line %d is not a JSON object", line)
		}
		if err != nil {
			return fmt.Errorf("line %d: invalid JSON (%v)", line, jsonErrText(err))
		}
		n++
		if err := rec(obj, fmt.Sprintf("record %d (line %d)", n, line)); err != nil {
			return err
		}
	}
	if !seen {
		return errEmpty
	}
	return nil
}

// streamJSONDocument reads a JSON array of records, an object holding such
// an array under one of listKeys (the first such key in the file), or a
// single record, one record at a time.
func streamJSONDocument(sc *recordScanner, rec func(map[string]any, string) error, warn func(string)) error {
	c, err := sc.space()
	if err == io.EOF {
		return errEmpty
	}
	if err != nil {
		return err
	}
	switch c {
	case '[':
		_, _ = sc.next()
		err = jsonArray(sc, rec, warn)
	case '{':
		_, _ = sc.next()
		err = jsonObject(sc, rec, warn)
	default:
		return errors.New("JSON is neither an object nor an array of objects")
	}
	if err != nil {
		return err
	}
	if _, err := sc.space(); err != io.EOF {
		return fmt.Errorf("line %d: data after the JSON document (is it JSONL? use --format jsonl)", sc.line)
	}
	return nil
}

// jsonArray reads records after the opening bracket up to the closing one.
func jsonArray(sc *recordScanner, rec func(map[string]any, string) error, warn func(string)) error {
	for i := 0; ; {
		c, err := sc.space()
		if err != nil {
			return unexpectedEnd(err)
		}
		if c == ']' && i == 0 {
			_, _ = sc.next()
			return nil
		}
		line := sc.line
		raw, err := sc.jsonValue()
		i++
		switch {
		case errors.Is(err, errRecordTooLarge):
			warn(sc.overLimit(fmt.Sprintf("record %d", i), line))
		case err != nil:
			return err
		default:
			obj, err := decodeObject(raw)
			if errors.Is(err, errNotObject) {
				return fmt.Errorf("record %d is not a JSON object", i)
			}
			if err != nil {
				return fmt.Errorf("invalid JSON at line %d: %v", line, jsonErrText(err))
			}
			if err := rec(obj, fmt.Sprintf("record %d (line %d)", i, line)); err != nil {
				return err
			}
		}
		if c, err = sc.space(); err != nil {
			return unexpectedEnd(err)
		}
		_, _ = sc.next()
		switch c {
		case ']':
			return nil
		case ',':
		default:
			return fmt.Errorf("invalid JSON at line %d: %q after record %d", sc.line, c, i)
		}
	}
}

// jsonObject reads an object after its opening brace: the records of its
// first list-keyed array, or, when it has none, itself as one record
// (bounded by the record limit like any other).
func jsonObject(sc *recordScanner, rec func(map[string]any, string) error, warn func(string)) error {
	fields := map[string]json.RawMessage{}
	var size int64
	listed := false
	for first := true; ; first = false {
		c, err := sc.space()
		if err != nil {
			return unexpectedEnd(err)
		}
		if c == '}' && first {
			_, _ = sc.next()
			break
		}
		line := sc.line
		var key string
		raw, err := sc.jsonValue()
		if err == nil {
			err = json.Unmarshal(raw, &key)
		}
		if err == nil {
			if c, err = sc.space(); err == nil && c != ':' {
				err = fmt.Errorf("%q after a key", c)
			}
		}
		if err != nil {
			return fmt.Errorf("invalid JSON at line %d: %v", line, jsonErrText(err))
		}
		_, _ = sc.next()
		if c, err = sc.space(); err != nil {
			return unexpectedEnd(err)
		}
		if !listed && c == '[' && isListKey(key) {
			_, _ = sc.next()
			if err := jsonArray(sc, rec, warn); err != nil {
				return err
			}
			listed = true
		} else {
			line = sc.line
			raw, err := sc.jsonValue()
			if errors.Is(err, errRecordTooLarge) || size+int64(len(raw)) > sc.limit {
				return fmt.Errorf("the record (line %d) is over the %s limit for one record", line, humanBytes(sc.limit))
			}
			if err != nil {
				return err
			}
			if !listed {
				size += int64(len(raw))
				fields[key] = bytes.Clone(raw)
			}
		}
		if c, err = sc.space(); err != nil {
			return unexpectedEnd(err)
		}
		_, _ = sc.next()
		if c == '}' {
			break
		}
		if c != ',' {
			return fmt.Errorf("invalid JSON at line %d: %q after a value", sc.line, c)
		}
	}
	if listed {
		return nil
	}
	obj, err := decodeFields(fields)
	if err != nil {
		return fmt.Errorf("invalid JSON: %v", err)
	}
	return rec(obj, "record 1")
}

func isListKey(k string) bool {
	for _, l := range listKeys {
		if strings.EqualFold(k, l) {
			return true
		}
	}
	return false
}

func unexpectedEnd(err error) error {
	if err == io.EOF {
		return errors.New("invalid JSON: unexpected end of file")
	}
	return err
}

var errNotObject = errors.New("not a JSON object")

// decodeObject decodes one record. Its fields are decoded one by one, and
// strings straight from their bytes: a Decoder over the whole record would
// buffer it again, growing by doubling (a 50 MB text cost 1 GB that way).
func decodeObject(raw []byte) (map[string]any, error) {
	if raw[0] != '{' {
		if json.Valid(raw) {
			return nil, errNotObject
		}
		var v any
		return nil, json.Unmarshal(raw, &v)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	return decodeFields(fields)
}

func decodeFields(fields map[string]json.RawMessage) (map[string]any, error) {
	obj := make(map[string]any, len(fields))
	for k, raw := range fields {
		if len(raw) > 0 && raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			obj[k] = s
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber() // numbers as written (a year, an id), not as floats
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		obj[k] = v
	}
	return obj, nil
}

// jsonRecord makes a draft of one record; one without text is skipped.
func jsonRecord(rec map[string]any, where string, fm map[string]string, sink recordSink) error {
	d := draft{where: where}
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
		sink.warn(d.where + ": no text; skipped")
		return nil
	}
	return sink.draft(d)
}

// isBundleHead: a JSON object whose "format" is a Daftar bundle's. It reads
// only as far as that key, so the first bytes of a big file are enough.
func isBundleHead(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return false
		}
		if k == "format" {
			v, err := dec.Token()
			return err == nil && v == bundle.Format
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}
