package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"daftar/model"
	"daftar/textnorm"
)

// contextLen is how many code points of left and right context
// annotations.csv gives around each span.
const contextLen = 40

// csvWriter writes RFC 4180 records with CRLF between records. It is not
// encoding/csv because that one turns LF inside a quoted field into CRLF,
// which would change quotes and contexts; here a cell holds exactly its value
// (apart from the formula guard below).
type csvWriter struct {
	w   *bufio.Writer
	err error
}

func newCSV(w io.Writer, bom bool) *csvWriter {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 256<<10)
	}
	c := &csvWriter{w: bw}
	if bom {
		// Excel needs the BOM to read the file as UTF-8 rather than the
		// ANSI code page, which turns Arabic into mojibake.
		_, c.err = c.w.WriteString("\uFEFF")
	}
	return c
}

// neutralise guards a cell against formula injection (OWASP "CSV
// injection"): a spreadsheet would evaluate a cell starting with = + - @,
// tab or CR. A leading apostrophe makes it text.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func (c *csvWriter) record(fields ...string) {
	if c.err != nil {
		return
	}
	w := c.w
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(',')
		}
		f = neutralise(f)
		if !strings.ContainsAny(f, ",\"\r\n") {
			w.WriteString(f)
			continue
		}
		w.WriteByte('"')
		for {
			k := strings.IndexByte(f, '"')
			if k < 0 {
				w.WriteString(f)
				break
			}
			w.WriteString(f[:k+1])
			w.WriteByte('"')
			f = f[k+1:]
		}
		w.WriteByte('"')
	}
	_, c.err = w.WriteString("\r\n")
}

func (c *csvWriter) flush() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func itoa(i int) string { return strconv.Itoa(i) }

// writeCSV writes annotations.csv, claims.csv, articles.csv, entities.csv,
// texts/<article id>.txt (the exact text the offsets count in) and
// README.txt. A ZIP or folder member is open until the next one is created,
// so the files are written one after the other; the pass over annotations
// collects what the smaller files need.
func (j *job) writeCSV(fs files) error {
	u := "cp"
	if j.utf16 {
		u = "utf16"
	}
	tally, err := j.writeAnnotationsCSV(fs, u)
	if err != nil {
		return err
	}
	if err := j.writeClaimsCSV(fs, u, tally.claims); err != nil {
		return err
	}
	if err := j.writeArticlesCSV(fs, u, tally); err != nil {
		return err
	}
	if err := j.writeEntitiesCSV(fs, tally.mentions); err != nil {
		return err
	}
	if err := j.writeTexts(fs); err != nil {
		return err
	}
	w, err := fs.create("README.txt")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, csvReadme(u, j.unitName(), j.opts.BOM))
	return err
}

// csvTally is what the pass over annotations gathers for the other files.
type csvTally struct {
	claims   [][]string     // claims.csv rows
	mentions map[string]int // entity id -> annotations linking it
	counts   []int          // annotations per article, in article order
	lengths  []int          // text length per article, in the output unit
}

// csvFile creates the member name and writes its header row.
func (j *job) csvFile(fs files, name string, header ...string) (*csvWriter, error) {
	w, err := fs.create(name)
	if err != nil {
		return nil, err
	}
	c := newCSV(w, j.opts.BOM)
	c.record(header...)
	return c, nil
}

// writeAnnotationsCSV writes annotations.csv, one article at a time (the
// progress ticks), and returns what claims, articles and entities need.
func (j *job) writeAnnotationsCSV(fs files, u string) (*csvTally, error) {
	tally := &csvTally{mentions: map[string]int{}, counts: make([]int, len(j.d.Articles)), lengths: make([]int, len(j.d.Articles))}
	c, err := j.csvFile(fs, "annotations.csv", "annotation_id", "article_id", "article_title", "kind", "type", "start_"+u, "end_"+u, "quote",
		"left_context", "right_context", "entity_id", "entity_name", "entity_wikidata",
		"claimant_id", "claimant_name", "target_ids", "target_names", "attribution", "stance", "verdict", "claim_date",
		"annotator", "note", "created_at", "updated_at")
	if err != nil {
		return nil, err
	}
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		t, anns, err := j.article(a)
		if err != nil {
			return nil, err
		}
		tally.counts[i] = len(anns)
		tally.lengths[i] = t.Unit(t.Len(), j.utf16)
		for k := range anns {
			j.annotationRow(c, tally, a, t, &anns[k])
		}
		if c.err != nil {
			return nil, c.err
		}
		if err := j.tick(); err != nil {
			return nil, err
		}
	}
	return tally, c.flush()
}

// annotationRow writes one annotation's row and, for a claim, keeps its
// claims.csv row.
func (j *job) annotationRow(c *csvWriter, tally *csvTally, a *model.Article, t *textnorm.Index, an *model.Annotation) {
	var entName, entWD string
	if ent := j.entity(an.EntityID); ent != nil {
		tally.mentions[ent.ID]++
		entName, entWD = ent.Name, ent.Wikidata
	}
	var targetNames []string
	for _, id := range an.TargetIDs {
		targetNames = append(targetNames, j.entityName(id))
	}
	s, e := itoa(t.Unit(an.Start, j.utf16)), itoa(t.Unit(an.End, j.utf16))
	claimant := j.entityName(an.ClaimantID)
	targets, tnames := strings.Join(an.TargetIDs, "; "), strings.Join(targetNames, "; ")
	c.record(an.ID, a.ID, a.Title, string(an.Kind), an.Type, s, e, an.Quote,
		t.Slice(an.Start-contextLen, an.Start), t.Slice(an.End, an.End+contextLen),
		an.EntityID, entName, entWD,
		an.ClaimantID, claimant, targets, tnames,
		an.Attribution, an.Stance, an.Verdict, an.ClaimDate,
		an.Annotator, an.Note, ts(an.CreatedAt), ts(an.UpdatedAt))
	if an.Kind == model.KindClaim {
		tally.claims = append(tally.claims, []string{an.ID, an.Quote, an.ClaimantID, claimant, targets, tnames,
			an.Attribution, an.Stance, an.Verdict, an.ClaimDate,
			a.ID, a.Title, a.Source, a.URL, a.Published, an.Type, s, e, an.Annotator, an.Note})
	}
}

func (j *job) writeClaimsCSV(fs files, u string, claims [][]string) error {
	c, err := j.csvFile(fs, "claims.csv", "annotation_id", "quote", "claimant_id", "claimant_name", "target_ids", "target_names",
		"attribution", "stance", "verdict", "claim_date",
		"article_id", "article_title", "source", "url", "published", "type", "start_"+u, "end_"+u, "annotator", "note")
	if err != nil {
		return err
	}
	for _, r := range claims {
		c.record(r...)
	}
	return c.flush()
}

func (j *job) writeArticlesCSV(fs files, u string, tally *csvTally) error {
	c, err := j.csvFile(fs, "articles.csv", "article_id", "title", "source", "url", "author", "published", "place", "language", "direction",
		"length_"+u, "annotations", "sets", "tags", "sha256", "origin_file", "origin_format", "imported_at", "notes", "text_file")
	if err != nil {
		return err
	}
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		c.record(a.ID, a.Title, a.Source, a.URL, a.Author, a.Published, a.Place, a.Language, string(a.Direction),
			itoa(tally.lengths[i]), itoa(tally.counts[i]), strings.Join(j.setsOf[a.ID], "; "), strings.Join(a.Tags, "; "),
			a.SHA256, a.Origin.File, a.Origin.Format, ts(a.ImportedAt), a.Notes, "texts/"+a.ID+".txt")
	}
	return c.flush()
}

func (j *job) writeEntitiesCSV(fs files, mentions map[string]int) error {
	c, err := j.csvFile(fs, "entities.csv", "entity_id", "type", "name", "wikidata", "aliases", "mentions", "note", "created_at", "updated_at")
	if err != nil {
		return err
	}
	for i := range j.d.Entities {
		e := &j.d.Entities[i]
		aliases := make([]string, len(e.Aliases))
		for k, al := range e.Aliases {
			aliases[k] = al.Name
			if al.Lang != "" {
				aliases[k] += " [" + al.Lang + "]"
			}
		}
		c.record(e.ID, e.Type, e.Name, e.Wikidata, strings.Join(aliases, "; "), itoa(mentions[e.ID]), e.Note, ts(e.CreatedAt), ts(e.UpdatedAt))
	}
	return c.flush()
}

// writeTexts writes texts/<article id>.txt, the text the offsets count in.
func (j *job) writeTexts(fs files) error {
	for i := range j.d.Articles {
		if err := j.ctx.Err(); err != nil {
			return err
		}
		a := &j.d.Articles[i]
		w, err := fs.create("texts/" + a.ID + ".txt")
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, a.Text); err != nil {
			return err
		}
	}
	return nil
}

func csvReadme(u, unit string, bom bool) string {
	unitText := "Unicode code points (what Python's len() and str slicing count)"
	if unit == UnitUTF16 {
		unitText = "UTF-16 code units (what JavaScript's String.length and slice() count)"
	}
	enc := "UTF-8 with a byte order mark (so Excel reads Arabic and Persian correctly)"
	if !bom {
		enc = "UTF-8 without a byte order mark"
	}
	return fmt.Sprintf(`Daftar CSV export
=================

Files
  articles.csv     one row per article (metadata; the text is in texts/)
  annotations.csv  one row per annotation: span, quote, %[4]d code points of left
                   and right context, linked entity, claim fields, annotator, note
  claims.csv       one row per claim annotation: quote, claimant, targets,
                   attribution, stance, verdict, claim date, article, source
  entities.csv     one row per entity referenced by the exported annotations
  texts/<article_id>.txt  the canonical text of each article (UTF-8, LF line ends)

Offsets
  start_%[1]s and end_%[1]s count %[2]s from 0 at the start of
  texts/<article_id>.txt; end is exclusive. The quote column is exactly the
  text between them.

Encoding
  %[3]s; RFC 4180: comma separated, CRLF between records,
  cells containing commas, quotes or line breaks are quoted; line breaks
  inside a cell are kept as they are in the text (LF).

Formula guard
  A cell that would begin with = + - @, tab or carriage return is written with
  a leading apostrophe (') so spreadsheets do not run it as a formula. To get
  the exact value back, drop a leading apostrophe that is followed by one of
  those characters.

Lists inside a cell (sets, tags, aliases, target ids) are separated by "; ".
Times are UTC, RFC 3339.
`, u, unitText, enc, contextLen)
}
