package cli

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"daftar/model"
	"daftar/storage"
)

// qdpxStory is written for these tests with CRLF line ends (the archive
// stores LF), emoji, Arabic and a TAB.
const qdpxStory = "🇱🇧 قال الوزير سامي الحداد إن إيران وافقت 👍🏽 على الاتفاق.\r\nOfficials in Baku\tagreed 😀 on Monday.\r\n"

// Daftar -> .qdpx -> Daftar keeps every span, type, annotator, note, entity
// link and claim field REFI-QDA can carry; claimants and targets travel by
// name in the description and do not come back.
func TestQDPXRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	story := writeFile(t, t.TempDir(), "story.txt", qdpxStory)
	a, art := lsArchive(t, filepath.Join(dir, "a.db"), story)
	at := func(sub string, n int) (int, int, string) {
		s := runeIndex(art.Text, sub)
		if s < 0 {
			t.Fatalf("%q not in the text", sub)
		}
		return s, s + n, string([]rune(art.Text)[s : s+n])
	}
	ent, err := a.CreateEntity(ctx, "t", model.Entity{Name: "سامي الحداد", Type: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	var anns []model.Annotation
	add := func(who, typ, sub string, n int, f func(*model.Annotation)) {
		s, e, q := at(sub, n)
		an := model.Annotation{ArticleID: art.ID, Kind: model.KindEntity, Type: typ, Start: s, End: e, Quote: q, Annotator: who}
		if f != nil {
			f(&an)
		}
		anns = append(anns, an)
	}
	add("lina", "PER", "سامي الحداد", 11, func(a *model.Annotation) { a.EntityID, a.Note = ent.ID, "the minister\nsecond line: of the note" })
	add("lina", "GPE", "إيران", 5, nil)
	add("omar", "GPE", "إيران", 5, func(a *model.Annotation) { a.Note = "same span, another coder" })
	add("omar", "MISC", "إيران وافقت 👍🏽", 14, nil)
	add("omar", "EVENT", "Baku\tagreed 😀 on", 18, nil)
	add("omar", "CLAIM", "إيران وافقت", 11, func(a *model.Annotation) {
		a.Kind, a.Note = model.KindClaim, "checked"
		a.Attribution, a.Stance, a.Verdict, a.ClaimDate = "قال الوزير", "supports", model.VerdictMostlyTrue, "2026-11-30"
	})
	if _, err := a.CreateAnnotations(ctx, "t", anns); err != nil {
		t.Fatal(err)
	}
	want := lsSpans(t, a, art.ID)
	out := filepath.Join(dir, "project.qdpx")
	if code, stdout, errOut := run(t, filepath.Join(dir, "a.db"), "export", "--format", "qdpx", "--out", out); code != ExitOK {
		t.Fatalf("export: %s%s", stdout, errOut)
	}

	bdb := filepath.Join(dir, "b.db")
	b, bart := lsArchive(t, bdb, story)
	if _, err := b.CreateEntity(ctx, "t", *ent); err != nil {
		t.Fatal(err)
	}
	// No --format: the extension says it.
	code, stdout, errOut := run(t, bdb, "import", out)
	if code != ExitOK || !strings.Contains(stdout, fmt.Sprintf("%d annotations attached", len(anns))) || errOut != "" {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, errOut)
	}
	if got := lsSpans(t, b, bart.ID); !slices.Equal(got, want) {
		t.Errorf("round trip changed the annotations:\n got %+v\nwant %+v", got, want)
	}
	schema, err := b.Schema(ctx)
	if err != nil || len(schema) != len(model.DefaultSchema()) {
		t.Errorf("the schema grew on a Daftar round trip: %v %v", schema, err)
	}

	// --offsets utf16 is declared in the project's Description and read so.
	out16 := filepath.Join(dir, "utf16.qdpx")
	if code, stdout, errOut := run(t, filepath.Join(dir, "a.db"), "export", "--format", "qdpx", "--offsets", "utf16", "--out", out16); code != ExitOK {
		t.Fatalf("export utf16: %s%s", stdout, errOut)
	}
	cdb := filepath.Join(dir, "c.db")
	c, cart := lsArchive(t, cdb, story)
	if _, err := c.CreateEntity(ctx, "t", *ent); err != nil {
		t.Fatal(err)
	}
	// No warning: a span moved to its quote would mean the unit was misread.
	if code, stdout, errOut := run(t, cdb, "import", out16); code != ExitOK || errOut != "" {
		t.Fatalf("import utf16: exit %d\n%s%s", code, stdout, errOut)
	}
	if got := lsSpans(t, c, cart.ID); !slices.Equal(got, want) {
		t.Errorf("utf16 round trip changed the annotations:\n got %+v\nwant %+v", got, want)
	}

	// Into an empty archive the source becomes the article, with its title;
	// the entity link is dropped (no registry) and everything else is kept.
	ddb := filepath.Join(dir, "d.db")
	code, stdout, errOut = run(t, ddb, "import", out)
	if code != ExitOK || !strings.Contains(stdout, "1 imported") || !strings.Contains(errOut, "no such entity in this archive") {
		t.Fatalf("import into an empty archive: exit %d\n%s%s", code, stdout, errOut)
	}
	d, err := storage.Open(ctx, ddb)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	list, err := d.ListArticles(ctx, storage.ListOptions{})
	if err != nil || len(list) != 1 {
		t.Fatalf("articles: %v %v", list, err)
	}
	dart, err := d.Article(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if dart.Title != art.Title || dart.Text != art.Text {
		t.Errorf("new article %q %q, want %q %q", dart.Title, dart.Text, art.Title, art.Text)
	}
	got := lsSpans(t, d, dart.ID)
	for i := range got {
		got[i].EntityID = want[i].EntityID
	}
	if !slices.Equal(got, want) {
		t.Errorf("into an empty archive:\n got %+v\nwant %+v", got, want)
	}
}

// A project the standard forbids (a position past its text, a coding of a
// code not in the codebook, a broken ZIP, a DTD) or whose selection names a
// quote its text does not hold is refused whole: exit 1, the file
// and reason on one line, nothing written.
func TestQDPXImportRefused(t *testing.T) {
	dir := t.TempDir()
	story := writeFile(t, t.TempDir(), "story.txt", qdpxStory)
	text := model.CanonicalText(qdpxStory)
	n := len([]rune(text))
	qde := func(start, end int, codeRef string) string {
		return `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="hand">
 <CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="Place" isCodable="true" color="#00AA00"/></Codes></CodeBook>
 <Sources><TextSource guid="22222222-2222-2222-2222-222222222222" name="story" plainTextPath="internal://s.txt">
  <PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="0" endPosition="2">
   <Coding guid="44444444-4444-4444-4444-444444444444"><CodeRef targetGUID="11111111-1111-1111-1111-111111111111"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="55555555-5555-5555-5555-555555555555" startPosition="` + fmt.Sprint(start) + `" endPosition="` + fmt.Sprint(end) + `">
   <Coding guid="66666666-6666-6666-6666-666666666666"><CodeRef targetGUID="` + codeRef + `"/></Coding>
  </PlainTextSelection>
 </TextSource></Sources>
</Project>`
	}
	zipped := func(name, project string) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(f)
		for _, e := range [][2]string{{"project.qde", project}, {"sources/s.txt", text}} {
			w, err := zw.Create(e[0])
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(e[1]))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	good := "11111111-1111-1111-1111-111111111111"
	broken := zipped("broken.qdpx", qde(3, 6, good))
	raw, _ := os.ReadFile(broken)
	os.WriteFile(broken, raw[:len(raw)-30], 0o644) // the central directory cut off
	for _, c := range []struct{ file, reason string }{
		{zipped("past.qdpx", qde(n-2, n+1, good)), "outside the text"},
		{zipped("unknown.qdpx", qde(3, 6, "77777777-7777-7777-7777-777777777777")), "names no code of the codebook"},
		{broken, "not a readable .qdpx"},
		{zipped("quote.qdpx", strings.Replace(qde(3, 6, good), `guid="55555555-5555-5555-5555-555555555555"`,
			`guid="55555555-5555-5555-5555-555555555555" name="nothing like it"`, 1)), "differs from the text"},
		{zipped("dtd.qdpx", strings.Replace(qde(3, 6, good), "<Project", `<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project`, 1)), "DTD"},
	} {
		db := filepath.Join(dir, filepath.Base(c.file)+".db")
		store, art := lsArchive(t, db, story)
		code, stdout, errOut := run(t, db, "import", "--format", "qdpx", c.file)
		if code != ExitFail || !strings.Contains(errOut, filepath.Base(c.file)+": "+c.reason) && !strings.Contains(errOut, c.reason) {
			t.Errorf("%s: exit %d, want 1 with %q:\n%s%s", c.file, code, c.reason, stdout, errOut)
		}
		if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 1 {
			t.Errorf("%s: want one line, got %q", c.file, errOut)
		}
		if got := lsSpans(t, store, art.ID); len(got) != 0 {
			t.Errorf("%s: annotations were written: %+v", c.file, got)
		}
		if schema, _ := store.Schema(context.Background()); len(schema) != len(model.DefaultSchema()) {
			t.Errorf("%s: the schema changed: %v", c.file, schema)
		}
	}
}
