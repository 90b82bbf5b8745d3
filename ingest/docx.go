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
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	docPart := parts["word/document.xml"]
	if docPart == nil {
		return draft{}, nil, errors.New("not a valid DOCX file (no word/document.xml)")
	}
	read := func(name string) ([]byte, error) {
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
	docXML, err := read("word/document.xml")
	if err != nil {
		return draft{}, nil, err
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
	var blocks []block
	var para strings.Builder // current paragraph (or cell paragraph)
	var style string
	var cells []string // cells of the current outer table row
	var cell []string  // paragraphs of the current cell
	tableDepth, runDepth := 0, 0
	inText := false
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
			switch t.Name.Local {
			case "p":
				para.Reset()
				style = ""
			case "pStyle":
				style = xmlAttr(t, "val")
			case "r":
				runDepth++
			case "t":
				inText = true
			case "tab":
				if runDepth > 0 {
					para.WriteByte('\t')
				}
			case "br", "cr":
				para.WriteByte('\n')
			case "noBreakHyphen":
				para.WriteByte('-')
			case "footnoteReference", "endnoteReference":
				kind := strings.TrimSuffix(t.Name.Local, "Reference")
				id := xmlAttr(t, "id")
				key := kind + ":" + id
				if _, ok := w.noteNum[key]; !ok {
					w.noteNum[key] = len(w.noteNum) + 1
					w.noteOrder = append(w.noteOrder, noteRef{kind, id})
				}
				fmt.Fprintf(&para, "[%d]", w.noteNum[key])
			case "tbl":
				tableDepth++
			case "tr":
				if tableDepth == 1 {
					cells = cells[:0]
				}
			case "tc":
				if tableDepth == 1 {
					cell = cell[:0]
				}
			case "delText", "instrText", "rPr", "drawing", "pict", "object", "Fallback", "tabs":
				// deleted text, field codes, formatting, pictures; the
				// Fallback of mc:AlternateContent repeats the Choice.
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				depth--
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		case xml.EndElement:
			depth--
			if depth < start {
				return blocks, nil
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "r":
				runDepth--
			case "p":
				text := strings.TrimSpace(para.String())
				para.Reset()
				if text == "" {
					continue
				}
				if tableDepth > 0 {
					cell = append(cell, text)
					continue
				}
				if w.styledTitle == "" && (style == "Title" || style == "Heading1" || style == "1") {
					w.styledTitle = text
				}
				blocks = append(blocks, block{text: text})
			case "tc":
				if tableDepth == 1 {
					cells = append(cells, strings.Join(cell, " "))
				}
			case "tr":
				if tableDepth == 1 {
					line := strings.TrimRight(strings.Join(cells, "\t"), "\t")
					if strings.TrimSpace(line) != "" {
						blocks = append(blocks, block{text: line, row: true})
					}
				}
			case "tbl":
				tableDepth--
			}
		}
	}
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
