package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"daftar/agreement"
	"daftar/bundle"
	"daftar/model"
	"daftar/storage"
)

// Texts written for these tests.
const (
	storyAmman = "Omar met Laila in Amman on Sunday to discuss the water project.\n"
	storyVote  = "قال الوزير إن إيران ستشارك في المحادثات الأسبوع المقبل.\n"
)

// teamArchive imports the two stories into set "study" and has three
// coders mark them: amal and badr differ on Amman's type, carim misses
// Laila and also marks الوزير. It returns the archive and the article ids.
func teamArchive(t *testing.T) (string, string, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	en := writeFile(t, dir, "amman.txt", storyAmman)
	ar := writeFile(t, dir, "vote.txt", storyVote)
	if code, out, errOut := run(t, db, "import", "--set", "study", en, ar); code != ExitOK {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	byText := map[string]*model.Article{}
	list, _ := st.ListArticles(ctx, storage.ListOptions{})
	for _, s := range list {
		a, err := st.Article(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		byText[a.Text[:4]] = a
	}
	enArt, arArt := byText[storyAmman[:4]], byText[storyVote[:4]]
	mark := func(coder string, a *model.Article, word, typ string) {
		t.Helper()
		i := strings.Index(a.Text, word)
		if i < 0 {
			t.Fatalf("%q not in %q", word, a.Text)
		}
		start := model.RuneLen(a.Text[:i])
		ann := model.Annotation{ArticleID: a.ID, Type: typ, Start: start, End: start + model.RuneLen(word), Quote: word, Annotator: coder}
		if _, err := st.CreateAnnotation(ctx, coder, ann); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"amal", "badr", "carim"} {
		mark(c, enArt, "Omar", "PER")
		mark(c, arArt, "إيران", "GPE")
	}
	mark("amal", enArt, "Laila", "PER")
	mark("badr", enArt, "Laila", "PER")
	mark("amal", enArt, "Amman", "LOC")
	mark("badr", enArt, "Amman", "ORG")
	mark("carim", enArt, "Amman", "LOC")
	mark("carim", arArt, "الوزير", "PER")
	return db, enArt.ID, arArt.ID
}

func figure(t *testing.T, rows []agreement.Row, name, scope string) agreement.Row {
	t.Helper()
	for _, r := range rows {
		if r.Figure == name && r.Scope == scope {
			return r
		}
	}
	t.Fatalf("no figure %s over %s", name, scope)
	return agreement.Row{}
}

func TestAgreementThreeCoders(t *testing.T) {
	db, _, _ := teamArchive(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "agreement.csv")
	code, out, errOut := run(t, db, "agreement", "--set", "study", "--csv", csvPath, "--json")
	if code != ExitOK {
		t.Fatalf("agreement: %d %s", code, errOut)
	}
	var rep AgreementOutput
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	r := rep.Report
	if !slices.Equal(r.Coders, []string{"amal", "badr", "carim"}) || r.Articles != 2 || r.Shared != 2 || r.Overall.KappaName != "Fleiss" {
		t.Fatalf("report over coders %v, %d articles (%d shared), %s kappa", r.Coders, r.Articles, r.Shared, r.Overall.KappaName)
	}
	// Exact F1 by hand: amal/badr match Omar, Laila, إيران of 4 spans each;
	// amal/carim Omar, Amman (LOC), إيران of 4 each; badr/carim Omar and
	// إيران of 4 each.
	for pair, want := range map[string]float64{"amal/badr": 0.75, "amal/carim": 0.75, "badr/carim": 0.5} {
		f := figure(t, rep.Figures, "f1_exact", "pair "+pair)
		if !f.Value.Computable || f.Value.Value != want || f.Value.Units != 2 || f.Value.Pairable != 8 {
			t.Errorf("exact F1 of %s = %+v, want %.2f over 2 articles and 8 spans", pair, f.Value, want)
		}
	}
	alpha := figure(t, rep.Figures, "alpha", "tokens")
	if !alpha.Value.Computable || alpha.Value.CI == nil || alpha.Value.CI.Resamples != 1000 || alpha.Definition == "" || alpha.Value.Coders != 3 {
		t.Errorf("overall alpha %+v %q: want a value with a 1,000-resample interval, 3 coders and a definition", alpha.Value, alpha.Definition)
	}
	if alpha.Value.Value >= 1 || alpha.Value.Value <= 0 {
		t.Errorf("overall alpha %.3f: the coders disagree on some tokens and agree on most", alpha.Value.Value)
	}
	recs, err := readCSV(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rep.Figures)+1 || recs[0][0] != "figure" {
		t.Errorf("CSV has %d records for %d figures", len(recs), len(rep.Figures))
	}
	raw, _ := os.ReadFile(csvPath)
	if strings.Contains(strings.ToLower(string(raw)), "nan") || strings.Contains(out, "NaN") {
		t.Errorf("a report holds NaN")
	}

	// Only PER: amal and badr agree on Omar and Laila, nothing else.
	code, out, errOut = run(t, db, "agreement", "--set", "study", "--annotators", "amal,badr", "--types", "per", "--json")
	if code != ExitOK {
		t.Fatalf("agreement --types per: %d %s", code, errOut)
	}
	rep = AgreementOutput{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if f := figure(t, rep.Figures, "f1_exact", "pair amal/badr"); f.Value.Value != 1 || rep.Report.Overall.KappaName != "Cohen" ||
		!slices.Equal(rep.Report.Types, []string{"PER"}) {
		t.Errorf("PER only, two coders: F1 %+v, kappa %s, types %v", f.Value, rep.Report.Overall.KappaName, rep.Report.Types)
	}

	// The readable table.
	code, out, _ = run(t, db, "agreement", "--set", "study", "--resamples", "0")
	if code != ExitOK || !strings.Contains(out, "fleiss_kappa") || !strings.Contains(out, "3 coders (amal, badr, carim)") ||
		!strings.Contains(out, "Types of badr (rows) against carim (columns)") {
		t.Errorf("agreement table: %d\n%s", code, out)
	}
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}

func TestAgreementBadInput(t *testing.T) {
	db, enID, _ := teamArchive(t)
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// In "apart", amal's article and carim's article differ: nobody coded twice.
	dir := t.TempDir()
	other := writeFile(t, dir, "other.txt", "Nadia opened the clinic in Irbid.\n")
	st.Close()
	if code, _, errOut := run(t, db, "import", "--set", "apart", other); code != ExitOK {
		t.Fatal(errOut)
	}
	st, _ = storage.Open(ctx, db)
	apart, _ := st.SetByName(ctx, "apart")
	ids, _ := st.SetMembers(ctx, apart.ID)
	if _, err := st.CreateAnnotation(ctx, "dina", model.Annotation{ArticleID: ids[0], Type: "PER", Start: 0, End: 5, Quote: "Nadia", Annotator: "dina"}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddToSet(ctx, "x", apart.ID, enID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--set", "study", "--annotators", "amal"}, "at least two coders"},
		{[]string{"--set", "study", "--annotators", "amal,zaid"}, "coder zaid coded none"},
		{[]string{"--set", "apart", "--annotators", "amal,dina"}, "no article was coded by two or more"},
		{[]string{"--set", "study", "--types", "FOO"}, `type "FOO" is not in the archive's label schema`},
		{[]string{"--set", "nosuch"}, "nosuch"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, db, append([]string{"agreement"}, c.args...)...)
		if code != ExitFail || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || out != "" {
			t.Errorf("agreement %v: exit %d, stdout %q, stderr %q; want exit 1 and one line saying %q", c.args, code, out, errOut, c.want)
		}
	}
}

func goldCount(t *testing.T, db string) []model.Annotation {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, err := st.ExportBundle(ctx, storage.Scope{Annotators: []string{"gold"}})
	if err != nil {
		t.Fatal(err)
	}
	return b.Annotations
}

func TestAdjudicate(t *testing.T) {
	db, enID, _ := teamArchive(t)
	t.Setenv("DAFTAR_USER", "lead") // after the import, so the lead's only action is adjudicating
	code, out, errOut := run(t, db, "adjudicate", "--set", "study", "--min-agree", "2", "--dry-run", "--json")
	if code != ExitOK {
		t.Fatalf("dry run: %d %s", code, errOut)
	}
	var plan1 AdjudicateOutput
	if err := json.Unmarshal([]byte(out), &plan1); err != nil {
		t.Fatal(err)
	}
	// Omar (3), Laila (2), Amman LOC (2), إيران (3); Amman ORG and الوزير have one coder.
	if plan1.Added != 4 || plan1.Unchanged != 0 || !plan1.DryRun || len(goldCount(t, db)) != 0 {
		t.Fatalf("dry run plans %d, writes %d gold spans; want 4 planned, none written", plan1.Added, len(goldCount(t, db)))
	}
	code, out, errOut = run(t, db, "adjudicate", "--set", "study", "--min-agree", "2")
	if code != ExitOK || !strings.HasPrefix(out, "4 spans added to the gold layer") {
		t.Fatalf("adjudicate: %d %q %s", code, out, errOut)
	}
	gold := goldCount(t, db)
	var quotes []string
	for _, g := range gold {
		quotes = append(quotes, g.Type+" "+g.Quote)
		if !strings.Contains(g.Note, "decided by lead at ") || !strings.Contains(g.Note, "amal=") {
			t.Errorf("gold %s has no provenance: %q", g.Quote, g.Note)
		}
		if p := g.Provenance; p == nil || p.DecidedBy != "lead" || len(p.From) < 2 || !strings.HasPrefix(p.Rule, fmt.Sprintf("%d of 3 coders agree", len(p.From))) {
			t.Errorf("gold %s: provenance in data %+v, want its coders, rule and decider", g.Quote, p)
		}
		if g.ArticleID == enID && g.Quote == "Amman" && (g.Type != "LOC" || strings.Contains(g.Note, "badr")) {
			t.Errorf("Amman adjudicated as %s from %q, want LOC from amal and carim", g.Type, g.Note)
		}
	}
	slices.Sort(quotes)
	if want := []string{"GPE إيران", "LOC Amman", "PER Laila", "PER Omar"}; !slices.Equal(quotes, want) {
		t.Errorf("gold layer %v, want %v", quotes, want)
	}

	// Again: nothing new. With all three required, two are there already.
	code, out, _ = run(t, db, "adjudicate", "--set", "study", "--min-agree", "2")
	if code != ExitOK || !strings.HasPrefix(out, "0 spans added") || !strings.Contains(out, "4 already there") || len(goldCount(t, db)) != 4 {
		t.Errorf("second run: %d %q", code, out)
	}
	code, out, _ = run(t, db, "adjudicate", "--set", "study", "--min-agree", "3")
	if code != ExitOK || !strings.HasPrefix(out, "0 spans added") || !strings.Contains(out, "2 already there") {
		t.Errorf("--min-agree 3: %d %q", code, out)
	}
	// The gold layer stays out of agreement unless named.
	code, out, _ = run(t, db, "agreement", "--set", "study", "--resamples", "0", "--json")
	var rep AgreementOutput
	if code != ExitOK || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Report.Coders) != 3 {
		t.Errorf("agreement after adjudication: %d, coders %v", code, rep.Report.Coders)
	}
	// Export limited to the adjudicated layer.
	code, out, errOut = run(t, db, "export", "--format", "json", "--set", "study", "--annotators", "gold")
	b, err := bundle.Read(strings.NewReader(out))
	if code != ExitOK || err != nil || len(b.Annotations) != 4 {
		t.Fatalf("export --annotators gold: %d %v %s", code, err, errOut)
	}
	csvDir := filepath.Join(t.TempDir(), "gold-csv")
	code, out, errOut = run(t, db, "export", "--format", "csv", "--set", "study", "--annotators", "gold", "--out", csvDir)
	if code != ExitOK || !strings.HasPrefix(out, "2 articles, 4 annotations") {
		t.Errorf("export --format csv --annotators gold: %d %q %s", code, out, errOut)
	}
	code, out, _ = run(t, db, "export", "--format", "csv", "--set", "study", "--annotators", "carim", "--out", filepath.Join(t.TempDir(), "c"))
	if code != ExitOK || !strings.HasPrefix(out, "2 articles, 4 annotations") {
		t.Errorf("export --annotators carim: %d %q, want carim's 4", code, out)
	}
	// One action in the history: one undo removes the whole layer.
	code, out, errOut = run(t, db, "undo")
	if n := len(goldCount(t, db)); code != ExitOK || n != 0 || out != "undone: the last action of lead (4 annotation)\n" {
		t.Errorf("undo: %d %q %q, %d gold spans left; want all 4 removed", code, out, errOut, n)
	}
	if code, _, errOut = run(t, db, "undo"); code != ExitFail || !strings.Contains(errOut, "nothing to undo") {
		t.Errorf("second undo: %d %q, want nothing to undo", code, errOut)
	}

	for _, args := range [][]string{
		{"--set", "study", "--min-agree", "4"},
		{"--set", "study", "--min-agree", "2", "--annotators", "amal,gold"},
	} {
		if code, _, errOut := run(t, db, append([]string{"adjudicate"}, args...)...); code != ExitFail || !strings.Contains(errOut, "adjudicate") {
			t.Errorf("adjudicate %v: %d %q, want exit 1 with the reason", args, code, errOut)
		}
	}
}

func TestAssign(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "lead.db")
	var paths []string
	for i := range 10 {
		paths = append(paths, writeFile(t, dir, fmt.Sprintf("s%d.txt", i), fmt.Sprintf("Report %d: the port of Aden reopened after %d days of repairs.\n", i, i+3)))
	}
	if code, _, errOut := run(t, db, append([]string{"import", "--set", "port"}, paths...)...); code != ExitOK {
		t.Fatal(errOut)
	}
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateEntity(ctx, "lead", model.Entity{Name: "Aden", Type: "GPE"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "bundles")
	code, stdout, errOut := run(t, db, "assign", "--set", "port", "--coders", "amal,badr,carim", "--overlap", "0.2", "--seed", "3", "--out", out, "--json")
	if code != ExitOK {
		t.Fatalf("assign: %d %s", code, errOut)
	}
	var res AssignOutput
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Shared) != 2 || len(res.Coders) != 3 {
		t.Fatalf("%d shared, %d coders; want 2 of 10 shared among 3", len(res.Shared), len(res.Coders))
	}
	total := 0
	var done []string
	for _, cb := range res.Coders {
		total += len(cb.Articles) - len(res.Shared)
		f, err := os.Open(cb.Bundle)
		if err != nil {
			t.Fatal(err)
		}
		b, err := bundle.Read(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Articles) != len(cb.Articles) || len(b.Annotations) != 0 || len(b.Entities) != 1 || len(b.Sets) != 1 ||
			b.Sets[0].Name != "port / coder "+cb.Coder || len(b.Sets[0].ArticleIDs) != len(cb.Articles) || len(b.Schema) == 0 {
			t.Errorf("%s's bundle: %d articles (want %d), %d annotations, %d entities, sets %+v",
				cb.Coder, len(b.Articles), len(cb.Articles), len(b.Annotations), len(b.Entities), b.Sets)
		}
		// The coder's own Daftar takes the bundle whole.
		coderDB := filepath.Join(dir, cb.Coder+".db")
		if code, _, errOut := run(t, coderDB, "import", cb.Bundle); code != ExitOK {
			t.Errorf("%s imports their bundle: %d %s", cb.Coder, code, errOut)
		}
		if code, list, _ := run(t, coderDB, "list", "--set", "port / coder "+cb.Coder); code != ExitOK || strings.Count(list, "\n") != len(cb.Articles) {
			t.Errorf("%s's archive lists %q", cb.Coder, list)
		}
		// They code (everyone tags Aden, amal also the port) and send their set back.
		coderCodes(t, coderDB, cb.Coder, cb.Articles)
		done = append(done, filepath.Join(dir, cb.Coder+"-done.json"))
		if code, _, errOut := run(t, coderDB, "export", "--format", "json", "--set", cb.Set, "--out", done[len(done)-1]); code != ExitOK {
			t.Fatalf("%s exports: %s", cb.Coder, errOut)
		}
	}
	// The lead merges the three and measures agreement on the shared articles.
	if code, _, errOut := run(t, db, append([]string{"import"}, done...)...); code != ExitOK {
		t.Fatalf("lead imports the coders' work: %s", errOut)
	}
	code, stdout, errOut = run(t, db, "agreement", "--set", "port", "--assigned", "--resamples", "0", "--json")
	var rep AgreementOutput
	if code != ExitOK || json.Unmarshal([]byte(stdout), &rep) != nil {
		t.Fatalf("agreement after merging: %d %s", code, errOut)
	}
	// amal/badr on the 2 shared articles: 4 spans of amal, 2 of badr, 2 match.
	if f := figure(t, rep.Figures, "f1_exact", "pair amal/badr"); rep.Report.Shared != 2 || f.Value.Value != 4.0/6 || f.Value.Units != 2 {
		t.Errorf("after the round trip: %d shared articles, amal/badr exact F1 %+v; want 2 and 2/3", rep.Report.Shared, f.Value)
	}
	if total != 8 {
		t.Errorf("%d unshared articles dealt, want 8", total)
	}
	st, _ = storage.Open(ctx, db)
	sets, _ := st.Sets(ctx)
	st.Close()
	if len(sets) != 4 {
		t.Errorf("%d sets after assigning, want port and one per coder", len(sets))
	}
	code, _, errOut = run(t, db, "assign", "--set", "port", "--coders", "amal,badr", "--out", filepath.Join(dir, "again"))
	if code != ExitFail || !strings.Contains(errOut, "exists already") {
		t.Errorf("second assignment: %d %q, want a refusal", code, errOut)
	}
	if code, _, errOut = run(t, db, "assign", "--set", "port", "--coders", "amal", "--out", filepath.Join(dir, "one")); code != ExitFail || !strings.Contains(errOut, "at least two") {
		t.Errorf("one coder: %d %q", code, errOut)
	}
}

func TestAgreementAssigned(t *testing.T) {
	db, _, _ := teamArchive(t)
	dir := t.TempDir()
	// A third article all three were given and in which nobody marked anything.
	quiet := writeFile(t, dir, "quiet.txt", "Rain fell all day and the market stayed closed.\n")
	if code, _, errOut := run(t, db, "import", "--set", "study", quiet); code != ExitOK {
		t.Fatal(errOut)
	}
	report := func(args ...string) AgreementOutput {
		t.Helper()
		code, out, errOut := run(t, db, append([]string{"agreement", "--set", "study", "--resamples", "0", "--json"}, args...)...)
		var rep AgreementOutput
		if code != ExitOK || json.Unmarshal([]byte(out), &rep) != nil {
			t.Fatalf("agreement %v: %d %s", args, code, errOut)
		}
		return rep
	}
	code, _, errOut := run(t, db, "agreement", "--set", "study", "--assigned")
	if code != ExitFail || !strings.Contains(errOut, `set "study / coder amal"`) {
		t.Errorf("--assigned without an assignment: %d %q", code, errOut)
	}
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	study, _ := st.SetByName(ctx, "study")
	all, _ := st.SetMembers(ctx, study.ID)
	var sets []model.Set
	for _, c := range []string{"amal", "badr", "carim"} {
		sets = append(sets, model.Set{Name: coderSetName("study", c), ArticleIDs: all})
	}
	if _, err := st.CreateSets(ctx, "lead", sets); err != nil {
		t.Fatal(err)
	}
	st.Close()
	plain, withQuiet := report(), report("--assigned")
	// Agreeing on the quiet article's O tokens raises alpha; span scores stay.
	a0, a1 := figure(t, plain.Figures, "alpha", "tokens"), figure(t, withQuiet.Figures, "alpha", "tokens")
	if plain.Report.Shared != 2 || withQuiet.Report.Shared != 3 || a1.Value.Pairable != a0.Value.Pairable+3*9 {
		t.Errorf("shared articles %d -> %d, pairable values %d -> %d: --assigned should add the quiet article's 9 tokens as coded by all 3",
			plain.Report.Shared, withQuiet.Report.Shared, a0.Value.Pairable, a1.Value.Pairable)
	}
	f0, f1 := figure(t, plain.Figures, "f1_exact", "pair amal/badr"), figure(t, withQuiet.Figures, "f1_exact", "pair amal/badr")
	if a1.Value.Value <= a0.Value.Value || f0.Value.Value != f1.Value.Value || f1.Value.Units != 3 {
		t.Errorf("alpha %.3f -> %.3f, F1 %+v -> %+v", a0.Value.Value, a1.Value.Value, f0.Value, f1.Value)
	}
}

// coderCodes tags Aden as GPE in each of the coder's articles, and amal
// also "port" as LOC, in the coder's own archive.
func coderCodes(t *testing.T, db, coder string, articles []string) {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var anns []model.Annotation
	for _, id := range articles {
		a, err := st.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		words := map[string]string{"Aden": "GPE"}
		if coder == "amal" {
			words["port"] = "LOC"
		}
		for w, typ := range words {
			start := model.RuneLen(a.Text[:strings.Index(a.Text, w)])
			anns = append(anns, model.Annotation{ArticleID: id, Type: typ, Start: start, End: start + len(w), Quote: w, Annotator: coder})
		}
	}
	if _, err := st.CreateAnnotations(ctx, coder, anns); err != nil {
		t.Fatal(err)
	}
}

func TestAssignNoOverlap(t *testing.T) {
	db, _, _ := teamArchive(t)
	code, out, errOut := run(t, db, "assign", "--set", "study", "--coders", "amal,badr", "--overlap", "0", "--out", t.TempDir())
	if code != ExitOK || !strings.Contains(errOut, "agreement cannot be measured") || strings.Count(out, "   1 articles") != 2 {
		t.Errorf("assign --overlap 0: %d %q %q; want each coder one article and a note that nothing is shared", code, out, errOut)
	}
}

func TestAgreementClaims(t *testing.T) {
	db, _, arID := teamArchive(t)
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := st.Article(ctx, arID)
	quote := "إيران ستشارك"
	start := model.RuneLen(a.Text[:strings.Index(a.Text, quote)])
	for coder, verdict := range map[string]string{"amal": "false", "badr": "false", "carim": "mixed"} {
		c := model.Annotation{ArticleID: arID, Type: "CLAIM", Start: start, End: start + model.RuneLen(quote), Quote: quote,
			Annotator: coder, Verdict: verdict, Stance: "neutral"}
		if _, err := st.CreateAnnotation(ctx, coder, c); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	code, out, errOut := run(t, db, "agreement", "--set", "study", "--resamples", "0", "--json")
	var rep AgreementOutput
	if code != ExitOK || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("agreement: %d %s", code, errOut)
	}
	// One claim unit, verdicts false, false, mixed: o(false,mixed) = o(mixed,false)
	// = 1, n_false = 2, n_mixed = 1, alpha = 1 - (3-1)·2/(2·1·2) = 0. Stance:
	// one category only, so no alpha.
	v, s := figure(t, rep.Figures, "verdict_alpha", "claims"), figure(t, rep.Figures, "stance_alpha", "claims")
	if rep.Report.Claims.Units != 1 || !v.Value.Computable || v.Value.Value != 0 || v.Value.Pairable != 3 {
		t.Errorf("verdict alpha %+v over %d claim units, want 0 over 1 unit and 3 values", v.Value, rep.Report.Claims.Units)
	}
	if s.Value.Computable || s.Value.Reason == "" {
		t.Errorf("stance alpha with one value for all: %+v, want not computable, with the reason", s.Value)
	}
	// Claims are not spans: the span figures are those of TestAgreementThreeCoders.
	if f := figure(t, rep.Figures, "f1_exact", "pair amal/badr"); f.Value.Value != 0.75 {
		t.Errorf("claims changed the span F1: %+v", f.Value)
	}
}
