package annotations

import (
	"encoding/json"
	"strings"
	"testing"
)

// A file shaped like Label Studio's own JSON export: numeric user ids,
// predictions, regions without value.text, a classification to skip, a
// region with two labels, a BOM.
func TestReadLabelStudioExport(t *testing.T) {
	in := "\uFEFF" + `[
 {"id": 12, "data": {"content": "😀 زار الوزير Baku"}, "project": 3,
  "annotations": [
   {"id": 5, "completed_by": 7, "was_cancelled": false, "result": [
     {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
      "value": {"start": 3, "end": 6, "labels": ["PER", "MISC"]}},
     {"id": "c1", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["neutral"]}}]},
   {"id": 6, "completed_by": {"id": 2, "email": "rana@example.org"}, "result": [
     {"type": "labels", "value": {"start": 14, "end": 18, "text": "Baku", "labels": ["GPE"]}, "meta": {"text": ["capital"]}}]},
   {"id": 8, "was_cancelled": true, "result": []}],
  "predictions": [{"model_version": "ner-2", "result": [
     {"type": "labels", "value": {"start": 7, "end": 13, "text": "الوزير", "labels": ["PER"]}}]}]}
]`
	docs, warnings, err := ReadLabelStudio(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Name != "task 1 (id 12)" || len(warnings) != 1 || !strings.Contains(warnings[0], `"choices" skipped`) {
		t.Fatalf("docs %+v, warnings %q", docs, warnings)
	}
	type got struct{ quote, label, who, note string }
	var spans []got
	for _, sp := range docs[0].Spans {
		spans = append(spans, got{quoteOf(docs[0].Text, sp), sp.Label, sp.Annotator, sp.Note})
	}
	want := []got{{"زار", "PER", "labelstudio user 7", ""}, {"زار", "MISC", "labelstudio user 7", ""},
		{"Baku", "GPE", "rana@example.org", "capital"}, {"الوزير", "PER", "labelstudio model ner-2", ""}}
	if len(spans) != len(want) {
		t.Fatalf("spans %+v", spans)
	}
	for i := range want {
		if spans[i] != want[i] {
			t.Errorf("span %d = %+v, want %+v", i, spans[i], want[i])
		}
	}
}

func TestReadLabelStudioRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"data": {"text": "a"}}`, "one JSON object"},
		{`[{"data": {"title": "t", "body": "b"}}]`, `no "data.text"`},
		{`[{"data": {"text": "😀 Baku"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 1, "end": 7, "labels": ["GPE"]}}]}]}]`, "surrogate pair"},
		{`[{"data": {"text": "😀 Baku"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 3, "end": 9, "labels": ["GPE"]}}]}]}]`, "do not fit the text (7 UTF-16 code units)"},
		{`[{"data": {"text": "😀 Baku"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 2, "end": 6, "text": "Baku", "labels": ["GPE"]}}]}]}]`, `value.text "Baku" differs from the task text " Bak" at 2-6`},
		{`[{"data": {"text": "Baku"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 4}}]}]}]`, `no "value.labels"`},
		{`[{"data": {"text": "Baku"}}`, "labelstudio"},
	} {
		if _, _, err := ReadLabelStudio(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want %q", c.in, err, c.want)
		}
	}
}

// The bound is per task: many small tasks pass, one long one does not.
func TestLabelStudioTaskBound(t *testing.T) {
	task := `{"data": {"text": "Baku"}},`
	b := &taskBound{r: strings.NewReader("[" + strings.Repeat(task, 50) + `{"data": {"text": "Baku"}}]`), max: 64}
	dec := json.NewDecoder(b)
	dec.Token()
	for dec.More() {
		b.read = 0
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatalf("short tasks: %v", err)
		}
	}
	long := &taskBound{r: strings.NewReader(`[{"data": {"text": "` + strings.Repeat("x", 1000) + `"}}]`), max: 64}
	dec = json.NewDecoder(long)
	dec.Token()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err == nil || !strings.Contains(err.Error(), "longer than 64 bytes") {
		t.Errorf("long task: %v", err)
	}
}
