package annotations

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"daftar/textnorm"
)

// ReadLabelStudio reads Label Studio's JSON tasks: an array of tasks (or one
// task) with "data" holding the text, and "annotations" and "predictions"
// whose "result" regions of type "labels" become spans. Offsets are UTF-16
// code units (Label Studio's front end is JavaScript); they are returned as
// code points. A region whose offsets fall outside the text or inside a
// surrogate pair, or whose "value.text" differs from the text it cuts out,
// is an error naming the task and both texts: it means the file does not
// belong to this text or was counted in another unit, and nothing of it
// should be attached. Regions of other types (choices, relations, ...) are
// skipped and reported in the returned warnings.
//
// Tasks are decoded one at a time, so the file's size is not bounded, only
// a task's (maxLine, as a doccano line).
func ReadLabelStudio(r io.Reader) ([]Doc, []string, error) {
	br := &taskBound{r: newBOMSkipper(r), max: maxLine}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("labelstudio: %w", err)
	}
	var docs []Doc
	var warnings []string
	one := func(k int, raw json.RawMessage) error {
		doc, w, err := parseLSTask(k, raw)
		if err != nil {
			return fmt.Errorf("labelstudio: %w", err)
		}
		docs = append(docs, doc)
		warnings = append(warnings, w...)
		return nil
	}
	switch tok {
	case json.Delim('['):
		for k := 1; dec.More(); k++ {
			var raw json.RawMessage
			br.read = 0
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, fmt.Errorf("labelstudio: task %d: %w", k, err)
			}
			if err := one(k, raw); err != nil {
				return nil, nil, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, nil, fmt.Errorf("labelstudio: %w", err)
		}
	case json.Delim('{'):
		return nil, nil, errors.New(`labelstudio: the file is one JSON object; Label Studio's export is an array of tasks ([{"data": ...}, ...])`)
	default:
		return nil, nil, errors.New("labelstudio: not a JSON array of tasks")
	}
	return docs, warnings, nil
}

// taskBound fails a read once more than max bytes were read since read
// was last reset (at each task), so one endless task cannot fill memory.
type taskBound struct {
	r         io.Reader
	read, max int
}

func (t *taskBound) Read(p []byte) (int, error) {
	if t.read > t.max {
		return 0, fmt.Errorf("a task is longer than %d bytes", t.max)
	}
	n, err := t.r.Read(p)
	t.read += n
	return n, err
}

// newBOMSkipper drops a UTF-8 byte order mark, which encoding/json refuses.
func newBOMSkipper(r io.Reader) io.Reader {
	var head [3]byte
	n, _ := io.ReadFull(r, head[:])
	if n == 3 && bytes.Equal(head[:], []byte("\uFEFF")) {
		return r
	}
	return io.MultiReader(bytes.NewReader(head[:n]), r)
}

type lsRawResult struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Value struct {
		Start  *json.Number `json:"start"`
		End    *json.Number `json:"end"`
		Text   *string      `json:"text"`
		Labels []string     `json:"labels"`
	} `json:"value"`
	Meta struct {
		Text        []string   `json:"text"`
		Annotator   string     `json:"annotator"`
		Entity      *lsEntity  `json:"entity"`
		Claimant    *lsEntity  `json:"claimant"`
		Targets     []lsEntity `json:"targets"`
		Attribution string     `json:"attribution"`
		Stance      string     `json:"stance"`
		Verdict     string     `json:"verdict"`
		ClaimDate   string     `json:"claim_date"`
	} `json:"meta"`
}

type lsEntity struct {
	ID string `json:"id"`
}

type lsRawAnnotation struct {
	CompletedBy  json.RawMessage `json:"completed_by"`
	ModelVersion string          `json:"model_version"`
	WasCancelled bool            `json:"was_cancelled"`
	Result       []lsRawResult   `json:"result"`
}

func parseLSTask(k int, raw json.RawMessage) (Doc, []string, error) {
	var task struct {
		ID          json.RawMessage            `json:"id"`
		Data        map[string]json.RawMessage `json:"data"`
		Annotations []lsRawAnnotation          `json:"annotations"`
		Predictions []lsRawAnnotation          `json:"predictions"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&task); err != nil {
		return Doc{}, nil, fmt.Errorf("task %d: %w", k, err)
	}
	name := "task " + strconv.Itoa(k)
	if id := strings.Trim(string(task.ID), `"`); id != "" && id != "null" {
		name += " (id " + id + ")"
	}
	text, err := lsText(task.Data)
	if err != nil {
		return Doc{}, nil, fmt.Errorf("%s: %w", name, err)
	}
	doc := Doc{Name: name, Text: text}
	conv := newOffsetReader(text, textnorm.UnitUTF16)
	idx := textnorm.NewIndex(text, false)
	var warnings []string
	read := func(kind string, list []lsRawAnnotation) error {
		for ai, a := range list {
			if a.WasCancelled {
				continue
			}
			who := lsAnnotator(a)
			for ri, res := range a.Result {
				where := fmt.Sprintf("%s, %s %d, result %d", name, kind, ai+1, ri+1)
				if res.ID != "" {
					where += " (" + res.ID + ")"
				}
				if res.Type != "labels" {
					warnings = append(warnings, fmt.Sprintf("%s: type %q skipped: only \"labels\" regions become annotations", where, res.Type))
					continue
				}
				spans, err := lsSpans(res, conv, idx, who)
				if err != nil {
					return fmt.Errorf("%s: %w", where, err)
				}
				doc.Spans = append(doc.Spans, spans...)
			}
		}
		return nil
	}
	if err := read("annotation", task.Annotations); err != nil {
		return Doc{}, nil, err
	}
	if err := read("prediction", task.Predictions); err != nil {
		return Doc{}, nil, err
	}
	return doc, warnings, nil
}

// lsText finds the task's text: data.text, or the only string in data when
// the labeling config named it otherwise.
func lsText(data map[string]json.RawMessage) (string, error) {
	pick := func(raw json.RawMessage) (string, bool) {
		var s string
		return s, json.Unmarshal(raw, &s) == nil
	}
	if raw, ok := data["text"]; ok {
		s, ok := pick(raw)
		if !ok {
			return "", errors.New(`"data.text" is not a string`)
		}
		return s, nil
	}
	var found []string
	for _, raw := range data {
		if s, ok := pick(raw); ok {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		return "", errors.New(`no "data.text" (and not exactly one other text field in "data")`)
	}
	return found[0], nil
}

// lsAnnotator names who made an annotation when Label Studio says: the
// user's email or name when completed_by is an object, "labelstudio user N"
// for a bare user id, "labelstudio model V" for a prediction.
func lsAnnotator(a lsRawAnnotation) string {
	var user struct {
		Email     string `json:"email"`
		Username  string `json:"username"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
	}
	var id json.Number
	if json.Unmarshal(a.CompletedBy, &user) == nil {
		if who := cmp.Or(user.Email, user.Username, strings.TrimSpace(user.FirstName+" "+user.LastName)); who != "" {
			return who
		}
	} else if json.Unmarshal(a.CompletedBy, &id) == nil {
		return "labelstudio user " + id.String()
	}
	if a.ModelVersion != "" {
		return "labelstudio model " + a.ModelVersion
	}
	return ""
}

// lsSpans turns one "labels" region into one span per label.
func lsSpans(res lsRawResult, conv offsetReader, idx *textnorm.Index, who string) ([]Span, error) {
	v := res.Value
	if v.Start == nil || v.End == nil {
		return nil, errors.New(`no "value.start"/"value.end"`)
	}
	s, err1 := jsonInt(*v.Start)
	e, err2 := jsonInt(*v.End)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("offsets %s-%s are not integers", *v.Start, *v.End)
	}
	if s < 0 || e > conv.units || s >= e {
		return nil, fmt.Errorf("offsets %d-%d do not fit the text (%d UTF-16 code units)", s, e, conv.units)
	}
	cs, err1 := conv.cp(s)
	ce, err2 := conv.cp(e)
	if err := errors.Join(err1, err2); err != nil {
		// Inside a surrogate pair: Label Studio never writes that, so the
		// offsets were not counted in UTF-16.
		return nil, err
	}
	got := idx.Slice(cs, ce)
	if v.Text != nil && *v.Text != got {
		return nil, fmt.Errorf("value.text %q differs from the task text %q at %d-%d (UTF-16 code units)", *v.Text, got, s, e)
	}
	if len(v.Labels) == 0 {
		return nil, errors.New(`no "value.labels"`)
	}
	m := res.Meta
	sp := Span{Start: cs, End: ce, Quote: got, Note: strings.Join(m.Text, "\n"), Annotator: who}
	if m.Annotator != "" {
		sp.Annotator = m.Annotator
	}
	l := Links{Attribution: m.Attribution, Stance: m.Stance, Verdict: m.Verdict, ClaimDate: m.ClaimDate}
	if m.Entity != nil {
		l.EntityID = m.Entity.ID
	}
	if m.Claimant != nil {
		l.ClaimantID = m.Claimant.ID
	}
	for _, t := range m.Targets {
		l.TargetIDs = append(l.TargetIDs, t.ID)
	}
	if l.EntityID != "" || l.ClaimantID != "" || len(l.TargetIDs) > 0 || l.Attribution != "" || l.Stance != "" || l.Verdict != "" || l.ClaimDate != "" {
		sp.Links = &l
	}
	out := make([]Span, 0, len(v.Labels))
	for _, label := range v.Labels {
		sp.Label = label
		out = append(out, sp)
	}
	return out, nil
}
