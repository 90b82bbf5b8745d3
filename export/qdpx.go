package export

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"daftar/model"
	"daftar/textnorm"
)

// REFI-QDA project exchange (.qdpx): a ZIP holding project.qde (XML in the
// urn:QDA-XML:project:1.0 namespace) and sources/<guid>.txt. Element and
// attribute names and their order follow the standard's Project.xsd.

const qdeNamespace = "urn:QDA-XML:project:1.0"

// qdaNS derives the GUIDs of things that have no Daftar id (codes for
// label types and verdicts, users, codings), so that exporting the same
// archive twice gives the same GUIDs and QDA tools can match them.
var qdaNS = uuid.MustParse("0b6f3c1e-5d0e-4a43-9d6a-2a7f0a4e8c11")

func qdaGUID(parts ...string) string {
	return uuid.NewSHA1(qdaNS, []byte(strings.Join(parts, "\x00"))).String()
}

type qdeProject struct {
	XMLName          xml.Name    `xml:"urn:QDA-XML:project:1.0 Project"`
	Name             string      `xml:"name,attr"`
	Origin           string      `xml:"origin,attr"`
	CreatingUserGUID string      `xml:"creatingUserGUID,attr,omitempty"`
	CreationDateTime string      `xml:"creationDateTime,attr"`
	Users            *qdeUsers   `xml:"Users,omitempty"`
	CodeBook         qdeCodeBook `xml:"CodeBook"`
	Sources          qdeSources  `xml:"Sources"`
	Sets             *qdeSets    `xml:"Sets,omitempty"`
	Description      string      `xml:"Description,omitempty"`
}

type qdeUsers struct {
	User []qdeUser `xml:"User"`
}

type qdeUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
}

type qdeCodeBook struct {
	Codes qdeCodes `xml:"Codes"`
}

type qdeCodes struct {
	Code []*qdeCode `xml:"Code"`
}

type qdeCode struct {
	GUID        string     `xml:"guid,attr"`
	Name        string     `xml:"name,attr"`
	IsCodable   bool       `xml:"isCodable,attr"`
	Color       string     `xml:"color,attr,omitempty"`
	Description string     `xml:"Description,omitempty"`
	Code        []*qdeCode `xml:"Code"`
}

type qdeSources struct {
	TextSource []qdeTextSource `xml:"TextSource"`
}

type qdeTextSource struct {
	GUID               string         `xml:"guid,attr"`
	Name               string         `xml:"name,attr"`
	PlainTextPath      string         `xml:"plainTextPath,attr"`
	CreationDateTime   string         `xml:"creationDateTime,attr,omitempty"`
	Description        string         `xml:"Description,omitempty"`
	PlainTextSelection []qdeSelection `xml:"PlainTextSelection"`
}

type qdeSelection struct {
	GUID             string      `xml:"guid,attr"`
	Name             string      `xml:"name,attr"`
	StartPosition    int         `xml:"startPosition,attr"`
	EndPosition      int         `xml:"endPosition,attr"`
	CreatingUser     string      `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string      `xml:"creationDateTime,attr,omitempty"`
	ModifiedDateTime string      `xml:"modifiedDateTime,attr,omitempty"`
	Description      string      `xml:"Description,omitempty"`
	Coding           []qdeCoding `xml:"Coding"`
}

type qdeCoding struct {
	GUID             string `xml:"guid,attr"`
	CreatingUser     string `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          qdeRef `xml:"CodeRef"`
}

type qdeRef struct {
	TargetGUID string `xml:"targetGUID,attr"`
}

type qdeSets struct {
	Set []qdeSet `xml:"Set"`
}

type qdeSet struct {
	GUID         string   `xml:"guid,attr"`
	Name         string   `xml:"name,attr"`
	Description  string   `xml:"Description,omitempty"`
	MemberSource []qdeRef `xml:"MemberSource"`
}

func xsdTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// writeQDPX builds the codebook from the schema (one code per label type,
// one sub-code per linked entity under its type, and a non-codable
// "Verdict" code with one sub-code per verdict used), one TextSource per
// article and one PlainTextSelection per annotation, coded with its type,
// its entity and its verdict.
func (j *job) writeQDPX(fs files) error {
	q := j.newQDEBuilder()
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		t, anns, err := j.article(a)
		if err != nil {
			return err
		}
		w, err := fs.create("sources/" + a.ID + ".txt")
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, a.Text); err != nil {
			return err
		}
		q.p.Sources.TextSource = append(q.p.Sources.TextSource, q.source(a, t, anns))
		if err := j.tick(); err != nil {
			return err
		}
	}
	q.addSets(j.d.Sets)
	return writeProject(fs, &q.p)
}

// qdeBuilder assembles project.qde. Codes for entities, verdicts and types
// missing from the schema, and users, are added as annotations first use
// them, so the codebook lists them in that order.
type qdeBuilder struct {
	j           *job
	p           qdeProject
	typeCode    map[string]*qdeCode // by upper-case type name
	entityCode  map[string]*qdeCode
	verdictRoot *qdeCode
	verdictCode map[string]*qdeCode
	users       map[string]string // annotator -> guid
}

// newQDEBuilder starts the project: its header and one code per label type.
func (j *job) newQDEBuilder() *qdeBuilder {
	q := &qdeBuilder{j: j, p: qdeProject{Name: "Daftar export", Origin: "Daftar", CreationDateTime: xsdTime(time.Now())},
		typeCode: map[string]*qdeCode{}, entityCode: map[string]*qdeCode{}, verdictCode: map[string]*qdeCode{}, users: map[string]string{}}
	if j.utf16 {
		q.p.Description = "Exported by Daftar. startPosition/endPosition count UTF-16 code units of sources/<guid>.txt (UTF-8), from 0, end exclusive."
	} else {
		q.p.Description = "Exported by Daftar. startPosition/endPosition count Unicode code points of sources/<guid>.txt (UTF-8), from 0, end exclusive."
	}
	for _, lt := range j.d.Schema {
		c := &qdeCode{GUID: qdaGUID("type", strings.ToUpper(lt.Name)), Name: lt.Name, IsCodable: true, Color: strings.ToUpper(lt.Colour), Description: lt.Description}
		q.typeCode[strings.ToUpper(lt.Name)] = c
		q.p.CodeBook.Codes.Code = append(q.p.CodeBook.Codes.Code, c)
	}
	return q
}

// source is the TextSource of one article with a selection per annotation.
func (q *qdeBuilder) source(a *model.Article, t *textnorm.Index, anns []model.Annotation) qdeTextSource {
	src := qdeTextSource{GUID: a.ID, Name: a.Title, PlainTextPath: "internal://" + a.ID + ".txt",
		CreationDateTime: xsdTime(a.ImportedAt), Description: sourceDescription(a)}
	if src.Name == "" {
		src.Name = a.ID
	}
	for k := range anns {
		src.PlainTextSelection = append(src.PlainTextSelection, q.selection(t, &anns[k]))
	}
	return src
}

// selection is one annotation's PlainTextSelection, coded with its type,
// its entity and its verdict.
func (q *qdeBuilder) selection(t *textnorm.Index, an *model.Annotation) qdeSelection {
	j := q.j
	sel := qdeSelection{GUID: an.ID, Name: an.Quote, StartPosition: t.Unit(an.Start, j.utf16), EndPosition: t.Unit(an.End, j.utf16),
		CreatingUser: q.user(an.Annotator), CreationDateTime: xsdTime(an.CreatedAt), ModifiedDateTime: xsdTime(an.UpdatedAt),
		Description: j.selectionDescription(an)}
	code := func(c *qdeCode) {
		sel.Coding = append(sel.Coding, qdeCoding{GUID: qdaGUID("coding", an.ID, c.GUID), CreatingUser: sel.CreatingUser,
			CreationDateTime: sel.CreationDateTime, CodeRef: qdeRef{c.GUID}})
	}
	tc := q.codeForType(an.Type)
	code(tc)
	if an.EntityID != "" {
		code(q.codeForEntity(tc, an.EntityID))
	}
	if an.Verdict != "" {
		code(q.codeForVerdict(an.Verdict))
	}
	return sel
}

// user returns the GUID of an annotator, adding the user on first use.
func (q *qdeBuilder) user(name string) string {
	if name == "" {
		return ""
	}
	g, ok := q.users[name]
	if !ok {
		g = qdaGUID("user", name)
		q.users[name] = g
		if q.p.Users == nil {
			q.p.Users = &qdeUsers{}
		}
		q.p.Users.User = append(q.p.Users.User, qdeUser{GUID: g, Name: name})
	}
	return g
}

func (q *qdeBuilder) codeForType(typ string) *qdeCode {
	c := q.typeCode[strings.ToUpper(typ)]
	if c == nil { // a type missing from the schema still gets a code
		c = &qdeCode{GUID: qdaGUID("type", strings.ToUpper(typ)), Name: typ, IsCodable: true}
		q.typeCode[strings.ToUpper(typ)] = c
		q.p.CodeBook.Codes.Code = append(q.p.CodeBook.Codes.Code, c)
	}
	return c
}

// codeForEntity returns the entity's code, made a sub-code of the code of
// the type it was first tagged with.
func (q *qdeBuilder) codeForEntity(typeCode *qdeCode, id string) *qdeCode {
	ec := q.entityCode[id]
	if ec == nil {
		ec = &qdeCode{GUID: id, Name: id, IsCodable: true}
		if e := q.j.entity(id); e != nil {
			ec.Name = e.Name
			if e.Wikidata != "" {
				ec.Description = "Wikidata " + e.Wikidata
			}
		}
		q.entityCode[id] = ec
		typeCode.Code = append(typeCode.Code, ec)
	}
	return ec
}

func (q *qdeBuilder) codeForVerdict(v string) *qdeCode {
	if q.verdictRoot == nil {
		q.verdictRoot = &qdeCode{GUID: qdaGUID("verdicts"), Name: "Verdict", IsCodable: false, Description: "fact-check verdicts of claims"}
		q.p.CodeBook.Codes.Code = append(q.p.CodeBook.Codes.Code, q.verdictRoot)
	}
	vc := q.verdictCode[v]
	if vc == nil {
		vc = &qdeCode{GUID: qdaGUID("verdict", v), Name: v, IsCodable: true}
		q.verdictCode[v] = vc
		q.verdictRoot.Code = append(q.verdictRoot.Code, vc)
	}
	return vc
}

func (q *qdeBuilder) addSets(sets []model.Set) {
	for _, s := range sets {
		qs := qdeSet{GUID: s.ID, Name: s.Name, Description: s.Note}
		for _, id := range s.ArticleIDs {
			qs.MemberSource = append(qs.MemberSource, qdeRef{id})
		}
		if q.p.Sets == nil {
			q.p.Sets = &qdeSets{}
		}
		q.p.Sets.Set = append(q.p.Sets.Set, qs)
	}
}

// writeProject writes project.qde, after the sources.
func writeProject(fs files, p *qdeProject) error {
	w, err := fs.create("project.qde")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("export: project.qde: %w", err)
	}
	return enc.Close()
}

func sourceDescription(a *model.Article) string {
	var parts []string
	for _, kv := range [][2]string{{"source", a.Source}, {"url", a.URL}, {"author", a.Author}, {"published", a.Published}, {"language", a.Language}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+": "+kv[1])
		}
	}
	return strings.Join(parts, "\n")
}

func (j *job) selectionDescription(an *model.Annotation) string {
	var parts []string
	if an.Note != "" {
		parts = append(parts, an.Note)
	}
	if an.ClaimantID != "" {
		parts = append(parts, "claimant: "+j.entityName(an.ClaimantID))
	}
	for _, id := range an.TargetIDs {
		parts = append(parts, "target: "+j.entityName(id))
	}
	for _, kv := range [][2]string{{"attribution", an.Attribution}, {"stance", an.Stance}, {"verdict", an.Verdict}, {"claim date", an.ClaimDate}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+": "+kv[1])
		}
	}
	return strings.Join(parts, "\n")
}
