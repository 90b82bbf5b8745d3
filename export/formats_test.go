package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/ingest/annotations"
	"daftar/model"
)

func write(t *testing.T, d *bundle.Bundle, opts Options) string {
	t.Helper()
	if opts.Out == "" {
		t.Fatal("no out")
	}
	var calls []int
	if err := Write(context.Background(), d, opts, func(done, total int) {
		if total != len(d.Articles) {
			t.Errorf("progress total %d, want %d", total, len(d.Articles))
		}
		calls = append(calls, done)
	}); err != nil {
		t.Fatalf("Write %s: %v", opts.Format, err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != len(d.Articles) {
		t.Errorf("%s: progress calls %v, want to end at %d", opts.Format, calls, len(d.Articles))
	}
	return opts.Out
}

// unneutralise undoes the CSV formula guard.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// readCSV reads one CSV file of a folder or ZIP export into maps by header.
func readCSV(t *testing.T, data []byte, bom bool) []map[string]string {
	t.Helper()
	if got := bytes.HasPrefix(data, []byte("\uFEFF")); got != bom {
		t.Fatalf("BOM present = %v, want %v", got, bom)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = unneutralise(rec[i])
		}
		rows = append(rows, m)
	}
	return rows
}

func TestCSVSpans(t *testing.T) {
	d := fixture(t)
	byID := annByID(d)
	for _, unit := range []string{UnitCodepoint, UnitUTF16} {
		for _, zipped := range []bool{false, true} {
			out := filepath.Join(t.TempDir(), "export")
			if zipped {
				out += ".zip"
			}
			write(t, d, Options{Format: "csv", Out: out, BOM: true, Offsets: unit})
			files := map[string][]byte{}
			if zipped {
				zr, err := zip.OpenReader(out)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range zr.File {
					rc, _ := f.Open()
					files[f.Name], _ = io.ReadAll(rc)
					rc.Close()
				}
				zr.Close()
			} else {
				filepath.WalkDir(out, func(p string, de os.DirEntry, err error) error {
					if err == nil && !de.IsDir() {
						rel, _ := filepath.Rel(out, p)
						files[filepath.ToSlash(rel)], _ = os.ReadFile(p)
					}
					return nil
				})
			}
			for _, name := range []string{"README.txt", "articles.csv", "annotations.csv", "claims.csv", "entities.csv"} {
				if files[name] == nil {
					t.Fatalf("%s missing; have %v", name, slices.Collect(mapsKeys(files)))
				}
			}
			u := map[string]string{UnitCodepoint: "cp", UnitUTF16: "utf16"}[unit]
			rows := readCSV(t, files["annotations.csv"], true)
			if len(rows) != len(d.Annotations) {
				t.Fatalf("%d annotation rows, want %d", len(rows), len(d.Annotations))
			}
			for _, r := range rows {
				text := string(files["texts/"+r["article_id"]+".txt"])
				s, _ := strconv.Atoi(r["start_"+u])
				e, _ := strconv.Atoi(r["end_"+u])
				if got := cut(t, text, s, e, unit); got != r["quote"] || got != byID[r["annotation_id"]].Quote {
					t.Errorf("%s: cut %q, quote cell %q", unit, got, r["quote"])
				}
				want := byID[r["annotation_id"]]
				if left := r["left_context"]; s > 0 && !strings.HasSuffix(cut(t, text, 0, s, unit), left) || model.RuneLen(left) > contextLen {
					t.Errorf("left context %q does not end where %q starts", left, want.Quote)
				}
				if r["note"] != want.Note {
					t.Errorf("note %q, want %q", r["note"], want.Note)
				}
			}
			claims := readCSV(t, files["claims.csv"], true)
			if len(claims) != 3 {
				t.Errorf("%d claims, want 3", len(claims))
			}
			for _, c := range claims {
				if c["quote"] != byID[c["annotation_id"]].Quote || c["claimant_name"] == "" {
					t.Errorf("claim row %v", c)
				}
			}
			ents := readCSV(t, files["entities.csv"], true)
			if len(ents) != len(d.Entities) || !strings.Contains(files2str(files["entities.csv"]), "Sami al-Haddad [en]") {
				t.Errorf("entities.csv: %v", ents)
			}
			arts := readCSV(t, files["articles.csv"], true)
			if len(arts) != 3 || arts[0]["sets"] != "Levant and Portland" {
				t.Errorf("articles.csv: %v", arts)
			}
			if !strings.Contains(string(files["README.txt"]), "start_"+u) {
				t.Errorf("README does not state the unit column")
			}
		}
	}
}

func files2str(b []byte) string { return string(b) }

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestCSVFormulaGuardAndBOM(t *testing.T) {
	d := fixture(t)
	for _, bom := range []bool{true, false} {
		out := filepath.Join(t.TempDir(), "x")
		write(t, d, Options{Format: "csv", Out: out, BOM: bom})
		for _, f := range []string{"annotations.csv", "articles.csv", "claims.csv", "entities.csv"} {
			raw, err := os.ReadFile(filepath.Join(out, f))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) != bom {
				t.Errorf("%s: BOM = %v, want %v", f, !bom, bom)
			}
			if !bytes.HasSuffix(raw, []byte("\r\n")) {
				t.Errorf("%s: records do not end in CRLF", f)
			}
			// No cell may start with a formula character.
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range recs {
				for _, cell := range rec {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("%s: cell %q is not neutralised", f, cell)
					}
				}
			}
		}
		raw, _ := os.ReadFile(filepath.Join(out, "annotations.csv"))
		for _, want := range []string{"'=SUM(A1)", "'@editor: prank, keep", "'-5 degrees", "'+quantity, not money"} {
			if !bytes.Contains(raw, []byte(want)) {
				t.Errorf("annotations.csv lacks %q", want)
			}
		}
		// A line break inside a quote stays LF (only records end in CRLF).
		if !bytes.Contains(raw, []byte("\"Portland\nCity Council\"")) {
			t.Errorf("multi-line quote not kept with LF inside quotes")
		}
		raw, _ = os.ReadFile(filepath.Join(out, "articles.csv"))
		if !bytes.Contains(raw, []byte(`"'=HYPERLINK(""http://evil.example"")"`)) {
			t.Errorf("title formula not neutralised:\n%s", raw)
		}
	}
}

func TestJSONBundle(t *testing.T) {
	d := fixture(t)
	orig := d.Annotations[0].ID
	out := write(t, d, Options{Format: "json", Out: filepath.Join(t.TempDir(), "b.json")})
	if d.Annotations[0].ID != orig {
		t.Fatal("Write reordered the caller's annotations")
	}
	f, _ := os.Open(out)
	defer f.Close()
	b, err := bundle.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if probs := b.Validate(d.Schema, nil, nil); len(probs) > 0 {
		t.Fatal(probs)
	}
	texts := map[string]string{}
	for _, a := range b.Articles {
		texts[a.ID] = a.Text
	}
	if len(b.Annotations) != len(d.Annotations) || b.Offsets != "codepoint" {
		t.Fatalf("%d annotations, offsets %q", len(b.Annotations), b.Offsets)
	}
	for _, a := range b.Annotations {
		if got := cut(t, texts[a.ArticleID], a.Start, a.End, UnitCodepoint); got != a.Quote {
			t.Errorf("cut %q, quote %q", got, a.Quote)
		}
	}
	if err := Write(context.Background(), d, Options{Format: "json", Out: filepath.Join(t.TempDir(), "u.json"), Offsets: "utf16"}, nil); err == nil {
		t.Error("json with utf16 offsets accepted")
	}
}

func TestJSONLSpansAndDoccano(t *testing.T) {
	d := fixture(t)
	byID := annByID(d)
	for _, unit := range []string{UnitCodepoint, UnitUTF16} {
		out := write(t, d, Options{Format: "jsonl", Out: filepath.Join(t.TempDir(), "a.jsonl"), Offsets: unit})
		raw, _ := os.ReadFile(out)
		lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
		if len(lines) != len(d.Articles) {
			t.Fatalf("%d lines, want %d", len(lines), len(d.Articles))
		}
		for _, l := range lines {
			var doc struct {
				Text        string
				Offsets     string
				Label       [][3]any
				Annotations []struct {
					ID, Quote  string
					Start, End int
				}
			}
			if err := json.Unmarshal([]byte(l), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Offsets != unit {
				t.Errorf("offsets %q, want %q", doc.Offsets, unit)
			}
			for k, lab := range doc.Label {
				s, e := int(lab[0].(float64)), int(lab[1].(float64))
				a := doc.Annotations[k]
				if got := cut(t, doc.Text, s, e, unit); got != a.Quote || got != byID[a.ID].Quote || lab[2] != byID[a.ID].Type {
					t.Errorf("%s: label %v cuts %q, annotation quote %q", unit, lab, got, a.Quote)
				}
			}
		}
		// doccano reads it back to the same spans, in code points.
		docs, err := annotations.ReadDoccano(bytes.NewReader(raw), unit)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for i, doc := range docs {
			if doc.Text != d.Articles[i].Text || doc.Name != d.Articles[i].ID {
				t.Fatalf("doc %d: name %q", i, doc.Name)
			}
			for _, sp := range doc.Spans {
				got = append(got, d.Articles[i].ID+" "+strconv.Itoa(sp.Start)+" "+strconv.Itoa(sp.End)+" "+sp.Label)
			}
		}
		for _, a := range d.Annotations {
			want = append(want, a.ArticleID+" "+strconv.Itoa(a.Start)+" "+strconv.Itoa(a.End)+" "+a.Type)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: doccano spans\n got %v\nwant %v", unit, got, want)
		}
	}
}

func TestBratSpansAndReadBack(t *testing.T) {
	d := fixture(t)
	// A span holding a TAB (and one holding a TAB and a line break): brat
	// splits .ann lines at TABs, so the T line's text cannot hold one.
	tabText := "قال المحرر: فاصل\tTab-separated columns, then\t\tmore\nand a new line."
	tabArt := model.Article{ID: model.NewID(), Title: "tab", Text: tabText, SHA256: model.Fingerprint(tabText), ImportedAt: fixedTime}
	d.Articles = append(d.Articles, tabArt)
	for _, q := range []string{"فاصل\tTab-separated", "then\t\tmore\nand"} {
		s, e := span(t, tabText, q, 0)
		d.Annotations = append(d.Annotations, model.Annotation{ID: model.NewID(), ArticleID: tabArt.ID, Kind: model.KindEntity,
			Type: "MISC", Start: s, End: e, Quote: q, Annotator: "rana", CreatedAt: fixedTime, UpdatedAt: fixedTime})
	}
	byID := annByID(d)
	out := write(t, d, Options{Format: "brat", Out: filepath.Join(t.TempDir(), "brat")})
	conf, err := os.ReadFile(filepath.Join(out, "annotation.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[entities]\nPER\n", "Claimant\tArg1:CLAIM, Arg2:PER|ORG|GPE|LOC|DATE|MONEY|EVENT|MISC", "Verdict\tArg:CLAIM, Value:unverified|true|mostly_true"} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("annotation.conf lacks %q:\n%s", want, conf)
		}
	}
	for _, a := range d.Articles {
		txt, _ := os.ReadFile(filepath.Join(out, a.ID+".txt"))
		ann, _ := os.ReadFile(filepath.Join(out, a.ID+".ann"))
		if string(txt) != a.Text {
			t.Fatalf("txt differs")
		}
		// Every T line's text is its fragments cut from the .txt, joined by a space.
		for _, l := range strings.Split(string(ann), "\n") {
			if !strings.HasPrefix(l, "T") {
				continue
			}
			f := strings.Split(l, "\t")
			if len(f) != 3 || strings.ContainsAny(l, "\r\n") {
				t.Errorf("T line %q: not id, type and offsets, text", l)
				continue
			}
			var pieces []string
			for _, fr := range strings.Split(strings.SplitN(f[1], " ", 2)[1], ";") {
				se := strings.Fields(fr)
				s, _ := strconv.Atoi(se[0])
				e, _ := strconv.Atoi(se[1])
				pieces = append(pieces, cut(t, a.Text, s, e, UnitCodepoint))
			}
			if strings.Join(pieces, " ") != f[2] {
				t.Errorf("T line %q: fragments cut %q", l, pieces)
			}
		}
		doc, err := annotations.ReadBrat(bytes.NewReader(txt), bytes.NewReader(ann))
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, sp := range doc.Spans {
			if q := cut(t, doc.Text, sp.Start, sp.End, UnitCodepoint); q != sp.Quote {
				t.Errorf("span quote %q, cut %q", sp.Quote, q)
			}
			got = append(got, strconv.Itoa(sp.Start)+" "+strconv.Itoa(sp.End)+" "+sp.Label)
		}
		for _, an := range d.Annotations {
			if an.ArticleID == a.ID {
				want = append(want, strconv.Itoa(an.Start)+" "+strconv.Itoa(an.End)+" "+an.Type)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("brat spans\n got %v\nwant %v", got, want)
		}
		if a.ID == d.Articles[0].ID {
			for _, want := range []string{"Reference T", "Wikidata:Q1000001", "Daftar:", "\tClaimant Arg1:T", "Verdict T", "mostly_true", "AnnotatorNotes"} {
				if !strings.Contains(string(ann), want) {
					t.Errorf("Arabic .ann lacks %q:\n%s", want, ann)
				}
			}
		}
	}
	// Notes come back on their spans.
	a := d.Articles[0]
	txt, _ := os.ReadFile(filepath.Join(out, a.ID+".txt"))
	ann, _ := os.ReadFile(filepath.Join(out, a.ID+".ann"))
	doc, _ := annotations.ReadBrat(bytes.NewReader(txt), bytes.NewReader(ann))
	found := false
	for _, sp := range doc.Spans {
		for _, an := range byID {
			if an.ArticleID == a.ID && an.Start == sp.Start && an.Note != "" && an.Kind == model.KindEntity {
				found = found || sp.Note == an.Note
			}
		}
	}
	if !found {
		t.Error("note did not come back")
	}
}

func TestCoNLL(t *testing.T) {
	d := fixture(t)
	out := write(t, d, Options{Format: "conll", Out: filepath.Join(t.TempDir(), "a.conll")})
	raw, _ := os.ReadFile(out)
	type ent struct{ typ, text string }
	var docs [][]ent
	var toks []string
	var cur *ent
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		l := sc.Text()
		if l == "" {
			cur = nil
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 2 || strings.ContainsAny(f[0], " \n") {
			t.Fatalf("bad line %q", l)
		}
		if f[0] == "-DOCSTART-" {
			docs = append(docs, nil)
			continue
		}
		toks = append(toks, f[0])
		switch {
		case strings.HasPrefix(f[1], "B-"):
			docs[len(docs)-1] = append(docs[len(docs)-1], ent{f[1][2:], f[0]})
			cur = &docs[len(docs)-1][len(docs[len(docs)-1])-1]
		case strings.HasPrefix(f[1], "I-"):
			if cur == nil || cur.typ != f[1][2:] {
				t.Fatalf("I- tag without its B-: %q", l)
			}
			cur.text += f[0]
		default:
			cur = nil
		}
	}
	if len(docs) != 3 {
		t.Fatalf("%d documents", len(docs))
	}
	// Every tagged entity is an entity mention's quote (white space removed);
	// the claims overlap mentions and yield to them.
	for i, a := range d.Articles {
		var mine []model.Annotation
		for _, an := range d.Annotations {
			if an.ArticleID == a.ID {
				mine = append(mine, an)
			}
		}
		var want []ent
		kept, _ := bioSpans(mine)
		for _, an := range kept {
			want = append(want, ent{an.Type, strings.Join(strings.Fields(an.Quote), "")})
		}
		if !slices.Equal(docs[i], want) {
			t.Errorf("article %d entities\n got %v\nwant %v", i, docs[i], want)
		}
	}
	// The proclitics وب of وبطرابلس are their own token, outside the GPE.
	if !bytes.Contains(raw, []byte("وب\tO\nطرابلس\tB-GPE\n")) {
		t.Errorf("proclitic not split:\n%s", raw)
	}
	// Sentence break after "أمس." and the tokens in order rebuild the text.
	if !bytes.Contains(raw, []byte("أمس\tO\n.\tO\n\n")) {
		t.Error("no sentence break after أمس.")
	}
	var all strings.Builder
	for _, a := range d.Articles {
		all.WriteString(strings.Join(strings.Fields(a.Text), ""))
	}
	if strings.Join(toks, "") != all.String() {
		t.Error("tokens do not rebuild the texts")
	}
}

func TestW3C(t *testing.T) {
	d := fixture(t)
	byID := annByID(d)
	for _, unit := range []string{UnitCodepoint, UnitUTF16} {
		out := write(t, d, Options{Format: "w3c", Out: filepath.Join(t.TempDir(), "w.jsonld"), Offsets: unit})
		raw, _ := os.ReadFile(out)
		var col struct {
			Type       string
			OffsetUnit string
			Total      int
			Sources    []struct{ ID, Text string }
			First      struct {
				Type  string
				Items []struct {
					ID, Type, Motivation string
					Body                 []map[string]any
					Target               struct {
						Source   string
						Selector []map[string]any
					}
				}
			}
		}
		if err := json.Unmarshal(raw, &col); err != nil {
			t.Fatal(err)
		}
		if col.Type != "AnnotationCollection" || col.First.Type != "AnnotationPage" || col.OffsetUnit != unit || col.Total != len(d.Annotations) {
			t.Fatalf("collection %s/%s unit %s total %d", col.Type, col.First.Type, col.OffsetUnit, col.Total)
		}
		texts := map[string]string{}
		for _, s := range col.Sources {
			texts[s.ID] = s.Text
		}
		for _, it := range col.First.Items {
			an := byID[strings.TrimPrefix(it.ID, "urn:uuid:")]
			text := texts[it.Target.Source]
			q, p := it.Target.Selector[0], it.Target.Selector[1]
			if q["type"] != "TextQuoteSelector" || p["type"] != "TextPositionSelector" {
				t.Fatalf("selectors %v", it.Target.Selector)
			}
			s, e := int(p["start"].(float64)), int(p["end"].(float64))
			got := cut(t, text, s, e, unit)
			if got != q["exact"] || got != an.Quote {
				t.Errorf("position cuts %q, exact %q", got, q["exact"])
			}
			prefix, _ := q["prefix"].(string)
			suffix, _ := q["suffix"].(string)
			if !strings.Contains(text, prefix+an.Quote+suffix) {
				t.Errorf("prefix/exact/suffix not in text: %q %q %q", prefix, an.Quote, suffix)
			}
			if it.Body[0]["purpose"] != "tagging" || it.Body[0]["value"] != an.Type {
				t.Errorf("body %v", it.Body)
			}
			if an.EntityID != "" && it.Body[1]["purpose"] != "identifying" {
				t.Errorf("no identifying body: %v", it.Body)
			}
		}
		if !strings.Contains(string(raw), `"id": "http://www.wikidata.org/entity/Q597"`) || !strings.Contains(string(raw), `"purpose": "commenting"`) {
			t.Error("wikidata link or comment body missing")
		}
	}
}

type qdeTest struct {
	Users struct {
		User []struct {
			GUID string `xml:"guid,attr"`
			Name string `xml:"name,attr"`
		} `xml:"User"`
	} `xml:"Users"`
	CodeBook struct {
		Codes struct {
			Code []qdeTestCode `xml:"Code"`
		} `xml:"Codes"`
	} `xml:"CodeBook"`
	Sources struct {
		TextSource []struct {
			GUID               string `xml:"guid,attr"`
			Name               string `xml:"name,attr"`
			PlainTextPath      string `xml:"plainTextPath,attr"`
			PlainTextSelection []struct {
				GUID          string `xml:"guid,attr"`
				StartPosition int    `xml:"startPosition,attr"`
				EndPosition   int    `xml:"endPosition,attr"`
				CreatingUser  string `xml:"creatingUser,attr"`
				Coding        []struct {
					CodeRef struct {
						TargetGUID string `xml:"targetGUID,attr"`
					} `xml:"CodeRef"`
				} `xml:"Coding"`
			} `xml:"PlainTextSelection"`
		} `xml:"TextSource"`
	} `xml:"Sources"`
	Sets struct {
		Set []struct {
			Name         string `xml:"name,attr"`
			MemberSource []struct {
				TargetGUID string `xml:"targetGUID,attr"`
			} `xml:"MemberSource"`
		} `xml:"Set"`
	} `xml:"Sets"`
}

type qdeTestCode struct {
	GUID      string        `xml:"guid,attr"`
	Name      string        `xml:"name,attr"`
	IsCodable bool          `xml:"isCodable,attr"`
	Color     string        `xml:"color,attr"`
	Code      []qdeTestCode `xml:"Code"`
}

func TestQDPX(t *testing.T) {
	d := fixture(t)
	byID := annByID(d)
	for _, unit := range []string{UnitCodepoint, UnitUTF16} {
		out := write(t, d, Options{Format: "qdpx", Out: filepath.Join(t.TempDir(), "p.qdpx"), Offsets: unit})
		zr, err := zip.OpenReader(out)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			files[f.Name], _ = io.ReadAll(rc)
			rc.Close()
		}
		zr.Close()
		qde := files["project.qde"]
		if qde == nil {
			t.Fatal("no project.qde")
		}
		var root struct {
			XMLName xml.Name
			Name    string `xml:"name,attr"`
		}
		if err := xml.Unmarshal(qde, &root); err != nil {
			t.Fatal(err)
		}
		if root.XMLName.Space != "urn:QDA-XML:project:1.0" || root.XMLName.Local != "Project" || root.Name == "" {
			t.Fatalf("root %v", root.XMLName)
		}
		var p qdeTest
		if err := xml.Unmarshal(qde, &p); err != nil {
			t.Fatal(err)
		}
		codes := map[string]string{}
		var walk func([]qdeTestCode)
		walk = func(cs []qdeTestCode) {
			for _, c := range cs {
				codes[c.GUID] = c.Name
				walk(c.Code)
			}
		}
		walk(p.CodeBook.Codes.Code)
		if p.CodeBook.Codes.Code[0].Name != "PER" || p.CodeBook.Codes.Code[0].Color != "#E6862E" {
			t.Errorf("first code %+v", p.CodeBook.Codes.Code[0])
		}
		users := map[string]bool{}
		for _, u := range p.Users.User {
			users[u.GUID] = true
		}
		n := 0
		for _, src := range p.Sources.TextSource {
			if !strings.HasPrefix(src.PlainTextPath, "internal://") {
				t.Fatalf("plainTextPath %q", src.PlainTextPath)
			}
			text, ok := files["sources/"+strings.TrimPrefix(src.PlainTextPath, "internal://")]
			if !ok {
				t.Fatalf("source file for %s missing", src.PlainTextPath)
			}
			for _, sel := range src.PlainTextSelection {
				n++
				an := byID[sel.GUID]
				if got := cut(t, string(text), sel.StartPosition, sel.EndPosition, unit); got != an.Quote {
					t.Errorf("%s: selection cuts %q, want %q", unit, got, an.Quote)
				}
				if !users[sel.CreatingUser] {
					t.Errorf("creatingUser %q not in Users", sel.CreatingUser)
				}
				if len(sel.Coding) == 0 || codes[sel.Coding[0].CodeRef.TargetGUID] != an.Type {
					t.Errorf("selection %q not coded with its type", an.Quote)
				}
				for _, c := range sel.Coding {
					if codes[c.CodeRef.TargetGUID] == "" {
						t.Errorf("CodeRef %s points to no code", c.CodeRef.TargetGUID)
					}
				}
			}
		}
		if n != len(d.Annotations) {
			t.Errorf("%d selections, want %d", n, len(d.Annotations))
		}
		if len(p.Sets.Set) != 1 || len(p.Sets.Set[0].MemberSource) != 2 {
			t.Errorf("sets %+v", p.Sets)
		}
		if !bytes.Contains(qde, []byte(`name="سامي الحداد"`)) || !bytes.Contains(qde, []byte(`name="mostly true"`)) {
			t.Error("entity or verdict sub-code missing")
		}
	}
}

func TestClaimReview(t *testing.T) {
	d := fixture(t)
	out := write(t, d, Options{Format: "claimreview", Out: filepath.Join(t.TempDir(), "cr.jsonld")})
	raw, _ := os.ReadFile(out)
	var g struct {
		Context string `json:"@context"`
		Graph   []struct {
			Type          string `json:"@type"`
			ClaimReviewed string
			ItemReviewed  struct {
				Type   string `json:"@type"`
				Author struct {
					Type string `json:"@type"`
					Name string
				}
				Appearance struct{ URL string }
			}
			ReviewRating struct {
				AlternateName string
				RatingValue   int
			}
		} `json:"@graph"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	if g.Context != "https://schema.org" || len(g.Graph) != 2 {
		t.Fatalf("context %q, %d reviews (want 2: the unverified claim is left out)", g.Context, len(g.Graph))
	}
	quotes := map[string]model.Annotation{}
	for _, a := range d.Annotations {
		quotes[a.Quote] = a
	}
	for _, cr := range g.Graph {
		an, ok := quotes[cr.ClaimReviewed]
		if !ok || cr.Type != "ClaimReview" || cr.ItemReviewed.Type != "Claim" || cr.ReviewRating.AlternateName != an.Verdict {
			t.Errorf("%+v", cr)
		}
		if cr.ItemReviewed.Author.Name == "" || cr.ItemReviewed.Author.Type != "Person" || !strings.HasPrefix(cr.ItemReviewed.Appearance.URL, "https://news.example/") {
			t.Errorf("claim author/appearance %+v", cr.ItemReviewed)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	d := fixture(t)
	dir := t.TempDir()
	for _, o := range []Options{
		{Format: "xml", Out: filepath.Join(dir, "a")},
		{Format: "csv"},
		{Format: "csv", Out: filepath.Join(dir, "b"), Offsets: "bytes"},
		{Format: "brat", Out: filepath.Join(dir, "c"), Offsets: "utf16"},
	} {
		if err := Write(context.Background(), d, o, nil); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	// A quote that does not match its span is refused.
	bad := fixture(t)
	bad.Annotations[0].Quote = "something else"
	if err := Write(context.Background(), bad, Options{Format: "jsonl", Out: filepath.Join(dir, "d.jsonl")}, nil); err == nil {
		t.Error("mismatched quote accepted")
	}
	// A file where a folder should go is neither removed nor replaced.
	os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644)
	if err := Write(context.Background(), d, Options{Format: "brat", Out: filepath.Join(dir, "file")}, nil); err == nil {
		t.Error("replaced a file by a folder")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "file")); string(b) != "x" {
		t.Error("file changed")
	}
	// A non-empty folder is not written into.
	os.MkdirAll(filepath.Join(dir, "full"), 0o755)
	os.WriteFile(filepath.Join(dir, "full", "keep.txt"), []byte("x"), 0o644)
	if err := Write(context.Background(), d, Options{Format: "csv", Out: filepath.Join(dir, "full")}, nil); err == nil {
		t.Error("wrote into a non-empty folder")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "full" && e.Name() != "file" {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

func TestCancelLeavesNothing(t *testing.T) {
	d := fixture(t)
	for _, f := range Formats {
		for _, out := range []string{"out", "out.zip"} {
			if out == "out.zip" && f != "csv" && f != "brat" {
				continue
			}
			dir := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			err := Write(ctx, d, Options{Format: f, Out: filepath.Join(dir, out)}, func(done, total int) {
				if done == 1 {
					cancel()
				}
			})
			cancel()
			if err != context.Canceled {
				t.Errorf("%s: err %v, want context.Canceled", f, err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("%s: cancellation left %v", f, entries[0].Name())
			}
		}
	}
	// Cancelled before it starts.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if err := Write(ctx, d, Options{Format: "csv", Out: filepath.Join(dir, "x")}, nil); err != context.Canceled {
		t.Errorf("err %v", err)
	}
}
