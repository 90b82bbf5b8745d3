package cli

import (
	"archive/zip"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"daftar/model"
	"daftar/storage"
)

// Two stories written for these tests: CRLF line ends (the archive stores
// LF), emoji before and inside spans (surrogate pairs in UTF-16, a flag of
// two code points, a skin-tone modifier), Arabic, TABs.
const (
	rtStoryAR = "🇱🇧 قال الوزير سامي الحداد إن إيران وافقت 👍🏽 على الاتفاق.\r\nOfficials in Baku\tagreed 😀 on Monday.\r\n"
	rtStoryFR = "Le conseil de Lisbonne 🎉 a voté.\r\nالمجلس\tصوّت اليوم.\r\n"
)

// roundTrip is one format that comes back into Daftar: how to export it,
// how to import it, and what it cannot carry. lose turns an annotation as
// it was exported into what that format brings back; docs/exports.md has
// the same facts in its table "What comes back".
type roundTrip struct {
	format   string                         // export --format
	out      string                         // file or folder name of the export
	importAs []string                       // import flags before the path
	registry bool                           // the entity registry must already be in the archive
	sets     bool                           // sets come back (their names and members)
	check    func(t *testing.T, out string) // the export against its consumer's schema, when there is one
	lose     func(*lsSpan)
}

// importer is the annotator the CLI records for what comes without one.
const rtImporter = "importer"

var roundTrips = []roundTrip{
	// The bundle is Daftar's own format: everything, the registry included.
	{format: "json", out: "bundle.json", sets: true, lose: func(*lsSpan) {}},
	// doccano JSONL: Daftar's "annotations" beside "label" give the quote
	// and note; annotator, links and claim fields are metadata it does not
	// read back.
	{format: "jsonl", out: "doccano.jsonl", importAs: []string{"--format", "doccano"}, lose: func(s *lsSpan) {
		s.Annotator = rtImporter
		noLinks(s)
		noClaim(s)
	}},
	// brat: T spans and # notes, a note on one line; A (verdict, stance),
	// N (links) and R (claimant, target) lines are written for brat and
	// skipped on import; a claim's note carries its fields as text.
	{format: "brat", out: "brat", importAs: []string{"--format", "brat"}, lose: func(s *lsSpan) {
		s.Annotator = rtImporter
		if s.Kind == string(model.KindClaim) {
			s.Note = bratClaimNote(s)
		}
		s.Note = strings.NewReplacer("\n", " ", "\t", " ").Replace(s.Note)
		noLinks(s)
		noClaim(s)
	}},
	// Label Studio: everything, in region meta; links need the registry.
	{format: "labelstudio", out: "tasks.json", importAs: []string{"--format", "labelstudio"}, registry: true, lose: func(*lsSpan) {}},
	// REFI-QDA: the entity link as a sub-code (needs the registry), claim
	// fields in the selection's description; claimant and targets travel
	// by name only.
	{format: "qdpx", out: "project.qdpx", registry: true, sets: true, check: validateQDE, lose: func(s *lsSpan) {
		s.ClaimantID, s.Targets = "", ""
	}},
}

func noLinks(s *lsSpan) { s.EntityID, s.ClaimantID, s.Targets = "", "", "" }

func noClaim(s *lsSpan) { s.Attribution, s.Stance, s.Verdict, s.ClaimDate = "", "", "", "" }

// bratClaimNote is the AnnotatorNotes text brat's export gives a claim
// whose claimant and target have mentions in the article (they travel as
// relations): the note, then attribution and claim date.
func bratClaimNote(s *lsSpan) string {
	return strings.Join([]string{s.Note, "attribution: " + s.Attribution, "claim date: " + s.ClaimDate}, "; ")
}

// TestRoundTrips exports one archive rich in overlaps, emoji, Arabic, TABs
// and line breaks in every format that comes back, imports each into an
// archive holding only the same articles (and the registry where the
// format needs it), and compares every span, type, quote, annotator, note,
// entity link and claim field, and the sets where the format has them.
func TestRoundTrips(t *testing.T) {
	t.Setenv("DAFTAR_USER", rtImporter)
	ctx := context.Background()
	dir, src := t.TempDir(), t.TempDir()
	stories := []string{writeFile(t, src, "ar.txt", rtStoryAR), writeFile(t, src, "fr.txt", rtStoryFR)}
	adb := filepath.Join(dir, "a.db")
	a, arts := rtArchive(t, adb, stories)
	entities := []model.Entity{{Name: "سامي الحداد", Type: "PER"}, {Name: "إيران", Type: "GPE", Wikidata: "Q794"}, {Name: "Lisbonne", Type: "GPE"}}
	for i := range entities {
		e, err := a.CreateEntity(ctx, "t", entities[i])
		if err != nil {
			t.Fatal(err)
		}
		entities[i] = *e
	}
	var anns []model.Annotation
	add := func(art *model.Article, who, typ, quote string, f func(*model.Annotation)) {
		s := runeIndex(art.Text, quote)
		if s < 0 {
			t.Fatalf("%q not in the text", quote)
		}
		an := model.Annotation{ArticleID: art.ID, Kind: model.KindEntity, Type: typ, Start: s, End: s + len([]rune(quote)), Quote: quote, Annotator: who}
		if f != nil {
			f(&an)
		}
		anns = append(anns, an)
	}
	ar, fr := arts[0], arts[1]
	add(ar, "lina", "PER", "سامي الحداد", func(a *model.Annotation) {
		a.EntityID, a.Note = entities[0].ID, "the minister\nsecond line: of the note"
	})
	add(ar, "lina", "GPE", "إيران", func(a *model.Annotation) { a.EntityID = entities[1].ID })
	add(ar, "omar", "GPE", "إيران", func(a *model.Annotation) { a.Note = "same span, another coder" })
	add(ar, "omar", "MISC", "إيران وافقت 👍🏽", nil) // overlaps, ends after an emoji with a skin tone
	add(ar, "omar", "CLAIM", "إيران وافقت", func(a *model.Annotation) {
		a.Kind, a.Note, a.ClaimantID, a.TargetIDs = model.KindClaim, "checked", entities[0].ID, []string{entities[1].ID}
		a.Attribution, a.Stance, a.Verdict, a.ClaimDate = "قال الوزير", "supports", model.VerdictMostlyTrue, "2026-11-30"
	})
	add(ar, "lina", "MISC", "الاتفاق.\nOfficials", nil) // across a line break
	add(ar, "omar", "EVENT", "Baku\tagreed 😀 on", nil)  // holds a TAB and an emoji
	add(ar, "lina", "GPE", "Baku", nil)                 // inside the EVENT
	add(fr, "omar", "ORG", "conseil de Lisbonne", nil)
	add(fr, "lina", "GPE", "Lisbonne", func(a *model.Annotation) { a.EntityID = entities[2].ID }) // nested
	add(fr, "omar", "MISC", "🎉 a voté.\nالمجلس\tصوّت", func(a *model.Annotation) { a.Note = "تصويت" })
	if _, err := a.CreateAnnotations(ctx, "t", anns); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateSet(ctx, "t", model.Set{Name: "المشرق 🌍", ArticleIDs: []string{ar.ID}}); err != nil {
		t.Fatal(err)
	}
	sentSets := rtSets(t, a)
	if len(sentSets) != 1 {
		t.Fatalf("sets sent: %q", sentSets)
	}
	sent := map[string][]lsSpan{} // by article text
	for _, art := range arts {
		sent[art.Text] = lsSpans(t, a, art.ID)
	}

	for _, c := range roundTrips {
		t.Run(c.format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), c.out)
			if code, stdout, errOut := run(t, adb, "export", "--format", c.format, "--out", out); code != ExitOK {
				t.Fatalf("export: exit %d\n%s%s", code, stdout, errOut)
			}
			if c.check != nil {
				c.check(t, out)
			}
			bdb := filepath.Join(t.TempDir(), "b.db")
			b, barts := rtArchive(t, bdb, stories)
			if c.registry {
				for _, e := range entities {
					if _, err := b.CreateEntity(ctx, "t", e); err != nil {
						t.Fatal(err)
					}
				}
			}
			code, stdout, errOut := run(t, bdb, append(append([]string{"import"}, c.importAs...), out)...)
			// Only spans that the format's losses made duplicates may be
			// warned about (two annotators of one span, where the
			// annotator does not travel), each once. The first in the
			// file is kept: the export orders equal spans by id, and the
			// fixture made lina's before omar's, which lsSpans also sorts
			// first.
			dups := 0
			wants := map[string][]lsSpan{}
			for text, spans := range sent {
				want := slices.Clone(spans)
				for i := range want {
					c.lose(&want[i])
				}
				n := len(want)
				want = slices.CompactFunc(want, func(x, y lsSpan) bool {
					return x.Start == y.Start && x.End == y.End && x.Type == y.Type && x.Annotator == y.Annotator
				})
				dups += n - len(want)
				wants[text] = want
			}
			if code != ExitOK || strings.Count(errOut, "\n") != dups || strings.Count(errOut, "duplicate of an earlier span") != dups {
				t.Fatalf("import: exit %d, want %d duplicate warnings\nstdout %s\nstderr %s", code, dups, stdout, errOut)
			}
			if got := rtSets(t, b); c.sets && !slices.Equal(got, sentSets) || !c.sets && len(got) != 0 {
				t.Errorf("sets came back as %q, sent %q", got, sentSets)
			}
			for _, art := range barts {
				want := wants[art.Text]
				got := lsSpans(t, b, art.ID)
				if len(got) != len(want) {
					t.Errorf("%d annotations came back on %q, want %d:\n got %+v\nwant %+v", len(got), art.Title, len(want), got, want)
					continue
				}
				for i := range want {
					if got[i] != want[i] {
						t.Errorf("annotation %d on %q:\n got %+v\nwant %+v", i, art.Title, got[i], want[i])
					}
				}
			}
		})
	}
}

// rtArchive imports the story files into a new archive and returns it
// with its articles in the order of the files.
func rtArchive(t *testing.T, db string, stories []string) (*storage.Store, []*model.Article) {
	t.Helper()
	if code, _, errOut := run(t, db, append([]string{"import"}, stories...)...); code != ExitOK {
		t.Fatal(errOut)
	}
	ctx := context.Background()
	store, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	list, err := store.ListArticles(ctx, storage.ListOptions{})
	if err != nil || len(list) != len(stories) {
		t.Fatalf("articles: %v %v", list, err)
	}
	arts := make([]*model.Article, len(stories))
	for _, l := range list {
		art, err := store.Article(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, text := range []string{rtStoryAR, rtStoryFR}[:len(stories)] {
			if art.Text == model.CanonicalText(text) {
				arts[i] = art
			}
		}
	}
	if slices.Contains(arts, nil) {
		t.Fatalf("an article does not hold its story's text: %v", arts)
	}
	return store, arts
}

// rtSets lists an archive's sets as "name: first line of each member's
// text", sorted, to compare archives whose article ids differ.
func rtSets(t *testing.T, store *storage.Store) []string {
	t.Helper()
	ctx := context.Background()
	sets, err := store.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, st := range sets {
		ids, err := store.SetMembers(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			art, err := store.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, st.Name+": "+strings.SplitN(art.Text, "\n", 2)[0])
		}
	}
	slices.Sort(out)
	return out
}

// validateQDE checks the project.qde of a .qdpx against the official
// REFI-QDA 1.0 schema with xmllint, when DAFTAR_SPECS names the folder
// holding it (the schema is not ours to copy).
func validateQDE(t *testing.T, qdpx string) {
	t.Helper()
	dir := os.Getenv("DAFTAR_SPECS")
	if dir == "" {
		t.Log("DAFTAR_SPECS is not set: project.qde not validated")
		return
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint (libxml2-utils) is needed when DAFTAR_SPECS is set")
	}
	zr, err := zip.OpenReader(qdpx)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	raw, err := fs.ReadFile(zr, "project.qde")
	if err != nil {
		t.Fatal(err)
	}
	qde := writeFile(t, t.TempDir(), "project.qde", string(raw))
	res, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join(dir, "REFI-QDA-Project-1.0.xsd"), qde).CombinedOutput()
	if err != nil || !strings.Contains(string(res), "validates") {
		t.Errorf("project.qde does not validate against the REFI-QDA 1.0 schema: %v\n%s", err, res)
	}
}

// docs/exports.md's table "What comes back, per format" says, for each
// format of TestRoundTrips, what its lose function and sets flag say.
func TestDocsRoundTripTable(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "exports.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "### What comes back, per format")
	if !ok {
		t.Fatal("docs/exports.md has no table \"What comes back, per format\"")
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		format, _, _ := strings.Cut(strings.Trim(cells[0], " `"), "`")
		rows[format] = cells
	}
	full := lsSpan{Annotator: "lina", Note: "two\nlines", EntityID: "e", ClaimantID: "c", Targets: "t",
		Attribution: "a", Stance: "s", Verdict: "v", ClaimDate: "d", Kind: string(model.KindClaim)}
	yes := func(cell string, kept bool) bool { return strings.HasPrefix(cell, "yes") == kept }
	for _, c := range roundTrips {
		cells, ok := rows[c.format]
		if !ok || len(cells) != 8 {
			t.Errorf("no row of 8 cells for %s: %q", c.format, cells)
			continue
		}
		got := full
		c.lose(&got)
		claimKept := []bool{got.ClaimantID != "", got.Targets != "", got.Attribution != "", got.Stance != "", got.Verdict != "", got.ClaimDate != ""}
		claimCell := strings.HasPrefix(cells[5], "all") == !slices.Contains(claimKept, false) &&
			strings.HasPrefix(cells[5], "—") == !slices.Contains(claimKept, true)
		if !yes(cells[2], got.Annotator == full.Annotator) || !yes(cells[3], got.Note == full.Note) ||
			!yes(cells[4], got.EntityID != "") || !claimCell || !yes(cells[6], c.sets) {
			t.Errorf("docs/exports.md's row for %s disagrees with the round trip (kept: %+v, sets %v):\n%q", c.format, got, c.sets, cells)
		}
	}
}
