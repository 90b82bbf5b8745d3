package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html/charset"
)

// RSS 2.0 (and RSS 1.0/RDF) items and Atom entries; element names are
// matched by local name, namespaced ones (content:, dc:) by namespace.
type rssLink struct {
	XMLName xml.Name
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
	Text    string `xml:",chardata"`
}

type rssItem struct {
	Title       string    `xml:"title"`
	Links       []rssLink `xml:"link"`
	GUID        string    `xml:"guid"`
	PubDate     string    `xml:"pubDate"`
	DCDate      string    `xml:"http://purl.org/dc/elements/1.1/ date"`
	Author      string    `xml:"author"`
	Creator     []string  `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Description string    `xml:"description"`
	Content     string    `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Source      string    `xml:"source"`
	Language    string    `xml:"http://purl.org/dc/elements/1.1/ language"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Inner string `xml:",innerxml"`
	Text  string `xml:",chardata"`
}

// text renders Atom text constructs: type="html" holds escaped HTML (already
// unescaped into Text), "xhtml" holds markup (Inner), "text" plain text.
func (t atomText) text() string {
	switch strings.ToLower(t.Type) {
	case "html", "text/html":
		return htmlToText(t.Text)
	case "xhtml", "application/xhtml+xml":
		return htmlToText(t.Inner)
	}
	return t.Text
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     atomText     `xml:"title"`
	Links     []rssLink    `xml:"link"`
	ID        string       `xml:"id"`
	Published string       `xml:"published"`
	Updated   string       `xml:"updated"`
	Authors   []atomPerson `xml:"author"`
	Content   atomText     `xml:"content"`
	Summary   atomText     `xml:"summary"`
	Lang      string       `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Source    struct {
		Title string `xml:"title"`
	} `xml:"source"`
}

// parseFeed reads RSS or Atom: one article per item, full content
// (content:encoded, atom:content) preferred over the summary, HTML stripped
// to text, item date, author and link kept, the channel title as source
// and its language when it states one.
func parseFeed(data []byte) ([]draft, string, []string, error) {
	r, warns, err := feedReader(data)
	if err != nil {
		return nil, "", warns, err
	}
	dec := xml.NewDecoder(r)
	dec.Strict = false // feeds in the wild carry HTML entities and sloppy markup
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		return in, nil // already UTF-8 (see feedReader)
	}
	f := &feedWalk{dec: dec}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if f.format == "" {
				return nil, "", warns, fmt.Errorf("not a valid feed: %v", err)
			}
			return nil, f.format, warns, fmt.Errorf("feed XML is damaged: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := f.open(t); err != nil {
				return nil, f.format, warns, err
			}
		case xml.EndElement:
			if len(f.stack) > 0 {
				f.stack = f.stack[:len(f.stack)-1]
			}
		}
	}
	if f.format == "" {
		return nil, "", warns, errors.New("not an RSS or Atom feed")
	}
	kept, warns := withText(f.drafts, warns)
	if len(kept) == 0 {
		return nil, f.format, warns, errors.New("feed has no items with text")
	}
	return kept, f.format, warns, nil
}

// feedWalk is the state of one pass through a feed's elements.
type feedWalk struct {
	dec        *xml.Decoder
	drafts     []draft
	format     string // rss or atom, from the root element
	feedTitle  string
	feedAuthor string
	stack      []string // open elements not decoded whole
	items      int
}

// open handles a start element: the root says the format; an item or
// entry, the feed's title and its author are decoded whole; anything else
// is entered.
func (f *feedWalk) open(t xml.StartElement) error {
	if len(f.stack) >= maxXMLDepth {
		return fmt.Errorf("XML nested deeper than %d levels", maxXMLDepth)
	}
	name := t.Name.Local
	parent := ""
	if len(f.stack) > 0 {
		parent = f.stack[len(f.stack)-1]
	} else if err := f.root(name); err != nil {
		return err
	}
	switch {
	case name == "item" && f.format == "rss":
		var it rssItem
		if err := f.dec.DecodeElement(&it, &t); err != nil {
			return fmt.Errorf("feed XML is damaged in item %d: %v", f.items+1, err)
		}
		f.items++
		f.drafts = append(f.drafts, it.draft(f.items, f.feedTitle))
	case name == "entry" && f.format == "atom":
		var e atomEntry
		if err := f.dec.DecodeElement(&e, &t); err != nil {
			return fmt.Errorf("feed XML is damaged in entry %d: %v", f.items+1, err)
		}
		f.items++
		f.drafts = append(f.drafts, e.draft(f.items, f.feedTitle, f.feedAuthor))
	case name == "title" && (parent == "channel" || parent == "feed") && f.feedTitle == "":
		var s atomText
		if err := f.dec.DecodeElement(&s, &t); err != nil {
			return err
		}
		f.feedTitle = s.text()
	case name == "author" && parent == "feed":
		var p atomPerson
		if err := f.dec.DecodeElement(&p, &t); err != nil {
			return err
		}
		f.feedAuthor = p.Name
	default:
		f.stack = append(f.stack, name)
	}
	return nil
}

// root sets the format from the root element's name.
func (f *feedWalk) root(name string) error {
	switch strings.ToLower(name) {
	case "rss", "rdf":
		f.format = "rss"
	case "feed":
		f.format = "atom"
	default:
		return fmt.Errorf("not an RSS or Atom feed (root element <%s>)", name)
	}
	return nil
}

// withText drops the items without text, with a warning for each.
func withText(drafts []draft, warns []string) ([]draft, []string) {
	var kept []draft
	for _, d := range drafts {
		if strings.TrimSpace(d.text) == "" {
			warns = append(warns, d.where+": no content; skipped")
			continue
		}
		kept = append(kept, d)
	}
	return kept, warns
}

var xmlEncodingRe = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// feedReader converts the feed to UTF-8 first: by its declared encoding
// when not UTF-8, else with the text rules (BOM, invalid bytes replaced and
// reported), so that one bad byte does not lose the whole feed.
func feedReader(data []byte) (io.Reader, []string, error) {
	if m := xmlEncodingRe.FindSubmatch(data[:min(len(data), 512)]); m != nil && !hasBOM(data) {
		enc, name := charset.Lookup(strings.ToLower(string(m[1])))
		if enc != nil && name != "utf-8" {
			if looksBinary(data) {
				return nil, nil, errBinary
			}
			out, err := enc.NewDecoder().Bytes(data)
			if err != nil {
				return nil, nil, fmt.Errorf("cannot decode %s: %v", name, err)
			}
			return bytes.NewReader(out), nil, nil
		}
	}
	s, warns, err := decodeText(data)
	if err != nil {
		return nil, warns, err
	}
	return strings.NewReader(s), warns, nil
}

// Only an item's own language is kept: a channel's <language> (or a feed's
// xml:lang) is a default that mixed feeds get wrong for some items, and
// language detection does better then.
func (it rssItem) draft(n int, feedTitle string) draft {
	d := draft{where: fmt.Sprintf("item %d", n), title: htmlToText(it.Title)}
	d.text = it.Content
	if strings.TrimSpace(d.text) == "" {
		d.text = it.Description
	}
	d.text = htmlToText(d.text)
	for _, l := range it.Links {
		if l.XMLName.Space == "" && strings.TrimSpace(l.Text) != "" {
			d.url = strings.TrimSpace(l.Text)
			break
		}
	}
	if d.url == "" {
		for _, l := range it.Links {
			if l.Href != "" && (l.Rel == "" || l.Rel == "alternate") {
				d.url = l.Href
				break
			}
		}
	}
	if d.url == "" && isURL(strings.TrimSpace(it.GUID)) {
		d.url = strings.TrimSpace(it.GUID)
	}
	d.published = it.PubDate
	if d.published == "" {
		d.published = it.DCDate
	}
	d.author = strings.Join(it.Creator, ", ")
	if d.author == "" {
		d.author = rssAuthor(it.Author)
	}
	d.source = it.Source
	if d.source == "" {
		d.source = feedTitle
	}
	d.language = it.Language
	return d
}

// rssAuthor turns "editor@example.org (Jane Roe)" into "Jane Roe".
func rssAuthor(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "("); i > 0 && strings.HasSuffix(s, ")") && strings.Contains(s[:i], "@") {
		return strings.TrimSpace(s[i+1 : len(s)-1])
	}
	return s
}

func (e atomEntry) draft(n int, feedTitle, feedAuthor string) draft {
	d := draft{where: fmt.Sprintf("entry %d", n), title: e.Title.text()}
	d.text = e.Content.text()
	if strings.TrimSpace(d.text) == "" {
		d.text = e.Summary.text()
	}
	for _, l := range e.Links {
		if l.Rel == "" || l.Rel == "alternate" {
			d.url = l.Href
			break
		}
	}
	d.published = e.Published
	if d.published == "" {
		d.published = e.Updated
	}
	var names []string
	for _, a := range e.Authors {
		if a.Name != "" {
			names = append(names, a.Name)
		}
	}
	d.author = strings.Join(names, ", ")
	if d.author == "" {
		d.author = feedAuthor // Atom: entries inherit the feed's author
	}
	d.source = e.Source.Title
	if d.source == "" {
		d.source = feedTitle
	}
	d.language = e.Lang
	return d
}
