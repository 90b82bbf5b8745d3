package cli

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"daftar/agreement"
	"daftar/model"
	"daftar/plan"
	"daftar/storage"
)

// goldLayer is the default annotator name of the adjudicated layer; the
// agreement command leaves it out unless named with --annotators.
const goldLayer = "gold"

// setCoding reads a set's articles and all their annotations with read
// (store.CodingOfSet, or store.SpansOfSet when only agreement reads them).
func setCoding(e *env, store *storage.Store, name string, read func(context.Context, string) (*storage.SetCoding, error)) (*storage.SetCoding, error) {
	st, err := store.SetByName(e.ctx, name)
	if err != nil {
		return nil, err
	}
	c, err := read(e.ctx, st.ID)
	if err != nil {
		return nil, err
	}
	if len(c.Articles) == 0 {
		return nil, fmt.Errorf("set %q has no articles", name)
	}
	return c, nil
}

// annotatorsOf lists, by name, who annotated anns, leaving out skip.
func annotatorsOf(anns []model.Annotation, skip string) []string {
	seen := map[string]bool{}
	for _, a := range anns {
		if a.Annotator != skip {
			seen[a.Annotator] = true
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// codings turns a set's records into the agreement package's input.
func codings(b *storage.SetCoding) []agreement.Article {
	return agreement.FromRecords(b.Articles, b.Annotations)
}

// markAssigned records that each coder coded the articles of their
// assignment set, so an assigned article where they marked nothing counts
// as coded with no spans rather than as missing.
func markAssigned(e *env, store *storage.Store, set string, coders []string, arts []agreement.Article) error {
	for _, c := range coders {
		st, err := store.SetByName(e.ctx, coderSetName(set, c))
		if err != nil {
			return fmt.Errorf("--assigned: %w (made by daftar assign)", err)
		}
		members, err := store.SetMembers(e.ctx, st.ID)
		if err != nil {
			return err
		}
		for i := range arts {
			if _, ok := arts[i].Codings[c]; !ok && slices.Contains(members, arts[i].ID) {
				if arts[i].Codings == nil {
					arts[i].Codings = map[string]agreement.Coding{}
				}
				arts[i].Codings[c] = agreement.Coding{}
			}
		}
	}
	return nil
}

// schemaTypes spells the types as the schema does, refusing unknown ones.
func schemaTypes(schema model.Schema, types []string) ([]string, error) {
	out := make([]string, len(types))
	for i, t := range types {
		lt, ok := schema.Lookup(t)
		if !ok {
			return nil, fmt.Errorf("type %q is not in the archive's label schema", t)
		}
		out[i] = lt.Name
	}
	return out, nil
}

// AgreementOutput is the JSON form of `agreement`.
type AgreementOutput struct {
	Set     string           `json:"set"`
	Figures []agreement.Row  `json:"figures"`
	Report  agreement.Report `json:"report"`
}

func runAgreement(e *env, args []string) (code int) {
	fs := e.newFlags("agreement")
	set := fs.String("set", "", "the set whose articles are compared (required)")
	annotators := fs.String("annotators", "", "compare these coders, comma-separated (default: every annotator in the set but "+goldLayer+")")
	types := fs.String("types", "", "only spans of these types, comma-separated (claims are always compared)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	csvOut := fs.String("csv", "", "also write every figure with its definition to this CSV file")
	resamples := fs.Int("resamples", 1000, "bootstrap resamples for alpha's 95% interval (0: no interval)")
	seed := fs.Uint64("seed", 1, "seed of the bootstrap, so a report can be reproduced")
	assigned := fs.Bool("assigned", false, "a coder coded every article of their set \"SET / coder NAME\" (made by assign), also those where they marked nothing")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	if *set == "" {
		return e.usageError(fs, "--set is required")
	}
	if *resamples < 0 {
		return e.usageError(fs, "--resamples must not be negative")
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	b, err := setCoding(e, store, *set, store.SpansOfSet)
	if err != nil {
		return e.fail(err)
	}
	schema, err := store.Schema(e.ctx)
	if err != nil {
		return e.fail(err)
	}
	opt := agreement.Options{Coders: splitList(*annotators), Resamples: *resamples, Seed: *seed}
	if opt.Resamples == 0 {
		opt.Resamples = -1 // the package's 0 means its default
	}
	if len(opt.Coders) == 0 {
		opt.Coders = annotatorsOf(b.Annotations, goldLayer)
	}
	if opt.Types, err = schemaTypes(schema, splitList(*types)); err != nil {
		return e.fail(err)
	}
	arts := codings(b)
	if *assigned {
		if err := markAssigned(e, store, *set, opt.Coders, arts); err != nil {
			return e.fail(err)
		}
	}
	rep, err := agreement.Compute(arts, opt)
	if err != nil {
		return e.fail(fmt.Errorf("set %q: %w", *set, err))
	}
	rows := agreement.Rows(rep)
	if *csvOut != "" {
		if err := writeAgreementCSV(*csvOut, rows); err != nil {
			return e.fail(err)
		}
	}
	if *asJSON {
		return e.writeJSON(AgreementOutput{Set: *set, Figures: rows, Report: rep})
	}
	printAgreement(e, *set, rep, rows)
	return ExitOK
}

func writeAgreementCSV(path string, rows []agreement.Row) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := agreement.WriteCSV(f, rows); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

func printAgreement(e *env, set string, r agreement.Report, rows []agreement.Row) {
	fmt.Fprintf(e.stdout, "Set %q: %d coders (%s), %d articles, %d coded by two or more, %d tokens\n",
		set, len(r.Coders), strings.Join(r.Coders, ", "), r.Articles, r.Shared, r.Tokens)
	fmt.Fprintf(e.stdout, "Unit: %s\n\n", r.Unit)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tscope\tvalue\t95% CI\tunits\tpairable")
	for _, row := range rows {
		f := row.Value
		value, ci := "—", ""
		if f.Computable {
			value = fmt.Sprintf("%.3f", f.Value)
			if f.CI != nil {
				ci = fmt.Sprintf("[%.3f, %.3f]", f.CI.Low, f.CI.High)
			}
		} else {
			ci = "(" + f.Reason + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d %s\t%d\n", row.Figure, row.Scope, value, ci, f.Units, row.Unit, f.Pairable)
	}
	tw.Flush()
	for _, p := range r.Pairs {
		c := p.Confusion
		if len(c.Rows) == 0 {
			continue
		}
		fmt.Fprintf(e.stdout, "\nTypes of %s (rows) against %s (columns), spans paired by overlap:\n", p.A, p.B)
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\t"+strings.Join(c.Cols, "\t"))
		for i, name := range c.Rows {
			cells := make([]string, len(c.Counts[i]))
			for j, n := range c.Counts[i] {
				cells[j] = fmt.Sprint(n)
			}
			fmt.Fprintln(tw, name+"\t"+strings.Join(cells, "\t"))
		}
		tw.Flush()
	}
}

// AdjudicateOutput is the JSON form of `adjudicate`.
type AdjudicateOutput struct {
	Set       string                          `json:"set"`
	Coders    []string                        `json:"coders"`
	MinAgree  int                             `json:"min_agree"`
	As        string                          `json:"as"`
	DryRun    bool                            `json:"dry_run"`
	Added     int                             `json:"added"`
	Unchanged int                             `json:"unchanged"`
	Skipped   int                             `json:"skipped"`
	Changes   []plan.Change[model.Annotation] `json:"changes"`
}

func runAdjudicate(e *env, args []string) (code int) {
	fs := e.newFlags("adjudicate")
	set := fs.String("set", "", "the set whose articles are adjudicated (required)")
	minAgree := fs.Int("min-agree", 0, "how many coders must have marked a span, same start, end and type (required, 2 or more)")
	annotators := fs.String("annotators", "", "the coders, comma-separated (default: every annotator in the set but the --as layer)")
	as := fs.String("as", goldLayer, "annotator name of the adjudicated layer")
	dryRun := fs.Bool("dry-run", false, "show what would be added, write nothing")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	if *set == "" || *minAgree == 0 {
		return e.usageError(fs, "--set and --min-agree are required")
	}
	how := writing
	if *dryRun {
		how = reading
	}
	store, err := e.open(how)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	st, err := store.SetByName(e.ctx, *set)
	if err != nil {
		return e.fail(err)
	}
	out := AdjudicateOutput{Set: *set, Coders: splitList(*annotators), MinAgree: *minAgree, As: *as, DryRun: *dryRun}
	actor := Actor()
	// decide plans from the annotations read in the write transaction
	// itself, so that the plan and the write see one state of the archive.
	decide := func(anns []model.Annotation) (storage.AnnotationEdit, error) {
		if len(out.Coders) == 0 {
			out.Coders = annotatorsOf(anns, *as)
		}
		changes, err := plan.Adjudicate(anns, plan.AdjudicateOptions{Coders: out.Coders, MinAgree: *minAgree, As: *as,
			Decider: actor, At: time.Now().UTC().Truncate(time.Second)})
		if err != nil {
			return storage.AnnotationEdit{}, fmt.Errorf("set %q: %w", *set, err)
		}
		out.Changes = changes
		var edit storage.AnnotationEdit
		for _, c := range changes {
			switch c.Action {
			case plan.Add:
				out.Added++
				edit.Add = append(edit.Add, c.New)
			case plan.Unchanged:
				out.Unchanged++
			default:
				out.Skipped++
			}
		}
		return edit, nil
	}
	if *dryRun {
		b, err := setCoding(e, store, *set, store.CodingOfSet)
		if err == nil {
			_, err = decide(b.Annotations)
		}
		if err != nil {
			return e.fail(err)
		}
	} else if _, err := store.EditCoding(e.ctx, actor, storage.CodingScope{SetID: st.ID}, decide); err != nil {
		return e.fail(err)
	}
	if *asJSON {
		if out.Changes == nil {
			out.Changes = []plan.Change[model.Annotation]{}
		}
		return e.writeJSON(out)
	}
	for _, c := range out.Changes {
		if c.Action == plan.Skip {
			fmt.Fprintf(e.stdout, "skipped %s %d-%d %s %q: %s\n", c.New.ArticleID, c.New.Start, c.New.End, c.New.Type, c.New.Quote, c.Reason)
		}
	}
	verb := "added to"
	if *dryRun {
		verb = "would be added to"
	}
	fmt.Fprintf(e.stdout, "%d spans %s the %s layer (at least %d of %d coders: %s), %d already there, %d skipped\n",
		out.Added, verb, *as, *minAgree, len(out.Coders), strings.Join(out.Coders, ", "), out.Unchanged, out.Skipped)
	return ExitOK
}
