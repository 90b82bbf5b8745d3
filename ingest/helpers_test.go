package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"daftar/model"
)

// Fixtures are written by the tests themselves: short news paragraphs in
// Arabic, English and French composed for Daftar.

const (
	arTitle = "وزير الخارجية يزور باكو لبحث التعاون"
	arBody  = "باكو - وصل وزير الخارجية إلى العاصمة الأذربيجانية صباح الاثنين في زيارة تستمر يومين، وقال إن المحادثات ستتناول التعاون في مجال الطاقة."
	arText  = arTitle + "\n\n" + arBody

	enTitle = "Ministers agree to resume border talks"
	enBody  = "PARIS (AFP) - Foreign ministers agreed on Monday to resume border talks. The next round will be held in April, officials said."

	frTitle = "Sommet régional à Genève : les ministres s'accordent sur un cessez-le-feu"
	frBody  = "GENÈVE — Les ministres des affaires étrangères se sont réunis jeudi à Genève. « Nous avons fait un pas important », a déclaré la présidente de la séance."
	frText  = frTitle + "\n\n" + frBody
)

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readFileItem writes data to a file named name and reads it; it expects exactly
// one item.
func readFileItem(t *testing.T, name string, data []byte, opts Options) Item {
	t.Helper()
	p := writeFile(t, t.TempDir(), name, data)
	items := ReadFile(context.Background(), p, opts)
	if len(items) != 1 {
		t.Fatalf("%s: %d items, want 1: %+v", name, len(items), items)
	}
	return items[0]
}

// mustArticles checks that an item has no error and n valid articles.
func mustArticles(t *testing.T, it Item, n int) []model.Article {
	t.Helper()
	if it.Err != nil {
		t.Fatalf("%s: unexpected error: %v", it.Path, it.Err)
	}
	if len(it.Articles) != n {
		t.Fatalf("%s: %d articles, want %d", it.Path, len(it.Articles), n)
	}
	for i := range it.Articles {
		a := &it.Articles[i]
		if err := a.Validate(); err != nil {
			t.Errorf("%s: article %d invalid: %v", it.Path, i, err)
		}
		if a.SHA256 != model.Fingerprint(a.Text) {
			t.Errorf("%s: article %d: wrong SHA256", it.Path, i)
		}
		if a.Origin.File != it.Path || a.Origin.Format != it.Format {
			t.Errorf("%s: article %d origin = %+v", it.Path, i, a.Origin)
		}
		if !a.ImportedAt.IsZero() || a.Direction != "" {
			t.Errorf("%s: article %d sets ImportedAt or Direction", it.Path, i)
		}
	}
	return it.Articles
}

// meta is the metadata a test expects of an article.
type meta struct {
	Title, Source, URL, Author, Published, Place, Language string
}

func checkMeta(t *testing.T, a model.Article, want meta) {
	t.Helper()
	got := meta{a.Title, a.Source, a.URL, a.Author, a.Published, a.Place, a.Language}
	if got != want {
		t.Errorf("metadata:\n got %+v\nwant %+v", got, want)
	}
}

func checkText(t *testing.T, a model.Article, want string) {
	t.Helper()
	if a.Text != want {
		t.Errorf("text:\n got %q\nwant %q", a.Text, want)
	}
}

func wantErr(t *testing.T, it Item, substr string) {
	t.Helper()
	if it.Err == nil {
		t.Fatalf("%s: no error, want %q (articles: %d)", it.Path, substr, len(it.Articles))
	}
	if !strings.Contains(it.Err.Error(), substr) {
		t.Errorf("%s: error %q, want it to contain %q", it.Path, it.Err, substr)
	}
	if len(it.Articles) != 0 || it.Bundle != nil {
		t.Errorf("%s: failed item still carries articles", it.Path)
	}
	if strings.Contains(it.Err.Error(), "\n") {
		t.Errorf("%s: error is not one line: %q", it.Path, it.Err)
	}
}

// zipFile is one entry of a test archive.
type zipFile struct {
	Name string
	Body []byte
}

func makeZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.Body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// makeDOCX builds a minimal but valid DOCX package around a body.
func makeDOCX(t testing.TB, body, footnotes, core string) []byte {
	t.Helper()
	files := []zipFile{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		{"word/document.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`)},
	}
	if footnotes != "" {
		files = append(files, zipFile{"word/footnotes.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes ` + wNS + `>` + footnotes + `</w:footnotes>`)})
	}
	if core != "" {
		files = append(files, zipFile{"docProps/core.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + core + `</cp:coreProperties>`)})
	}
	return makeZip(t, files...)
}

// makePDF writes a one-page PDF with Helvetica text lines (WinAnsi, so
// Latin text only) and an Info dictionary, computing the xref offsets.
func makePDF(title, author string, lines []string) []byte {
	var content strings.Builder
	y := 760
	for _, l := range lines {
		if l == "" {
			y -= 40
			continue
		}
		esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(l)
		fmt.Fprintf(&content, "BT /F1 12 Tf 72 %d Td (%s) Tj ET\n", y, esc)
		y -= 16
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Title (%s) /Author (%s) /CreationDate (D:20240305101500Z) >>", title, author),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
