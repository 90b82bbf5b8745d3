package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxXMLDepth bounds element nesting in DOCX and feed XML.
const maxXMLDepth = 1000

// parseDOCX reads word/document.xml: paragraphs separated by blank lines,
// w:br as line breaks, w:tab as tabs, each table row as one line (cells
// separated by tabs), footnote and endnote references as [n] with the notes
// listed after the text. XML holds text in logical order, so right-to-left
// paragraphs need nothing done. Title, author and date come from
// docProps/core.xml. Text boxes and drawings are not read.
func parseDOCX(data []byte, opts Options) (draft, []string, error) {
	b := newBudget(opts)
	zr, err := openZip(bytes.NewReader(data), int64(len(data)), b)
	if err != nil {
		if errors.Is(err, errBadZip) {
			return draft{}, nil, errors.New("not a valid DOCX file (ZIP archive truncated or damaged)")
		}
		return draft{}, nil, err
	}
	read := partReader(zr, b)
	docXML, err := read("word/document.xml")
	if err != nil {
		return draft{}, nil, err
	}
	if docXML == nil {
		return draft{}, nil, errors.New("not a valid DOCX file (no word/document.xml)")
	}
	w := &docxWalker{noteNum: map[string]int{}}
	blocks, err := w.walk(docXML, "body")
	if err != nil {
		return draft{}, nil, fmt.Errorf("word/document.xml: %v", err)
	}
	var warns []string
	text := joinBlocks(blocks)
	notes, err := w.notes(read)
	if err != nil {
		warns = append(warns, "footnotes not read: "+err.Error())
	} else if notes != "" {
		text += "\n\n" + notes
	}
	d := draft{text: text}
	core, err := read("docProps/core.xml")
	if err != nil {
		warns = append(warns, "document properties not read: "+err.Error())
	} else if core != nil {
		var cp struct {
			Title    string `xml:"title"`
			Creator  string `xml:"creator"`
			Created  string `xml:"created"`
			Language string `xml:"language"`
		}
		if err := xml.Unmarshal(core, &cp); err != nil {
			warns = append(warns, "docProps/core.xml is damaged; document properties not read")
		} else {
			d.title, d.author, d.published, d.language = cp.Title, cp.Creator, cp.Created, cp.Language
		}
	}
	if d.title == "" {
		d.title = w.styledTitle
	}
	if strings.TrimSpace(d.text) == "" {
		return d, warns, errors.New("no text found in the document")
	}
	return d, warns, nil
}

// partReader reads the parts of an Office package by name, within the
// budget; a missing part is nil without an error.
func partReader(zr *zip.Reader, b *budget) func(string) ([]byte, error) {
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	return func(name string) ([]byte, error) {
		f := parts[name]
		if f == nil {
			return nil, nil
		}
		data, err := readEntry(f, b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return data, nil
	}
}

// block is a paragraph or a table row.
type block struct {
	text string
	row  bool
}

// joinBlocks puts blank lines between paragraphs and single newlines between
// rows of a table.
func joinBlocks(blocks []block) string {
	var sb strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			if bl.row && blocks[i-1].row {
				sb.WriteString("\n")
			} else {
				sb.WriteString("\n\n")
			}
		}
		sb.WriteString(bl.text)
	}
	return sb.String()
}

type docxWalker struct {
	noteNum     map[string]int // footnote/endnote id -> number shown
	noteOrder   []noteRef
	styledTitle string // first paragraph styled Title or Heading 1
}

type noteRef struct{ kind, id string }

// walk reads the paragraphs and tables under the first element named root.
func (w *docxWalker) walk(data []byte, root string) ([]block, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil, fmt.Errorf("no <%s> element", root)
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return nil, fmt.Errorf("XML nested deeper than %d levels", maxXMLDepth)
			}
			if t.Name.Local == root {
				return w.content(dec, depth)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// content reads block content until the end of the current element.
func (w *docxWalker) content(dec *xml.Decoder, depth int) ([]block, error) {
	c := &docxContent{w: w}
	start := depth
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				return nil, errors.New("unexpected end of XML")
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return nil, fmt.Errorf("XML nested deeper than %d levels", maxXMLDepth)
			}
			if c.open(t) {
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				depth--
			}
		case xml.CharData:
			if c.inText {
				c.para.Write(t)
			}
		case xml.EndElement:
			depth--
			if depth < start {
				return c.blocks, nil
			}
			c.close(t.Name.Local)
		}
	}
}

// docxContent is the state of one walk through paragraphs and tables.
type docxContent struct {
	w      *docxWalker
	blocks []block
	para   strings.Builder // current paragraph (or cell paragraph)
	style  string
	cells  []string // cells of the current outer table row
	cell   []string // paragraphs of the current cell
	inText bool

	tableDepth, runDepth int
}

// open handles a start element and reports whether to skip the element
// whole: deleted text, field codes, formatting, pictures; the Fallback of
// mc:AlternateContent repeats the Choice.
func (c *docxContent) open(t xml.StartElement) (skip bool) {
	switch t.Name.Local {
	case "p":
		c.para.Reset()
		c.style = ""
	case "pStyle":
		c.style = xmlAttr(t, "val")
	case "r":
		c.runDepth++
	case "t":
		c.inText = true
	case "tab":
		if c.runDepth > 0 {
			c.para.WriteByte('\t')
		}
	case "br", "cr":
		c.para.WriteByte('\n')
	case "noBreakHyphen":
		c.para.WriteByte('-')
	case "footnoteReference", "endnoteReference":
		fmt.Fprintf(&c.para, "[%d]", c.w.noteNumber(strings.TrimSuffix(t.Name.Local, "Reference"), xmlAttr(t, "id")))
	case "tbl":
		c.tableDepth++
	case "tr":
		if c.tableDepth == 1 {
			c.cells = c.cells[:0]
		}
	case "tc":
		if c.tableDepth == 1 {
			c.cell = c.cell[:0]
		}
	case "delText", "instrText", "rPr", "drawing", "pict", "object", "Fallback", "tabs":
		return true
	}
	return false
}

// close handles an end element: a paragraph becomes a block (or a cell's
// part), an outer table row one tab-separated block.
func (c *docxContent) close(name string) {
	switch name {
	case "t":
		c.inText = false
	case "r":
		c.runDepth--
	case "p":
		c.endParagraph()
	case "tc":
		if c.tableDepth == 1 {
			c.cells = append(c.cells, strings.Join(c.cell, " "))
		}
	case "tr":
		if c.tableDepth == 1 {
			line := strings.TrimRight(strings.Join(c.cells, "\t"), "\t")
			if strings.TrimSpace(line) != "" {
				c.blocks = append(c.blocks, block{text: line, row: true})
			}
		}
	case "tbl":
		c.tableDepth--
	}
}

func (c *docxContent) endParagraph() {
	text := strings.TrimSpace(c.para.String())
	c.para.Reset()
	if text == "" {
		return
	}
	if c.tableDepth > 0 {
		c.cell = append(c.cell, text)
		return
	}
	if c.w.styledTitle == "" && (c.style == "Title" || c.style == "Heading1" || c.style == "1") {
		c.w.styledTitle = text
	}
	c.blocks = append(c.blocks, block{text: text})
}

// noteNumber is the number shown for a footnote or endnote reference,
// given in the order the references first appear.
func (w *docxWalker) noteNumber(kind, id string) int {
	key := kind + ":" + id
	if _, ok := w.noteNum[key]; !ok {
		w.noteNum[key] = len(w.noteNum) + 1
		w.noteOrder = append(w.noteOrder, noteRef{kind, id})
	}
	return w.noteNum[key]
}

// notes returns the referenced footnotes and endnotes as "[n] text" lines.
func (w *docxWalker) notes(read func(string) ([]byte, error)) (string, error) {
	if len(w.noteOrder) == 0 {
		return "", nil
	}
	texts := map[string]string{}
	for _, kind := range []string{"footnote", "endnote"} {
		data, err := read("word/" + kind + "s.xml")
		if err != nil {
			return "", err
		}
		if data == nil {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(data))
		depth := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if depth++; depth > maxXMLDepth {
					return "", fmt.Errorf("XML nested deeper than %d levels", maxXMLDepth)
				}
				if t.Name.Local == kind {
					id := xmlAttr(t, "id")
					sub := &docxWalker{noteNum: w.noteNum}
					blocks, err := sub.content(dec, depth)
					if err != nil {
						return "", err
					}
					depth--
					var parts []string
					for _, b := range blocks {
						parts = append(parts, b.text)
					}
					texts[kind+":"+id] = strings.Join(parts, " ")
				}
			case xml.EndElement:
				depth--
			}
		}
	}
	var lines []string
	for _, r := range w.noteOrder {
		if t := texts[r.kind+":"+r.id]; t != "" {
			lines = append(lines, fmt.Sprintf("[%d] %s", w.noteNum[r.kind+":"+r.id], t))
		}
	}
	return strings.Join(lines, "\n"), nil
}

func xmlAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
