package app

import (
	"context"
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"daftar/bundle"
	"daftar/importer"
	"daftar/model"
	"daftar/storage"
)

// newTestUI opens a fresh archive in a temp folder and builds the window on
// Fyne's headless test driver.
func newTestUI(t *testing.T) (*UI, *storage.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefAnnotator, "tester")
	store, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ui := New(context.Background(), a, store, Options{})
	ui.win.Resize(fyne.NewSize(1280, 820))
	ui.wait()
	return ui, store
}

// act runs a test's action the way the driver would: one at a time with
// the UI callbacks of background work.
func act(ui *UI, fn func()) { ui.do(fn) }

// waitFor waits for background work and debounce timers until cond holds.
func waitFor(t *testing.T, ui *UI, what string, cond func() bool) {
	t.Helper()
	poll(t, what, func() bool {
		ui.wait()
		return holds(ui, cond)
	})
}

// holds evaluates cond on the UI goroutine.
func holds(ui *UI, cond func() bool) bool {
	ok := false
	act(ui, func() { ok = cond() })
	return ok
}

// poll calls ok every 20 ms until it returns true, for at most 5 s.
func poll(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Three small stories written for these tests.
var testFiles = map[string]string{
	"water.txt": "وزارة المياه تعلن خطة طوارئ\n\nأعلنت وزارة المياه في عمّان يوم الأحد خطة طوارئ لمواجهة الجفاف، وقال الوزير أحمد سليمان إن الخطة تكلف 20 مليون دينار.",
	"buses.txt": "Council approves new bus lanes\n\nThe city council approved three new bus lanes on Tuesday, said councillor Jane Porter.",
	"port.txt":  "Le port de Marseille rouvre\n\nLe port de Marseille a rouvert lundi après une grève de deux semaines.",
}

func writeTestFiles(t *testing.T) string {
	dir := t.TempDir()
	for name, text := range testFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func importTestFiles(t *testing.T, ui *UI) {
	t.Helper()
	dir := writeTestFiles(t)
	act(ui, func() { ui.imports.run([]string{dir}) })
	waitFor(t, ui, "the import", func() bool { return ui.imports.last != nil && len(ui.library.rows) == 3 })
	typeKey(ui, fyne.KeyEscape) // the import summary keeps the keys while shown
}

func titles(rows []libraryRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Title)
	}
	slices.Sort(out)
	return out
}

func TestEmptyArchiveShowsWelcome(t *testing.T) {
	ui, _ := newTestUI(t)
	if !ui.library.welcome.Visible() || ui.library.list.Visible() {
		t.Fatal("an empty archive should show the welcome screen, not the list")
	}
	act(ui, ui.loadSamples)
	waitFor(t, ui, "the samples", func() bool { return len(ui.library.rows) == 5 })
	if ui.library.welcome.Visible() || !ui.library.list.Visible() {
		t.Error("after loading the samples the library list should show")
	}
	st, err := ui.store.Stats(ui.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Annotations != 44 || st.Claims == 0 || st.Entities == 0 || st.Sets != 1 {
		t.Errorf("samples: %+v", st)
	}
	if problems, err := ui.store.Check(ui.ctx); err != nil || len(problems) > 0 {
		t.Errorf("archive check after samples: %v %v", problems, err)
	}
}

func TestImportShowsArticlesInLibrary(t *testing.T) {
	ui, _ := newTestUI(t)
	importTestFiles(t, ui)
	want := []string{"Council approves new bus lanes", "Le port de Marseille rouvre", "وزارة المياه تعلن خطة طوارئ"}
	if got := titles(ui.library.rows); !reflect.DeepEqual(got, want) {
		t.Errorf("library titles = %q, want %q", got, want)
	}
	if r := ui.imports.last; r.Imported != 3 || r.Failed != 0 {
		t.Errorf("report: %+v", r)
	}
	if got := strings.Join(summaryLines(ui.imports.last), "\n"); !containsAll(got, "3 imported", "water.txt", "buses.txt") {
		t.Errorf("summary does not list the files:\n%s", got)
	}
	// Importing again reports duplicates and adds nothing.
	ui.imports.last = nil
	dir := writeTestFiles(t)
	act(ui, func() { ui.imports.run([]string{dir}) })
	waitFor(t, ui, "the second import", func() bool { return ui.imports.last != nil })
	if r := ui.imports.last; r.Duplicates != 3 || r.Imported != 0 || len(ui.library.rows) != 3 {
		t.Errorf("second import: %+v, %d rows", r, len(ui.library.rows))
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestSearchFiltersList(t *testing.T) {
	ui, _ := newTestUI(t)
	importTestFiles(t, ui)
	// Typed without hamza: اعلنت finds أعلنت.
	act(ui, func() { test.Type(ui.library.search, "اعلنت") })
	waitFor(t, ui, "the search", func() bool { return len(ui.library.rows) == 1 })
	var row libraryRow
	act(ui, func() { row = ui.library.rows[0] })
	if row.Title != "وزارة المياه تعلن خطة طوارئ" || len(row.spans) == 0 {
		t.Fatalf("search row = %+v", row)
	}
	// The match is highlighted when the article is opened from the search.
	act(ui, func() { ui.library.open(0) })
	waitFor(t, ui, "the article", func() bool { return ui.reader.article != nil })
	art := ui.reader.article
	if got, _ := model.Slice(art.Text, row.spans[0].Start, row.spans[0].End); got != "أعلنت" {
		t.Errorf("search span cuts out %q", got)
	}
	// A filter narrows further; clearing the search lists everything again.
	act(ui, func() { ui.library.search.SetText("") })
	waitFor(t, ui, "the cleared search", func() bool { return len(ui.library.rows) == 3 })
	act(ui, func() { ui.library.language.SetSelected("fr") })
	waitFor(t, ui, "the language filter", func() bool { return len(ui.library.rows) == 1 })
	act(ui, func() {
		if ui.library.rows[0].Title != "Le port de Marseille rouvre" {
			t.Errorf("language filter gave %q", ui.library.rows[0].Title)
		}
	})
}

// openTitled opens the article with that title from the library.
func openTitled(t *testing.T, ui *UI, title string) *model.Article {
	t.Helper()
	for i, r := range ui.library.rows {
		if r.Title == title {
			act(ui, func() { ui.library.open(i) })
			waitFor(t, ui, "the article", func() bool { return ui.reader.article != nil && ui.reader.article.Title == title })
			return ui.reader.article
		}
	}
	t.Fatalf("no article %q in the library", title)
	return nil
}

// selectQuote selects the first occurrence of quote in the open article.
func selectQuote(t *testing.T, ui *UI, quote string) (int, int) {
	t.Helper()
	text := []rune(ui.reader.article.Text)
	q := []rune(quote)
	for i := 0; i+len(q) <= len(text); i++ {
		if string(text[i:i+len(q)]) == quote {
			act(ui, func() { ui.reader.view.SetSelection(i, i+len(q)) })
			return i, i + len(q)
		}
	}
	t.Fatalf("%q not in the article", quote)
	return 0, 0
}

// pressKeys types on the window with the reader's command keys focused, as
// after a selection with the mouse.
func pressKeys(ui *UI, keys string) {
	act(ui, func() {
		ui.reader.focusKeys()
		test.TypeOnCanvas(ui.win.Canvas(), keys)
	})
}

func TestHotkeyTagsSelection(t *testing.T) {
	ui, store := newTestUI(t)
	importTestFiles(t, ui)
	art := openTitled(t, ui, "وزارة المياه تعلن خطة طوارئ")
	// A drag often takes in the space before a word: it is trimmed.
	start, end := selectQuote(t, ui, " أحمد سليمان")
	pressKeys(ui, "1")
	waitFor(t, ui, "the annotation", func() bool { return len(ui.reader.anns) == 1 })

	anns, err := store.Annotations(context.Background(), art.ID)
	if err != nil || len(anns) != 1 {
		t.Fatalf("stored annotations: %v %v", anns, err)
	}
	a := anns[0]
	if a.Type != "PER" || a.Kind != model.KindEntity || a.Start != start+1 || a.End != end || a.Quote != "أحمد سليمان" || a.Annotator != "tester" {
		t.Errorf("stored %+v; want PER %d-%d «أحمد سليمان» by tester", a, start+1, end)
	}
	if ui.reader.selected != a.ID {
		t.Error("the new annotation should be selected")
	}
	// Its highlight is drawn: a translucent rectangle of PER's colour.
	per := parseColour(model.DefaultSchema()[0].Colour)
	if !hasHighlight(ui.reader.view, per) {
		t.Error("no rectangle of the PER colour drawn in the article view")
	}
	if ui.library.rows[slices.IndexFunc(ui.library.rows, func(r libraryRow) bool { return r.ID == art.ID })].Annotations != 1 {
		t.Error("the library count did not follow")
	}
	// Delete removes it.
	act(ui, func() { ui.reader.typedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) })
	waitFor(t, ui, "the deletion", func() bool { return len(ui.reader.anns) == 0 })
	if anns, _ := store.Annotations(context.Background(), art.ID); len(anns) != 0 {
		t.Errorf("annotation not deleted: %v", anns)
	}
}

// hasHighlight reports whether the view draws a filled rectangle of the
// colour (at any alpha).
func hasHighlight(o fyne.CanvasObject, c color.NRGBA) bool {
	found := false
	for _, obj := range test.LaidOutObjects(o) {
		if r, ok := obj.(*canvas.Rectangle); ok && r.Visible() {
			fr, fg, fb, fa := r.FillColor.RGBA()
			if fa > 0 && uint8(fr*0xffff/max(fa, 1)>>8) == c.R && uint8(fg*0xffff/max(fa, 1)>>8) == c.G && uint8(fb*0xffff/max(fa, 1)>>8) == c.B {
				found = true
			}
		}
	}
	return found
}

func loadSamples(t *testing.T, ui *UI) {
	t.Helper()
	act(ui, ui.loadSamples)
	waitFor(t, ui, "the samples", func() bool { return len(ui.library.rows) == 5 })
}

func TestClaimEditorSavesEveryField(t *testing.T) {
	ui, store := newTestUI(t)
	loadSamples(t, ui)
	art := openTitled(t, ui, "Harbour Authority says Valletta ferry delays will end by March")
	start, end := selectQuote(t, ui, "the repairs cost €4.2 million and were paid from the national budget")
	pressKeys(ui, "c")
	var claim *model.Annotation
	waitFor(t, ui, "the claim", func() bool {
		claim = ui.reader.annotation(ui.reader.selected)
		return claim != nil && claim.Kind == model.KindClaim
	})
	if claim.Start != start || claim.End != end || claim.Verdict != model.VerdictUnverified {
		t.Fatalf("claim %+v", claim)
	}
	ed := ui.reader.side.claim
	if ed.ann == nil || ed.ann.ID != claim.ID {
		t.Fatal("the claim editor does not show the new claim")
	}
	label := func(name string) string {
		for l, id := range ed.entityIDs {
			if e := ui.reader.entities[id]; e != nil && e.Name == name {
				return l
			}
		}
		t.Fatalf("no choice for %s in %v", name, ed.entityIDs)
		return ""
	}
	act(ui, func() {
		ed.claimant.SetSelected(label("Mark Zammit"))
		// Gozo is tagged but not linked: picking it creates its entity.
		ed.targets.SetSelected([]string{label("Harbour Authority"), label("Malta"), "Gozo (LOC, tagged here)"})
		ed.attribution.SetText("the authority's spokesperson")
		ed.stance.SetText("asserts")
		ed.verdict.SetSelected(model.VerdictMisleading)
		ed.date.SetText("2026-01-12")
		ed.note.SetText("Budget documents show €3.9 million.")
		test.Tap(ed.save)
	})
	waitFor(t, ui, "the save", func() bool { return ui.reader.annotation(claim.ID).Verdict == model.VerdictMisleading })

	anns, err := store.Annotations(context.Background(), art.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := anns[slices.IndexFunc(anns, func(a model.Annotation) bool { return a.ID == claim.ID })]
	ids := map[string]string{}
	act(ui, func() {
		for _, e := range ui.reader.entities {
			ids[e.Name] = e.ID
		}
	})
	if ids["Gozo"] == "" {
		t.Fatal("picking the unlinked mention Gozo as a target did not create and link its entity")
	}
	wantTargets := []string{ids["Harbour Authority"], ids["Malta"], ids["Gozo"]}
	slices.Sort(wantTargets)
	slices.Sort(got.TargetIDs)
	if got.ClaimantID != ids["Mark Zammit"] || !reflect.DeepEqual(got.TargetIDs, wantTargets) ||
		got.Attribution != "the authority's spokesperson" || got.Stance != "asserts" || got.Verdict != model.VerdictMisleading ||
		got.ClaimDate != "2026-01-12" || got.Note != "Budget documents show €3.9 million." {
		t.Errorf("saved claim %+v", got)
	}
	// The claims table lists it.
	act(ui, ui.claims.reload)
	ui.wait()
	if !slices.ContainsFunc(ui.claims.all, func(r claimRow) bool { return r.ann.ID == claim.ID && r.claim == "Mark Zammit" }) {
		t.Error("the claims table does not list the saved claim with its claimant")
	}
}

// snapshot is the archive's annotations, entities and sets as a bundle
// without its time stamp.
func snapshot(t *testing.T, store *storage.Store) string {
	t.Helper()
	b, err := store.ExportBundle(context.Background(), storage.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	b.ExportedAt = time.Time{}
	b.Articles = nil
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestUndoRedoRestoreExactState(t *testing.T) {
	ui, store := newTestUI(t)
	loadSamples(t, ui)
	art := openTitled(t, ui, "وزير الزراعة: موجة الحر أتلفت ثلث محصول القمح في إربد")
	states := []string{snapshot(t, store)}
	initial := len(ui.reader.anns)

	// 1. Tag a mention with the keyboard.
	selectQuote(t, ui, "محافظة إربد")
	pressKeys(ui, "3")
	waitFor(t, ui, "the mention", func() bool { return ui.reader.annotation(ui.reader.selected).Quote == "محافظة إربد" })
	states = append(states, snapshot(t, store))
	// 2. Link it to the suggested entity (إربد, found by folded alias).
	act(ui, func() { ui.reader.side.showEntity(ui.reader.annotation(ui.reader.selected)) })
	waitFor(t, ui, "the suggestions", func() bool { return len(ui.reader.side.suggestions) > 0 })
	if s := ui.reader.side.suggestions[0].Entity; s.Name != "إربد" {
		t.Fatalf("first suggestion %q, want إربد", s.Name)
	}
	pressKeys(ui, "l")
	waitFor(t, ui, "the link", func() bool { return ui.reader.annotation(ui.reader.selected).EntityID != "" })
	states = append(states, snapshot(t, store))
	// 3. Delete an existing claim.
	n := len(ui.reader.anns)
	act(ui, func() {
		for _, a := range ui.reader.anns {
			if a.Kind == model.KindClaim {
				ui.reader.selectAnnotation(a.ID, true)
				break
			}
		}
		ui.reader.deleteSelected()
	})
	waitFor(t, ui, "the deletion", func() bool { return len(ui.reader.anns) == n-1 })
	states = append(states, snapshot(t, store))

	for i := len(states) - 2; i >= 0; i-- {
		act(ui, func() {
			ui.reader.focusKeys()
			ui.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{})
		})
		ui.wait()
		if got := snapshot(t, store); got != states[i] {
			t.Fatalf("after undo to state %d the archive differs", i)
		}
	}
	if len(ui.reader.anns) != initial {
		t.Errorf("reader shows %d annotations after undoing everything, want the %d of the sample", len(ui.reader.anns), initial)
	}
	for i := 1; i < len(states); i++ {
		act(ui, func() { ui.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(shortcutRedo) })
		ui.wait()
		if got := snapshot(t, store); got != states[i] {
			t.Fatalf("after redo to state %d the archive differs", i)
		}
	}
	if anns, _ := store.Annotations(context.Background(), art.ID); len(anns) != len(ui.reader.anns) {
		t.Errorf("reader shows %d annotations, archive has %d", len(ui.reader.anns), len(anns))
	}
}

func TestExportDialogWritesFiles(t *testing.T) {
	ui, _ := newTestUI(t)
	loadSamples(t, ui)
	dir := t.TempDir()
	act(ui, func() { ui.showExport(exportScopeDefault) })
	e := ui.exportDlg
	act(ui, func() {
		e.format.SetSelected("csv")
		e.dest.SetText(filepath.Join(dir, "csv"))
		test.Tap(e.run)
	})
	waitFor(t, ui, "the CSV export", func() bool {
		return strings.Contains(e.info.Text, "written") || strings.Contains(e.info.Text, "failed")
	})
	files, err := filepath.Glob(filepath.Join(dir, "csv", "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CSV files written (%s): %v", e.info.Text, err)
	}
	data, err := os.ReadFile(files[0])
	if err != nil || len(data) < 3 || string(data[:3]) != "\uFEFF" {
		t.Errorf("CSV %s does not start with a BOM", files[0])
	}

	out := filepath.Join(dir, "bundle.json")
	act(ui, func() {
		e.format.SetSelected("json")
		e.dest.SetText(out)
		test.Tap(e.run)
	})
	waitFor(t, ui, "the JSON export", func() bool { return strings.Contains(e.info.Text, "bundle.json") })
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := bundle.Read(f)
	if err != nil || len(b.Articles) != 5 || len(b.Annotations) != 44 {
		t.Errorf("exported bundle: %v articles, err %v", len(b.Articles), err)
	}
}

func TestMergeEntities(t *testing.T) {
	ui, store := newTestUI(t)
	loadSamples(t, ui)
	act(ui, func() { ui.showTab(tabEntities) })
	waitFor(t, ui, "the entities", func() bool { return len(ui.entities.all) > 0 })
	find := func(name string) model.Entity {
		for _, r := range ui.entities.all {
			if r.entity.Name == name {
				return r.entity
			}
		}
		t.Fatalf("no entity %s", name)
		return model.Entity{}
	}
	jordan, irbid := find("الأردن"), find("إربد")
	before, _ := store.Mentions(ui.ctx, jordan.ID)
	moved, _ := store.Mentions(ui.ctx, irbid.ID)
	act(ui, func() { ui.entities.mergeInto(jordan.ID, irbid.ID) })
	ui.wait()
	after, _ := store.Mentions(ui.ctx, jordan.ID)
	if len(after) != len(before)+len(moved) {
		t.Errorf("after merge %d mentions, want %d", len(after), len(before)+len(moved))
	}
	act(ui, ui.undo)
	ui.wait()
	if back, _ := store.Mentions(ui.ctx, irbid.ID); len(back) != len(moved) {
		t.Errorf("undo of merge: %d mentions back, want %d", len(back), len(moved))
	}
}

func TestEveryScreenRenders(t *testing.T) {
	ui, _ := newTestUI(t)
	loadSamples(t, ui)
	act(ui, func() { ui.library.open(0) })
	for _, name := range []string{tabLibrary, tabReader, tabEntities, tabClaims, tabSets, tabOverview, tabSettings} {
		act(ui, func() { ui.showTab(name) })
		ui.wait()
		act(ui, func() {
			if img := ui.win.Canvas().Capture(); img.Bounds().Dx() == 0 {
				t.Errorf("%s: empty capture", name)
			}
		})
	}
	act(ui, func() {
		ui.showExport(exportScopeDefault)
		ui.imports.last = &importer.Report{}
		ui.imports.showLastSummary()
		ui.win.Canvas().Capture()
	})
}

func TestVisualRuns(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		rtl  bool
	}{
		{"Council approves bus lanes", []string{"Council approves bus lanes"}, false},
		// Right to left: words from the right, the colon after the first
		// word's left side.
		{"وزير الزراعة: موجة", []string{"موجة", " ", ":", "الزراعة", " ", "وزير"}, true},
		// A number inside Arabic stays a left-to-right run.
		{"سجلت 44 درجة", []string{"درجة", " ", "44", " ", "سجلت"}, true},
		// Guillemets are mirrored.
		{"«أكبر»", []string{"«", "أكبر", "»"}, true},
		{"PER الخطيب", []string{"PER ", "الخطيب"}, false},
	}
	for _, c := range cases {
		got, rtl := visualRuns(c.in)
		if !reflect.DeepEqual(got, c.want) || rtl != c.rtl {
			t.Errorf("visualRuns(%q) = %q rtl=%v, want %q rtl=%v", c.in, got, rtl, c.want, c.rtl)
		}
	}
}

func TestIsolatedQuoteKeepsNumbersInOrder(t *testing.T) {
	runs, rtl := visualRuns("Tagged PER “" + isolate("الخطيب") + "” (38–44)")
	// Left to right on screen: the isolated word is one piece, so the
	// pieces read like the logical text.
	if got := strings.Join(runs, ""); got != "Tagged PER “الخطيب” (38–44)" || rtl {
		t.Errorf("got %q", runs)
	}
	// Without the isolate, the bidi algorithm takes 38–44 as Arabic
	// numbers and moves them: that is why messages isolate values.
	runs, _ = visualRuns("Tagged PER “الخطيب” (38–44)")
	if strings.Join(runs, "") == "Tagged PER “الخطيب” (38–44)" {
		t.Errorf("expected the unisolated numbers to move: %q", runs)
	}
}
