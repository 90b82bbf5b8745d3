package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"daftar/model"

	"golang.org/x/text/unicode/norm"
)

// draft is what a format parser produces: raw text and the metadata the
// source states. article() turns it into a model.Article, deriving what the
// source left out (title from the text, place from a dateline).
type draft struct {
	text      string
	title     string
	source    string
	url       string
	author    string
	published string // raw; normalized in article()
	place     string
	language  string
	notes     string // database metadata with no field of its own (Factiva AN, Nexis section)
	docID     string // the database's id of the article: "factiva:AN", "proquest:ID"
	lines     string // PDF: the text line by line, before paragraphs are joined, where an export's fields are found
	where     string // "row 3", "item 2": prefixes warnings about this draft
}

// article makes the stored form. The whole text stays Text, including a
// title line or a "Source:" line at its top: text is immutable after import
// and annotations point into it, so we never cut what the author wrote;
// title and metadata are copies.
func (d draft) article(path, format string) (model.Article, []string) {
	var warns []string
	text := model.CanonicalText(d.text)
	a := model.Article{
		ID:     model.NewID(),
		Text:   text,
		Title:  cleanLine(d.title),
		Source: cleanLine(d.source),
		URL:    strings.TrimSpace(d.url),
		Author: cleanLine(d.author),
		Place:  cleanLine(d.place),
		Notes:  strings.TrimSpace(d.notes),
		DocID:  d.docID,
		Origin: model.Origin{File: path, Format: format},
	}
	a.SHA256 = model.Fingerprint(text)
	if d.language != "" {
		if lang, ok := normalizeLanguage(d.language); ok {
			a.Language = lang
		} else {
			warns = append(warns, d.prefix()+fmt.Sprintf("language %q is not a language code; left empty", d.language))
		}
	}
	if p := strings.TrimSpace(d.published); p != "" {
		if iso, ok := normalizeDate(p); ok {
			a.Published = iso
		} else {
			warns = append(warns, d.prefix()+fmt.Sprintf("date %q not understood; left empty", p))
		}
	}
	if a.Place == "" {
		a.Place = datelineOf(text)
	}
	if a.Title == "" {
		a.Title = titleFromText(text)
	}
	return a, warns
}

func (d draft) prefix() string {
	if d.where == "" {
		return ""
	}
	return d.where + ": "
}

// cleanLine folds a metadata value to one NFC line with single spaces.
func cleanLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
}

const (
	maxTitleLine  = 160 // a first line up to this long is taken as the title
	maxTitleRunes = 120 // a first sentence is trimmed to this
)

// titleFromText picks a title: the first line when it is short, else the
// first sentence trimmed at a clause or word boundary. A dateline ("BAKU —")
// and header lines ("Source: ...") are skipped.
func titleFromText(text string) string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	first, more := "", false
	for i, l := range lines {
		if _, ok := headerLine(l); ok {
			continue
		}
		first, more = l, i+1 < len(lines)
		break
	}
	if first == "" {
		return ""
	}
	// A short first line followed by more text is a headline; a text of
	// one line is titled by its first sentence.
	if _, rest, ok := splitDateline(first); ok {
		first = rest
	} else if more && utf8.RuneCountInString(first) <= maxTitleLine {
		return cleanLine(first)
	}
	s := firstSentence(first)
	return cleanLine(trimTitle(s))
}

// firstSentence ends at . ! ? ؟ … followed by a space (so 1.7 and U.S.A
// inside a word do not end it).
func firstSentence(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '.', '!', '?', '؟', '…', '۔':
			if i+1 == len(rs) || unicode.IsSpace(rs[i+1]) {
				return string(rs[:i+1])
			}
		}
	}
	return s
}

// trimTitle shortens a long sentence, preferring a clause boundary.
func trimTitle(s string) string {
	rs := []rune(strings.TrimSpace(s))
	if len(rs) <= maxTitleRunes {
		return string(rs)
	}
	cut := -1
	for i := maxTitleRunes; i >= 30; i-- {
		switch rs[i] {
		case '،', ',', ';', '؛', ':':
			cut = i
		}
		if cut >= 0 {
			break
		}
	}
	if cut < 0 {
		for i := maxTitleRunes; i > 0; i-- {
			if unicode.IsSpace(rs[i]) {
				cut = i
				break
			}
		}
	}
	if cut <= 0 {
		cut = maxTitleRunes
	}
	return strings.TrimRightFunc(string(rs[:cut]), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// A dateline opens a news story: "باكو -", "BAKU —", "PARIS (AFP) -",
// "Baku, July 27 (Reuters) -". The place must be short; Latin places must be
// capitalised so an ordinary sentence with a dash is not taken for one.
var (
	datelineRe = regexp.MustCompile(`^([\p{L}\p{M}][\p{L}\p{M} .'’-]{0,38}?)\s*(,[^-–—()\n]{1,25}?)?\s*(\([^()\n]{1,30}\))?\s+[-–—]\s+(\S.*)$`)
)

func splitDateline(line string) (place, rest string, ok bool) {
	// A dateline sits in the first few dozen characters; matching a prefix
	// keeps long first paragraphs cheap.
	head := line
	if len(head) > 240 {
		i := 240
		for i > 0 && !utf8.RuneStart(head[i]) {
			i--
		}
		head = head[:i]
	}
	m := datelineRe.FindStringSubmatchIndex(head)
	if m == nil {
		return "", "", false
	}
	place = strings.TrimSpace(head[m[2]:m[3]])
	rest = line[m[8]:]
	qualified := m[4] >= 0 || m[6] >= 0 // ", July 27" or "(AFP)" follows the place
	words := strings.Fields(place)
	if len(words) == 0 || len(words) > 4 {
		return "", "", false
	}
	// Latin places are written in capitals ("BAKU —") unless a date or an
	// agency follows ("Baku, July 27 (Reuters) -").
	for _, r := range place {
		if unicode.Is(unicode.Latin, r) && !unicode.IsUpper(r) && !qualified {
			return "", "", false
		}
	}
	// What follows must read as the body, not the rest of a headline such
	// as "إيران - أذربيجان: توتر على الحدود": a long or finished sentence.
	rest = strings.TrimSpace(rest)
	if utf8.RuneCountInString(rest) < 60 {
		last, _ := utf8.DecodeLastRuneInString(rest)
		if !strings.ContainsRune(".!?؟…»\"”", last) {
			return "", "", false
		}
	}
	return place, rest, true
}

// datelineOf finds a dateline at the start of one of the first lines of the
// text (after a title line and header lines).
func datelineOf(text string) string {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if place, _, ok := splitDateline(l); ok {
			return place
		}
		if n++; n >= 4 {
			break
		}
	}
	return ""
}

// Header lines near the top of a text file state metadata:
// "Source: Caspian Wire | 2023-07-27 | https://...", "المصدر: ...".
var headerKeys = map[string]string{
	"source": "source", "sources": "source", "outlet": "source", "publisher": "source", "quelle": "source", "fuente": "source",
	"المصدر": "source", "مصدر": "source", "منبع": "source", "الناشر": "source",
	"url": "url", "link": "url", "lien": "url", "الرابط": "url", "رابط": "url", "لینک": "url",
	"date": "published", "published": "published", "التاريخ": "published", "تاريخ": "published", "تاریخ": "published",
	"author": "author", "by": "author", "auteur": "author", "الكاتب": "author", "بقلم": "author", "نویسنده": "author",
}

var (
	headerRe  = regexp.MustCompile(`^([\p{L} ]{1,20}?)\s*[:：]\s*(\S.*)$`)
	headerSep = regexp.MustCompile(`\s+[|·–—]\s+|\s+-\s+`)
)

// headerLine parses one header line into field -> value pairs.
func headerLine(line string) (map[string]string, bool) {
	m := headerRe.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return nil, false
	}
	key, ok := headerKeys[strings.ToLower(strings.TrimSpace(m[1]))]
	if !ok {
		return nil, false
	}
	out := map[string]string{}
	if key != "source" {
		out[key] = strings.TrimSpace(m[2])
		return out, true
	}
	// A source line may carry the date and URL too, split by | or a dash.
	for _, part := range headerSep.Split(m[2], -1) {
		part = strings.TrimSpace(part)
		switch {
		case part == "":
		case isURL(part):
			if out["url"] == "" {
				out["url"] = part
			}
		case out["published"] == "" && looksLikeDate(part):
			out["published"] = part
		case out["source"] == "":
			out["source"] = part
		}
	}
	return out, true
}

func isURL(s string) bool {
	return !strings.ContainsAny(s, " \t") && (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www."))
}

func looksLikeDate(s string) bool {
	_, ok := normalizeDate(s)
	return ok
}

// headerMeta reads header lines among the first lines of a text into d.
func headerMeta(text string, d *draft) {
	seen := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if seen++; seen > 4 {
			return
		}
		kv, ok := headerLine(l)
		if !ok {
			continue
		}
		set := func(dst *string, k string) {
			if *dst == "" {
				*dst = kv[k]
			}
		}
		set(&d.source, "source")
		set(&d.url, "url")
		set(&d.published, "published")
		set(&d.author, "author")
	}
}

// normalizeLanguage accepts BCP 47-looking codes and a few language names
// that spreadsheets use.
var langCodeRe = regexp.MustCompile(`^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$`)

var langNames = map[string]string{
	"arabic": "ar", "العربية": "ar", "عربي": "ar", "عربی": "ar", "arabe": "ar",
	"english": "en", "الإنجليزية": "en", "انگلیسی": "en", "anglais": "en",
	"french": "fr", "français": "fr", "francais": "fr", "الفرنسية": "fr", "فرانسوی": "fr",
	"persian": "fa", "farsi": "fa", "فارسی": "fa", "الفارسية": "fa", "persan": "fa",
	"hebrew": "he", "turkish": "tr", "russian": "ru", "urdu": "ur", "kurdish": "ku",
}

func normalizeLanguage(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if code, ok := langNames[strings.ToLower(s)]; ok {
		return code, true
	}
	if !langCodeRe.MatchString(s) {
		return "", false
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' })
	parts[0] = strings.ToLower(parts[0])
	for i := 1; i < len(parts); i++ {
		switch len(parts[i]) {
		case 2:
			parts[i] = strings.ToUpper(parts[i])
		case 4:
			parts[i] = strings.ToUpper(parts[i][:1]) + strings.ToLower(parts[i][1:])
		}
	}
	return strings.Join(parts, "-"), true
}
