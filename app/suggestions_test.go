package app

import (
	"context"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"daftar/model"
	"daftar/storage"
)

// Two short stories written for these tests: Iran with a clitic (لإيران),
// in quotation marks, and in a second article.
const (
	iranStoryA = "وزير الدفاع في باكو\n\nقال الوزير إن إيران تهدد المنطقة، ودعا إلى التصدي لإيران وأذرعها. وأضاف أن \"إيران\" ترفض الحوار."
	iranStoryB = "طهران ترد\n\nردت إيران على الاتهامات وقالت إن إيران لا تتدخل في شؤون باكو."
)

// runeSpan returns the code points of the n-th (0-based) occurrence of sub
// in text.
func runeSpan(t *testing.T, text, sub string, n int) (int, int) {
	t.Helper()
	off := 0
	for range n + 1 {
		i := strings.Index(text[off:], sub)
		if i < 0 {
			t.Fatalf("occurrence %d of %q not in text", n, sub)
		}
		off += i + len(sub)
	}
	s := len([]rune(text[:off-len(sub)]))
	return s, s + len([]rune(sub))
}

// iranArchive imports the two stories, creates the entity Iran and tags
// (and links) the first mention in story A.
func iranArchive(t *testing.T) (*UI, *storage.Store, *model.Entity, map[string]string) {
	t.Helper()
	ui, store := newTestUI(t)
	dir := t.TempDir()
	for name, text := range map[string]string{"a.txt": iranStoryA, "b.txt": iranStoryB} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	act(ui, func() { ui.imports.run([]string{dir}) })
	waitFor(t, ui, "the import", func() bool { return ui.imports.last != nil && len(ui.library.rows) == 2 })
	ids := map[string]string{}
	act(ui, func() {
		// Close the import summary, which would keep the keyboard.
		for ui.win.Canvas().Overlays().Top() != nil {
			ui.win.Canvas().Overlays().Remove(ui.win.Canvas().Overlays().Top())
		}
		for _, r := range ui.library.rows {
			ids[r.Title] = r.ID
		}
	})
	ctx := context.Background()
	iran, err := store.CreateEntity(ctx, "tester", model.Entity{ID: model.NewID(), Type: "GPE", Name: "إيران"})
	if err != nil {
		t.Fatal(err)
	}
	s, e := runeSpan(t, iranStoryA, "إيران", 0)
	if _, err := store.CreateAnnotation(ctx, "tester", model.Annotation{ArticleID: ids["وزير الدفاع في باكو"], Kind: model.KindEntity,
		Type: "GPE", Start: s, End: e, Quote: "إيران", EntityID: iran.ID}); err != nil {
		t.Fatal(err)
	}
	return ui, store, iran, ids
}

// typeKeys types on the focused article view, the way keys reach the
// reader after a click in the text.
func typeKeys(t *testing.T, ui *UI, keys string) {
	t.Helper()
	act(ui, func() {
		ui.reader.focusKeys()
		f := ui.win.Canvas().Focused()
		if f == nil {
			t.Fatal("the article view did not take the focus")
		}
		for _, r := range keys {
			f.TypedRune(r)
		}
	})
}

// dashes counts the opaque rectangles of a colour no wider and no taller
// than a dash: the dashed outline of a suggestion.
func dashes(o fyne.CanvasObject, c color.NRGBA) int {
	n := 0
	for _, obj := range test.LaidOutObjects(o) {
		r, ok := obj.(*canvas.Rectangle)
		if !ok || !r.Visible() {
			continue
		}
		if got, ok := r.FillColor.(color.NRGBA); ok && got == c && min(r.Size().Width, r.Size().Height) <= 2.5 && max(r.Size().Width, r.Size().Height) <= 4 {
			n++
		}
	}
	return n
}

func TestSuggestionsAcceptRejectUndo(t *testing.T) {
	ui, store, iran, ids := iranArchive(t)
	ctx := context.Background()
	artA := ids["وزير الدفاع في باكو"]
	act(ui, func() { ui.openArticle(artA, nil) })
	waitFor(t, ui, "the suggestions", func() bool { return len(ui.reader.sugs) == 2 })

	// لإيران without its ل, and "إيران" without the quotation marks.
	clS, clE := runeSpan(t, iranStoryA, "لإيران", 0)
	qS, qE := runeSpan(t, iranStoryA, "\"إيران\"", 0)
	want := [][2]int{{clS + 1, clE}, {qS + 1, qE - 1}}
	var hs [][2]int
	act(ui, func() {
		for _, h := range ui.reader.suggestionHighlights() {
			if !h.Suggestion {
				t.Errorf("highlight %s is not drawn as a suggestion", h.ID)
			}
			hs = append(hs, [2]int{h.Start, h.End})
		}
	})
	if len(hs) != 2 || hs[0] != want[0] || hs[1] != want[1] {
		t.Fatalf("suggestion highlights %v, want %v", hs, want)
	}
	gpe := parseColour("#3FA34D")
	if n := dashes(ui.reader.view, gpe); n < 8 {
		t.Errorf("%d dashes of GPE's colour drawn, want the dashed outlines of two suggestions", n)
	}
	// The side panel lists them with the count per entity.
	act(ui, func() {
		if got := ui.reader.sugPanel.summary.Text; !strings.Contains(got, "2 suggestions") || !strings.Contains(got, "×2") {
			t.Errorf("summary %q", got)
		}
		if got := suggestionRowText(ui.reader.sugs, 0, ui.reader.articleText()); !strings.Contains(got, "التصدي ل[إيران] وأذرعها") || !strings.Contains(got, "×2") {
			t.Errorf("row %q", got)
		}
	})
	// The toggle hides them.
	act(ui, func() { ui.reader.sugPanel.show.SetChecked(false) })
	if n := dashes(ui.reader.view, gpe); n != 0 {
		t.Errorf("%d dashes drawn with suggestions hidden", n)
	}
	act(ui, func() { ui.reader.sugPanel.show.SetChecked(true) })

	// Tab and ] move to the next suggestion, [ back.
	act(ui, func() { ui.reader.typedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) })
	if ui.reader.sugSel != 0 {
		t.Fatalf("Tab selected suggestion %d, want 0", ui.reader.sugSel)
	}
	typeKeys(t, ui, "]")
	if ui.reader.sugSel != 1 {
		t.Fatalf("] selected suggestion %d, want 1", ui.reader.sugSel)
	}
	typeKeys(t, ui, "[")
	if ui.reader.sugSel != 0 {
		t.Fatalf("[ selected suggestion %d, want 0", ui.reader.sugSel)
	}

	// A accepts both as one change; one undo takes both back.
	typeKeys(t, ui, "A")
	waitFor(t, ui, "accept all", func() bool { return len(ui.reader.anns) == 3 && len(ui.reader.sugs) == 0 })
	act(ui, func() { ui.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{}) })
	waitFor(t, ui, "the undo", func() bool { return len(ui.reader.anns) == 1 && len(ui.reader.sugs) == 2 })

	// a accepts the next one (the caret is at the start): لإيران.
	act(ui, func() { ui.reader.view.SetSelection(0, 0) })
	typeKeys(t, ui, "a")
	waitFor(t, ui, "the accepted suggestion", func() bool { return len(ui.reader.anns) == 2 && len(ui.reader.sugs) == 1 })
	anns, err := store.Annotations(ctx, artA)
	if err != nil || len(anns) != 2 {
		t.Fatalf("stored %v %v", anns, err)
	}
	a := anns[1]
	if a.Start != want[0][0] || a.End != want[0][1] || a.Quote != "إيران" || a.EntityID != iran.ID || a.Type != "GPE" || a.Annotator != "tester" {
		t.Errorf("accepted %+v; want GPE %v «إيران» linked to %s", a, want[0], iran.ID)
	}
	// The selection moved on to the next suggestion; r rejects it.
	if ui.reader.sugSel != 0 || ui.reader.sugs[0].Start != want[1][0] {
		t.Fatalf("after accepting, suggestion %d selected of %v", ui.reader.sugSel, ui.reader.sugs)
	}
	typeKeys(t, ui, "r")
	waitFor(t, ui, "the rejection", func() bool { return len(ui.reader.sugs) == 0 })
	rej, err := store.RejectedSuggestions(ctx, artA)
	if err != nil || len(rej) != 1 || rej[0].Start != want[1][0] || rej[0].End != want[1][1] || rej[0].EntityID != iran.ID {
		t.Fatalf("rejections %+v %v", rej, err)
	}
	// Reopened, it does not come back.
	act(ui, func() { ui.openArticle(ids["طهران ترد"], nil) })
	waitFor(t, ui, "story B", func() bool { return ui.reader.article.ID == ids["طهران ترد"] && len(ui.reader.sugs) == 2 })
	act(ui, func() { ui.openArticle(artA, nil) })
	waitFor(t, ui, "story A again", func() bool { return ui.reader.article.ID == artA && len(ui.reader.anns) == 2 })
	ui.wait()
	if len(ui.reader.sugs) != 0 {
		t.Errorf("suggestions after reopening: %+v", ui.reader.sugs)
	}
}

func TestPropagationDialog(t *testing.T) {
	ui, store, iran, ids := iranArchive(t)
	ctx := context.Background()
	artA, artB := ids["وزير الدفاع في باكو"], ids["طهران ترد"]
	set, err := store.CreateSet(ctx, "tester", model.Set{ID: model.NewID(), Name: "Tehran"})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AddToSet(ctx, "tester", set.ID, artB); err != nil {
		t.Fatal(err)
	}
	act(ui, func() { ui.openArticle(artA, nil) })
	waitFor(t, ui, "the article", func() bool { return len(ui.reader.anns) == 1 && len(ui.reader.sugs) == 2 })
	act(ui, func() { ui.reader.selectAnnotation(ui.reader.anns[0].ID, true) })
	typeKeys(t, ui, "t")
	d := ui.reader.propDlg
	if d == nil {
		t.Fatal("t opened no dialog")
	}
	count := func(what string, n int) {
		t.Helper()
		waitFor(t, ui, what, func() bool { return d.plan != nil && d.plan.Count() == n })
	}
	count("the article preview", 2)
	act(ui, func() { d.scope.SetSelected(scopeSetLabel) })
	waitFor(t, ui, "the sets", func() bool { return len(d.set.Options) == 1 })
	act(ui, func() {
		if d.plan != nil || !d.apply.Disabled() {
			t.Error("a plan with no set chosen")
		}
		d.set.SetSelected(d.set.Options[0])
	})
	count("the set preview", 2)
	act(ui, func() { d.scope.SetSelected(scopeArchiveLabel) })
	count("the archive preview", 4)
	act(ui, func() {
		if !strings.Contains(d.preview.Text, "4 new annotations in 2 articles") || d.apply.Disabled() {
			t.Errorf("preview %q, apply disabled %v", d.preview.Text, d.apply.Disabled())
		}
		test.Tap(d.apply)
	})
	waitFor(t, ui, "the propagation", func() bool { return d.result != "" })
	if !strings.Contains(d.result, "Tagged 4 occurrences in 2 articles") || !strings.Contains(d.result, "Ctrl+Z") {
		t.Errorf("result %q", d.result)
	}
	for id, n := range map[string]int{artA: 3, artB: 2} {
		anns, _ := store.Annotations(ctx, id)
		if len(anns) != n {
			t.Fatalf("article has %d annotations after propagation, want %d", len(anns), n)
		}
		for _, a := range anns {
			if a.EntityID != iran.ID || a.Type != "GPE" || a.Quote != "إيران" {
				t.Errorf("propagated %+v", a)
			}
		}
	}
	waitFor(t, ui, "the reader", func() bool { return len(ui.reader.anns) == 3 && len(ui.reader.sugs) == 0 })
	// One undo takes all four back.
	act(ui, ui.undo)
	waitFor(t, ui, "the undo", func() bool { return len(ui.reader.anns) == 1 })
	for id, n := range map[string]int{artA: 1, artB: 0} {
		if anns, _ := store.Annotations(ctx, id); len(anns) != n {
			t.Errorf("after one undo, %d annotations, want %d", len(anns), n)
		}
	}
}

// The set suggestions dialog sums a set's suggestions up by entity and
// accepts one entity's in every article as one undoable change.
func TestSetSuggestionsAcceptEverywhere(t *testing.T) {
	ui, store, iran, ids := iranArchive(t)
	ctx := context.Background()
	st, err := store.CreateSet(ctx, "tester", model.Set{Name: "إيران", ArticleIDs: []string{ids["وزير الدفاع في باكو"], ids["طهران ترد"]}})
	if err != nil {
		t.Fatal(err)
	}
	act(ui, func() {
		ui.showTab(tabSets)
		ui.sets.selected = st
		ui.sets.showSuggestions()
	})
	var d *setSuggestionsDialog
	waitFor(t, ui, "the set's suggestions", func() bool {
		d = ui.sets.sugDlg
		return d != nil && !d.busy && len(d.totals) > 0
	})
	var first suggestTotal
	act(ui, func() { first = suggestTotal{d.totals[0].ID, d.totals[0].Mentions, d.totals[0].Articles} })
	// Story A: لإيران and "إيران" (the first one is tagged); story B: two.
	if first != (suggestTotal{iran.ID, 4, 2}) {
		t.Fatalf("first row %+v, want Iran with 4 mentions in 2 articles", first)
	}
	mentions := func() int {
		m, err := store.Mentions(ctx, iran.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(m)
	}
	act(ui, func() {
		d.list.Select(0)
		d.act(true)
	})
	waitFor(t, ui, "the mentions to be tagged", func() bool { return mentions() == 5 && !d.busy })
	act(ui, func() {
		if len(d.totals) != 0 && d.totals[0].ID == iran.ID {
			t.Errorf("Iran still listed after accepting: %+v", d.totals)
		}
	})
	act(ui, ui.undo)
	waitFor(t, ui, "one undo to take all four back", func() bool { return mentions() == 1 })
	// The open dialog follows the archive: Iran's suggestions are back.
	waitFor(t, ui, "the dialog to list Iran again", func() bool {
		return !d.busy && len(d.totals) > 0 && d.totals[0].ID == iran.ID && d.totals[0].Mentions == 4
	})
}

type suggestTotal struct {
	id                 string
	mentions, articles int
}
