package annotations

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"daftar/textnorm"
)

// REFI-QDA project exchange (REFI-QDA 1.5, Project-1.0.xsd): a .qdpx is a
// ZIP holding project.qde and sources/; a bare .qde may have its sources/
// folder beside it. Selections count Unicode code points of a source's
// plain text from 0 (§10.2); Daftar's exporter, QualCoder and MAXQDA write
// the end exclusive, and so it is read.

// QDAProject is what Daftar takes from a REFI-QDA project: the text
// sources with their coded selections as Docs, the codebook, and sets and
// cases as sets of Docs. Span labels are code paths ("Parent/Child"); the
// importer maps them to label types.
type QDAProject struct {
	Docs  []Doc
	Codes []QDACode // codable codes, codebook order
	Sets  []QDASet
	// Skipped lists what the project holds that Daftar cannot (pictures,
	// audio, video, PDF region selections, external sources).
	Skipped []string
}

// QDACode is one codable code: its path from the codebook root, joined
// with "/", its colour (#RRGGBB, "" when none) and description.
type QDACode struct {
	Path, Colour, Description string
}

// QDASet is a Set or a Case of the project, as the indices of its members
// in Docs.
type QDASet struct {
	Name string
	Docs []int
}

// maxQDEElement bounds one top-level element of project.qde (one source,
// the codebook, ...) and one source file read from the project.
const maxQDEElement = maxLine

type qdaCode struct {
	GUID        string     `xml:"guid,attr"`
	Name        string     `xml:"name,attr"`
	IsCodable   string     `xml:"isCodable,attr"`
	Color       string     `xml:"color,attr"`
	Description string     `xml:"Description"`
	Code        []*qdaCode `xml:"Code"`
}

type qdaRef struct {
	TargetGUID string `xml:"targetGUID,attr"`
}

type qdaCoding struct {
	CreatingUser string   `xml:"creatingUser,attr"`
	CodeRef      *qdaRef  `xml:"CodeRef"`
	NoteRef      []qdaRef `xml:"NoteRef"`
}

type qdaSelection struct {
	GUID          string      `xml:"guid,attr"`
	Name          string      `xml:"name,attr"`
	StartPosition *int        `xml:"startPosition,attr"`
	EndPosition   *int        `xml:"endPosition,attr"`
	CreatingUser  string      `xml:"creatingUser,attr"`
	Description   string      `xml:"Description"`
	Coding        []qdaCoding `xml:"Coding"`
	NoteRef       []qdaRef    `xml:"NoteRef"`
}

type qdaText struct {
	GUID               string         `xml:"guid,attr"`
	Name               string         `xml:"name,attr"`
	PlainTextPath      string         `xml:"plainTextPath,attr"`
	PlainTextContent   *string        `xml:"PlainTextContent"`
	PlainTextSelection []qdaSelection `xml:"PlainTextSelection"`
}

type qdaPDF struct {
	GUID           string     `xml:"guid,attr"`
	Name           string     `xml:"name,attr"`
	PDFSelection   []struct{} `xml:"PDFSelection"`
	Representation *qdaText   `xml:"Representation"`
}

type qdaSet struct {
	Name         string   `xml:"name,attr"`
	MemberSource []qdaRef `xml:"MemberSource"`
	SourceRef    []qdaRef `xml:"SourceRef"` // of a Case
}

// qdaReader holds what was read so far; references (codes, users, notes)
// are resolved once the whole project was read, since Notes come after
// Sources.
type qdaReader struct {
	files   func(name string) (io.ReadCloser, error)
	origin  string
	desc    string // the project's Description
	users   map[string]string
	codes   map[string]*qdaCode
	parent  map[string]*qdaCode
	paths   map[string]string
	notes   map[string]string
	sources map[string]int // source guid -> index in p.Docs
	sels    [][]qdaSelection
	sets    []qdaSet
	p       QDAProject
}

// ReadQDPX reads a .qdpx (a ZIP) or a bare project.qde. Anything the
// standard forbids (a position outside its text, a coding of an unknown or
// non-codable code, a missing source file, a DTD) is an error giving the
// reason (the caller names the file); nothing of such a file should be
// attached.
func ReadQDPX(file string) (*QDAProject, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	r := &qdaReader{}
	if bytes.Equal(magic[:n], []byte("PK\x03\x04")) {
		fi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		zr, err := zip.NewReader(f, fi.Size())
		if err != nil {
			return nil, fmt.Errorf("not a readable .qdpx (ZIP): %w", err)
		}
		byName := map[string]*zip.File{}
		for _, zf := range zr.File {
			byName[zf.Name] = zf
		}
		r.files = func(name string) (io.ReadCloser, error) {
			zf := byName[name]
			if zf == nil {
				return nil, fmt.Errorf("%s is not in the project", name)
			}
			if zf.UncompressedSize64 > maxQDEElement {
				return nil, fmt.Errorf("%s is larger than %d bytes", name, maxQDEElement)
			}
			return zf.Open()
		}
		zf := byName["project.qde"]
		if zf == nil {
			return nil, errors.New("no project.qde in the .qdpx")
		}
		qde, err := zf.Open() // streamed, bounded per element: no size limit here
		if err != nil {
			return nil, fmt.Errorf("project.qde: %w", err)
		}
		defer qde.Close()
		return r.read(qde)
	}
	dir := filepath.Dir(file)
	r.files = func(name string) (io.ReadCloser, error) {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s is not beside the project", name)
		}
		return f, err
	}
	return r.read(f)
}

func (r *qdaReader) read(in io.Reader) (*QDAProject, error) {
	if err := r.decode(in); err != nil {
		return nil, fmt.Errorf("project.qde: %w", err)
	}
	if err := r.resolve(); err != nil {
		return nil, fmt.Errorf("project.qde: %w", err)
	}
	return &r.p, nil
}

// decode streams project.qde: each source, note and the codebook is
// decoded on its own under maxQDEElement bytes.
func (r *qdaReader) decode(in io.Reader) error {
	br := &taskBound{r: in, max: maxQDEElement}
	dec := xml.NewDecoder(br)
	r.users, r.codes, r.parent, r.paths = map[string]string{}, map[string]*qdaCode{}, map[string]*qdaCode{}, map[string]string{}
	r.notes, r.sources = map[string]string{}, map[string]int{}
	depth, seen := 0, false
	for {
		br.read = 0
		tok, err := dec.Token()
		if err == io.EOF && !seen {
			return errors.New("not a REFI-QDA project (no Project element)")
		}
		if err != nil {
			return fmt.Errorf("%w", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return errors.New("a DTD or entity declaration is not allowed in a REFI-QDA project")
		case xml.EndElement:
			if depth--; depth == 0 {
				return nil
			}
		case xml.StartElement:
			depth++
			seen = true
			whole, err := r.element(dec, t, depth)
			if err != nil {
				return err
			}
			if whole {
				depth--
			}
		}
	}
}

// element handles one start element at depth (1 = Project, 2 = its
// children, 3 = a source, note, set or case); whole is true when it read
// the element to its end.
func (r *qdaReader) element(dec *xml.Decoder, t xml.StartElement, depth int) (whole bool, err error) {
	name := t.Name.Local
	decode := func(v any) (bool, error) {
		if err := dec.DecodeElement(v, &t); err != nil {
			return true, fmt.Errorf("%s: %w", name, err)
		}
		return true, nil
	}
	skip := func() (bool, error) {
		if err := dec.Skip(); err != nil {
			return true, fmt.Errorf("%s: %w", name, err)
		}
		return true, nil
	}
	switch {
	case depth == 1:
		if name != "Project" {
			return false, fmt.Errorf("the root element is %s, not Project", name)
		}
		for _, a := range t.Attr {
			if a.Name.Local == "origin" {
				r.origin = a.Value
			}
		}
		return false, nil
	case depth == 2 && (name == "Sources" || name == "Notes" || name == "Sets" || name == "Cases"):
		return false, nil // their children are read one at a time
	case depth == 2 && name == "Users":
		var u struct {
			User []struct {
				GUID string `xml:"guid,attr"`
				Name string `xml:"name,attr"`
			} `xml:"User"`
		}
		if _, err := decode(&u); err != nil {
			return true, err
		}
		for _, x := range u.User {
			r.users[normGUID(x.GUID)] = x.Name
		}
		return true, nil
	case depth == 2 && name == "CodeBook":
		var cb struct {
			Codes []*qdaCode `xml:"Codes>Code"`
		}
		if _, err := decode(&cb); err != nil {
			return true, err
		}
		r.addCodes(cb.Codes, nil, "")
		return true, nil
	case depth == 2 && name == "Description":
		return decode(&r.desc)
	case depth == 2:
		return skip()
	}
	switch name {
	case "TextSource":
		var s qdaText
		if _, err := decode(&s); err != nil {
			return true, err
		}
		return true, r.addText(&s, s.Name)
	case "PDFSource":
		var s qdaPDF
		if _, err := decode(&s); err != nil {
			return true, err
		}
		if len(s.PDFSelection) > 0 {
			r.p.Skipped = append(r.p.Skipped, fmt.Sprintf("PDF source %q: %d region selections (Daftar holds text only)", s.Name, len(s.PDFSelection)))
		}
		if s.Representation == nil {
			r.p.Skipped = append(r.p.Skipped, fmt.Sprintf("PDF source %q: no plain text representation", s.Name))
			return true, nil
		}
		s.Representation.GUID = s.GUID
		return true, r.addText(s.Representation, s.Name)
	case "PictureSource", "AudioSource", "VideoSource":
		var s struct {
			Name string `xml:"name,attr"`
		}
		if _, err := decode(&s); err != nil {
			return true, err
		}
		r.p.Skipped = append(r.p.Skipped, fmt.Sprintf("%s source %q: Daftar holds text only", strings.TrimSuffix(name, "Source"), s.Name))
		return true, nil
	case "Note":
		var s qdaText
		if _, err := decode(&s); err != nil {
			return true, err
		}
		text, err := r.text(&s)
		if err != nil {
			return true, err
		}
		r.notes[normGUID(s.GUID)] = text
		return true, nil
	case "Set", "Case":
		var s qdaSet
		if _, err := decode(&s); err != nil {
			return true, err
		}
		r.sets = append(r.sets, s)
		return true, nil
	}
	return skip()
}

func normGUID(g string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(g), "{}"))
}

func (r *qdaReader) addCodes(cs []*qdaCode, parent *qdaCode, prefix string) {
	for _, c := range cs {
		g := normGUID(c.GUID)
		p := prefix + strings.ReplaceAll(c.Name, "/", "∕") // a slash in a name is not a level
		r.codes[g], r.parent[g], r.paths[g] = c, parent, p
		// Daftar's sub-codes are entities and verdicts, folded into their
		// type's span (daftarLink), not types.
		if (c.IsCodable == "true" || c.IsCodable == "1") && (parent == nil || r.origin != "Daftar") {
			r.p.Codes = append(r.p.Codes, QDACode{Path: p, Colour: strings.ToUpper(c.Color), Description: c.Description})
		}
		r.addCodes(c.Code, c, p+"/")
	}
}

// text is a source's plain text: its PlainTextContent, or the file its
// plainTextPath names inside the project.
func (r *qdaReader) text(s *qdaText) (string, error) {
	var text string
	switch {
	case s.PlainTextContent != nil:
		text = *s.PlainTextContent
	case strings.HasPrefix(s.PlainTextPath, "internal://"):
		name := "sources/" + strings.TrimPrefix(s.PlainTextPath, "internal://")
		if path.Clean(name) != name || strings.Contains(name, "..") {
			return "", fmt.Errorf("source %q: plainTextPath %q leaves the sources folder", s.Name, s.PlainTextPath)
		}
		f, err := r.files(name)
		if err != nil {
			return "", fmt.Errorf("source %q: %w", s.Name, err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxQDEElement+1))
		if err != nil {
			return "", fmt.Errorf("source %q: %s: %w", s.Name, name, err)
		}
		if len(b) > maxQDEElement {
			return "", fmt.Errorf("source %q: %s is larger than %d bytes", s.Name, name, maxQDEElement)
		}
		text = string(b)
	default:
		return "", fmt.Errorf("source %q: neither PlainTextContent nor an internal plainTextPath", s.Name)
	}
	if !utf8.ValidString(text) {
		return "", fmt.Errorf("source %q: its plain text is not UTF-8", s.Name)
	}
	return strings.TrimPrefix(text, "\uFEFF"), nil
}

func (r *qdaReader) addText(s *qdaText, name string) error {
	if s.PlainTextContent == nil && s.PlainTextPath != "" && !strings.HasPrefix(s.PlainTextPath, "internal://") {
		r.p.Skipped = append(r.p.Skipped, fmt.Sprintf("source %q: its text is outside the project (%s)", name, s.PlainTextPath))
		return nil
	}
	text, err := r.text(s)
	if err != nil {
		return err
	}
	if name == "" {
		name = s.GUID
	}
	r.sources[normGUID(s.GUID)] = len(r.p.Docs)
	r.p.Docs = append(r.p.Docs, Doc{Name: name, Text: text})
	r.sels = append(r.sels, s.PlainTextSelection)
	return nil
}

// resolve turns selections into spans once users, codes and notes are
// known, and sets into lists of docs.
func (r *qdaReader) resolve() error {
	daftar := r.origin == "Daftar"
	// Daftar's export with --offsets utf16 says so in the project's
	// Description; the standard's unit is the code point.
	unit := textnorm.UnitCodepoint
	if daftar && strings.Contains(r.desc, "UTF-16 code units") {
		unit = textnorm.UnitUTF16
	}
	for i := range r.p.Docs {
		doc := &r.p.Docs[i]
		runes := []rune(doc.Text)
		off := newOffsetReader(doc.Text, unit)
		for k, sel := range r.sels[i] {
			where := fmt.Sprintf("source %q, selection %d", doc.Name, k+1)
			if sel.StartPosition == nil || sel.EndPosition == nil {
				return fmt.Errorf("%s: startPosition and endPosition are required", where)
			}
			s, err := off.cp(*sel.StartPosition)
			if err != nil {
				return fmt.Errorf("%s: startPosition: %w", where, err)
			}
			e, err := off.cp(*sel.EndPosition)
			if err != nil {
				return fmt.Errorf("%s: endPosition: %w", where, err)
			}
			if e < s {
				return fmt.Errorf("%s: endPosition %d is before startPosition %d", where, *sel.EndPosition, *sel.StartPosition)
			}
			if s == e {
				r.p.Skipped = append(r.p.Skipped, fmt.Sprintf("%s: empty (%d-%d)", where, s, e))
				continue
			}
			base := Span{Start: s, End: e, Note: r.note(sel.Description, sel.NoteRef), Annotator: r.user(sel.CreatingUser)}
			if q := sel.Name; q != "" && !strings.HasPrefix(string(runes[s:e]), q) || daftar {
				base.Quote = sel.Name // a name that is not the text's beginning claims to be the text
			}
			if len(sel.Coding) == 0 {
				r.p.Skipped = append(r.p.Skipped, fmt.Sprintf("%s (%d-%d): no coding", where, s, e))
				continue
			}
			var spans []Span
			for _, c := range sel.Coding {
				if c.CodeRef == nil {
					return fmt.Errorf("%s: a Coding without CodeRef", where)
				}
				g := normGUID(c.CodeRef.TargetGUID)
				code := r.codes[g]
				if code == nil {
					return fmt.Errorf("%s: CodeRef %s names no code of the codebook", where, c.CodeRef.TargetGUID)
				}
				if code.IsCodable != "true" && code.IsCodable != "1" {
					return fmt.Errorf("%s: code %q is not codable (isCodable=false)", where, r.paths[g])
				}
				sp := base
				sp.Label = r.paths[g]
				if u := r.user(c.CreatingUser); u != "" {
					sp.Annotator = u
				}
				if nt := r.note("", c.NoteRef); nt != "" {
					sp.Note = strings.TrimSpace(sp.Note + "\n\n" + nt)
				}
				if daftar && r.daftarLink(&spans, code, g) {
					continue
				}
				spans = append(spans, sp)
			}
			if daftar {
				for j := range spans {
					spans[j].Note, spans[j].Links = daftarNote(spans[j].Note, spans[j].Links)
				}
			}
			doc.Spans = append(doc.Spans, spans...)
		}
	}
	for _, s := range r.sets {
		qs := QDASet{Name: s.Name}
		for _, m := range append(s.MemberSource, s.SourceRef...) {
			if i, ok := r.sources[normGUID(m.TargetGUID)]; ok {
				qs.Docs = append(qs.Docs, i)
			}
		}
		if len(qs.Docs) > 0 {
			r.p.Sets = append(r.p.Sets, qs)
		}
	}
	return nil
}

// daftarLink folds the codings Daftar's exporter adds beside a selection's
// type (its entity, a sub-code of a type, and its verdict, under the
// non-codable "Verdict") back into the type's span.
func (r *qdaReader) daftarLink(spans *[]Span, code *qdaCode, guid string) bool {
	p := r.parent[guid]
	if p == nil || len(*spans) == 0 {
		return false
	}
	last := &(*spans)[len(*spans)-1]
	if last.Links == nil {
		last.Links = &Links{}
	}
	if p.IsCodable == "false" && p.Name == "Verdict" && r.parent[normGUID(p.GUID)] == nil {
		last.Links.Verdict = code.Name
	} else {
		last.Links.EntityID = guid
	}
	return true
}

// daftarNote splits a Description written by Daftar's exporter into the
// note and the claim fields it appends, one "key: value" line each.
func daftarNote(desc string, l *Links) (string, *Links) {
	lines := strings.Split(desc, "\n")
	for len(lines) > 0 {
		key, val, ok := strings.Cut(lines[len(lines)-1], ": ")
		if !ok {
			break
		}
		if l == nil {
			l = &Links{}
		}
		switch key {
		case "attribution":
			l.Attribution = val
		case "stance":
			l.Stance = val
		case "verdict":
			l.Verdict = val
		case "claim date":
			l.ClaimDate = val
		case "claimant", "target": // by name: entity ids are not in the file
		default:
			return strings.Join(lines, "\n"), l
		}
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n"), l
}

// note joins a Description and the notes its NoteRefs name.
func (r *qdaReader) note(desc string, refs []qdaRef) string {
	parts := []string{}
	if strings.TrimSpace(desc) != "" {
		parts = append(parts, desc)
	}
	for _, ref := range refs {
		if t := strings.TrimSpace(r.notes[normGUID(ref.TargetGUID)]); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n\n")
}

// user is the name of a user GUID; a GUID missing from Users stands for
// itself.
func (r *qdaReader) user(guid string) string {
	if guid == "" {
		return ""
	}
	if n := r.users[normGUID(guid)]; n != "" {
		return n
	}
	return guid
}
