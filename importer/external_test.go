package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Texts written for this test: Arabic with emoji, so code points and
// UTF-16 differ.
const (
	extTextA = "😀 قال ناصر كنعاني إن إيران وافقت على الاتفاق."
	extTextB = "🎉 Officials in Baku and Ganja agreed on Tuesday."
)

// externalArchive stores the two texts as articles and returns the store
// and a folder for the other tool's files.
func externalArchive(t *testing.T) (context.Context, string, func() int, func(paths ...string) *Report) {
	t.Helper()
	ctx := context.Background()
	store := openStore(t)
	src := t.TempDir()
	for i, text := range []string{extTextA, extTextB} {
		os.WriteFile(filepath.Join(src, fmt.Sprintf("s%d.txt", i)), []byte(text), 0o644)
	}
	if rep, err := Run(ctx, store, []string{src}, Options{}, nil); err != nil || rep.Imported != 2 {
		t.Fatalf("import: %v %+v", err, rep)
	}
	count := func() int {
		st, err := store.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st.Annotations
	}
	attach := func(paths ...string) *Report {
		format := FormatDoccano
		if strings.HasSuffix(paths[0], ".ann") {
			format = FormatBrat
		}
		rep, err := RunExternal(ctx, store, paths, format, "", "t", nil)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	return ctx, t.TempDir(), count, attach
}

// A quote that differs from its span's text refuses the whole file (both
// texts and the line named, nothing written); one found once nearby moves
// the span there, with a warning.
func TestExternalQuotesRefuseOrReanchor(t *testing.T) {
	_, dir, count, attach := externalArchive(t)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// doccano: line 1 is right, line 2's quote is nowhere near.
	bad := write("bad.jsonl", `{"text": "`+extTextA+`", "offsets": "codepoint", "label": [[6, 17, "PER"]], "annotations": [{"type": "PER", "start": 6, "end": 17, "quote": "ناصر كنعاني"}]}
{"text": "`+extTextB+`", "offsets": "codepoint", "label": [[15, 19, "GPE"]], "annotations": [{"type": "GPE", "start": 15, "end": 19, "quote": "Tbilisi"}]}
`)
	rep := attach(bad)
	if rep.Failed != 1 || !strings.Contains(rep.Entries[0].Reason, "line 2") || !strings.Contains(rep.Entries[0].Reason, `"Tbilisi"`) ||
		!strings.Contains(rep.Entries[0].Reason, `"Baku"`) || count() != 0 {
		t.Fatalf("doccano mismatch: %+v, %d annotations stored", rep.Entries, count())
	}
	// brat: T2's text is not its span's text.
	write("b.txt", extTextB)
	ann := write("b.ann", "T1\tGPE 15 19\tBaku\nT2\tGPE 24 29\tTbilisi\n")
	if rep := attach(ann); rep.Failed != 1 || !strings.Contains(rep.Entries[0].Reason, "line 2") || count() != 0 {
		t.Fatalf("brat mismatch: %+v, %d annotations stored", rep.Entries, count())
	}
	// UTF-16 offsets given as code points (the emoji counts twice): each
	// span is one code point late, and its quote is found once nearby.
	ann = write("b.ann", "T1\tGPE 16 20\tBaku\nT2\tGPE 25 30\tGanja\n")
	rep = attach(ann)
	if rep.Failed != 0 || rep.Entries[0].Annotations != 2 || len(rep.Entries[0].Warnings) != 2 ||
		!strings.Contains(rep.Entries[0].Warnings[0], "moved to 15-19") || count() != 2 {
		t.Fatalf("brat re-anchor: %+v, %d annotations stored", rep.Entries, count())
	}
}
