package bundle

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"daftar/model"
)

func sample() *Bundle {
	b := New()
	text := "أعلنت الحكومة أن إيران وافقت على المحادثات."
	art := model.Article{ID: model.NewID(), Title: "محادثات", Text: text, SHA256: model.Fingerprint(text)}
	ent := model.Entity{ID: model.NewID(), Type: "GPE", Name: "إيران", Aliases: []model.Alias{{Name: "Iran", Lang: "en"}}}
	b.Articles = append(b.Articles, art)
	b.Entities = append(b.Entities, ent)
	b.Annotations = append(b.Annotations, model.Annotation{ID: model.NewID(), ArticleID: art.ID, Kind: model.KindEntity,
		Type: "GPE", Start: 17, End: 22, Quote: "إيران", EntityID: ent.ID})
	b.Sets = append(b.Sets, model.Set{ID: model.NewID(), Name: "s", ArticleIDs: []string{art.ID}})
	return b
}

func TestWriteReadRoundTrip(t *testing.T) {
	b := sample()
	var buf bytes.Buffer
	if err := Write(&buf, b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"offsets": "codepoint"`) || !strings.Contains(buf.String(), "إيران") {
		t.Fatalf("bundle lacks its unit or escapes Arabic:\n%s", buf.String())
	}
	got, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if p := got.Validate(model.DefaultSchema(), nil, nil); len(p) != 0 {
		t.Fatalf("round-tripped bundle invalid: %v", p)
	}
	var again bytes.Buffer
	if err := Write(&again, got); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Error("writing a read bundle gives other bytes")
	}
}

func TestReadRejects(t *testing.T) {
	cases := map[string]string{
		`{"format":"other","version":1,"offsets":"codepoint"}`:                   "not a daftar bundle",
		`{"format":"daftar-bundle","version":9,"offsets":"codepoint"}`:           "version 9",
		`{"format":"daftar-bundle","version":1,"offsets":"utf16"}`:               "offsets",
		`{"format":"daftar-bundle","version":1,"offsets":"codepoint"}x`:          "trailing",
		`{"format":"daftar-bundle","version":1,"offsets":"codepoint","bogus":1}`: "unknown field",
		`[1,2]`: "bundle",
	}
	for in, want := range cases {
		if _, err := Read(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Read(%s) = %v, want error containing %q", in, err, want)
		}
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	b := sample()
	good := b.Annotations[0]
	wrongQuote := good
	wrongQuote.ID, wrongQuote.Quote = model.NewID(), "ايران"
	outside := good
	outside.ID, outside.Start, outside.End, outside.Quote = model.NewID(), 40, 80, "x"
	orphan := good
	orphan.ID, orphan.ArticleID = model.NewID(), model.NewID()
	unknownEntity := good
	unknownEntity.ID, unknownEntity.EntityID = model.NewID(), model.NewID()
	b.Annotations = append(b.Annotations, wrongQuote, outside, orphan, unknownEntity)
	problems := b.Validate(model.DefaultSchema(), nil, nil)
	if len(problems) != 4 {
		t.Fatalf("%d problems, want 4: %v", len(problems), problems)
	}
	for i, want := range []string{"does not match", "outside", "unknown article", "unknown entity"} {
		if !strings.Contains(problems[i].Message, want) || problems[i].Kind != "annotation" {
			t.Errorf("problem %d = %+v, want %q", i, problems[i], want)
		}
	}
	// The archive may hold the article a bundle annotates.
	lookup := func(id string) (string, bool) { return b.Articles[0].Text, id == orphan.ArticleID }
	if p := b.Validate(model.DefaultSchema(), lookup, nil); len(p) != 3 {
		t.Errorf("with the article in the archive: %d problems, want 3", len(p))
	}
}

// Write encodes record by record; the bytes are those of encoding the whole
// bundle at once, so version 1 readers read what it writes.
func TestWriteStreamsTheSameBytes(t *testing.T) {
	for _, b := range []*Bundle{sample(), New()} {
		var got, want bytes.Buffer
		if err := Write(&got, b); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(b); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("streamed bundle differs:\n%s\nwant\n%s", got.String(), want.String())
		}
	}
}

// A bundle whose header says it cannot be read is refused before its records.
func TestReadChecksHeaderFirst(t *testing.T) {
	in := `{"format":"daftar-bundle","version":2,"articles":[` + "{\"id\": oops" + `]}`
	if _, err := Read(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "version 2 is not supported") {
		t.Errorf("Read = %v, want the version refused", err)
	}
}
