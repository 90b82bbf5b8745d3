package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"strings"
	"testing"

	"daftar/corpusgen"
)

// warcPage is a news page of our own with a title, a date and paragraphs.
func warcPage(lang, title, date string, paras ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html lang=%q><head><meta charset=\"utf-8\"><title>%s</title>", lang, title)
	if date != "" {
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=%q>", date)
	}
	b.WriteString("</head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article>")
	fmt.Fprintf(&b, "<h1>%s</h1>", title)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>", p)
	}
	b.WriteString("</article><footer>All rights reserved.</footer></body></html>")
	return []byte(b.String())
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// chunked encodes a body with HTTP chunked transfer encoding, in two chunks.
func chunked(body []byte) []byte {
	half := len(body) / 2
	return fmt.Appendf(nil, "%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n", half, body[:half], len(body)-half, body[half:])
}

// testCrawl is a small crawl with one record of every kind the reader
// meets: warcinfo, request, an Arabic page, a French page stored gzipped
// and chunked as it came over the wire, a redirect, a PDF, a revisit, the
// same URI again, the same payload under another URI, a 404, a metadata
// record, and a page without a date of its own.
func testCrawl(t testing.TB) []corpusgen.WARCRecord {
	arPage := warcPage("ar", arTitle, "2024-03-04", arBody, arBody)
	frPage := warcPage("fr", frTitle, "2024-05-06T10:00:00Z", frBody, frBody)
	enPage := warcPage("en", enTitle, "", enBody, enBody)
	frWire := chunked(gzipBytes(t, frPage))
	n := 0
	id := func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
	return []corpusgen.WARCRecord{
		{Type: "warcinfo", ID: id(), Date: "2024-06-01T00:00:00Z", ContentType: "application/warc-fields", Block: []byte("software: test\r\n")},
		{Type: "request", ID: id(), Date: "2024-06-01T00:00:01Z", URI: "https://ar.example.org/a", Block: []byte("GET /a HTTP/1.1\r\nHost: ar.example.org\r\n\r\n")},
		{Type: "response", ID: id(), Date: "2024-06-01T00:00:02Z", URI: "https://ar.example.org/a",
			Block: corpusgen.HTTPResponse(200, "text/html; charset=utf-8", arPage), Extra: []string{corpusgen.PayloadDigest(arPage)}},
		{Type: "response", ID: id(), Date: "2024-06-01T00:00:03Z", URI: "https://fr.example.org/b",
			Block: httpRaw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", frWire)},
		{Type: "response", ID: id(), Date: "2024-06-01T00:00:04Z", URI: "https://fr.example.org/old",
			Block: corpusgen.HTTPResponse(301, "text/html", []byte("moved"), "Location: https://fr.example.org/b")},
		{Type: "response", ID: id(), Date: "2024-06-01T00:00:05Z", URI: "https://fr.example.org/report.pdf",
			Block: corpusgen.HTTPResponse(200, "application/pdf", []byte("%PDF-1.4 not really"))},
		{Type: "revisit", ID: id(), Date: "2024-06-02T00:00:00Z", URI: "https://ar.example.org/a",
			Block: []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"),
			Extra: []string{corpusgen.PayloadDigest(arPage), "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"}},
		{Type: "response", ID: id(), Date: "2024-06-02T00:00:01Z", URI: "https://ar.example.org/a",
			Block: corpusgen.HTTPResponse(200, "text/html", warcPage("ar", "نسخة أخرى", "", arBody+" تحديث", arBody))},
		{Type: "response", ID: id(), Date: "2024-06-02T00:00:02Z", URI: "https://mirror.example.org/a",
			Block: corpusgen.HTTPResponse(200, "text/html; charset=utf-8", arPage), Extra: []string{corpusgen.PayloadDigest(arPage)}},
		{Type: "response", ID: id(), Date: "2024-06-02T00:00:03Z", URI: "https://en.example.org/missing",
			Block: corpusgen.HTTPResponse(404, "text/html", warcPage("en", "Not found", "", enBody, enBody))},
		{Type: "metadata", ID: id(), Date: "2024-06-02T00:00:04Z", URI: "https://en.example.org/c", ContentType: "application/warc-fields", Block: []byte("outlink: https://en.example.org/d\r\n")},
		{Type: "response", ID: id(), Date: "2024-06-03T08:09:10Z", URI: "https://en.example.org/c",
			Block: corpusgen.HTTPResponse(200, "text/html; charset=utf-8", enPage)},
	}
}

func httpRaw(head string, body []byte) []byte { return append([]byte(head), body...) }

func writeWARC(t testing.TB, recs []corpusgen.WARCRecord, gz bool) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, r := range recs {
		if err := corpusgen.WriteWARCRecord(&b, r, gz); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func readWARCFile(t *testing.T, name string, data []byte) []Item {
	t.Helper()
	p := writeFile(t, t.TempDir(), name, data)
	return ReadFile(context.Background(), p, Options{})
}

func TestWARC(t *testing.T) {
	recs := testCrawl(t)
	for _, tc := range []struct {
		name string
		gz   bool
	}{{"crawl.warc", false}, {"crawl.warc.gz", true}, {"crawl-no-extension", true}, {"plain-no-extension", false}} {
		t.Run(tc.name, func(t *testing.T) {
			items := readWARCFile(t, tc.name, writeWARC(t, recs, tc.gz))
			if len(items) != 1 {
				t.Fatalf("%d items, want 1: %+v", len(items), items)
			}
			it := items[0]
			if it.Format != "warc" || it.Part != 1 {
				t.Errorf("format %q part %d, want warc 1", it.Format, it.Part)
			}
			arts := mustArticles(t, it, 3)
			want := []struct{ title, url, date, lang, source, body string }{
				{arTitle, "https://ar.example.org/a", "2024-03-04", "ar", "ar.example.org", arBody},
				{frTitle, "https://fr.example.org/b", "2024-05-06T10:00:00Z", "fr", "fr.example.org", frBody},
				{enTitle, "https://en.example.org/c", "2024-06-03T08:09:10Z", "en", "en.example.org", enBody}, // no date on the page: the capture's
			}
			for i, w := range want {
				a := arts[i]
				if a.Title != w.title || a.URL != w.url || a.Published != w.date || a.Language != w.lang || a.Source != w.source {
					t.Errorf("article %d: %q %q %q %q %q, want %q %q %q %q %q", i, a.Title, a.URL, a.Published, a.Language, a.Source,
						w.title, w.url, w.date, w.lang, w.source)
				}
				if !strings.Contains(a.Text, w.body) || strings.Contains(a.Text, "All rights reserved") || strings.Contains(a.Text, "Home") {
					t.Errorf("article %d text: %q", i, a.Text)
				}
				if !strings.Contains(a.Notes, "WARC-Target-URI: "+w.url) || !strings.Contains(a.Notes, "WARC-Date: 2024-06-0") {
					t.Errorf("article %d notes: %q", i, a.Notes)
				}
			}
			summary := "WARC: 3 HTML pages read; skipped 1 non-HTML response, 1 redirect, 1 error response (HTTP 4xx/5xx), 1 revisit record, 2 duplicates (same payload digest or URI)"
			if len(it.Warnings) != 1 || it.Warnings[0] != summary {
				t.Errorf("warnings %q, want [%q]", it.Warnings, summary)
			}
		})
	}
}

// A WARC cut short in its last record keeps the pages before it and fails
// naming the file's record; the caller prefixes the path.
func TestWARCTruncated(t *testing.T) {
	recs := testCrawl(t)
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", gz), func(t *testing.T) {
			data := writeWARC(t, recs, gz)
			last := writeWARC(t, recs[len(recs)-1:], gz)
			cut := data[:len(data)-len(last)/2]
			items := readWARCFile(t, "cut.warc", cut)
			if len(items) != 2 {
				t.Fatalf("%d items, want the pages then the error: %+v", len(items), items)
			}
			mustArticles(t, items[0], 2)
			it := items[1]
			wantErr(t, it, "record 12 (<urn:uuid:00000000-0000-4000-8000-000000000012>, https://en.example.org/c")
			wantErr(t, it, "the file ends inside the record")
			if !strings.HasSuffix(it.Err.Error(), "(the 2 articles before it were read)") {
				t.Errorf("error %q does not say what was kept", it.Err)
			}
			if !gz && !strings.Contains(it.Err.Error(), fmt.Sprintf("at byte %d", len(data)-len(last))) {
				t.Errorf("error %q does not give the offset %d", it.Err, len(data)-len(last))
			}
			if it.Part != 2 || items[0].Part != 1 {
				t.Errorf("parts %d, %d; want 1, 2", items[0].Part, it.Part)
			}
		})
	}
}

func TestWARCErrors(t *testing.T) {
	recs := testCrawl(t)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty.warc", nil, errEmpty.Error()},
		{"text.warc", []byte("this is not a WARC file at all\n"), "not a WARC file (no WARC record found)"},
		{"bad.warc.gz", []byte{0x1f, 0x8b, 0, 1, 2}, "not a valid gzipped WARC"},
		{"nopages.warc", writeWARC(t, recs[:2], false), "no HTML page with article text in the WARC (2 records; none of them an HTML response)"},
	} {
		items := readWARCFile(t, tc.name, tc.data)
		if len(items) != 1 {
			t.Fatalf("%s: %d items, want 1", tc.name, len(items))
		}
		wantErr(t, items[0], tc.want)
	}
}

// A WARC inside a ZIP is read from memory the same way.
func TestWARCInZip(t *testing.T) {
	z := makeZip(t, zipFile{"crawls/a.warc.gz", writeWARC(t, testCrawl(t), true)})
	items := readWARCFile(t, "crawls.zip", z)
	if len(items) != 1 {
		t.Fatalf("%d items, want 1", len(items))
	}
	mustArticles(t, items[0], 3)
}

// Batches: a crawl of more pages than one Item holds comes in parts.
func TestWARCParts(t *testing.T) {
	var b bytes.Buffer
	if err := corpusgen.New(3).WriteWARC(&b, streamBatch+10, true); err != nil {
		t.Fatal(err)
	}
	items := readWARCFile(t, "big.warc.gz", b.Bytes())
	total := 0
	for i, it := range items {
		if it.Err != nil || it.Part != i+1 {
			t.Fatalf("item %d: part %d, err %v", i, it.Part, it.Err)
		}
		if len(it.Articles) > streamBatch {
			t.Errorf("item %d holds %d articles", i, len(it.Articles))
		}
		total += len(it.Articles)
	}
	if total != streamBatch+10 || len(items) < 2 {
		t.Errorf("%d articles in %d items, want %d in 2 or more", total, len(items), streamBatch+10)
	}
}

func FuzzWARC(f *testing.F) {
	recs := testCrawl(f)
	plain, gz := writeWARC(f, recs, false), writeWARC(f, recs, true)
	f.Add(plain)
	f.Add(gz)
	f.Add(plain[:len(plain)-100])
	f.Add(gz[:len(gz)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{MaxFileSize: 1 << 20}.withDefaults()
		part := 0
		err := streamWARC(context.Background(), "f.warc", bytes.NewReader(data), opts, func(its []Item) error {
			for _, it := range its {
				// A file that fails before its first page fails whole (Part 0).
				if part++; it.Part != part && !(it.Part == 0 && part == 1 && it.Err != nil) {
					t.Fatalf("part %d after %d", it.Part, part-1)
				}
				if it.Err != nil && (len(it.Articles) > 0 || strings.Contains(it.Err.Error(), "\n")) {
					t.Fatalf("bad failed item: %v with %d articles", it.Err, len(it.Articles))
				}
				for _, a := range it.Articles {
					if err := a.Validate(); err != nil {
						t.Fatalf("invalid article: %v", err)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("error %v from a reader that only reports through items", err)
		}
	})
}
