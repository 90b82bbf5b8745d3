package cli

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"daftar/model"
)

// wrongUnitFile writes, for an article text and its annotations (code
// points), a file of one importer's format whose offsets are in the other
// unit and that does not declare it, as a file from another tool or edited
// by hand would be. adb holds the article and annotations, for formats
// written through the exporter. It returns the path and the import flags.
type wrongUnitFile func(t *testing.T, dir, adb, text string, anns []model.Annotation) (string, []string)

// utf16At is a code-point offset of text in UTF-16 code units.
func utf16At(text string, cp int) int { return len(utf16.Encode([]rune(text)[:cp])) }

var wrongUnitFiles = []struct {
	importer string
	write    wrongUnitFile
	reanchor bool // a quote found once nearby moves the span; else the file is refused
}{
	// Daftar's JSONL with --offsets utf16, its declaration removed: read
	// as code points, the default.
	{"doccano", func(t *testing.T, dir, adb, _ string, _ []model.Annotation) (string, []string) {
		out := filepath.Join(dir, "utf16.jsonl")
		if code, _, errOut := run(t, adb, "export", "--format", "jsonl", "--offsets", "utf16", "--out", out); code != ExitOK {
			t.Fatal(errOut)
		}
		raw, _ := os.ReadFile(out)
		undeclared := strings.ReplaceAll(string(raw), `"offsets":"utf16",`, "")
		if undeclared == string(raw) || strings.Contains(undeclared, "utf16") {
			t.Fatalf("no unit declaration to remove:\n%s", raw)
		}
		return writeFile(t, dir, "undeclared.jsonl", undeclared), []string{"--format", "doccano"}
	}, true},
	// brat counts code points; a JavaScript tool writing .ann files would
	// count UTF-16.
	{"brat", func(t *testing.T, dir, _, text string, anns []model.Annotation) (string, []string) {
		folder := filepath.Join(dir, "brat")
		os.Mkdir(folder, 0o755)
		writeFile(t, folder, "doc.txt", text)
		var ann strings.Builder
		for i, a := range anns {
			fmt.Fprintf(&ann, "T%d\t%s %d %d\t%s\n", i+1, a.Type, utf16At(text, a.Start), utf16At(text, a.End), a.Quote)
		}
		writeFile(t, folder, "doc.ann", ann.String())
		return folder, []string{"--format", "brat"}
	}, true},
	// Daftar's .qdpx with --offsets utf16, the Description that declares
	// it reworded: read as REFI-QDA's code points.
	{"qdpx", func(t *testing.T, dir, adb, _ string, _ []model.Annotation) (string, []string) {
		out := filepath.Join(dir, "utf16.qdpx")
		if code, _, errOut := run(t, adb, "export", "--format", "qdpx", "--offsets", "utf16", "--out", out); code != ExitOK {
			t.Fatal(errOut)
		}
		p := filepath.Join(dir, "undeclared.qdpx")
		rewriteZip(t, out, p, "project.qde", func(s string) string {
			r := strings.ReplaceAll(s, "UTF-16 code units", "characters")
			if r == s {
				t.Fatalf("no unit declaration to remove:\n%s", s)
			}
			return r
		})
		return p, []string{"--format", "qdpx"}
	}, true},
	// Label Studio counts UTF-16; a file with code points instead (from a
	// Python script) is refused: its value.text differs from what the
	// offsets cut out.
	{"labelstudio", func(t *testing.T, dir, _, text string, anns []model.Annotation) (string, []string) {
		type value struct {
			Start  int      `json:"start"`
			End    int      `json:"end"`
			Text   string   `json:"text"`
			Labels []string `json:"labels"`
		}
		type region struct {
			Type  string `json:"type"`
			Value value  `json:"value"`
		}
		var result []region
		for _, a := range anns {
			result = append(result, region{"labels", value{a.Start, a.End, a.Quote, []string{a.Type}}})
		}
		raw, err := json.Marshal([]any{map[string]any{"data": map[string]string{"text": text},
			"annotations": []any{map[string]any{"result": result}}}})
		if err != nil {
			t.Fatal(err)
		}
		return writeFile(t, dir, "codepoints.json", string(raw)), []string{"--format", "labelstudio"}
	}, false},
}

// rewriteZip copies a ZIP, changing one member's text.
func rewriteZip(t *testing.T, from, to, member string, change func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if e.Name == member {
			raw = []byte(change(string(raw)))
		}
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// Offsets in the wrong unit, undeclared: two emoji before the spans put
// every UTF-16 offset two code points late. Each importer either moves
// each span to its quote, found once nearby (with a warning per span), or
// refuses the file with one line naming it and writes nothing; when the
// quote is there three times nearby, every importer refuses. Never is an
// annotation attached to text that differs from its quote.
func TestImportWrongUnit(t *testing.T) {
	texts := []struct {
		name, text string
		quotes     []string // the first occurrence of each is annotated
		ambiguous  bool
	}{
		{"nearby", "😀😀 قال ناصر كنعاني إن إيران وافقت. Officials in Baku agreed.\n", []string{"ناصر كنعاني", "إيران", "Baku"}, false},
		{"ambiguous", "😀😀 Baku, Baku, Baku.\n", []string{"Baku"}, true},
	}
	for _, tx := range texts {
		for _, f := range wrongUnitFiles {
			t.Run(tx.name+"/"+f.importer, func(t *testing.T) {
				dir := t.TempDir()
				adb := filepath.Join(dir, "a.db")
				sent := annotatedArchive(t, adb, tx.text, func(art *model.Article) []model.Annotation {
					var anns []model.Annotation
					for _, q := range tx.quotes {
						s := runeIndex(art.Text, q)
						anns = append(anns, model.Annotation{ArticleID: art.ID, Type: "GPE", Start: s, End: s + len([]rune(q)), Quote: q})
					}
					return anns
				})
				text := model.CanonicalText(tx.text)
				path, flags := f.write(t, dir, adb, text, sent)
				bdb := filepath.Join(dir, "b.db")
				b, bart := lsArchive(t, bdb, writeFile(t, t.TempDir(), "story.txt", tx.text))
				code, stdout, errOut := run(t, bdb, append(append([]string{"import"}, flags...), path)...)
				got := lsSpans(t, b, bart.ID)
				if !f.reanchor || tx.ambiguous {
					if code != ExitFail || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, filepath.Base(path)) || len(got) != 0 {
						t.Errorf("want refused, nothing written: exit %d, %d annotations\nstdout %s\nstderr %s", code, len(got), stdout, errOut)
					}
					return
				}
				if code != ExitOK || strings.Count(errOut, "moved to") != len(sent) || len(got) != len(sent) {
					t.Fatalf("want %d spans moved to their quotes: exit %d, %d annotations\nstdout %s\nstderr %s", len(sent), code, len(got), stdout, errOut)
				}
				for i, a := range sent {
					if got[i].Start != a.Start || got[i].End != a.End || got[i].Quote != a.Quote {
						t.Errorf("span %d: got %d-%d %q, want %d-%d %q", i, got[i].Start, got[i].End, got[i].Quote, a.Start, a.End, a.Quote)
					}
				}
			})
		}
	}
}
