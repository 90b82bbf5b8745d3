package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"daftar/export"
	"daftar/model"
	"daftar/storage"
)

// lsStory is written for these tests: emoji (surrogate pairs in UTF-16)
// before and inside the spans, Arabic, a TAB and a line break.
const lsStory = "🇱🇧 قال الوزير سامي الحداد إن إيران وافقت 👍🏽 على الاتفاق.\nOfficials in Baku\tagreed 😀 on Monday.\n"

// lsArchive creates an archive holding lsStory and returns its article.
func lsArchive(t *testing.T, db, story string) (*storage.Store, *model.Article) {
	t.Helper()
	if code, _, errOut := run(t, db, "import", story); code != ExitOK {
		t.Fatal(errOut)
	}
	ctx := context.Background()
	store, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	list, err := store.ListArticles(ctx, storage.ListOptions{})
	if err != nil || len(list) != 1 {
		t.Fatalf("articles: %v %v", list, err)
	}
	art, err := store.Article(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return store, art
}

// lsSpan is what must survive the round trip of one annotation.
type lsSpan struct {
	Start, End                                    int
	Type, Quote, Annotator, Note                  string
	EntityID, ClaimantID, Targets                 string
	Attribution, Stance, Verdict, ClaimDate, Kind string
}

func lsSpans(t *testing.T, store *storage.Store, articleID string) []lsSpan {
	t.Helper()
	anns, err := store.Annotations(context.Background(), articleID)
	if err != nil {
		t.Fatal(err)
	}
	var out []lsSpan
	for _, a := range anns {
		out = append(out, lsSpan{a.Start, a.End, a.Type, a.Quote, a.Annotator, a.Note, a.EntityID, a.ClaimantID,
			strings.Join(a.TargetIDs, ","), a.Attribution, a.Stance, a.Verdict, a.ClaimDate, string(a.Kind)})
	}
	slices.SortFunc(out, func(x, y lsSpan) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End), cmp.Compare(x.Type, y.Type), cmp.Compare(x.Annotator, y.Annotator))
	})
	return out
}

func TestLabelStudioRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	story := writeFile(t, t.TempDir(), "story.txt", lsStory)
	a, art := lsArchive(t, filepath.Join(dir, "a.db"), story)
	at := func(sub string, n int) (int, int, string) {
		s := runeIndex(art.Text, sub)
		if s < 0 {
			t.Fatalf("%q not in the text", sub)
		}
		return s, s + n, string([]rune(art.Text)[s : s+n])
	}
	entities := []model.Entity{{Name: "سامي الحداد", Type: "PER"}, {Name: "إيران", Type: "GPE"}}
	for i := range entities {
		e, err := a.CreateEntity(ctx, "t", entities[i])
		if err != nil {
			t.Fatal(err)
		}
		entities[i] = *e
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
	add("lina", "PER", "سامي الحداد", 11, func(a *model.Annotation) { a.EntityID, a.Note = entities[0].ID, "the minister" })
	add("lina", "GPE", "إيران", 5, func(a *model.Annotation) { a.EntityID = entities[1].ID })
	add("omar", "GPE", "إيران", 5, nil)                // same span, another annotator
	add("omar", "MISC", "إيران وافقت 👍🏽", 14, nil)     // overlaps, ends after an emoji with a skin tone
	add("lina", "GPE", "Baku", 4, nil)                 // after the TAB and a line break
	add("omar", "EVENT", "Baku\tagreed 😀 on", 18, nil) // holds a TAB and an emoji
	add("omar", "CLAIM", "إيران وافقت", 11, func(a *model.Annotation) {
		a.Kind, a.ClaimantID, a.TargetIDs = model.KindClaim, entities[0].ID, []string{entities[1].ID}
		a.Attribution, a.Stance, a.Verdict, a.ClaimDate = "قال الوزير", "supports", model.VerdictMostlyTrue, "2026-11-30"
	})
	if _, err := a.CreateAnnotations(ctx, "t", anns); err != nil {
		t.Fatal(err)
	}
	want := lsSpans(t, a, art.ID)

	out := filepath.Join(dir, "tasks.json")
	if code, stdout, errOut := run(t, filepath.Join(dir, "a.db"), "export", "--format", "labelstudio", "--out", out); code != ExitOK ||
		!strings.Contains(stdout, "labeling config written to "+export.LabelStudioConfigPath(out)) {
		t.Fatalf("export: %s%s", stdout, errOut)
	}
	checkLabelStudioFile(t, out, art.Text, len(anns))

	// Into an archive holding only the same article (and the registry, so
	// links can come back).
	bdb := filepath.Join(dir, "b.db")
	b, bart := lsArchive(t, bdb, story)
	for _, e := range entities {
		if _, err := b.CreateEntity(ctx, "t", e); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, errOut := run(t, bdb, "import", "--format", "labelstudio", out)
	if code != ExitOK || !strings.Contains(stdout, fmt.Sprintf("%d annotations attached", len(anns))) {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, errOut)
	}
	if got := lsSpans(t, b, bart.ID); !slices.Equal(got, want) {
		t.Errorf("round trip changed the annotations:\n got %+v\nwant %+v", got, want)
	}

	// Without the registry every span still comes back; the four links
	// (entity twice, claimant, target) are dropped, each with a warning.
	cdb := filepath.Join(dir, "c.db")
	c, cart := lsArchive(t, cdb, story)
	code, stdout, errOut = run(t, cdb, "import", "--format", "labelstudio", out)
	if code != ExitOK || !strings.Contains(stdout, fmt.Sprintf("%d annotations attached", len(anns))) || strings.Count(stdout+errOut, "no such entity in this archive") != 4 {
		t.Fatalf("import without entities: exit %d\n%s%s", code, stdout, errOut)
	}
	got := lsSpans(t, c, cart.ID)
	for i := range got {
		if got[i].EntityID != "" || got[i].ClaimantID != "" || got[i].Targets != "" {
			t.Errorf("dangling link kept: %+v", got[i])
		}
		got[i].EntityID, got[i].ClaimantID, got[i].Targets = want[i].EntityID, want[i].ClaimantID, want[i].Targets
	}
	if !slices.Equal(got, want) {
		t.Errorf("without the registry:\n got %+v\nwant %+v", got, want)
	}
}

// checkLabelStudioFile reads the export as Label Studio would: every
// region's UTF-16 offsets cut its value.text out of data.text, the unit is
// stated, and the labeling config beside it names the label types.
func checkLabelStudioFile(t *testing.T, path, text string, n int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tasks []struct {
		Data struct {
			Text     string `json:"text"`
			DaftarID string `json:"daftar_id"`
			Meta     struct{ Offsets string }
		}
		Annotations []struct {
			Result []struct {
				FromName string `json:"from_name"`
				ToName   string `json:"to_name"`
				Type     string
				Value    struct {
					Start, End int
					Text       string
					Labels     []string
				}
			}
		}
	}
	if err := json.Unmarshal(raw, &tasks); err != nil || len(tasks) != 1 {
		t.Fatalf("%s: %v (%d tasks)", path, err, len(tasks))
	}
	task := tasks[0]
	if task.Data.Text != text || task.Data.Meta.Offsets != "utf16" || task.Data.DaftarID == "" {
		t.Errorf("data = %+v", task.Data)
	}
	u := utf16.Encode([]rune(text))
	regions := 0
	for _, an := range task.Annotations {
		for _, r := range an.Result {
			regions++
			if r.FromName != "label" || r.ToName != "text" || r.Type != "labels" || len(r.Value.Labels) != 1 {
				t.Errorf("result %+v", r)
			}
			if got := string(utf16.Decode(u[r.Value.Start:r.Value.End])); got != r.Value.Text {
				t.Errorf("UTF-16 %d-%d cuts %q, value.text is %q", r.Value.Start, r.Value.End, got, r.Value.Text)
			}
		}
	}
	if regions != n || len(task.Annotations) != 2 {
		t.Errorf("%d regions in %d annotations; want %d in 2 (one per annotator)", regions, len(task.Annotations), n)
	}
	cfg, err := os.ReadFile(export.LabelStudioConfigPath(path))
	if err != nil {
		t.Fatal(err)
	}
	var view struct {
		Labels struct {
			Name   string `xml:"name,attr"`
			ToName string `xml:"toName,attr"`
			Label  []struct {
				Value string `xml:"value,attr"`
			}
		}
		Text struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		}
	}
	if err := xml.Unmarshal(cfg, &view); err != nil {
		t.Fatalf("config: %v\n%s", err, cfg)
	}
	if view.Labels.Name != "label" || view.Labels.ToName != "text" || view.Text.Name != "text" || view.Text.Value != "$text" ||
		!slices.ContainsFunc(view.Labels.Label, func(l struct {
			Value string `xml:"value,attr"`
		}) bool {
			return l.Value == "CLAIM"
		}) {
		t.Errorf("config:\n%s", cfg)
	}
}

// A region whose offsets split an emoji's surrogate pair, or whose
// value.text differs from the text it cuts out, refuses the whole file:
// nothing is attached, and the message names the file, the task and both
// texts.
func TestLabelStudioImportRefusesAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	story := writeFile(t, t.TempDir(), "story.txt", lsStory)
	db := filepath.Join(dir, "a.db")
	store, art := lsArchive(t, db, story)
	u := utf16.Encode([]rune(art.Text))
	baku := runeIndex(art.Text, "Baku")
	bakuU := len(utf16.Encode([]rune(art.Text)[:baku]))
	good := fmt.Sprintf(`{"value": {"start": %d, "end": %d, "text": "Baku", "labels": ["GPE"]}, "from_name": "label", "to_name": "text", "type": "labels"}`, bakuU, bakuU+4)
	task := func(bad string) string {
		text, _ := json.Marshal(art.Text)
		return fmt.Sprintf(`[{"id": 41, "data": {"text": %s}, "annotations": [{"completed_by": 3, "result": [%s, %s]}]}]`, text, good, bad)
	}
	if string(utf16.Decode(u[bakuU:bakuU+4])) != "Baku" {
		t.Fatal("test offsets are wrong")
	}
	cases := []struct{ name, bad, want string }{
		{"surrogate", `{"value": {"start": 1, "end": 5, "labels": ["GPE"]}, "type": "labels"}`, "surrogate pair"},
		{"quote", fmt.Sprintf(`{"value": {"start": %d, "end": %d, "text": "Bako", "labels": ["GPE"]}, "type": "labels"}`, bakuU, bakuU+4),
			`value.text "Bako" differs from the task text "Baku"`},
	}
	for _, c := range cases {
		f := writeFile(t, dir, c.name+".json", task(c.bad))
		code, stdout, errOut := run(t, db, "import", "--format", "labelstudio", f)
		if code != ExitFail || !strings.Contains(errOut, f) || !strings.Contains(errOut, "task 1 (id 41)") || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d\nstdout %s\nstderr %s", c.name, code, stdout, errOut)
		}
		if anns, err := store.Annotations(context.Background(), art.ID); err != nil || len(anns) != 0 {
			t.Errorf("%s: %d annotations written (%v)", c.name, len(anns), err)
		}
	}
	// The good region alone is attached, with Label Studio's user id as
	// its annotator.
	f := writeFile(t, dir, "good.json", strings.Replace(task(good), ", "+good+"]", "]", 1))
	if code, stdout, errOut := run(t, db, "import", "--format", "labelstudio", f); code != ExitOK || !strings.Contains(stdout, "1 annotations attached") {
		t.Fatalf("good file: exit %d\n%s%s", code, stdout, errOut)
	}
	if got := lsSpans(t, store, art.ID); len(got) != 1 || got[0].Quote != "Baku" || got[0].Annotator != "labelstudio user 3" {
		t.Errorf("attached %+v", got)
	}
}
