package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"daftar/model"
)

// Label Studio's JSON task format: one array of tasks, each with "data" (the
// text and the article's fields) and "annotations" (one per annotator) whose
// "result" regions count UTF-16 code units, as Label Studio's JavaScript
// front end does. The labeling config the tasks need is written beside the
// file (LabelStudioConfigPath).

// lsFromName and lsToName are the control and object names of the labeling
// config; every result names them.
const (
	lsFromName = "label"
	lsToName   = "text"
)

type lsTask struct {
	ID          int            `json:"id"`
	Data        lsData         `json:"data"`
	Annotations []lsAnnotation `json:"annotations"`
}

type lsData struct {
	Text      string `json:"text"`
	Title     string `json:"title,omitempty"`
	Source    string `json:"source,omitempty"`
	URL       string `json:"url,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Published string `json:"published,omitempty"`
	DaftarID  string `json:"daftar_id"`
	Meta      lsMeta `json:"meta"`
}

// lsMeta states the unit in every task: a JSON array has no room for a
// file-level note.
type lsMeta struct {
	Offsets   string `json:"offsets"`
	Generator string `json:"generator"`
}

type lsAnnotation struct {
	Result      []lsResult `json:"result"`
	GroundTruth bool       `json:"ground_truth"`
}

type lsResult struct {
	ID       string       `json:"id"`
	FromName string       `json:"from_name"`
	ToName   string       `json:"to_name"`
	Type     string       `json:"type"`
	Value    lsValue      `json:"value"`
	Meta     lsResultMeta `json:"meta"`
}

type lsValue struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Text   string   `json:"text"`
	Labels []string `json:"labels"`
}

// lsResultMeta carries what Label Studio has no field for. "text" is where
// Label Studio itself keeps a region's note (its meta text area); the rest
// is Daftar's and survives a round trip through Label Studio untouched.
type lsResultMeta struct {
	Text      []string   `json:"text,omitempty"`
	Annotator string     `json:"annotator,omitempty"`
	Kind      model.Kind `json:"kind"`
	jsonlLinks
	CreatedAt string `json:"created_at,omitempty"`
}

// LabelStudioConfigPath is where the labelstudio export writes the
// labeling config for out: out without its extension + ".label_config.xml".
func LabelStudioConfigPath(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + ".label_config.xml"
}

// writeLabelStudioFiles writes the config, then the tasks; when the tasks
// fail the config is removed, so nothing is left behind.
func (j *job) writeLabelStudioFiles(out string) error {
	cfg := LabelStudioConfigPath(out)
	if err := writeFile(cfg, j.writeLabelStudioConfig); err != nil {
		return err
	}
	if err := writeFile(out, j.writeLabelStudio); err != nil {
		os.Remove(cfg)
		return err
	}
	return nil
}

// writeLabelStudio writes the task array, one task per line.
func (j *job) writeLabelStudio(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		t, anns, err := j.article(a)
		if err != nil {
			return err
		}
		task := lsTask{ID: i + 1, Data: lsData{Text: a.Text, Title: a.Title, Source: a.Source, URL: a.URL,
			Lang: a.Language, Published: a.Published, DaftarID: a.ID, Meta: lsMeta{Offsets: UnitUTF16, Generator: "daftar"}},
			Annotations: []lsAnnotation{}}
		byAnnotator := map[string]int{} // annotator -> index in task.Annotations, in order of first span
		for _, an := range anns {
			k, ok := byAnnotator[an.Annotator]
			if !ok {
				k = len(task.Annotations)
				byAnnotator[an.Annotator] = k
				task.Annotations = append(task.Annotations, lsAnnotation{Result: []lsResult{}})
			}
			r := lsResult{ID: an.ID, FromName: lsFromName, ToName: lsToName, Type: "labels",
				Value: lsValue{Start: t.Unit(an.Start, true), End: t.Unit(an.End, true), Text: an.Quote, Labels: []string{an.Type}},
				Meta:  lsResultMeta{Annotator: an.Annotator, Kind: an.Kind, jsonlLinks: j.jsonlLinks(&an), CreatedAt: ts(an.CreatedAt)}}
			if an.Note != "" {
				r.Meta.Text = []string{an.Note}
			}
			task.Annotations[k].Result = append(task.Annotations[k].Result, r)
		}
		buf.Reset()
		if i > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
		if err := enc.Encode(&task); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline; the separator comes first
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
		if err := j.tick(); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

// writeLabelStudioConfig writes the labeling config: the archive's label
// types (and any other type the export holds) as Labels over the text.
func (j *job) writeLabelStudioConfig(w io.Writer) error {
	type label struct {
		Value      string `xml:"value,attr"`
		Background string `xml:"background,attr,omitempty"`
	}
	type labels struct {
		Name   string  `xml:"name,attr"`
		ToName string  `xml:"toName,attr"`
		Label  []label `xml:"Label"`
	}
	type text struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	type view struct {
		XMLName xml.Name `xml:"View"`
		Labels  labels   `xml:"Labels"`
		Text    text     `xml:"Text"`
	}
	v := view{Labels: labels{Name: lsFromName, ToName: lsToName}, Text: text{Name: lsToName, Value: "$" + lsToName}}
	seen := map[string]bool{}
	for _, lt := range j.d.Schema {
		if !seen[lt.Name] {
			seen[lt.Name] = true
			v.Labels.Label = append(v.Labels.Label, label{Value: lt.Name, Background: lt.Colour})
		}
	}
	for _, an := range j.d.Annotations {
		if !seen[an.Type] {
			seen[an.Type] = true
			v.Labels.Label = append(v.Labels.Label, label{Value: an.Type})
		}
	}
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "<!-- Label Studio labeling config for the tasks Daftar wrote beside it (offsets in UTF-16 code units) -->\n%s\n", out)
	return err
}
