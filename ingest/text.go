package ingest

import (
	"errors"
	"strings"

	"daftar/model"
)

// parseText reads a plain text or Markdown file: one article. Metadata comes
// from header lines near the top ("Source: X | 2023-07-27 | https://..."),
// Markdown front matter, a dateline; the title is the first short line or
// the first sentence (see titleFromText).
func parseText(data []byte, markdown bool) (draft, []string, error) {
	s, warns, err := decodeText(data)
	if err != nil {
		return draft{}, warns, err
	}
	d, err := textDraft(s, markdown)
	return d, warns, err
}

// textDraft makes the article of a decoded text or Markdown file.
func textDraft(s string, markdown bool) (draft, error) {
	var d draft
	if markdown {
		d = parseMarkdown(s)
	} else {
		d.text = s
	}
	headerMeta(model.CanonicalText(d.text), &d)
	if strings.TrimSpace(d.text) == "" {
		return d, errEmpty
	}
	return d, nil
}

// FromText makes one article from pasted text (the GUI's "paste as new
// article"), with the same title and dateline rules as a text file.
func FromText(text string) (model.Article, error) {
	s, _ := utf8Replace([]byte(text), 0)
	if strings.TrimSpace(s) == "" {
		return model.Article{}, errors.New("empty text")
	}
	d := draft{text: s}
	headerMeta(model.CanonicalText(s), &d)
	a, _ := d.article("", "paste")
	return a, nil
}
