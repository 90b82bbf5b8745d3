package bundle

import (
	"bytes"
	"strings"
	"testing"

	"daftar/model"
)

// FuzzRead feeds Read what users may receive from others. Read must never
// panic; a bundle it accepts has a supported header, can be validated, and
// writes out to bytes that read back and write again the same.
func FuzzRead(f *testing.F) {
	var seed bytes.Buffer
	if err := Write(&seed, sample()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	claim := sample()
	a := claim.Annotations[0]
	a.ID, a.Kind, a.Type, a.Start, a.End, a.Quote = model.NewID(), model.KindClaim, "CLAIM", 6, 22, "الحكومة أن إيران"
	a.Verdict, a.ClaimantID, a.TargetIDs, a.ClaimDate = model.VerdictFalse, claim.Entities[0].ID, []string{claim.Entities[0].ID}, "2024-05"
	claim.Annotations = append(claim.Annotations, a)
	claim.Schema = model.DefaultSchema()
	seed.Reset()
	if err := Write(&seed, claim); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	for _, s := range []string{
		`{"format":"daftar-bundle","version":1,"offsets":"codepoint","exported_at":"2025-01-02T03:04:05Z","articles":[],"entities":[],"annotations":[],"sets":[]}`,
		`{"format":"daftar-bundle","version":1,"offsets":"codepoint","articles":[{"id":"x","text":"a\r\nb"}],"annotations":[{"id":"y","article_id":"x","start":-1,"end":9}]}`,
		`{"format":"daftar-bundle","version":2,"offsets":"codepoint"}`,
		`{"format":"daftar-bundle","version":1,"offsets":"codepoint"} {}`,
		"\uFEFF{}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := Read(bytes.NewReader(in))
		if err != nil {
			if b != nil {
				t.Fatal("a bundle and an error")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		if b.Format != Format || b.Version < 1 || b.Version > Version || b.Offsets != OffsetUnit {
			t.Fatalf("accepted header %q %d %q", b.Format, b.Version, b.Offsets)
		}
		for _, p := range b.Validate(model.DefaultSchema(), nil, nil) {
			if p.Message == "" || p.Kind == "" {
				t.Fatalf("problem without kind or message: %+v", p)
			}
		}
		var first, second bytes.Buffer
		if err := Write(&first, b); err != nil {
			return // e.g. a time JSON cannot encode; nothing was written for the user
		}
		again, err := Read(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("a written bundle does not read back: %v", err)
		}
		if err := Write(&second, again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("write, read, write changed the bytes:\n%s\n---\n%s", first.Bytes(), second.Bytes())
		}
	})
}
