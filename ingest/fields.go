package ingest

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// mapFields are the article fields a CSV column or JSON key can fill.
var mapFields = []string{"title", "text", "source", "url", "published", "author", "language", "place"}

// fieldNames are the column/key names recognised for each field, most
// specific first, compared after normKey. Arabic and Persian names are the
// ones spreadsheets made by researchers in the region use.
var fieldNames = map[string][]string{
	"title": {"title", "headline", "heading", "subject", "titre", "العنوان", "عنوان", "تيتر", "تیتر"},
	"text": {"text", "body", "content", "fulltext", "articletext", "article", "articlebody", "maintext", "story", "texte", "contenu",
		"النص", "نص", "المحتوى", "محتوى", "المتن", "متن", "description", "summary"},
	"source": {"source", "outlet", "publisher", "publication", "sitename", "site", "newspaper", "media", "journal",
		"المصدر", "مصدر", "الناشر", "الصحيفة", "الوسيلة", "منبع", "رسانه", "sourcename"},
	"url":       {"url", "link", "permalink", "href", "uri", "articleurl", "lien", "الرابط", "رابط", "لینک", "پیوند"},
	"published": {"published", "publishedat", "publishdate", "publicationdate", "datepublished", "pubdate", "date", "datetime", "created", "createdat", "time", "التاريخ", "تاريخ", "تاريخالنشر", "تاریخ", "datedepublication"},
	"author":    {"author", "authors", "byline", "writer", "creator", "by", "auteur", "الكاتب", "كاتب", "المؤلف", "المراسل", "نويسنده", "نویسنده"},
	"language":  {"language", "lang", "locale", "langue", "اللغة", "لغة", "زبان"},
	"place":     {"place", "dateline", "location", "lieu", "المكان", "مكان"},
}

// normKey folds a header or key for matching: case, spaces, _ - . and
// tatweel do not matter.
func normKey(s string) string {
	s = norm.NFC.String(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '.', ':', 'ـ', '\t':
			return -1
		}
		return r
	}, s)
}

// fieldFor returns the field a key names, or "".
func fieldFor(key string) string {
	k := normKey(key)
	for _, f := range mapFields {
		for _, n := range fieldNames[f] {
			if n == k {
				return f
			}
		}
	}
	return ""
}

// rank is a name's position in its field's list (lower is better).
func rank(field, key string) int {
	k := normKey(key)
	for i, n := range fieldNames[field] {
		if n == k {
			return i
		}
	}
	return 1 << 30
}

// setField stores a value into the draft field it names.
func (d *draft) setField(field, v string) {
	switch field {
	case "title":
		d.title = v
	case "text":
		d.text = v
	case "source":
		d.source = v
	case "url":
		d.url = v
	case "published":
		d.published = v
	case "author":
		d.author = v
	case "language":
		d.language = v
	case "place":
		d.place = v
	}
}

// normMap lower-cases the field names of Options.Map.
func normMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	return out
}
