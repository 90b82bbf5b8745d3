package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// parseODT reads an OpenDocument text (LibreOffice, Google Docs) file:
// content.xml's paragraphs, headings and list items separated by blank
// lines, each table row one line with tab-separated cells, <text:s> runs of
// spaces, tabs and line breaks; footnotes become [n] with the notes listed
// after the text. Title, author, date and language come from meta.xml, the
// title else from the first level-1 heading. Tracked deletions, comments
// and frames (pictures, text boxes) are left out.
func parseODT(data []byte, opts Options) (draft, []string, error) {
	b := newBudget(opts)
	zr, err := openZip(bytes.NewReader(data), int64(len(data)), b)
	if err != nil {
		if errors.Is(err, errBadZip) {
			return draft{}, nil, errors.New("not a valid ODT file (ZIP archive truncated or damaged)")
		}
		return draft{}, nil, err
	}
	var content, meta []byte
	for _, f := range zr.File {
		switch f.Name {
		case "content.xml":
			content, err = readEntry(f, b)
		case "meta.xml":
			meta, err = readEntry(f, b)
		}
		if err != nil {
			return draft{}, nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if content == nil {
		return draft{}, nil, errors.New("not a valid ODT file (no content.xml)")
	}
	w := &odtWalker{}
	if err := w.walk(content); err != nil {
		return draft{}, nil, fmt.Errorf("content.xml: %v", err)
	}
	text := joinBlocks(w.blocks)
	if len(w.notes) > 0 {
		text += "\n\n" + strings.Join(w.notes, "\n")
	}
	d := draft{text: text, title: w.heading}
	var warns []string
	if meta != nil {
		var m struct {
			Meta struct {
				Title    string `xml:"title"`
				Creator  string `xml:"creator"`
				Initial  string `xml:"initial-creator"`
				Date     string `xml:"creation-date"`
				Language string `xml:"language"`
			} `xml:"meta"`
		}
		if err := xml.Unmarshal(meta, &m); err != nil {
			warns = append(warns, "meta.xml is damaged; document properties not read")
		} else {
			if m.Meta.Title != "" {
				d.title = m.Meta.Title
			}
			d.author = m.Meta.Initial
			if d.author == "" {
				d.author = m.Meta.Creator
			}
			d.published, d.language = m.Meta.Date, m.Meta.Language
		}
	}
	if strings.TrimSpace(d.text) == "" {
		return d, warns, errors.New("no text found in the document")
	}
	return d, warns, nil
}

// odtSkip are elements whose text is not part of the document's text.
var odtSkip = map[string]bool{"tracked-changes": true, "annotation": true, "frame": true, "note-citation": true,
	"sequence-decls": true, "forms": true, "deletion": true}

type odtWalker struct {
	blocks  []block
	notes   []string
	heading string // first level-1 heading
	para    strings.Builder
	space   bool     // the paragraph so far ends in collapsed white space
	cells   []string // cells of the current outer table row
	cell    []string // paragraphs of the current cell
	table   int      // table nesting
	note    int      // note-body nesting: paragraphs go to the note
	noteBuf strings.Builder
	saved   string // the paragraph a note interrupted
	inH1    bool   // inside the first level-1 heading
}

func (w *odtWalker) walk(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return fmt.Errorf("XML nested deeper than %d levels", maxXMLDepth)
			}
			if odtSkip[t.Name.Local] {
				if err := dec.Skip(); err != nil {
					return err
				}
				depth--
				continue
			}
			w.open(t)
		case xml.CharData:
			w.text(string(t))
		case xml.EndElement:
			depth--
			w.close(t.Name.Local)
		}
	}
}

// text adds character data with ODF's white-space rule: runs of spaces,
// tabs and newlines are one space (<text:s> writes more).
func (w *odtWalker) text(s string) {
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !w.space && w.para.Len() > 0 {
				w.para.WriteByte(' ')
				w.space = true
			}
			continue
		}
		w.para.WriteRune(r)
		w.space = false
	}
}

func (w *odtWalker) open(t xml.StartElement) {
	switch t.Name.Local {
	case "p", "h":
		if w.note == 0 {
			w.para.Reset()
		}
		w.space = false
	case "s":
		n, err := strconv.Atoi(xmlAttr(t, "c"))
		if err != nil || n < 1 {
			n = 1
		}
		w.para.WriteString(strings.Repeat(" ", min(n, 1000)))
		w.space = true
	case "tab":
		w.para.WriteByte('\t')
		w.space = true
	case "line-break":
		w.para.WriteByte('\n')
		w.space = true
	case "note":
		// The number shown is the note's position; the body follows.
		w.notes = append(w.notes, "")
		fmt.Fprintf(&w.para, "[%d]", len(w.notes))
		w.space = false
	case "note-body":
		w.note++
		w.noteBuf.Reset()
		w.saved = w.para.String()
		w.para.Reset()
	case "table":
		w.table++
	case "table-row":
		if w.table == 1 {
			w.cells = w.cells[:0]
		}
	case "table-cell":
		if w.table == 1 {
			w.cell = w.cell[:0]
		}
	}
	if t.Name.Local == "h" && w.heading == "" && xmlAttr(t, "outline-level") == "1" {
		w.inH1 = true
	}
}

func (w *odtWalker) close(name string) {
	switch name {
	case "p", "h":
		text := strings.TrimSpace(w.para.String())
		w.para.Reset()
		if name == "h" && w.inH1 {
			w.heading, w.inH1 = text, false
		}
		switch {
		case text == "":
		case w.note > 0:
			if w.noteBuf.Len() > 0 {
				w.noteBuf.WriteByte(' ')
			}
			w.noteBuf.WriteString(text)
		case w.table > 0:
			w.cell = append(w.cell, text)
		default:
			w.blocks = append(w.blocks, block{text: text})
		}
	case "note-body":
		w.note--
		w.notes[len(w.notes)-1] = fmt.Sprintf("[%d] %s", len(w.notes), w.noteBuf.String())
		w.para.Reset()
		w.para.WriteString(w.saved)
	case "table-cell":
		if w.table == 1 {
			w.cells = append(w.cells, strings.Join(w.cell, " "))
		}
	case "table-row":
		if w.table == 1 {
			line := strings.TrimRight(strings.Join(w.cells, "\t"), "\t")
			if strings.TrimSpace(line) != "" {
				w.blocks = append(w.blocks, block{text: line, row: true})
			}
		}
	case "table":
		w.table--
	}
}
