package export

import (
	"bytes"
	"encoding/json"
	"io"

	"daftar/model"
)

// jsonlArticle is one line of the JSONL export. doccano reads "text" and
// "label" and keeps the other keys as metadata.
type jsonlArticle struct {
	ID          string            `json:"id"`
	Text        string            `json:"text"`
	Label       [][3]any          `json:"label"`
	Offsets     string            `json:"offsets"`
	Title       string            `json:"title,omitempty"`
	Source      string            `json:"source,omitempty"`
	URL         string            `json:"url,omitempty"`
	Author      string            `json:"author,omitempty"`
	Published   string            `json:"published,omitempty"`
	Language    string            `json:"language,omitempty"`
	Direction   string            `json:"direction,omitempty"`
	Tags        []string          `json:"tags,omitempty"`
	Sets        []string          `json:"sets,omitempty"`
	Annotations []jsonlAnnotation `json:"annotations"`
}

type jsonlEntity struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	Type     string `json:"type,omitempty"`
	Wikidata string `json:"wikidata,omitempty"`
}

type jsonlAnnotation struct {
	ID    string     `json:"id"`
	Kind  model.Kind `json:"kind"`
	Type  string     `json:"type"`
	Start int        `json:"start"`
	End   int        `json:"end"`
	Quote string     `json:"quote"`
	jsonlLinks
	Annotator string `json:"annotator,omitempty"`
	Note      string `json:"note,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// jsonlLinks are an annotation's entity link and claim fields, with the
// entities' names (Label Studio's result meta carries them too).
type jsonlLinks struct {
	Entity      *jsonlEntity  `json:"entity,omitempty"`
	Claimant    *jsonlEntity  `json:"claimant,omitempty"`
	Targets     []jsonlEntity `json:"targets,omitempty"`
	Attribution string        `json:"attribution,omitempty"`
	Stance      string        `json:"stance,omitempty"`
	Verdict     string        `json:"verdict,omitempty"`
	ClaimDate   string        `json:"claim_date,omitempty"`
}

func (j *job) jsonlLinks(an *model.Annotation) jsonlLinks {
	l := jsonlLinks{Entity: j.jsonlEntity(an.EntityID), Claimant: j.jsonlEntity(an.ClaimantID),
		Attribution: an.Attribution, Stance: an.Stance, Verdict: an.Verdict, ClaimDate: an.ClaimDate}
	for _, id := range an.TargetIDs {
		l.Targets = append(l.Targets, *j.jsonlEntity(id))
	}
	return l
}

func (j *job) jsonlEntity(id string) *jsonlEntity {
	if id == "" {
		return nil
	}
	je := &jsonlEntity{ID: id}
	if e := j.entity(id); e != nil {
		je.Name, je.Type, je.Wikidata = e.Name, e.Type, e.Wikidata
	}
	return je
}

// writeJSONL writes one article per line with its annotations; "label" is
// doccano's span list and "offsets" names the unit of every start/end.
func (j *job) writeJSONL(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		t, anns, err := j.article(a)
		if err != nil {
			return err
		}
		line := jsonlArticle{ID: a.ID, Text: a.Text, Offsets: j.unitName(), Title: a.Title, Source: a.Source, URL: a.URL,
			Author: a.Author, Published: a.Published, Language: a.Language, Direction: string(a.Direction),
			Tags: a.Tags, Sets: j.setsOf[a.ID], Label: make([][3]any, 0, len(anns)), Annotations: make([]jsonlAnnotation, 0, len(anns))}
		for _, an := range anns {
			s, e := t.Unit(an.Start, j.utf16), t.Unit(an.End, j.utf16)
			line.Label = append(line.Label, [3]any{s, e, an.Type})
			ja := jsonlAnnotation{ID: an.ID, Kind: an.Kind, Type: an.Type, Start: s, End: e, Quote: an.Quote,
				jsonlLinks: j.jsonlLinks(&an), Annotator: an.Annotator, Note: an.Note, CreatedAt: ts(an.CreatedAt), UpdatedAt: ts(an.UpdatedAt)}
			line.Annotations = append(line.Annotations, ja)
		}
		buf.Reset()
		if err := enc.Encode(&line); err != nil {
			return err
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
		if err := j.tick(); err != nil {
			return err
		}
	}
	return nil
}
