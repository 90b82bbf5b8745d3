package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"daftar/model"
	"daftar/storage"
)

// storyIranCLI is written for this test: Iran plain, with a clitic and in
// quotation marks, and the adjective الإيرانية which is not a mention.
const storyIranCLI = "قال الوزير إن إيران ستشارك، وإن الوفد الإيراني وصل. ودعا إلى \"حوار مع إيران\" ووجه رسالة لإيران.\n"

func TestSuggestPropagateGazetteer(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	writeFile(t, dir, "story.txt", storyIranCLI)
	if code, out, errOut := run(t, db, "import", filepath.Join(dir, "story.txt")); code != ExitOK {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	gaz := writeFile(t, dir, "gaz.csv", "name,type,aliases,wikidata\nإيران,GPE,Iran|ايران,Q794\nالوزير,PER,,\n")
	code, out, errOut := run(t, db, "gazetteer", "import", "--json", gaz)
	if code != ExitOK {
		t.Fatalf("gazetteer import: %d %s %s", code, out, errOut)
	}
	var g GazetteerOutput
	if err := json.Unmarshal([]byte(out), &g); err != nil || g.Created != 2 {
		t.Fatalf("gazetteer import: %s %v", out, err)
	}
	iranID := g.Entities[0].EntityID

	// Tag the first إيران through the store, as the GUI would.
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := st.ListArticles(ctx, storage.ListOptions{})
	articleID := list[0].ID
	a, _ := st.Article(ctx, articleID)
	start := model.RuneLen(a.Text[:strings.Index(a.Text, "إيران")])
	src, err := st.CreateAnnotation(ctx, "alice", model.Annotation{ArticleID: articleID, Type: "GPE", Start: start, End: start + 5, Quote: "إيران", EntityID: iranID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateSet(ctx, "alice", model.Set{Name: "iran", ArticleIDs: []string{articleID}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, out, errOut = run(t, db, "suggest", "--json", articleID)
	if code != ExitOK {
		t.Fatalf("suggest: %d %s", code, errOut)
	}
	var so SuggestOutput
	if err := json.Unmarshal([]byte(out), &so); err != nil {
		t.Fatal(err)
	}
	var iran int
	for _, s := range so.Suggestions {
		if s.ID == iranID {
			iran++
			if got, _ := model.Slice(a.Text, s.Start, s.End); got != s.Quote || s.Quote != "إيران" {
				t.Errorf("span %d-%d %q", s.Start, s.End, s.Quote)
			}
		}
	}
	if iran != 2 || so.Offsets != "codepoint" || len(so.Suggestions) != 3 {
		t.Errorf("suggest: %s", out)
	}
	code, out, _ = run(t, db, "suggest", articleID)
	if code != ExitOK || !strings.Contains(out, "3 suggestions") || !strings.Contains(out, iranID) {
		t.Errorf("suggest text: %s", out)
	}

	// The same suggestions for the whole set, summed up by entity.
	code, out, errOut = run(t, db, "suggest", "--json", "--set", "iran")
	var ss SuggestSetOutput
	if code != ExitOK || json.Unmarshal([]byte(out), &ss) != nil {
		t.Fatalf("suggest --set: %d %s %s", code, out, errOut)
	}
	if len(ss.Articles[articleID]) != 3 || len(ss.Totals) != 2 || ss.Totals[0].ID != iranID ||
		ss.Totals[0].Mentions != 2 || ss.Totals[0].Articles != 1 || ss.Offsets != "codepoint" {
		t.Errorf("suggest --set: %s", out)
	}
	code, out, _ = run(t, db, "suggest", "--set", "iran")
	if code != ExitOK || !strings.Contains(out, "2 mentions in 1 article\n") || !strings.Contains(out, "3 suggestions in 1 article of set") {
		t.Errorf("suggest --set text: %s", out)
	}
	if code, _, _ := run(t, db, "suggest", "--set", "no such set"); code != ExitFail {
		t.Errorf("unknown set: exit %d", code)
	}

	code, out, _ = run(t, db, "propagate", "--dry-run", "--scope", "archive", src.ID)
	if code != ExitOK || !strings.Contains(out, "would tag 2 occurrences") {
		t.Errorf("dry run: %d %s", code, out)
	}
	code, out, _ = run(t, db, "propagate", "--json", src.ID)
	var po PropagateOutput
	if code != ExitOK || json.Unmarshal([]byte(out), &po) != nil || po.Count != 2 || po.DryRun || len(po.Annotations) != 2 || po.Annotations[0].ID == "" {
		t.Errorf("propagate: %d %s", code, out)
	}
	code, out, _ = run(t, db, "propagate", src.ID)
	if code != ExitOK || !strings.Contains(out, "tagged 0 occurrences") {
		t.Errorf("second propagate: %s", out)
	}
	for _, bad := range [][]string{
		{"propagate", "--scope", "galaxy", src.ID},
		{"propagate", "--scope", "set", src.ID},
		{"propagate", "--set", "x", src.ID},
		{"suggest"},
		{"suggest", "--set", "iran", articleID},
		{"gazetteer"},
		{"gazetteer", "frobnicate"},
	} {
		if code, _, _ := run(t, db, bad...); code != ExitUsage {
			t.Errorf("%v: exit %d, want usage error", bad, code)
		}
	}
	if code, _, _ := run(t, db, "suggest", model.NewID()); code != ExitFail {
		t.Errorf("unknown article: exit %d", code)
	}
	code, out, _ = run(t, db, "gazetteer", "build")
	if code != ExitOK || !strings.Contains(out, "0 entities created") {
		t.Errorf("build with nothing unlinked: %s", out)
	}
}
