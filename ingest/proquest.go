package ingest

import (
	"regexp"
	"strings"
)

// ProQuest's plain-text export separates articles with a line of
// underscores; each article is a run of "Field: value" lines, where the
// value of "Full text:" (and "Abstract:") runs over paragraphs to the next
// known field:
//
//	Title: ...
//	Publication title: ...
//	Publication date: Mar 3, 2019
//	Full text: paragraphs ...
//	Document URL: https://...
//	ProQuest document ID: 1234567
var (
	proquestSepRe = regexp.MustCompile(`^_{20,}$`)
	// proquestKeys are the fields a ProQuest record writes, lower-cased.
	proquestKeys = map[string]bool{
		"title": true, "author": true, "publication title": true, "publication date": true, "publication year": true,
		"full text": true, "abstract": true, "document url": true, "proquest document id": true, "language of publication": true,
		"section": true, "pages": true, "publisher": true, "place of publication": true, "country of publication": true,
		"subject": true, "location": true, "people": true, "company / organization": true, "source type": true,
		"document type": true, "issn": true, "copyright": true, "last updated": true, "database": true, "links": true,
		"publication info": true, "publication subject": true, "identifier / keyword": true, "dateline": true,
		"credit": true, "volume": true, "issue": true, "first page": true, "accession number": true,
	}
)

// looksProQuest: "Full text:" and a ProQuest document ID or URL line.
func looksProQuest(lines []tline) bool {
	full, id := false, false
	for _, l := range lines {
		if k, _, ok := keyValue(l.s); ok {
			switch k {
			case "full text":
				full = true
			case "proquest document id", "document url":
				id = true
			}
		}
		if full && id {
			return true
		}
	}
	return false
}

func parseProQuest(lines []tline) ([]draft, []string, error) {
	var recs [][]tline
	var cur []tline
	for _, l := range lines {
		if proquestSepRe.MatchString(l.s) {
			if len(cur) > 0 {
				recs = append(recs, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		recs = append(recs, cur)
	}
	var r batchResult
	n := 0
	for _, rec := range recs {
		f := proquestFields(rec)
		if len(f) == 0 {
			continue // the header or footer of the export, not a record
		}
		n++
		d, err := proquestArticle(f)
		r.add(n, d, err)
	}
	return r.done(fmtProQuest)
}

// proquestFields reads one record; the first value of a field wins.
func proquestFields(rec []tline) map[string]string {
	out := map[string]string{}
	key := ""
	var val []tline
	flush := func() {
		if key != "" && out[key] == "" {
			out[key] = joinLines(val)
		}
		val = val[:0]
	}
	for _, l := range rec {
		if k, v, ok := keyValue(l.s); ok && proquestKeys[k] {
			flush()
			key = k
			if v != "" {
				val = append(val, tline{v, false})
			}
			continue
		}
		// Only the long fields run over lines; anything else between
		// fields (the headline above the fields, "ProQuest document
		// link") is not part of a value.
		if key == "full text" || key == "abstract" {
			if len(val) == 0 {
				l.para = false
			}
			val = append(val, l)
		}
	}
	flush()
	return out
}

func proquestArticle(f map[string]string) (draft, error) {
	d := draft{
		title:    f["title"],
		author:   f["author"],
		source:   f["publication title"],
		url:      f["document url"],
		language: firstValue(f["language of publication"]),
		place:    f["dateline"],
		text:     f["full text"],
	}
	if iso, ok := batchDate(f["publication date"]); ok {
		d.published = iso
	} else {
		d.published = f["publication date"]
	}
	var notes noteLines
	notes.add("ProQuest document ID", f["proquest document id"])
	notes.add("Section", f["section"])
	notes.add("Pages", f["pages"])
	notes.add("Copyright", f["copyright"])
	d.notes = notes.String()
	if id := cleanLine(f["proquest document id"]); id != "" {
		d.docID = "proquest:" + id
	}
	if strings.TrimSpace(d.text) == "" {
		return d, errNoBody
	}
	return d, nil
}
