package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/importer"
	"daftar/model"
	"daftar/storage"
)

// run runs one command line against the archive db and returns its exit
// status, standard output and standard error.
func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"--db", db}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// storyAR is a short Arabic news text written for these tests, with a
// dateline, Latin digits inside Arabic and CRLF line ends to canonicalize.
const storyAR = "باكو - أعلن وزير الخارجية اليوم أن المحادثات مع إيران ستستمر.\r\n\r\nوقال إن المبيعات بلغت 740 مليون دولار بين 2017 و2019.\r\n"

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportExportRoundTripAndDuplicate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	src := writeFile(t, dir, "story.txt", storyAR)

	code, out, errOut := run(t, db, "import", src)
	if code != ExitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = run(t, db, "import", src)
	if code != ExitOK || !regexp.MustCompile(`duplicate of [0-9a-f-]{36}`).MatchString(out) {
		t.Fatalf("second import: exit %d, want a duplicate report, got\n%s", code, out)
	}

	code, out, errOut = run(t, db, "export", "--format", "json")
	if code != ExitOK {
		t.Fatalf("export: exit %d %s", code, errOut)
	}
	b, err := bundle.Read(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Articles) != 1 {
		t.Fatalf("%d articles exported, want 1", len(b.Articles))
	}
	want := strings.TrimSpace(strings.ReplaceAll(storyAR, "\r\n", "\n"))
	if got := b.Articles[0].Text; got != want {
		t.Errorf("exported text differs from the imported text:\n got %q\nwant %q", got, want)
	}
	if b.Articles[0].Language != "ar" || b.Articles[0].Direction != "rtl" {
		t.Errorf("language/direction = %q/%q, want ar/rtl", b.Articles[0].Language, b.Articles[0].Direction)
	}
}

func TestBundleIntoEmptyArchiveExportsIdentical(t *testing.T) {
	dir, articles := t.TempDir(), t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	writeFile(t, articles, "one.txt", storyAR)
	writeFile(t, articles, "two.txt", "PARIS — The summit opened on Monday with talks on energy prices.\n\nDelegates from 40 countries attended.\n")
	if code, out, errOut := run(t, a, "import", "--set", "summits", articles); code != ExitOK {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	bundlePath := filepath.Join(dir, "out.json")
	if code, _, errOut := run(t, a, "export", "--format", "json", "--out", bundlePath); code != ExitOK {
		t.Fatalf("export: %s", errOut)
	}
	if code, out, errOut := run(t, b, "import", bundlePath); code != ExitOK {
		t.Fatalf("import bundle: %d %s %s", code, out, errOut)
	}
	again := filepath.Join(dir, "again.json")
	if code, _, errOut := run(t, b, "export", "--format", "json", "--out", again); code != ExitOK {
		t.Fatalf("export again: %s", errOut)
	}
	first, second := withoutExportedAt(t, bundlePath), withoutExportedAt(t, again)
	if first != second {
		t.Errorf("bundles differ beyond exported_at:\n%s\n---\n%s", first, second)
	}
	// A second merge changes nothing.
	code, out, _ := run(t, b, "import", "--json", bundlePath)
	if code != ExitOK {
		t.Fatalf("re-import: exit %d", code)
	}
	var rep struct {
		Entries []struct {
			Bundle struct {
				ArticlesAdded, AnnotationsAdded, EntitiesAdded, SetsAdded, MembersAdded int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Entries) != 1 || rep.Entries[0].Bundle.ArticlesAdded+rep.Entries[0].Bundle.SetsAdded+rep.Entries[0].Bundle.MembersAdded != 0 {
		t.Errorf("second merge changed something: %s", out)
	}
}

func withoutExportedAt(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`"exported_at": "[^"]*"`).ReplaceAllString(string(data), "")
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	good := writeFile(t, dir, "good.txt", "A short English story about a summit.\n")
	empty := writeFile(t, dir, "empty.txt", "")
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"import without paths", []string{"import"}, ExitUsage, "no files"},
		{"bad flag", []string{"list", "--nope"}, ExitUsage, "not defined"},
		{"bad format", []string{"export", "--format", "xls", "--out", "x"}, ExitUsage, "--format"},
		{"json in utf16", []string{"export", "--format", "json", "--offsets", "utf16", "--out", "x.json"}, ExitUsage, "always code points"},
		{"brat in utf16", []string{"export", "--format", "brat", "--offsets", "utf16", "--out", "x"}, ExitUsage, "always code points"},
		{"json to stdout in utf16", []string{"export", "--format", "json", "--offsets", "utf16"}, ExitUsage, "always code points"},
		{"bad review url", []string{"export", "--format", "claimreview", "--review-url", "fc.example", "--out", "x.json"}, ExitUsage, "review URL"},
		{"one bad file among good", []string{"import", good, empty}, ExitFail, "empty.txt"},
		{"missing file", []string{"import", filepath.Join(dir, "nope.txt")}, ExitFail, "nope.txt"},
		{"show unknown", []string{"show", "019ad3f0-0000-7000-8000-000000000009"}, ExitFail, "not found"},
		{"version", []string{"version"}, ExitOK, ""},
		{"check", []string{"check"}, ExitOK, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := run(t, db, c.args...)
			if code != c.code || !strings.Contains(errOut, c.err) {
				t.Errorf("exit %d, stderr %q; want exit %d and stderr containing %q", code, errOut, c.code, c.err)
			}
		})
	}
	// The good file of the mixed batch was imported.
	if _, out, _ := run(t, db, "list"); !strings.Contains(out, "summit") {
		t.Errorf("good file not imported next to a bad one: %q", out)
	}
}

func TestShowJSONIsStable(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	src := writeFile(t, dir, "s.txt", storyAR)
	run(t, db, "import", src)
	_, out, _ := run(t, db, "list", "--json")
	var list []struct{ ID, Title, Language string }
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
		t.Fatalf("list --json: %v %s", err, out)
	}
	code, out, errOut := run(t, db, "show", list[0].ID, "--json")
	if code != ExitOK {
		t.Fatalf("show: %s", errOut)
	}
	var shown struct {
		Article struct {
			ID, Text string
		}
		Offsets     string
		Annotations []any
	}
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Article.ID != list[0].ID || shown.Offsets != "codepoint" || shown.Annotations == nil {
		t.Errorf("show --json = %s", out)
	}
}

func TestDoccanoAndBratComeBack(t *testing.T) {
	ctx := context.Background()
	dir, src := t.TempDir(), t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	story := writeFile(t, src, "story.txt", "😀 قال الوزير إن إيران وافقت. Officials in Baku agreed.\n")
	for _, db := range []string{a, b} {
		if code, _, errOut := run(t, db, "import", story); code != ExitOK {
			t.Fatal(errOut)
		}
	}
	store, err := storage.Open(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := store.ListArticles(ctx, storage.ListOptions{})
	art, _ := store.Article(ctx, list[0].ID)
	_, err = store.CreateAnnotations(ctx, "t", []model.Annotation{
		{ArticleID: art.ID, Type: "GPE", Start: runeIndex(art.Text, "إيران"), End: runeIndex(art.Text, "إيران") + 5, Quote: "إيران"},
		{ArticleID: art.ID, Type: "GPE", Start: runeIndex(art.Text, "Baku"), End: runeIndex(art.Text, "Baku") + 4, Quote: "Baku"},
	})
	store.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The emoji before the spans makes code points and UTF-16 differ.
	for _, format := range []string{"jsonl", "brat"} {
		out := filepath.Join(dir, "out-"+format)
		if format == "jsonl" {
			out += ".jsonl"
		}
		if code, _, errOut := run(t, a, "export", "--format", format, "--out", out); code != ExitOK {
			t.Fatalf("export %s: %s", format, errOut)
		}
		in := map[string]string{"jsonl": "doccano", "brat": "brat"}[format]
		code, stdout, errOut := run(t, b, "import", "--format", in, out)
		if code != ExitOK || !strings.Contains(stdout, "2 annotations attached") {
			t.Fatalf("import --format %s: exit %d\n%s%s", in, code, stdout, errOut)
		}
	}
	store, err = storage.Open(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	inB, _ := store.ListArticles(ctx, storage.ListOptions{})
	store.Close()
	_, out, _ := run(t, b, "show", "--json", inB[0].ID)
	if strings.Count(out, `"quote": "إيران"`) != 2 || strings.Count(out, `"quote": "Baku"`) != 2 {
		t.Errorf("annotations did not come back on the stored article:\n%s", out)
	}
}

func runeIndex(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		return -1
	}
	return len([]rune(s[:i]))
}

// Commands that only read refuse a missing archive and create nothing;
// commands that write create it and say so.
func TestOnlyWritingCommandsCreateAnArchive(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo", "a.db")
	id := "019ad3f0-0000-7000-8000-000000000009"
	for _, args := range [][]string{
		{"stats"}, {"list"}, {"show", id}, {"search", "summit"}, {"export", "--format", "json"}, {"check"},
		{"suggest", id}, {"propagate", "--dry-run", id}, {"backup", filepath.Join(dir, "b.db")}, {"reindex"},
		{"propagate", id}, {"gazetteer", "build"},
	} {
		code, out, errOut := run(t, db, args...)
		if code != ExitFail || !strings.Contains(errOut, "no archive at "+db) {
			t.Errorf("%s on a missing archive: exit %d, stdout %q, stderr %q", args[0], code, out, errOut)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("commands on a missing archive left %v (%v)", entries, err)
	}

	src := writeFile(t, t.TempDir(), "story.txt", "A short English story about a summit.\n")
	code, _, errOut := run(t, db, "import", src)
	if code != ExitOK || !strings.Contains(errOut, "created archive at "+db) {
		t.Fatalf("first import: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut = run(t, db, "stats"); code != ExitOK || errOut != "" {
		t.Errorf("stats: exit %d, stderr %q", code, errOut)
	}
	src2 := writeFile(t, t.TempDir(), "other.txt", "Another story, this one about a harbour.\n")
	if code, _, errOut = run(t, db, "import", src2); code != ExitOK || strings.Contains(errOut, "created") {
		t.Errorf("second import: exit %d, stderr %q", code, errOut)
	}
}

// A read-only archive can be read; commands that write refuse it and say
// why. Mode 0444 holds for root too (storage respects the mode).
func TestReadOnlyArchive(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	src := writeFile(t, dir, "story.txt", "A short English story about a summit.\n")
	if code, _, errOut := run(t, db, "import", src); code != ExitOK {
		t.Fatalf("import: %s", errOut)
	}
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, db, "search", "summit"); code != ExitOK || !strings.Contains(out, "summit") {
		t.Errorf("search a read-only archive: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	src2 := writeFile(t, dir, "other.txt", "Another story, this one about a harbour.\n")
	for _, args := range [][]string{{"import", src2}, {"reindex"}} {
		code, _, errOut := run(t, db, args...)
		if code != ExitFail || !strings.Contains(errOut, "cannot be written: the file is read-only (mode 0444)") {
			t.Errorf("%s into a read-only archive: exit %d, stderr %q", args[0], code, errOut)
		}
	}
}

// A ZIP entry whose path leaves the archive is reported, not silently
// dropped from the count.
func TestImportReportsSkippedEntries(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"../../etc/x.txt", "story.txt"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("A short English story about a summit, written for this test.\n"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	src := writeFile(t, dir, "batch.zip", buf.String())
	code, out, errOut := run(t, filepath.Join(dir, "a.db"), "import", src)
	if code != ExitOK || !strings.Contains(errOut, src+"!../../etc/x.txt: skipped: path leaves the archive") ||
		!strings.Contains(out, "2 files: 1 imported, 0 duplicates, 0 similar, 0 failed, 1 skipped") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}

// A doccano file exported with --offsets utf16 says so on every line; read
// back without the flag it must land on the same text, and a line whose
// quotes disagree with its spans is refused whole, naming the line and both
// texts, with nothing written.
func TestDoccanoDeclaredUnitAndQuotes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	story := writeFile(t, t.TempDir(), "story.txt", "😀😀 قال ناصر كنعاني 🎉 إن إيران وافقت. Officials in Baku agreed.\n")
	for _, db := range []string{a, b} {
		if code, _, errOut := run(t, db, "import", story); code != ExitOK {
			t.Fatal(errOut)
		}
	}
	store, err := storage.Open(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := store.ListArticles(ctx, storage.ListOptions{})
	art, _ := store.Article(ctx, list[0].ID)
	var anns []model.Annotation
	for _, q := range []string{"ناصر كنعاني", "إيران", "Baku"} {
		anns = append(anns, model.Annotation{ArticleID: art.ID, Type: "GPE", Start: runeIndex(art.Text, q), End: runeIndex(art.Text, q) + len([]rune(q)), Quote: q})
	}
	_, err = store.CreateAnnotations(ctx, "t", anns)
	store.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "utf16.jsonl")
	if code, _, errOut := run(t, a, "export", "--format", "jsonl", "--offsets", "utf16", "--out", out); code != ExitOK {
		t.Fatal(errOut)
	}
	_, idB, _ := run(t, b, "list", "--json")
	var inB []struct{ ID string }
	if err := json.Unmarshal([]byte(idB), &inB); err != nil || len(inB) != 1 {
		t.Fatalf("list --json: %v %s", err, idB)
	}
	shown := func() string {
		_, s, _ := run(t, b, "show", "--json", inB[0].ID)
		return s
	}
	// A quote that differs from the text at its span: the file is refused.
	raw, _ := os.ReadFile(out)
	bad := writeFile(t, dir, "bad.jsonl", strings.Replace(string(raw), `"quote":"Baku"`, `"quote":"Ganja"`, 1))
	code, stdout, errOut := run(t, b, "import", "--format", "doccano", bad)
	if code != ExitFail || !strings.Contains(errOut, "line 1") || !strings.Contains(errOut, `"Ganja"`) || !strings.Contains(errOut, `"Baku"`) {
		t.Errorf("quote mismatch: exit %d\n%s%s", code, stdout, errOut)
	}
	if s := shown(); strings.Contains(s, `"quote"`) {
		t.Errorf("a refused file wrote annotations:\n%s", s)
	}
	code, stdout, errOut = run(t, b, "import", "--format", "doccano", out)
	if code != ExitOK || !strings.Contains(stdout, "3 annotations attached") {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, errOut)
	}
	s := shown()
	for _, q := range []string{"ناصر كنعاني", "إيران", "Baku"} {
		if !strings.Contains(s, `"quote": "`+q+`"`) {
			t.Errorf("%q did not come back:\n%s", q, s)
			break
		}
	}
	// Asking for the other unit than the file declares is refused.
	if code, _, errOut := run(t, b, "import", "--format", "doccano", "--offsets", "codepoint", out); code != ExitFail || !strings.Contains(errOut, "utf16") {
		t.Errorf("conflicting --offsets: exit %d, %s", code, errOut)
	}
}

// --unverified brings claims without a rating; --review-url gives every
// review its url, and without it a review of an article with no URL has
// none, which the export says on stderr.
func TestExportClaimReviewFlags(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	q := "الميزانية زادت 12%"
	created := annotatedArchive(t, db, "قال الوزير إن الميزانية زادت 12%.\n", func(art *model.Article) []model.Annotation {
		return []model.Annotation{{ArticleID: art.ID, Kind: model.KindClaim, Type: "CLAIM",
			Start: runeIndex(art.Text, q), End: runeIndex(art.Text, q) + len([]rune(q)), Quote: q}}
	})
	out := filepath.Join(dir, "cr.json")
	code, _, errOut := run(t, db, "export", "--format", "claimreview", "--unverified", "--out", out)
	raw, _ := os.ReadFile(out)
	if code != ExitOK || !strings.Contains(string(raw), q) || strings.Contains(string(raw), "reviewRating") ||
		!strings.Contains(errOut, "1 ClaimReviews have no url") {
		t.Errorf("--unverified: exit %d, stderr %q\n%s", code, errOut, raw)
	}
	code, _, errOut = run(t, db, "export", "--format", "claimreview", "--unverified", "--review-url", "https://fc.example/r", "--out", out)
	raw, _ = os.ReadFile(out)
	if code != ExitOK || !strings.Contains(string(raw), `"url": "https://fc.example/r/`+created[0].ID+`"`) || errOut != "" {
		t.Errorf("--review-url: exit %d, stderr %q\n%s", code, errOut, raw)
	}
}

// docs/cli.md lists every status an import entry can have.
func TestDocsListImportStatuses(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(doc), "`status` is one of")
	if i < 0 {
		t.Fatal("docs/cli.md has no list of statuses")
	}
	list := string(doc[i : i+strings.Index(string(doc[i:]), ".")])
	for _, s := range []string{importer.StatusImported, importer.StatusDuplicate, importer.StatusFailed, importer.StatusMerged,
		importer.StatusAttached, importer.StatusSkipped} {
		if !strings.Contains(list, "`"+s+"`") {
			t.Errorf("status %q is not in docs/cli.md's list: %q", s, list)
		}
	}
}

// CoNLL says which overlapping annotations it left out; --layers keeps
// those of different types.
func TestExportCoNLLLeftOut(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	created := annotatedArchive(t, db, "قال ناصر كنعاني إن إيران وافقت.\n", func(art *model.Article) []model.Annotation {
		at := func(q string) (int, int) { return runeIndex(art.Text, q), runeIndex(art.Text, q) + len([]rune(q)) }
		s1, e1 := at("ناصر كنعاني")
		s2, e2 := at("كنعاني")
		return []model.Annotation{
			{ArticleID: art.ID, Type: "PER", Start: s1, End: e1, Quote: "ناصر كنعاني"},
			{ArticleID: art.ID, Type: "ORG", Start: s2, End: e2, Quote: "كنعاني"},
		}
	})
	out := filepath.Join(dir, "a.conll")
	code, stdout, errOut := run(t, db, "export", "--format", "conll", "--out", out)
	side, _ := os.ReadFile(out + ".left-out.tsv")
	if code != ExitOK || !strings.Contains(stdout, "1 of 2 annotations") || !strings.Contains(errOut, created[1].ID) ||
		!strings.Contains(string(side), created[1].ID) {
		t.Errorf("flat: exit %d\n%s%s", code, stdout, errOut)
	}
	code, stdout, errOut = run(t, db, "export", "--format", "conll", "--layers", "--out", out)
	raw, _ := os.ReadFile(out)
	if code != ExitOK || !strings.Contains(stdout, ", 2 annotations") || errOut != "" || !strings.Contains(string(raw), "B-PER") ||
		!strings.Contains(string(raw), "B-ORG") {
		t.Errorf("layers: exit %d\n%s%s\n%s", code, stdout, errOut, raw)
	}
	if _, err := os.Stat(out + ".left-out.tsv"); err == nil {
		t.Error("stale left-out file kept")
	}
}

// annotatedArchive imports text into db as one article and stores the
// annotations spans makes for it (author "t"), returning them as stored.
func annotatedArchive(t *testing.T, db, text string, spans func(art *model.Article) []model.Annotation) []model.Annotation {
	t.Helper()
	ctx := context.Background()
	if code, _, errOut := run(t, db, "import", writeFile(t, t.TempDir(), "story.txt", text)); code != ExitOK {
		t.Fatal(errOut)
	}
	store, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	list, _ := store.ListArticles(ctx, storage.ListOptions{})
	art, err := store.Article(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	created, err := store.CreateAnnotations(ctx, "t", spans(art))
	if err != nil {
		t.Fatal(err)
	}
	return created
}
