package ingest

import (
	"archive/zip"
	"bytes"
	"testing"
)

const odtNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"`

// makeODT builds an ODT package: the mimetype entry first and stored, as
// OpenDocument requires, then content.xml and meta.xml.
func makeODT(t testing.TB, body, meta string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("application/vnd.oasis.opendocument.text"))
	files := [][2]string{{"content.xml", `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odtNS + `><office:body><office:text>` + body + `</office:text></office:body></office:document-content>`}}
	if meta != "" {
		files = append(files, [2]string{"meta.xml", `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ` + odtNS + `><office:meta>` + meta + `</office:meta></office:document-meta>`})
	}
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestODTArticle(t *testing.T) {
	body := `<text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>` +
		`<text:h text:outline-level="1">إعادة فتح الميناء</text:h>` +
		`<text:p>باكو -   أعلن <text:span>الوزير</text:span> اليوم<text:s text:c="2"/>أن المحادثات ستستمر.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>مصدر رسمي.</text:p></text:note-body></text:note></text:p>` +
		`<text:tracked-changes><text:changed-region><text:deletion><text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
		`<text:list><text:list-item><text:p>first<text:tab/>item<text:line-break/>next line</text:p></text:list-item></text:list>` +
		`<draw:frame><draw:text-box><text:p>caption in a box</text:p></draw:text-box></draw:frame>` +
		`<office:annotation><text:p>a comment</text:p></office:annotation>` +
		`<table:table><table:table-row><table:table-cell><text:p>a</text:p><text:p>b</text:p></table:table-cell><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row>` +
		`<table:table-row><table:table-cell><text:p>d</text:p></table:table-cell></table:table-row></table:table>`
	props := `<meta:initial-creator>سارة علي</meta:initial-creator><dc:creator>Editor</dc:creator><meta:creation-date>2019-03-04T10:00:00</meta:creation-date><dc:language>ar</dc:language>`
	it := readFileItem(t, "story.odt", makeODT(t, body, props), Options{})
	if it.Format != "odt" {
		t.Errorf("format %q", it.Format)
	}
	a := mustArticles(t, it, 1)[0]
	checkText(t, a, "إعادة فتح الميناء\n\nباكو - أعلن الوزير اليوم  أن المحادثات ستستمر.[1]\n\nfirst\titem\nnext line\n\na b\tc\nd\n\n[1] مصدر رسمي.")
	checkMeta(t, a, meta{Title: "إعادة فتح الميناء", Author: "سارة علي", Published: "2019-03-04T10:00:00", Language: "ar"})
}

func TestODTDetectedByContentAndBroken(t *testing.T) {
	data := makeODT(t, `<text:p>Plain words.</text:p>`, `<dc:title>Given title</dc:title>`)
	a := mustArticles(t, readFileItem(t, "export.bin", data, Options{}), 1)[0]
	if a.Title != "Given title" || a.Text != "Plain words." {
		t.Errorf("article %+v", a)
	}
	wantErr(t, readFileItem(t, "fake.odt", []byte("just text"), Options{}), "not a valid ODT file (the content is plain text)")
	wantErr(t, readFileItem(t, "empty.odt", makeODT(t, `<text:p> </text:p>`, ""), Options{}), "no text found in the document")
}
