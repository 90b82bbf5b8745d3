package cli

import (
	"fmt"
	"os"
	"slices"

	"daftar/model"
	"daftar/storage"
	"daftar/suggest"
)

// SuggestOutput is the JSON form of `suggest`.
type SuggestOutput struct {
	ArticleID   string               `json:"article_id"`
	Offsets     string               `json:"offsets"`
	Suggestions []suggest.Suggestion `json:"suggestions"`
}

// SuggestSetOutput is the JSON form of `suggest --set`.
type SuggestSetOutput struct {
	Set      string                          `json:"set"`
	Offsets  string                          `json:"offsets"`
	Totals   []suggest.EntityTotal           `json:"totals"`
	Articles map[string][]suggest.Suggestion `json:"articles"`
}

func runSuggest(e *env, args []string) (code int) {
	fs := e.newFlags("suggest")
	asJSON := fs.Bool("json", false, "print JSON")
	setName := fs.String("set", "", "list the suggestions of every article of this set instead")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	switch {
	case *setName == "" && len(pos) != 1:
		return e.usageError(fs, "want exactly one ARTICLE-ID, or --set NAME")
	case *setName != "" && len(pos) != 0:
		return e.usageError(fs, "give either an ARTICLE-ID or --set NAME, not both")
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	if *setName != "" {
		return suggestSet(e, store, *setName, *asJSON)
	}
	sugs, err := suggest.NewService(store).ForArticle(e.ctx, pos[0])
	if err != nil {
		return e.fail(err)
	}
	if sugs == nil {
		sugs = []suggest.Suggestion{}
	}
	if *asJSON {
		return e.writeJSON(SuggestOutput{ArticleID: pos[0], Offsets: "codepoint", Suggestions: sugs})
	}
	printSuggestions(e, sugs)
	fmt.Fprintf(e.stdout, "%d suggestions (offsets in code points)\n", len(sugs))
	return ExitOK
}

func printSuggestions(e *env, sugs []suggest.Suggestion) {
	for _, s := range sugs {
		fmt.Fprintf(e.stdout, "  %-6s %5d-%-5d %s  -> %s %s", s.Type, s.Start, s.End, s.Quote, s.ID, s.Name)
		if len(s.Others) > 0 {
			fmt.Fprintf(e.stdout, " (or %d other entities of that name)", len(s.Others))
		}
		fmt.Fprintln(e.stdout)
	}
}

// suggestSet lists a set's suggestions: totals by entity, then by article.
func suggestSet(e *env, store *storage.Store, name string, asJSON bool) int {
	st, err := store.SetByName(e.ctx, name)
	if err != nil {
		return e.fail(fmt.Errorf("set %q: %w", name, err))
	}
	byArticle, err := suggest.NewService(store).ForSet(e.ctx, st.ID)
	if err != nil {
		return e.fail(err)
	}
	totals := suggest.Totals(byArticle)
	if totals == nil {
		totals = []suggest.EntityTotal{}
	}
	if asJSON {
		return e.writeJSON(SuggestSetOutput{Set: st.Name, Offsets: "codepoint", Totals: totals, Articles: byArticle})
	}
	n := 0
	for _, t := range totals {
		fmt.Fprintf(e.stdout, "%-6s %s %s: %s in %s\n", t.Type, t.ID, t.Name, plural(t.Mentions, "mention"), plural(t.Articles, "article"))
		n += t.Mentions
	}
	ids := make([]string, 0, len(byArticle))
	for id := range byArticle {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		fmt.Fprintf(e.stdout, "article %s\n", id)
		printSuggestions(e, byArticle[id])
	}
	fmt.Fprintf(e.stdout, "%s in %s of set %q (offsets in code points)\n", plural(n, "suggestion"), plural(len(byArticle), "article"), st.Name)
	return ExitOK
}

// plural is "1 article", "2 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// PropagateOutput is the JSON form of `propagate`.
type PropagateOutput struct {
	DryRun      bool               `json:"dry_run"`
	Scope       string             `json:"scope"`
	Count       int                `json:"count"`
	Articles    int                `json:"articles"`
	Candidates  int                `json:"candidates"`
	Offsets     string             `json:"offsets"`
	Annotations []model.Annotation `json:"annotations"`
}

func runPropagate(e *env, args []string) (code int) {
	fs := e.newFlags("propagate")
	scope := fs.String("scope", string(suggest.ScopeArticle), "where to tag: article, set or archive")
	set := fs.String("set", "", "the set, for --scope set")
	dry := fs.Bool("dry-run", false, "only count what would be tagged")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 1 {
		return e.usageError(fs, "want exactly one ANNOTATION-ID")
	}
	sc := suggest.Scope(*scope)
	switch {
	case sc != suggest.ScopeArticle && sc != suggest.ScopeSet && sc != suggest.ScopeArchive:
		return e.usageError(fs, "--scope must be article, set or archive, not %q", *scope)
	case sc == suggest.ScopeSet && *set == "":
		return e.usageError(fs, "--scope set needs --set NAME")
	case sc != suggest.ScopeSet && *set != "":
		return e.usageError(fs, "--set is only for --scope set")
	}
	how := writing
	if *dry {
		how = reading
	}
	store, err := e.open(how)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	setID := ""
	if *set != "" {
		st, err := store.SetByName(e.ctx, *set)
		if err != nil {
			return e.fail(err)
		}
		setID = st.ID
	}
	svc := suggest.NewService(store)
	plan, err := svc.PlanPropagation(e.ctx, pos[0], sc, setID)
	if err != nil {
		return e.fail(err)
	}
	out := PropagateOutput{DryRun: *dry, Scope: string(plan.Scope), Count: plan.Count(), Articles: plan.Articles,
		Candidates: plan.Candidates, Offsets: "codepoint", Annotations: plan.Annotations}
	if !*dry {
		created, err := svc.Propagate(e.ctx, Actor(), plan)
		if err != nil {
			return e.fail(err)
		}
		if created != nil {
			out.Annotations = created
		}
	}
	if *asJSON {
		return e.writeJSON(out)
	}
	verb := "tagged"
	if *dry {
		verb = "would tag"
	}
	fmt.Fprintf(e.stdout, "%s %d occurrences of %q in %d articles (%d checked)\n", verb, out.Count, plan.Source.Quote, out.Articles, out.Candidates)
	return ExitOK
}

// GazetteerOutput is the JSON form of `gazetteer import` and `gazetteer build`.
type GazetteerOutput struct {
	Created  int                  `json:"created"`
	Merged   int                  `json:"merged"`
	Linked   int                  `json:"linked"`
	Entities []storage.SeedResult `json:"entities"`
}

func runGazetteer(e *env, args []string) (code int) {
	fs := e.newFlags("gazetteer")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) == 0 {
		return e.usageError(fs, "want import FILE.csv or build")
	}
	var ents []model.Entity
	switch pos[0] {
	case "import":
		if len(pos) != 2 {
			return e.usageError(fs, "gazetteer import wants exactly one FILE.csv")
		}
		f, err := os.Open(pos[1])
		if err != nil {
			return e.fail(err)
		}
		ents, err = suggest.ReadGazetteerCSV(f)
		f.Close()
		if err != nil {
			return e.fail(fmt.Errorf("%s: %w", pos[1], err))
		}
	case "build":
		if len(pos) != 1 {
			return e.usageError(fs, "unexpected argument %q", pos[1])
		}
	default:
		return e.usageError(fs, "unknown gazetteer command %q (want import or build)", pos[0])
	}
	how := writing // build reads the archive's own annotations
	if pos[0] == "import" {
		how = creating
	}
	store, err := e.open(how)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	svc := suggest.NewService(store)
	var res []storage.SeedResult
	if pos[0] == "import" {
		res, err = svc.ImportGazetteer(e.ctx, Actor(), ents)
	} else {
		res, err = svc.BuildGazetteer(e.ctx, Actor())
	}
	if err != nil {
		return e.fail(err)
	}
	out := GazetteerOutput{Entities: res}
	if out.Entities == nil {
		out.Entities = []storage.SeedResult{}
	}
	for _, r := range res {
		if r.Created {
			out.Created++
		} else {
			out.Merged++
		}
		out.Linked += r.Linked
	}
	if *asJSON {
		return e.writeJSON(out)
	}
	for _, r := range res {
		what := "merged into"
		if r.Created {
			what = "created"
		}
		fmt.Fprintf(e.stdout, "  %-6s %s %s %s", r.Type, what, r.EntityID, r.Name)
		if r.Linked > 0 {
			fmt.Fprintf(e.stdout, " (%d mentions linked)", r.Linked)
		}
		fmt.Fprintln(e.stdout)
	}
	fmt.Fprintf(e.stdout, "%d entities created, %d merged, %d mentions linked\n", out.Created, out.Merged, out.Linked)
	return ExitOK
}
