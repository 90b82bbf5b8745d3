package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"daftar/bundle"
)

// secretFixture is the fixture with two named annotators, a note on every
// kind of record, import paths and author names, each a string that occurs
// nowhere else.
func secretFixture(t *testing.T) (*bundle.Bundle, []string) {
	d := fixture(t)
	secrets := []string{"Layla Qassem-Haddadi", "wkowalczyk77",
		"annotation note Xylophone", "article note Quokka", "entity note Marmalade", "set note Zanzibar",
		"/home/lqassem/Fieldwork/Beirut-sources", "Zubayda Author-Wright", "https://news.example/ar/1"}
	for i := range d.Annotations {
		d.Annotations[i].Annotator = secrets[i%2]
		if i%3 == 0 {
			d.Annotations[i].Note = secrets[2] + " " + d.Annotations[i].ID
		} else {
			d.Annotations[i].Note = ""
		}
	}
	for i := range d.Articles {
		d.Articles[i].Notes = secrets[3]
		d.Articles[i].Origin.File = secrets[6] + "/story" + string(rune('a'+i)) + ".html"
		d.Articles[i].Origin.Format = "html"
		d.Articles[i].Author = secrets[7]
	}
	d.Entities[0].Note = secrets[4]
	d.Sets[0].Note = secrets[5]
	return d, secrets
}

// outputs returns every file an export left under dir, members of ZIPs
// (a .qdpx, a .zip) read out, by name; the redaction key is left out.
func outputs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || strings.HasSuffix(path, ".redaction-map.csv") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got[path] = data
		if !bytes.HasPrefix(data, []byte("PK")) {
			return nil
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			member, _ := io.ReadAll(rc)
			rc.Close()
			got[path+"!"+f.Name] = member
		}
		return nil
	})
	return got
}

func exportAll(t *testing.T, dir string, r Redaction) map[string]map[string][]byte {
	t.Helper()
	byFormat := map[string]map[string][]byte{}
	for _, format := range Formats {
		sub := filepath.Join(dir, format)
		os.MkdirAll(sub, 0o755)
		out := filepath.Join(sub, "out."+format)
		switch format {
		case "csv":
			out = filepath.Join(sub, "out") // a folder
		case "brat":
			out = filepath.Join(sub, "out.zip")
		}
		d, _ := secretFixture(t)
		load := func(context.Context) (*bundle.Bundle, error) { return d, nil }
		if _, err := Run(context.Background(), Options{Format: format, Out: out, Unverified: true, Redact: r}, load, nil); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		byFormat[format] = outputs(t, sub)
	}
	return byFormat
}

// Every format, redacted, holds none of the names, notes and paths it was
// told to remove; unredacted, the same exports hold every one of them, so
// the search below is one that can find them.
func TestRedactionIsCompleteInEveryFormat(t *testing.T) {
	_, secrets := secretFixture(t)
	plain := exportAll(t, filepath.Join(t.TempDir(), "plain"), Redaction{})
	for _, s := range secrets {
		found := false
		for _, files := range plain {
			for _, data := range files {
				found = found || bytes.Contains(data, []byte(s))
			}
		}
		if !found {
			t.Errorf("no unredacted export contains %q: the test would prove nothing", s)
		}
	}

	dir := filepath.Join(t.TempDir(), "redacted")
	redacted := exportAll(t, dir, Redaction{Annotators: true, Notes: true, Origins: true, Fields: []string{"author", "url"}})
	pseudonyms := 0
	for format, files := range redacted {
		if len(files) == 0 {
			t.Fatalf("%s: no files written", format)
		}
		for name, data := range files {
			for _, s := range secrets {
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("%s: %s still contains %q", format, filepath.Base(name), s)
				}
			}
			if bytes.Contains(data, []byte("coder-2")) {
				pseudonyms++
			}
		}
	}
	if pseudonyms == 0 {
		t.Error("no export names coder-2")
	}

	// The key lies beside the output, readable by its owner only.
	key := RedactionMapPath(filepath.Join(dir, "json", "out.json"))
	f, err := os.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Windows has no permission bits: a file there reads as 0666 or 0444.
	if fi, _ := f.Stat(); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v, want 0600", fi.Mode().Perm())
	}
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{rows[1][1], rows[2][1]}
	slices.Sort(names)
	if len(rows) != 3 || rows[1][0] != "coder-1" || rows[2][0] != "coder-2" || !slices.Equal(names, []string{secrets[0], secrets[1]}) {
		t.Errorf("key %q", rows)
	}
}

// Pseudonyms follow annotation ids, so one archive exported twice numbers
// its coders alike, whatever order the records came in.
func TestPseudonymsStable(t *testing.T) {
	d, _ := secretFixture(t)
	r := Redaction{Annotators: true}
	first := r.apply(d)
	e, _ := secretFixture(t)
	for i := range e.Annotations {
		e.Annotations[i] = d.Annotations[len(d.Annotations)-1-i]
	}
	// e holds d's annotations (already renamed) reversed; rename from the
	// names again.
	for i := range e.Annotations {
		for _, p := range first {
			if e.Annotations[i].Annotator == p[0] {
				e.Annotations[i].Annotator = p[1]
			}
		}
	}
	if second := r.apply(e); !slices.Equal(first, second) || len(first) != 2 {
		t.Errorf("first %q, second %q", first, second)
	}
}

func TestParseRedaction(t *testing.T) {
	r, err := ParseRedaction("annotators, notes,origins,author,URL,author")
	if err != nil || !r.Annotators || !r.Notes || !r.Origins || !slices.Equal(r.Fields, []string{"author", "url"}) {
		t.Errorf("%+v %v", r, err)
	}
	if _, err := ParseRedaction("annotators,title"); err == nil || !strings.Contains(err.Error(), `"title"`) {
		t.Errorf("unknown item: %v", err)
	}
	if err := (Options{Format: "json", Out: "x.json", Redact: Redaction{Fields: []string{"text"}}}).Check(); err == nil {
		t.Error("unknown field passed Check")
	}
	out := filepath.Join(t.TempDir(), "x.json")
	if err := Write(context.Background(), fixture(t), Options{Format: "json", Out: out, Redact: Redaction{Notes: true}}, nil); err == nil {
		t.Error("Write ignored a redaction")
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("Write wrote an unredacted file")
	}
}
