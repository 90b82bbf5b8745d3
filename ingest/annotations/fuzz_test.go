package annotations

import (
	"bytes"
	"strings"
	"testing"

	"daftar/model"
	"daftar/textnorm"
)

// checkSpans fails when a span is empty or reaches outside its text (in
// code points): what every reader must guarantee of what it returns.
func checkSpans(t *testing.T, docs []Doc) {
	for _, d := range docs {
		n := model.RuneLen(d.Text)
		for _, s := range d.Spans {
			if s.Start < 0 || s.End > n || s.Start >= s.End {
				t.Fatalf("span %d-%d outside text of %d", s.Start, s.End, n)
			}
		}
	}
}

func FuzzReadDoccano(f *testing.F) {
	f.Add([]byte(`{"text": "😀 Baku", "label": [[2, 6, "GPE"]]}`), false)
	f.Add([]byte(`{"id": 3, "text": "ab", "entities": [{"start_offset": 0, "end_offset": 1, "label": "X"}]}`+"\n\n"+`{"text":"x"}`), true)
	f.Add([]byte(`{"text": "a", "label": [[0, 1e0, "X", 4]]}`), false)
	f.Fuzz(func(t *testing.T, in []byte, utf16 bool) {
		unit := textnorm.UnitCodepoint
		if utf16 {
			unit = textnorm.UnitUTF16
		}
		docs, err := ReadDoccano(bytes.NewReader(in), unit)
		if err != nil {
			return
		}
		checkSpans(t, docs)
	})
}

func FuzzReadBrat(f *testing.F) {
	f.Add("Portland\nCity Council", "T1\tORG 0 8;9 21\tPortland City Council\n#1\tAnnotatorNotes T1\tnote\n")
	f.Add("😀 باكو", "T1\tGPE 2 6\tباكو\r\nA1\tVerdict T1 x\n")
	f.Add("ab cd", "T1\tX 0 1;3 4\ta c\nT2\tY 0 5\n")
	f.Fuzz(func(t *testing.T, txt, ann string) {
		doc, err := ReadBrat(strings.NewReader(txt), strings.NewReader(ann))
		if err != nil {
			return
		}
		checkSpans(t, []Doc{doc})
		// Whatever was read can be reattached without panicking.
		Reattach([]Doc{doc}, func(string) (model.Article, bool) {
			return model.Article{ID: model.NewID(), Text: model.CanonicalText(doc.Text)}, true
		}, model.DefaultSchema(), "fuzz")
	})
}

// Whatever a Label Studio export holds, ReadLabelStudio returns spans
// inside their texts (code points) or an error.
func FuzzReadLabelStudio(f *testing.F) {
	f.Add(`[{"id": 12, "data": {"content": "😀 زار الوزير Baku"}, "annotations": [{"completed_by": 7, "result": [
 {"type": "labels", "value": {"start": 3, "end": 6, "labels": ["PER", "MISC"]}},
 {"type": "choices", "value": {"choices": ["neutral"]}}]},
 {"completed_by": {"email": "r@example.org"}, "result": [{"type": "labels", "value": {"start": 14, "end": 18, "text": "Baku", "labels": ["GPE"]}, "meta": {"text": ["n"]}}]}],
 "predictions": [{"model_version": "m", "result": [{"type": "labels", "value": {"start": 7, "end": 13, "labels": ["PER"]}}]}]}]`)
	f.Add("\uFEFF" + `[{"data": {"text": "😀 Baku"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 1, "end": 7, "labels": ["GPE"]}}]}]}]`)
	f.Add(`[{"data": {"text": "a"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 1e0, "labels": []}}]}]}, {}]`)
	f.Fuzz(func(t *testing.T, in string) {
		docs, _, err := ReadLabelStudio(strings.NewReader(in))
		if err != nil {
			return
		}
		checkSpans(t, docs)
	})
}
