package annotations

import (
	"strings"
	"testing"

	"daftar/model"
)

func finder(arts ...model.Article) func(string) (model.Article, bool) {
	m := map[string]model.Article{}
	for _, a := range arts {
		m[model.Fingerprint(a.Text)] = a
	}
	return func(fp string) (model.Article, bool) { a, ok := m[fp]; return a, ok }
}

func TestReattachCRLFAndNFC(t *testing.T) {
	canon := "Baku said:\nإيران وراء الهجوم.\nCafé 😀 closed"
	art := model.Article{ID: model.NewID(), Text: canon}
	// The same text as another tool saw it: a BOM, CRLF line ends, trailing
	// blanks, and é decomposed (e + combining acute).
	ext := "\uFEFFBaku said:  \r\nإيران وراء الهجوم.\r\nCafe\u0301 😀 closed\r\n"
	if model.CanonicalText(ext) != canon {
		t.Fatal("fixture: canonical forms differ")
	}
	cpOf := func(s, q string) (int, int) {
		i := strings.Index(s, q)
		if i < 0 {
			t.Fatalf("%q not in the text", q)
		}
		return model.RuneLen(s[:i]), model.RuneLen(s[:i]) + model.RuneLen(q)
	}
	var spans []Span
	for _, q := range []string{"Baku", "إيران", "الهجوم", "Cafe\u0301", "closed", "said:  \r\nإيران"} {
		s, e := cpOf(ext, q)
		spans = append(spans, Span{Start: s, End: e, Label: "GPE", Quote: q})
	}
	spans[5].Label = "claim" // labels match the schema case-insensitively
	anns, probs := Reattach([]Doc{{Name: "ext.txt", Text: ext, Spans: spans}}, finder(art), model.DefaultSchema(), "imported")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	want := []string{"Baku", "إيران", "الهجوم", "Café", "closed", "said:\nإيران"}
	if len(anns) != len(want) {
		t.Fatalf("%d annotations", len(anns))
	}
	for i, a := range anns {
		if a.Quote != want[i] || !model.ValidID(a.ID) || a.Annotator != "imported" || a.ArticleID != art.ID {
			t.Errorf("%d: %+v", i, a)
		}
		if err := a.Validate(canon, model.DefaultSchema()); err != nil {
			t.Error(err)
		}
	}
	if anns[5].Kind != model.KindClaim || anns[5].Type != "CLAIM" {
		t.Errorf("claim label: %+v", anns[5])
	}
}

func TestReattachProblems(t *testing.T) {
	art := model.Article{ID: model.NewID(), Text: "Ilham Aliyev visited Baku."}
	docs := []Doc{
		{Name: "a", Text: art.Text, Spans: []Span{
			{Start: 0, End: 12, Label: "PER", Quote: "Ilham Aliyev"},
			{Start: 21, End: 25, Label: "PLACE"}, // unknown label
			{Start: 20, End: 40, Label: "GPE"},   // outside the text
			{Start: 12, End: 13, Label: "GPE"},   // only a space
			{Start: 0, End: 12, Label: "per"},    // duplicate
		}},
		{Name: "b", Text: "a text the archive does not have", Spans: []Span{{Start: 0, End: 1, Label: "PER"}}},
	}
	anns, probs := Reattach(docs, finder(art), model.DefaultSchema(), "x")
	if len(anns) != 1 || anns[0].Quote != "Ilham Aliyev" {
		t.Errorf("annotations %+v", anns)
	}
	wants := []string{"a: span 2", "a: span 3", "a: span 4", "a: span 5 (0-12 per): duplicate", "b: no article"}
	if len(probs) != len(wants) {
		t.Fatalf("problems:\n%s", strings.Join(probs, "\n"))
	}
	for i, w := range wants {
		if !strings.HasPrefix(probs[i], w) {
			t.Errorf("problem %d = %q, want prefix %q", i, probs[i], w)
		}
	}
}

// A span whose quote differs from the text at its offsets moves to the
// quote when it is found once nearby; otherwise the whole file is refused,
// naming the line and both texts.
func TestReattachQuoteMismatch(t *testing.T) {
	text := "قال ناصر كنعاني 😀 إن إيران وافقت، وقال مسؤول آخر إن إيران لم توافق."
	art := model.Article{ID: model.NewID(), Text: text}
	at := func(q string) int { return model.RuneLen(text[:strings.Index(text, q)]) }
	good := Span{Start: at("ناصر"), End: at("ناصر") + 11, Label: "PER", Quote: "ناصر كنعاني", Line: 1}
	// Shifted by two, as UTF-16 offsets read as code points are.
	shifted := Span{Start: good.Start + 2, End: good.End + 2, Label: "PER", Quote: "ناصر كنعاني", Line: 2}
	anns, probs := Reattach([]Doc{{Name: "d", Text: text, Spans: []Span{good, shifted}}}, finder(art), model.DefaultSchema(), "x")
	if len(anns) != 1 || anns[0].Quote != "ناصر كنعاني" || len(probs) != 2 ||
		!strings.Contains(probs[0], "line 2") || !strings.Contains(probs[0], "moved to") || !strings.Contains(probs[1], "duplicate") {
		t.Fatalf("re-anchor: %+v\n%s", anns, strings.Join(probs, "\n"))
	}
	// "إيران" occurs twice near the span: ambiguous, so the file is refused.
	ambiguous := Span{Start: at("إيران") + 1, End: at("إيران") + 6, Label: "GPE", Quote: "إيران", Line: 3}
	anns, probs = Reattach([]Doc{{Name: "d", Text: text, Spans: []Span{good, ambiguous}}}, finder(art), model.DefaultSchema(), "x")
	if len(anns) != 0 || len(probs) == 0 || !strings.HasPrefix(probs[0], "d: line 3, span 2") ||
		!strings.Contains(probs[0], `"إيران"`) || !strings.Contains(probs[0], `"يران "`) || !strings.Contains(probs[0], "nothing from this file") {
		t.Fatalf("ambiguous quote: %+v\n%s", anns, strings.Join(probs, "\n"))
	}
}
