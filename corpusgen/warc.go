package corpusgen

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
)

// WARCRecord is one record to write: Block is the whole content block (for
// a response, the HTTP status line, headers and payload). Header lines in
// Extra are written as they are, after the standard ones.
type WARCRecord struct {
	Type, URI, Date, ID string
	ContentType         string // of the block; "application/http; msgtype=response" when empty for responses
	Block               []byte
	Extra               []string
}

// WriteWARCRecord writes one WARC/1.1 record, as its own gzip member when
// gz is set (the standard way to compress a WARC).
func WriteWARCRecord(w io.Writer, r WARCRecord, gz bool) error {
	var b bytes.Buffer
	ct := r.ContentType
	if ct == "" && (r.Type == "response" || r.Type == "revisit") {
		ct = "application/http; msgtype=response"
	}
	if ct == "" && r.Type == "request" {
		ct = "application/http; msgtype=request"
	}
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: %s\r\n", r.Type, r.ID, r.Date)
	if r.URI != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.URI)
	}
	if ct != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", ct)
	}
	for _, h := range r.Extra {
		b.WriteString(h + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(r.Block))
	b.Write(r.Block)
	b.WriteString("\r\n\r\n")
	if !gz {
		_, err := w.Write(b.Bytes())
		return err
	}
	zw := gzip.NewWriter(w)
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

// HTTPResponse is an HTTP/1.1 response block with a Content-Length.
func HTTPResponse(status int, contentType string, body []byte, headers ...string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, statusText(status))
	if contentType != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	}
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(body))
	b.Write(body)
	return b.Bytes()
}

func statusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 301:
		return "Moved Permanently"
	case 404:
		return "Not Found"
	}
	return "Status"
}

// PayloadDigest is the WARC-Payload-Digest header line of a payload, in
// the SHA-1 base32 form crawlers write.
func PayloadDigest(payload []byte) string {
	sum := sha1.Sum(payload)
	return "WARC-Payload-Digest: sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// ArticlePage renders an article as a news page with the navigation,
// related links and footer a real page has around it.
func ArticlePage(a Article, url string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q><head><meta charset=\"utf-8\"><title>%s</title>", a.Language, html.EscapeString(a.Title))
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=%q><meta property=\"og:site_name\" content=%q>", url, a.Source)
	fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=%q></head><body>\n", a.Published)
	b.WriteString("<header><nav><ul>")
	for _, s := range []string{"Home", "World", "Politics", "Economy", "Culture", "Sport", "Opinion", "Video"} {
		fmt.Fprintf(&b, "<li><a href=\"/%s\">%s</a></li>", strings.ToLower(s), s)
	}
	b.WriteString("</ul></nav></header>\n<main><article>")
	fmt.Fprintf(&b, "<h1>%s</h1>\n", html.EscapeString(a.Title))
	for _, p := range strings.Split(a.Text, "\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article><aside><h2>Related</h2><ul>")
	for i := range 10 {
		fmt.Fprintf(&b, "<li><a href=\"/related/%d\">More on this story, part %d</a></li>", i, i)
	}
	b.WriteString("</ul></aside></main>\n<footer><p>Copyright. All rights reserved.</p></footer></body></html>\n")
	return []byte(b.String())
}

// WriteWARC writes a crawl of n article pages as a WARC: a warcinfo record,
// then for each page a request and a response, with a redirect before every
// tenth page and an image after every fifth, as a crawler records them.
// Record ids and dates are derived from the page number, so equal seeds
// give equal files.
func (g *Generator) WriteWARC(w io.Writer, n int, gz bool) error {
	id := 0
	rec := func(r WARCRecord) error {
		id++
		r.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", id)
		if r.Date == "" {
			r.Date = fmt.Sprintf("2024-%02d-%02dT%02d:%02d:00Z", 1+id%12, 1+id%28, id%24, id%60)
		}
		return WriteWARCRecord(w, r, gz)
	}
	info := "software: daftar corpusgen\r\nformat: WARC File Format 1.1\r\n"
	if err := rec(WARCRecord{Type: "warcinfo", ContentType: "application/warc-fields", Block: []byte(info)}); err != nil {
		return err
	}
	image := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 8<<10)
	for i := range n {
		a := g.Next()
		url := fmt.Sprintf("https://news.example.org/%d/story-%d.html", 2010+i%16, i)
		if i%10 == 0 {
			moved := HTTPResponse(301, "text/html", []byte("<a href=\""+url+"\">moved</a>"), "Location: "+url)
			if err := rec(WARCRecord{Type: "response", URI: strings.TrimSuffix(url, ".html"), Block: moved}); err != nil {
				return err
			}
		}
		req := fmt.Sprintf("GET /%d/story-%d.html HTTP/1.1\r\nHost: news.example.org\r\n\r\n", 2010+i%16, i)
		if err := rec(WARCRecord{Type: "request", URI: url, Block: []byte(req)}); err != nil {
			return err
		}
		page := ArticlePage(a, url)
		if err := rec(WARCRecord{Type: "response", URI: url, Block: HTTPResponse(200, "text/html; charset=utf-8", page), Extra: []string{PayloadDigest(page)}}); err != nil {
			return err
		}
		if i%5 == 4 {
			img := slices.Concat(image, []byte{byte(i), byte(i >> 8), byte(i >> 16)})
			if err := rec(WARCRecord{Type: "response", URI: fmt.Sprintf("https://news.example.org/img/%d.png", i), Block: HTTPResponse(200, "image/png", img)}); err != nil {
				return err
			}
		}
	}
	return nil
}
