package annotations

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"daftar/textnorm"
)

// ReadBrat reads a brat .txt and its .ann. It returns the T (text-bound)
// annotations as spans, with AnnotatorNotes (#) as their notes; A, N, R, E
// and other lines are skipped. Offsets are code points of the .txt (brat is
// Python 3).
//
// Discontinuous T lines ("s1 e1;s2 e2"): when only white space lies between
// the fragments (brat's way of storing a span across line breaks, and what
// Daftar writes) they are merged into one span; otherwise each fragment
// becomes its own span, with a note saying which fragment of which T it
// was, so nothing is silently widened over text the annotator skipped.
func ReadBrat(txt, ann io.Reader) (Doc, error) {
	tb, err := io.ReadAll(txt)
	if err != nil {
		return Doc{}, fmt.Errorf("brat: %w", err)
	}
	if !utf8.Valid(tb) {
		return Doc{}, errors.New("brat: .txt is not valid UTF-8")
	}
	doc := Doc{Text: string(tb)}
	t := textnorm.NewIndex(doc.Text, false)
	type tline struct {
		id    string
		spans []Span
	}
	var tlines []tline
	notes := map[string][]string{}
	sc := bufio.NewScanner(ann)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if ln == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		id := fields[0]
		switch {
		case strings.HasPrefix(id, "T"):
			if len(fields) < 2 {
				return doc, fmt.Errorf("brat: .ann line %d: T line without type and offsets", ln)
			}
			quote := ""
			if len(fields) == 3 {
				quote = fields[2]
			}
			spans, err := parseBratT(t, fields[1], quote, id)
			if err != nil {
				return doc, fmt.Errorf("brat: .ann line %d: %w", ln, err)
			}
			for i := range spans {
				spans[i].Line = ln
			}
			tlines = append(tlines, tline{id, spans})
		case strings.HasPrefix(id, "#"):
			if len(fields) < 3 {
				continue // a note without text says nothing
			}
			f := strings.Fields(fields[1])
			if len(f) == 2 {
				notes[f[1]] = append(notes[f[1]], fields[2])
			}
		}
	}
	if err := sc.Err(); err != nil {
		return doc, fmt.Errorf("brat: .ann: %w", err)
	}
	for _, tl := range tlines {
		note := strings.Join(notes[tl.id], "\n")
		for _, sp := range tl.spans {
			switch {
			case sp.Note == "":
				sp.Note = note
			case note != "":
				sp.Note = note + "\n" + sp.Note
			}
			doc.Spans = append(doc.Spans, sp)
		}
	}
	return doc, nil
}

// parseBratT parses "TYPE s e[;s e]..." against the text.
func parseBratT(t *textnorm.Index, typeOffsets, quote, id string) ([]Span, error) {
	label, offs, ok := strings.Cut(typeOffsets, " ")
	if !ok || label == "" {
		return nil, fmt.Errorf("%s: want \"TYPE start end\"", id)
	}
	var frags [][2]int
	for _, part := range strings.Split(offs, ";") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, fmt.Errorf("%s: fragment %q is not \"start end\"", id, part)
		}
		s, err1 := strconv.Atoi(f[0])
		e, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s: fragment %q is not \"start end\"", id, part)
		}
		if s < 0 || e > t.Len() || s >= e {
			return nil, fmt.Errorf("%s: fragment %d-%d does not fit the text (0-%d code points)", id, s, e, t.Len())
		}
		if len(frags) > 0 && s < frags[len(frags)-1][1] {
			return nil, fmt.Errorf("%s: fragments overlap or are out of order", id)
		}
		frags = append(frags, [2]int{s, e})
	}
	pieces := make([]string, len(frags))
	gapsBlank := true
	for k, f := range frags {
		pieces[k] = t.Slice(f[0], f[1])
		if k > 0 && strings.TrimSpace(t.Slice(frags[k-1][1], f[0])) != "" {
			gapsBlank = false
		}
	}
	if gapsBlank {
		start, end := frags[0][0], frags[len(frags)-1][1]
		whole := t.Slice(start, end)
		q := quote
		// brat joins fragments with a space and some tools flatten line
		// breaks; either way the span's own text is the quote.
		if quote == strings.Join(pieces, " ") || quote == flattenSpace(whole) {
			q = whole
		}
		return []Span{{Start: start, End: end, Label: label, Quote: q}}, nil
	}
	spans := make([]Span, len(frags))
	for k, f := range frags {
		spans[k] = Span{Start: f[0], End: f[1], Label: label, Quote: pieces[k],
			Note: fmt.Sprintf("fragment %d of %d of brat %s", k+1, len(frags), id)}
	}
	if quote != strings.Join(pieces, " ") {
		// The T line's text disagrees with its fragments: let Reattach
		// report it on the first fragment.
		spans[0].Quote = quote
	}
	return spans, nil
}

func flattenSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
}
