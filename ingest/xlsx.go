package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
)

// parseXLSX reads the first sheet of an Excel workbook as a table of
// articles, one a row, with the CSV import's column names and --map. Cells
// are shared strings, inline strings, formula results or numbers; a number
// in the published column is taken for an Excel date serial (days since
// 1899-12-30), as date-formatted cells are stored.
func parseXLSX(data []byte, opts Options) ([]draft, []string, error) {
	b := newBudget(opts)
	zr, err := openZip(bytes.NewReader(data), int64(len(data)), b)
	if err != nil {
		if errors.Is(err, errBadZip) {
			return nil, nil, errors.New("not a valid XLSX file (ZIP archive truncated or damaged)")
		}
		return nil, nil, err
	}
	read := partReader(zr, b)
	sheet, err := firstSheet(read)
	if err != nil {
		return nil, nil, err
	}
	sst, err := read("xl/sharedStrings.xml")
	if err != nil {
		return nil, nil, err
	}
	strs, err := sharedStrings(sst)
	if err != nil {
		return nil, nil, fmt.Errorf("xl/sharedStrings.xml: %v", err)
	}
	sheetXML, err := read(sheet)
	if err != nil {
		return nil, nil, err
	}
	if sheetXML == nil {
		return nil, nil, fmt.Errorf("not a valid XLSX file (no %s)", sheet)
	}
	rows, err := sheetRows(sheetXML, strs)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", sheet, err)
	}
	if len(rows) == 0 {
		return nil, nil, errEmpty
	}
	header := make([]string, len(rows[0].cells))
	for i, c := range rows[0].cells {
		header[i] = c.v
	}
	cols, err := csvColumns(header, normMap(opts.Map))
	if err != nil {
		return nil, nil, err
	}
	var out tableRows
	for _, row := range rows[1:] {
		d := draft{where: fmt.Sprintf("row %d", row.n)}
		for field, c := range cols {
			if c >= len(row.cells) {
				continue
			}
			v := row.cells[c].v
			if field == "published" && row.cells[c].number {
				v = excelDate(v)
			}
			d.setField(field, v)
		}
		out.add(d)
	}
	return out.done()
}

// firstSheet finds the part of the workbook's first sheet.
func firstSheet(read func(string) ([]byte, error)) (string, error) {
	const fallback = "xl/worksheets/sheet1.xml"
	wb, err := read("xl/workbook.xml")
	if err != nil || wb == nil {
		return fallback, err
	}
	var w struct {
		Sheets []struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil || rels == nil || xml.Unmarshal(wb, &w) != nil || len(w.Sheets) == 0 {
		return fallback, err
	}
	var r struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(rels, &r) != nil {
		return fallback, nil
	}
	for _, rel := range r.Rels {
		if rel.ID == w.Sheets[0].ID {
			if strings.HasPrefix(rel.Target, "/") {
				return strings.TrimPrefix(rel.Target, "/"), nil
			}
			return path.Clean(path.Join("xl", rel.Target)), nil
		}
	}
	return fallback, nil
}

// sharedStrings reads the workbook's string table: the text of each <si>,
// rich-text runs joined, phonetic hints (<rPh>) left out.
func sharedStrings(data []byte) ([]string, error) {
	if data == nil {
		return nil, nil
	}
	var out []string
	var sb strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(data))
	inT, skip := false, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				sb.Reset()
			case "t":
				inT = skip == 0
			case "rPh":
				skip++
			}
		case xml.CharData:
			if inT {
				sb.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, sb.String())
			case "t":
				inT = false
			case "rPh":
				skip--
			}
		}
	}
}

type xlsxCell struct {
	v      string
	number bool
}

// xlsxRow is a row with the number the sheet shows for it.
type xlsxRow struct {
	n     int
	cells []xlsxCell
}

// sheetRows reads the cells of a sheet into rows, placing each cell at the
// column its reference names (empty cells are not written in XLSX).
func sheetRows(data []byte, strs []string) ([]xlsxRow, error) {
	var rows []xlsxRow
	n := 0
	dec := xml.NewDecoder(bytes.NewReader(data))
	var row []xlsxCell
	var val strings.Builder
	typ, col, inV := "", 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row = nil
				if r, err := strconv.Atoi(xmlAttr(t, "r")); err == nil {
					n = r
				} else {
					n++
				}
			case "c":
				typ, col = xmlAttr(t, "t"), columnIndex(xmlAttr(t, "r"), len(row))
				val.Reset()
			case "v", "t":
				inV = true
			}
		case xml.CharData:
			if inV {
				val.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inV = false
			case "c":
				c := xlsxCell{v: val.String()}
				switch typ {
				case "s":
					i, err := strconv.Atoi(strings.TrimSpace(c.v))
					if err != nil || i < 0 || i >= len(strs) {
						return nil, fmt.Errorf("cell refers to shared string %q, which does not exist", c.v)
					}
					c.v = strs[i]
				case "", "n":
					c.number = c.v != ""
				}
				if col > 100000 {
					return nil, fmt.Errorf("cell in column %d, beyond what a sheet holds", col+1)
				}
				for len(row) <= col {
					row = append(row, xlsxCell{})
				}
				row[col] = c
			case "row":
				if len(rows) > 0 || rowHasText(row) {
					rows = append(rows, xlsxRow{n, row})
				}
			}
		}
	}
}

func rowHasText(row []xlsxCell) bool {
	for _, c := range row {
		if strings.TrimSpace(c.v) != "" {
			return true
		}
	}
	return false
}

// columnIndex reads the letters of a reference ("C7" is 2); without one the
// cell follows the previous.
func columnIndex(ref string, next int) int {
	n := 0
	for _, r := range ref {
		if r < 'A' || r > 'Z' {
			break
		}
		n = n*26 + int(r-'A'+1)
	}
	if n == 0 {
		return next
	}
	return n - 1
}

// excelDate turns a date serial into ISO 8601 (a date, or a date-time when
// it has a fraction); other numbers are left for normalizeDate.
func excelDate(v string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 1 || f > 2958465 {
		return v
	}
	if f >= 1000 && f < 3000 && f == float64(int(f)) {
		return v // a year written as a number
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(f * 24 * float64(time.Hour)))
	t = t.Round(time.Second)
	if f == float64(int(f)) {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}
