package annotations

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// qdeWith writes a bare project.qde with these sources (and a codebook
// of one codable code under a folder) and a sources/ folder beside it.
func qdeWith(t *testing.T, sources string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, "sources", name), []byte(text), 0o644)
	}
	p := filepath.Join(dir, "project.qde")
	os.WriteFile(p, []byte(`<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
 <CodeBook><Codes><Code guid="c0000000-0000-0000-0000-000000000001" name="Folder" isCodable="false">
  <Code guid="c0000000-0000-0000-0000-000000000002" name="a/b" isCodable="1" color="#123456"/></Code></Codes></CodeBook>
 <Sources>`+sources+`</Sources>
</Project>`), 0o644)
	return p
}

const qdaCoded = `<Coding guid="d0000000-0000-0000-0000-000000000001"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000002"/></Coding>`

// A PDF source comes in through its plain-text representation; its region
// selections, empty selections and selections without a coding are
// reported, not attached; a slash inside a code name is not a level.
func TestReadQDPXPDFAndSkipped(t *testing.T) {
	p := qdeWith(t, `
  <PDFSource guid="50000000-0000-0000-0000-000000000001" name="report.pdf" path="internal://r.pdf">
   <PDFSelection guid="e0000000-0000-0000-0000-000000000009" page="1" firstX="0" firstY="0" secondX="9" secondY="9">`+qdaCoded+`</PDFSelection>
   <Representation guid="50000000-0000-0000-0000-000000000002" plainTextPath="internal://r.txt">
    <PlainTextSelection guid="e0000000-0000-0000-0000-000000000001" startPosition="5" endPosition="10">`+qdaCoded+`</PlainTextSelection>
    <PlainTextSelection guid="e0000000-0000-0000-0000-000000000002" startPosition="3" endPosition="3">`+qdaCoded+`</PlainTextSelection>
    <PlainTextSelection guid="e0000000-0000-0000-0000-000000000003" startPosition="0" endPosition="4"/>
   </Representation>
  </PDFSource>
  <VideoSource guid="50000000-0000-0000-0000-000000000003" name="clip"/>`, map[string]string{"r.txt": "\uFEFF🎉 عن Baku\r\nthen"})
	proj, err := ReadQDPX(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(proj.Docs) != 1 || proj.Docs[0].Name != "report.pdf" || proj.Docs[0].Text != "🎉 عن Baku\r\nthen" {
		t.Fatalf("docs %+v", proj.Docs)
	}
	if sp := proj.Docs[0].Spans; len(sp) != 1 || sp[0].Start != 5 || sp[0].End != 10 || sp[0].Label != "Folder/a∕b" {
		t.Errorf("spans %+v", sp)
	}
	if len(proj.Codes) != 1 || proj.Codes[0] != (QDACode{Path: "Folder/a∕b", Colour: "#123456"}) {
		t.Errorf("codes %+v", proj.Codes)
	}
	skipped := strings.Join(proj.Skipped, "\n")
	for _, w := range []string{"1 region selections", "empty (3-3)", "(0-4): no coding", `Video source "clip"`} {
		if !strings.Contains(skipped, w) {
			t.Errorf("skipped lacks %q:\n%s", w, skipped)
		}
	}
}

func TestReadQDPXRefuses(t *testing.T) {
	sel := func(ref string) string {
		return `<TextSource guid="50000000-0000-0000-0000-000000000001" name="s" plainTextPath="internal://s.txt">
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000001" startPosition="0" endPosition="2">
    <Coding guid="d0000000-0000-0000-0000-000000000001"><CodeRef targetGUID="` + ref + `"/></Coding></PlainTextSelection></TextSource>`
	}
	for _, c := range []struct {
		sources string
		files   map[string]string
		want    string
	}{
		{sel("c0000000-0000-0000-0000-000000000001"), map[string]string{"s.txt": "text"}, `code "Folder" is not codable`},
		{sel("c0000000-0000-0000-0000-000000000002"), nil, `source "s": sources/s.txt is not beside the project`},
		{sel("c0000000-0000-0000-0000-000000000002"), map[string]string{"s.txt": "\xff\xfe"}, "not UTF-8"},
		{strings.Replace(sel("c0000000-0000-0000-0000-000000000002"), "internal://s.txt", "internal://../s.txt", 1), nil, "leaves the sources folder"},
		{strings.Replace(sel("c0000000-0000-0000-0000-000000000002"), `endPosition="2"`, `endPosition="1"`, 1), map[string]string{"s.txt": "🎉"}, ""},
	} {
		_, err := ReadQDPX(qdeWith(t, c.sources, c.files))
		if c.want == "" {
			if err != nil {
				t.Errorf("refused a valid project: %v", err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), "project.qde: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error with %q", err, c.want)
		}
	}
}

// Whatever project.qde holds, ReadQDPX returns spans inside their texts
// or an error.
func FuzzReadQDPX(f *testing.F) {
	f.Add(`<TextSource guid="50000000-0000-0000-0000-000000000001" name="s"><PlainTextContent>😀 Baku</PlainTextContent>
<PlainTextSelection guid="e0000000-0000-0000-0000-000000000001" startPosition="2" endPosition="6">` + qdaCoded + `</PlainTextSelection></TextSource>`)
	f.Add(`<TextSource guid="x" plainTextPath="internal://s.txt"><PlainTextSelection startPosition="-1" endPosition="9"/></TextSource>`)
	f.Fuzz(func(t *testing.T, sources string) {
		proj, err := ReadQDPX(qdeWith(t, sources, map[string]string{"s.txt": "نص 🎉"}))
		if err != nil {
			return
		}
		for _, d := range proj.Docs {
			n := len([]rune(d.Text))
			for _, s := range d.Spans {
				if s.Start < 0 || s.End > n || s.Start >= s.End {
					t.Fatalf("span %d-%d outside text of %d", s.Start, s.End, n)
				}
			}
		}
	})
}
