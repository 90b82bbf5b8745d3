package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

var errNoArticle = errors.New("no article text found")

// maxHTMLDepth bounds element nesting; real pages stay under 100.
const maxHTMLDepth = 512

// maxTagDepth bounds the nesting seen by a tokenizer pass before parsing:
// the HTML parser's cost grows with the square of the depth.
const maxTagDepth = 3000

// autoClosed elements are closed by their next sibling, so unclosed ones do
// not nest.
var autoClosed = map[string]bool{"p": true, "li": true, "dt": true, "dd": true, "option": true, "tr": true, "td": true, "th": true,
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true, "link": true,
	"meta": true, "param": true, "source": true, "track": true, "wbr": true}

// tagDepth is the largest count of open minus closed tags.
func tagDepth(s string) int {
	z := html.NewTokenizer(strings.NewReader(s))
	depth, maxD := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return maxD
		case html.StartTagToken:
			name, _ := z.TagName()
			if !autoClosed[string(name)] {
				if depth++; depth > maxD {
					maxD = depth
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if !autoClosed[string(name)] && depth > 0 {
				depth--
			}
		}
	}
}

// htmlDepth measures nesting without recursion.
func htmlDepth(doc *html.Node) int {
	maxD := 0
	type entry struct {
		n *html.Node
		d int
	}
	stack := []entry{{doc, 0}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e.d > maxD {
			maxD = e.d
			if maxD > maxHTMLDepth {
				return maxD
			}
		}
		for c := e.n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, entry{c, e.d + 1})
		}
	}
	return maxD
}

// maxHTMLElements keeps readability's scoring (quadratic in places) bounded
// on hostile pages.
const maxHTMLElements = 200000

// parseHTML extracts the main text of a saved web page with go-readability
// (navigation, ads, scripts, asides and footers dropped) and the page's
// metadata: title, byline, site name, published time, <html lang> and the
// canonical URL.
func parseHTML(data []byte) (draft, []string, error) {
	s, warns, err := decodeHTML(data)
	if err != nil {
		return draft{}, warns, err
	}
	d, err := htmlDraft(s)
	return d, warns, err
}

// htmlDraft extracts the article of a decoded page.
func htmlDraft(s string) (draft, error) {
	if tagDepth(s) > maxTagDepth {
		return draft{}, fmt.Errorf("HTML nested deeper than %d levels", maxHTMLDepth)
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil && strings.Contains(err.Error(), "open stack of elements exceeds") {
		// x/net/html (since v0.46) refuses more than 512 open elements itself,
		// in words that do not say what is wrong with the file, and with no
		// error value to compare against.
		return draft{}, fmt.Errorf("HTML nested deeper than %d levels", maxHTMLDepth)
	}
	if err != nil {
		return draft{}, err
	}
	// readability's scoring walks ancestors and recurses: a page nested
	// thousands deep (never a real article) would take minutes.
	if d := htmlDepth(doc); d > maxHTMLDepth {
		return draft{}, fmt.Errorf("HTML nested deeper than %d levels", maxHTMLDepth)
	}
	meta := pageMeta(doc)
	p := readability.NewParser()
	p.MaxElemsToParse = maxHTMLElements
	art, err := p.ParseAndMutate(doc, nil)
	if err != nil {
		return draft{}, err
	}
	if art.Node == nil {
		return draft{}, errNoArticle
	}
	text := render.InnerText(art.Node)
	if strings.TrimSpace(text) == "" {
		return draft{}, errNoArticle
	}
	d := draft{
		text:     text,
		title:    art.Title(),
		author:   art.Byline(),
		source:   art.SiteName(),
		url:      meta.url,
		language: meta.lang,
	}
	if d.language == "" {
		d.language = art.Language()
	}
	d.published = meta.published
	if d.published == "" {
		if t, err := art.PublishedTime(); err == nil {
			d.published = t.Format(time.RFC3339)
		}
	}
	return d, nil
}

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)`)

// decodeHTML honours a BOM, then a <meta> charset, then falls back to the
// same detection as text files (pages saved without a charset are common in
// legacy Arabic encodings).
func decodeHTML(data []byte) (string, []string, error) {
	if len(data) == 0 {
		return "", nil, errEmpty
	}
	head := data[:min(len(data), 4096)]
	if m := metaCharsetRe.FindSubmatch(head); m != nil && !hasBOM(data) {
		label := strings.ToLower(string(m[1]))
		enc, name := charset.Lookup(label)
		switch {
		case enc == nil, name == "utf-8":
			// unknown label, or UTF-8: detect (and report damage) as for text
		case (name == "windows-1252") && !looksBinary(data) && isUTF8WithHighBytes(data):
			// declared Latin-1 but plainly UTF-8: a common misdeclaration
		default:
			if looksBinary(data) {
				return "", nil, errBinary
			}
			out, err := enc.NewDecoder().Bytes(data)
			if err == nil {
				return string(out), nil, nil
			}
		}
	}
	return decodeText(data)
}

func hasBOM(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
}

func isUTF8WithHighBytes(data []byte) bool {
	return bytes.ContainsFunc(data, func(r rune) bool { return r >= 0x80 }) && mostlyUTF8(data)
}

type htmlMeta struct {
	url, lang, published string
}

// pageMeta reads what readability does not return: the canonical URL, the
// <html lang> attribute, and the published time as written (readability
// parses it into a time and loses partial dates).
func pageMeta(doc *html.Node) htmlMeta {
	var m htmlMeta
	var ogURL string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				m.lang = attr(n, "lang")
				if m.lang == "" {
					m.lang = attr(n, "xml:lang")
				}
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.url == "" {
					m.url = strings.TrimSpace(attr(n, "href"))
				}
			case "meta":
				key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
				val := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "og:url":
					ogURL = val
				case "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date":
					if m.published == "" {
						m.published = val
					}
				}
			case "script":
				if m.published == "" && strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					m.published = jsonLDDate(n.FirstChild.Data)
				}
			case "time":
				if m.published == "" && (attr(n, "pubdate") != "" || strings.EqualFold(attr(n, "itemprop"), "datePublished")) {
					m.published = attr(n, "datetime")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	if !isURL(m.url) {
		m.url = ""
	}
	if m.url == "" && isURL(ogURL) {
		m.url = ogURL
	}
	return m
}

// jsonLDDate finds datePublished in schema.org JSON-LD: the object itself,
// a list of objects, or an @graph.
func jsonLDDate(s string) string {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) != nil {
		return ""
	}
	var find func(v any, depth int) string
	find = func(v any, depth int) string {
		if depth > 3 {
			return ""
		}
		switch t := v.(type) {
		case map[string]any:
			if d, ok := t["datePublished"].(string); ok {
				return d
			}
			return find(t["@graph"], depth+1)
		case []any:
			for _, e := range t {
				if d := find(e, depth+1); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return find(v, 0)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// htmlToText renders an HTML fragment (feed content) as text with the same
// block-aware rules as pages.
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return s
	}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	return render.InnerText(ctx)
}
