package export

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"daftar/model"
)

// TestQDPXValidatesAgainstOfficialSchema checks every project.qde the
// exporter writes against the official REFI-QDA 1.0 XSD with xmllint. The
// schema is not ours to copy: DAFTAR_SPECS names the folder holding
// REFI-QDA-Project-1.0.xsd (CI sets it; see README "Tests").
func TestQDPXValidatesAgainstOfficialSchema(t *testing.T) {
	dir := os.Getenv("DAFTAR_SPECS")
	if dir == "" {
		t.Skip("DAFTAR_SPECS is not set: no REFI-QDA schema to validate against")
	}
	xsd := filepath.Join(dir, "REFI-QDA-Project-1.0.xsd")
	if _, err := os.Stat(xsd); err != nil {
		t.Fatalf("DAFTAR_SPECS: %v", err)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint (libxml2-utils) is needed when DAFTAR_SPECS is set")
	}
	d := fixture(t)
	// A text that came in with CRLF line ends: canonical text has LF only,
	// and an annotation across the former line break.
	crlf := model.CanonicalText("Ligne un\r\nالسطر الثاني 🙂\r\nLine three")
	a := model.Article{ID: model.NewID(), Title: "CRLF", Text: crlf, Language: "fr", Direction: model.LTR,
		SHA256: model.Fingerprint(crlf), ImportedAt: fixedTime}
	d.Articles = append(d.Articles, a)
	s, e := span(t, crlf, "un\nالسطر", 0)
	d.Annotations = append(d.Annotations, model.Annotation{ID: model.NewID(), ArticleID: a.ID, Kind: model.KindEntity,
		Type: "MISC", Start: s, End: e, Quote: "un\nالسطر", Annotator: "rana", CreatedAt: fixedTime, UpdatedAt: fixedTime})

	for _, unit := range []string{UnitCodepoint, UnitUTF16} {
		out := write(t, d, Options{Format: "qdpx", Out: filepath.Join(t.TempDir(), "p.qdpx"), Offsets: unit})
		qde := filepath.Join(t.TempDir(), "project.qde")
		extract(t, out, "project.qde", qde)
		res, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsd, qde).CombinedOutput()
		if err != nil || !strings.Contains(string(res), "validates") {
			t.Fatalf("%s offsets: project.qde does not validate against the REFI-QDA 1.0 schema: %v\n%s", unit, err, res)
		}
	}
}

// extract copies one member of a ZIP file to dst.
func extract(t *testing.T, zipPath, name, dst string) {
	t.Helper()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, rc); err != nil {
		t.Fatal(err)
	}
}
