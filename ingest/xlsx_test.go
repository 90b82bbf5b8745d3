package ingest

import (
	"strings"
	"testing"
)

// makeXLSX builds a workbook whose first sheet (found through the
// workbook's relationships, not by its name) holds rows of cell XML.
func makeXLSX(t testing.TB, shared []string, rows ...string) []byte {
	t.Helper()
	var sst strings.Builder
	for _, s := range shared {
		sst.WriteString("<si><t xml:space=\"preserve\">" + s + "</t></si>")
	}
	ns := `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	return makeZip(t,
		zipFile{"xl/workbook.xml", []byte(`<workbook ` + ns + `><sheets><sheet name="Articles" sheetId="1" r:id="rId7"/><sheet name="Other" sheetId="2" r:id="rId8"/></sheets></workbook>`)},
		zipFile{"xl/_rels/workbook.xml.rels", []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Target="worksheets/sheet2.xml"/></Relationships>`)},
		zipFile{"xl/sharedStrings.xml", []byte(`<sst ` + ns + `>` + sst.String() + `</sst>`)},
		zipFile{"xl/worksheets/sheet1.xml", []byte(`<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>`)},
		zipFile{"xl/worksheets/sheet2.xml", []byte(`<worksheet ` + ns + `><sheetData>` + strings.Join(rows, "") + `</sheetData></worksheet>`)},
	)
}

func TestXLSXRowsAsArticles(t *testing.T) {
	shared := []string{"العنوان", "النص", "المصدر", "date", "إعادة فتح الميناء", "أعيد فتح الميناء يوم الأحد.", "صحيفة الساحل",
		"Le port rouvre", "Le port a rouvert mardi.", "<r>rich</r>"}
	data := makeXLSX(t, shared,
		`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c><c r="E2" t="s"><v>3</v></c></row>`,
		// An empty cell is not written: D stays empty, E is the date serial.
		`<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c><c r="C3" t="s"><v>6</v></c><c r="E3"><v>43528</v></c></row>`,
		`<row r="4"><c r="A4" t="inlineStr"><is><t>No text here</t></is></c></row>`,
		`<row r="5"><c r="A5" t="s"><v>7</v></c><c r="B5" t="s"><v>8</v></c><c r="C5" t="str"><f>X</f><v>Le Courrier</v></c><c r="E5"><v>43529.5</v></c></row>`,
	)
	it := readFileItem(t, "articles.xlsx", data, Options{})
	if it.Format != "xlsx" {
		t.Errorf("format %q", it.Format)
	}
	arts := mustArticles(t, it, 2)
	checkMeta(t, arts[0], meta{Title: "إعادة فتح الميناء", Source: "صحيفة الساحل", Published: "2019-03-04"})
	checkText(t, arts[0], "أعيد فتح الميناء يوم الأحد.")
	checkMeta(t, arts[1], meta{Title: "Le port rouvre", Source: "Le Courrier", Published: "2019-03-05T12:00:00"})
	if len(it.Warnings) != 1 || !strings.Contains(it.Warnings[0], "row 4: no text; row skipped") {
		t.Errorf("warnings %q", it.Warnings)
	}
	// --map names a column as the CSV import does.
	it = readFileItem(t, "articles.xlsx", data, Options{Map: map[string]string{"title": "المصدر"}})
	if a := mustArticles(t, it, 2); a[0].Title != "صحيفة الساحل" {
		t.Errorf("mapped title %q", a[0].Title)
	}
}

func TestXLSXBroken(t *testing.T) {
	data := makeXLSX(t, []string{"text"}, `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>9</v></c></row>`)
	wantErr(t, readFileItem(t, "bad.xlsx", data, Options{}), `cell refers to shared string "9", which does not exist`)
	data = makeXLSX(t, []string{"headline"}, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
	wantErr(t, readFileItem(t, "notext.xlsx", data, Options{}), "no text column")
	wantErr(t, readFileItem(t, "fake.xlsx", []byte("a,b\n"), Options{}), "not a valid XLSX file (the content is plain text)")
}
