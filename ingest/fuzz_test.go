package ingest

import (
	"context"
	"testing"
	"unicode/utf8"

	"daftar/model"

	"golang.org/x/text/encoding/charmap"
)

// The fuzz targets call the parsers directly, not through parseOne, whose
// recover would hide a panic. Each checks what every success must satisfy.

func checkDrafts(t *testing.T, drafts []draft) {
	for _, d := range drafts {
		a, _ := d.article("fuzz", "fuzz")
		if a.Text != model.CanonicalText(a.Text) || !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Fatalf("non-canonical article %+v", a)
		}
		if a.Published != "" && !model.ValidDate(a.Published) {
			t.Fatalf("invalid date %q", a.Published)
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add([]byte(arText))
	f.Add([]byte("\xEF\xBB\xBF" + frText))
	f.Add(utf16Bytes(arText, false, true))
	f.Add(utf16Bytes(arText, true, false))
	f.Add([]byte("Source: X | 12/05/2023 | https://e.com\n" + enBody))
	b, _ := charmap.Windows1256.NewEncoder().Bytes([]byte(arText))
	f.Add(b)
	f.Add([]byte("a\xffb\xfe\n\xc3("))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _, err := parseText(data, false)
		if err == nil {
			checkDrafts(t, []draft{d})
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	f.Add([]byte("---\ntitle: x\ndate: 2024\n---\n# H\n\n**b** _i_ [l](u) ![a](b) `c` \\* > q\n- l\n|a|b|\n|---|---|\n```\nx\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _, err := parseText(data, true)
		if err == nil {
			checkDrafts(t, []draft{d})
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(arPage))
	f.Add([]byte(`<html><head><meta charset="windows-1256"><script type="application/ld+json">{"@graph":[{"datePublished":"2024"}]}</script></head><body><p>x</p></body></html>`))
	f.Add([]byte(`<p>unclosed <b><i>tags`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _, err := parseHTML(data)
		if err == nil {
			checkDrafts(t, []draft{d})
		}
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("العنوان,النص,التاريخ\nx,\"multi\nline\",2024/03/05\n"), "")
	f.Add([]byte("sep=;\ntitle;body\na;b\n"), "")
	f.Add([]byte("title,body\n\"broken,\"x\n"), "title")
	f.Add([]byte("a\tb\n1\t2\n"), "a")
	f.Fuzz(func(t *testing.T, data []byte, textCol string) {
		var m map[string]string
		if textCol != "" {
			m = map[string]string{"text": textCol}
		}
		drafts, _, err := parseCSV(data, len(data)%2 == 0, m, DefaultMaxRecordSize)
		if err == nil {
			checkDrafts(t, drafts)
		}
	})
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"headline":"h","body":{"text":"t"},"meta":{"outlet":"o","published":1709632800}}`+"\n"), "body.text")
	f.Add([]byte("{\"text\":\"a\"}\n{\"text\": \n"), "")
	f.Add([]byte(`{"authors":[{"name":"a"},"b"],"content":["p1","p2"]}`), "authors.1")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		drafts, _, _, err := parseJSON(data, "jsonl", map[string]string{"source": path}, DefaultMaxRecordSize)
		if err == nil {
			checkDrafts(t, drafts)
		}
	})
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"title":"t","text":"x","date":"12/05/2023"}]`))
	f.Add([]byte(`{"articles":[{"text":"x"}]}`))
	f.Add([]byte(`{"format":"daftar-bundle","version":1,"offsets":"codepoint","articles":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		drafts, _, _, err := parseJSON(data, "json", nil, DefaultMaxRecordSize)
		if err == nil {
			checkDrafts(t, drafts)
		}
	})
}

func FuzzRSS(f *testing.F) {
	f.Add([]byte(rssFeed))
	f.Add([]byte(atomFeed))
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1256"?><rss><channel><item><description>&lt;p&gt;x</description></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		drafts, _, _, err := parseFeed(data)
		if err == nil {
			checkDrafts(t, drafts)
		}
	})
}

func FuzzDOCX(f *testing.F) {
	f.Add(makeDOCX(f, `<w:p><w:r><w:t>x</w:t><w:footnoteReference w:id="1"/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
		`<w:footnote w:id="1"><w:p><w:r><w:t>n</w:t></w:r></w:p></w:footnote>`, `<dc:title>t</dc:title>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _, err := parseDOCX(data, Options{}.withDefaults())
		if err == nil {
			checkDrafts(t, []draft{d})
		}
	})
}

// FuzzDOCXXML fuzzes the document XML inside a valid package, which random
// ZIP bytes rarely reach.
func FuzzDOCXXML(f *testing.F) {
	f.Add(`<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>x</w:t><w:br/><w:tab/></w:r></w:p>`)
	f.Add(`<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>n</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`)
	f.Fuzz(func(t *testing.T, body string) {
		w := &docxWalker{noteNum: map[string]int{}}
		doc := `<w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`
		if blocks, err := w.walk([]byte(doc), "body"); err == nil {
			checkDrafts(t, []draft{{text: joinBlocks(blocks)}})
		}
	})
}

func FuzzZip(f *testing.F) {
	f.Add(makeZip(f, zipFile{"a.txt", []byte(arText)}, zipFile{"b/c.csv", []byte("title,text\na,b\n")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{MaxDecompressed: 1 << 20, MaxFileSize: 1 << 20}.withDefaults()
		for _, it := range zipNested(context.Background(), "f.zip", data, opts, newBudget(opts), 1) {
			if it.Err == nil && it.Bundle == nil && len(it.Articles) == 0 {
				t.Fatalf("item without error or articles: %+v", it)
			}
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"2024-03-05T10:15+0400", "Tue, 25 Jul 2023 18:30:00 +0400", "12/05/2023", "30 أيار 2023", "1er mars 2024", "٢٠٢٣/٠٧/٢٦"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if iso, ok := normalizeDate(s); ok && !model.ValidDate(iso) {
			t.Fatalf("normalizeDate(%q) = %q, not ISO 8601", s, iso)
		}
	})
}

func FuzzDetect(f *testing.F) {
	f.Add("x.txt", []byte("<!doctype html>"))
	f.Add("noext", []byte("\uFEFF<?xml?><!-- x --><feed>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		_, _ = detectFormat(name, data, "")
	})
}

// FuzzPDFText covers what parsePDF does with the text and metadata PDFium
// returns; PDFium itself runs in WebAssembly at a few documents a second,
// too slow to fuzz in CI.
func FuzzPDFText(f *testing.F) {
	f.Add("\uFEFB\uFE8E\uFEDF ﬁrst line\nsecond line\f\n\nnext page\r\n", "D:20190925081217+02'00'")
	f.Add(arText+"\f\f", "D:2024")
	f.Add(" \n \f \n", "D:20240305101500Z")
	f.Fuzz(func(t *testing.T, pages, created string) {
		if !utf8.ValidString(pages) {
			return // PDFium returns UTF-8
		}
		d := draft{text: joinPDFLines(foldPresentationForms(pages)), published: pdfDate(created)}
		checkDrafts(t, []draft{d})
	})
}
