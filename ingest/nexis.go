package ingest

import (
	"errors"
	"regexp"
	"strings"
)

// Nexis Uni (and the older LexisNexis Academic) exports put many articles in
// one DOCX, RTF or text file. Nexis Uni ends each article with a line "End
// of Document"; LexisNexis Academic opens each with "3 of 100 DOCUMENTS".
// An article reads, in Nexis Uni order:
//
//	Title
//	Source
//	Date line ("March 3, 2019 Sunday")
//	Copyright 2019 ...
//	Section: ...  Length: 523 words  Byline: ...  Highlight: ...  Dateline: ...
//	Body
//	paragraphs ...
//	Classification
//	Language: ENGLISH  Publication-Type: ...  Subject: ...  Load-Date: ...
//
// LexisNexis Academic puts the source and date before the title and writes
// the keys in capitals, without the Body and Classification lines.
var (
	nexisEndRe  = regexp.MustCompile(`(?i)^end of document$`)
	nexisNofMRe = regexp.MustCompile(`(?i)^\d+\s+of\s+\d+\s+documents?$`)
)

// Keys of the lines above the body, and of the lines that follow it.
var (
	nexisHeadKeys = map[string]bool{"section": true, "length": true, "byline": true, "highlight": true, "dateline": true, "edition": true}
	nexisFootKeys = map[string]bool{"language": true, "load-date": true, "publication-type": true, "subject": true, "geographic": true,
		"company": true, "organization": true, "person": true, "industry": true, "ticker": true, "graphic": true, "notes": true,
		"journal-code": true, "document-type": true, "correction-date": true, "url": true}
	// The cover page of a Nexis Uni download, before the first article.
	nexisCoverKeys = map[string]bool{"user name": true, "date and time": true, "job number": true, "client/matter": true,
		"search terms": true, "search type": true, "narrowed by": true, "content type": true}
)

// looksNexis: an "End of Document" line, or LexisNexis Academic's "1 of N
// DOCUMENTS", together with a Length or Load-Date line.
func looksNexis(lines []tline) bool {
	marker, keyed := false, false
	for _, l := range lines {
		switch {
		case nexisEndRe.MatchString(l.s), nexisNofMRe.MatchString(l.s):
			marker = true
		default:
			if k, _, ok := keyValue(l.s); ok && (k == "length" || k == "load-date") {
				keyed = true
			}
		}
		if marker && keyed {
			return true
		}
	}
	return false
}

// parseNexis splits an export's lines into articles.
func parseNexis(lines []tline) ([]draft, []string, error) {
	var chunks [][]tline
	var cur []tline
	numbered := false // LexisNexis Academic: what precedes "1 of N" is the download's cover
	for _, l := range lines {
		switch {
		case nexisEndRe.MatchString(l.s):
			chunks = append(chunks, cur)
			cur = nil
		case nexisNofMRe.MatchString(l.s):
			if numbered && len(cur) > 0 {
				chunks = append(chunks, cur)
			}
			numbered, cur = true, []tline{}
		default:
			cur = append(cur, l)
		}
	}
	// What follows the last "End of Document" is an article only if it has
	// the lines of one (a download cut short), not a trailing page footer.
	if len(cur) > 0 && hasNexisKeys(cur) {
		chunks = append(chunks, cur)
	}
	var r batchResult
	for i, c := range chunks {
		d, err := nexisArticle(c)
		r.add(i+1, d, err)
	}
	return r.done(fmtNexis)
}

func hasNexisKeys(ls []tline) bool {
	for _, l := range ls {
		if k, _, ok := keyValue(l.s); ok && (nexisHeadKeys[k] || nexisFootKeys[k]) {
			return true
		}
	}
	return false
}

func nexisArticle(ls []tline) (draft, error) {
	var d draft
	var notes noteLines
	// Where the body starts: after a "Body" line, else after the last
	// header key line.
	bodyAt := -1
	for i, l := range ls {
		if strings.EqualFold(l.s, "body") {
			bodyAt = i + 1
			break
		}
		k, _, ok := keyValue(l.s)
		if ok && nexisFootKeys[k] || strings.EqualFold(l.s, "classification") {
			break
		}
		if ok && nexisHeadKeys[k] {
			bodyAt = i + 1
		}
	}
	head := ls
	var body, foot []tline
	if bodyAt >= 0 {
		head = ls[:bodyAt]
		rest := ls[bodyAt:]
		end := len(rest)
		for i, l := range rest {
			if k, _, ok := keyValue(l.s); ok && nexisFootKeys[k] || strings.EqualFold(l.s, "classification") {
				end = i
				break
			}
		}
		body, foot = rest[:end], rest[end:]
	}
	var plain []string
	for _, l := range head {
		k, v, ok := keyValue(l.s)
		switch {
		case strings.EqualFold(l.s, "body"):
		case ok && nexisCoverKeys[k]:
			plain = plain[:0] // the cover page: the article starts after it
		case ok && (nexisHeadKeys[k] || nexisFootKeys[k]):
			nexisKey(k, v, &d, &notes)
		case strings.HasPrefix(strings.ToLower(l.s), "copyright"):
			notes.add("Copyright", strings.TrimSpace(l.s[len("copyright"):]))
		default:
			plain = append(plain, l.s)
		}
	}
	nexisTitle(plain, &d)
	nexisKeys(foot, &d, &notes)
	d.notes = notes.String()
	if bodyAt < 0 {
		return d, errors.New("no Body, Length or Byline line")
	}
	d.text = joinLines(body)
	if strings.TrimSpace(d.text) == "" {
		return d, errNoBody
	}
	return d, nil
}

// nexisTitle finds title, source and date among the lines above the keys.
func nexisTitle(plain []string, d *draft) {
	date := -1
	for i, s := range plain {
		if iso, ok := batchDate(s); ok {
			date, d.published = i, iso
			break
		}
	}
	switch {
	case date < 0:
		if len(plain) > 0 {
			d.title = plain[0]
		}
		if len(plain) > 1 {
			d.source = plain[1]
		}
	case date <= 1 && date+1 < len(plain):
		// LexisNexis Academic: source, date, (edition), title.
		if date == 1 {
			d.source = plain[0]
		}
		d.title = plain[len(plain)-1]
	case date >= 1:
		// Nexis Uni: title, source, date; lines above the title are the
		// rest of the cover page.
		d.source = plain[date-1]
		if date >= 2 {
			d.title = plain[date-2]
		}
	}
}

func nexisKeys(ls []tline, d *draft, notes *noteLines) {
	for _, l := range ls {
		if k, v, ok := keyValue(l.s); ok && (nexisHeadKeys[k] || nexisFootKeys[k]) {
			nexisKey(k, v, d, notes)
		}
	}
}

func nexisKey(k, v string, d *draft, notes *noteLines) {
	switch k {
	case "byline":
		d.author = v
	case "language":
		d.language = firstValue(v)
	case "dateline":
		d.place = firstValue(v)
	case "section", "length", "load-date", "publication-type", "edition", "highlight":
		notes.add(keyName(k), v)
	}
}

// keyName writes a key as Nexis Uni does: "Load-Date", "Publication-Type".
func keyName(k string) string {
	parts := strings.Split(k, "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}
