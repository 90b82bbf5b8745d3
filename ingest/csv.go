package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
)

// parseCSV reads a CSV or TSV file in memory (a ZIP entry, a file not in
// UTF-8); files on disk are streamed. See streamCSV.
func parseCSV(data []byte, tsv bool, fieldMap map[string]string, limit int64) ([]draft, []string, error) {
	s, warns, err := decodeText(data)
	if err != nil {
		return nil, warns, err
	}
	return parseAll(s, map[bool]string{true: "tsv", false: "csv"}[tsv], fieldMap, limit, warns)
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
