package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseCSV reads one article per row. Columns are found by header name
// (see fieldNames; Options.Map overrides), the delimiter of a .csv is sniffed
// from the header line (comma, semicolon or tab; Excel's "sep=;" line is
// honoured), quoted fields may span lines. A misplaced quote or a row with
// the wrong number of fields fails the whole file naming the line, so that a
// shifted column never imports silently. Rows without text are skipped with
// a warning.
func parseCSV(data []byte, tsv bool, fieldMap map[string]string) ([]draft, []string, error) {
	s, warns, err := decodeText(data)
	if err != nil {
		return nil, warns, err
	}
	comma := ','
	lineBase := 0
	if tsv {
		comma = '\t'
	} else {
		first, rest, _ := strings.Cut(s, "\n")
		if f := strings.TrimSpace(first); strings.HasPrefix(strings.ToLower(f), "sep=") && len(f) == 5 {
			comma, s, lineBase = rune(f[4]), rest, 1
		} else {
			comma = sniffDelimiter(first)
		}
	}
	r := csv.NewReader(strings.NewReader(s))
	r.Comma = comma
	r.LazyQuotes = tsv // TSV from spreadsheets does not quote; a stray " is text
	header, err := r.Read()
	if err == io.EOF {
		return nil, warns, errEmpty
	}
	if err != nil {
		return nil, warns, csvError(err, 0, lineBase)
	}
	cols, err := csvColumns(header, normMap(fieldMap))
	if err != nil {
		return nil, warns, err
	}
	out := tableRows{warns: warns}
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, warns, csvError(err, len(header), lineBase)
		}
		line, _ := r.FieldPos(0)
		d := draft{where: fmt.Sprintf("row %d (line %d)", row, line+lineBase)}
		for field, i := range cols {
			d.setField(field, rec[i])
		}
		out.add(d)
	}
	return out.done()
}

// tableRows gathers the rows of a table (CSV, XLSX): a row without text is
// skipped with a warning.
type tableRows struct {
	drafts []draft
	warns  []string
}

func (r *tableRows) add(d draft) {
	if strings.TrimSpace(d.text) == "" {
		r.warns = append(r.warns, d.where+": no text; row skipped")
		return
	}
	r.drafts = append(r.drafts, d)
}

func (r *tableRows) done() ([]draft, []string, error) {
	if len(r.drafts) == 0 {
		return nil, r.warns, errors.New("no rows with text")
	}
	return r.drafts, r.warns, nil
}

func sniffDelimiter(line string) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote = !inQuote
		case !inQuote && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// csvColumns maps fields to column indexes.
func csvColumns(header []string, fieldMap map[string]string) (map[string]int, error) {
	cols := map[string]int{}
	for _, f := range mapFields {
		if want, ok := fieldMap[f]; ok {
			idx := -1
			for i, h := range header {
				if normKey(h) == normKey(want) {
					idx = i
					break
				}
			}
			if idx < 0 {
				return nil, fmt.Errorf("no column %q (mapped to %s); columns are: %s", want, f, strings.Join(header, ", "))
			}
			cols[f] = idx
			continue
		}
		best := -1
		for i, h := range header {
			if fieldFor(h) == f && (best < 0 || rank(f, h) < rank(f, header[best])) {
				if taken(cols, i) {
					continue
				}
				best = i
			}
		}
		if best >= 0 {
			cols[f] = best
		}
	}
	if _, ok := cols["text"]; !ok {
		return nil, fmt.Errorf("no text column (name one with --map text=COLUMN); columns are: %s", strings.Join(header, ", "))
	}
	return cols, nil
}

func taken(cols map[string]int, i int) bool {
	for _, j := range cols {
		if i == j {
			return true
		}
	}
	return false
}

// csvError names the line of a parse error.
func csvError(err error, headerFields, lineBase int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	line, start := pe.Line+lineBase, pe.StartLine+lineBase
	switch {
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		if start != line {
			return fmt.Errorf("unbalanced quote in the record starting on line %d (parser gave up on line %d)", start, line)
		}
		return fmt.Errorf("unbalanced or misplaced quote on line %d, column %d", line, pe.Column)
	case errors.Is(pe.Err, csv.ErrFieldCount):
		return fmt.Errorf("line %d has a different number of fields than the header (%d)", start, headerFields)
	}
	return fmt.Errorf("line %d: %v", line, pe.Err)
}
