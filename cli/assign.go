package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"daftar/bundle"
	"daftar/export"
	"daftar/model"
	"daftar/plan"
	"daftar/storage"
)

// AssignOutput is the JSON form of `assign`.
type AssignOutput struct {
	Set     string        `json:"set"`
	Overlap float64       `json:"overlap"`
	Seed    uint64        `json:"seed"`
	Shared  []string      `json:"shared"`
	Coders  []CoderBundle `json:"coders"`
}

// CoderBundle is one coder's share of an assignment.
type CoderBundle struct {
	Coder    string   `json:"coder"`
	Set      string   `json:"set"`
	Bundle   string   `json:"bundle"`
	Articles []string `json:"articles"`
}

// coderSetName names the set recording a coder's share of set.
func coderSetName(set, coder string) string { return set + " / coder " + coder }

// fileName keeps letters, digits, '-' and '_' of a coder's name, so any
// name makes a portable file name.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

func runAssign(e *env, args []string) (code int) {
	fs := e.newFlags("assign")
	set := fs.String("set", "", "the set to split (required)")
	coders := fs.String("coders", "", "the coders' names, comma-separated, as they will sign their annotations (required, two or more)")
	overlap := fs.Float64("overlap", 0.2, "share of the set, 0 to 1, coded by every coder")
	seed := fs.Uint64("seed", 1, "seed of the shuffle, so the split can be reproduced")
	out := fs.String("out", "", "folder for the bundles, one <coder>.json per coder (required)")
	asJSON := fs.Bool("json", false, "print the assignment as JSON")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	names := splitList(*coders)
	if *set == "" || *out == "" || len(names) == 0 {
		return e.usageError(fs, "--set, --coders and --out are required")
	}
	store, err := e.open(writing)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	st, err := store.SetByName(e.ctx, *set)
	if err != nil {
		return e.fail(err)
	}
	members, err := store.SetMembers(e.ctx, st.ID)
	if err != nil {
		return e.fail(err)
	}
	split, err := plan.Assign(members, names, *overlap, *seed)
	if err != nil {
		return e.fail(fmt.Errorf("set %q: %w", *set, err))
	}
	res := AssignOutput{Set: *set, Overlap: *overlap, Seed: *seed, Shared: split.Shared}
	var sets []model.Set
	files := map[string]string{}
	for _, c := range names {
		name := coderSetName(*set, c)
		if _, err := store.SetByName(e.ctx, name); !errors.Is(err, storage.ErrNotFound) {
			if err == nil {
				err = fmt.Errorf("set %q exists already: this set was assigned before; delete the coder sets or assign a set under another name", name)
			}
			return e.fail(err)
		}
		f := filepath.Join(*out, fileName(c)+".json")
		if files[f] != "" {
			return e.fail(fmt.Errorf("coders %q and %q would share the bundle %s", files[f], c, f))
		}
		files[f] = c
		sets = append(sets, model.Set{ID: model.NewID(), Name: name, ArticleIDs: split.ByCoder[c],
			Note: fmt.Sprintf("coding assignment of %q for %s: %d articles, %d shared by all %d coders (overlap %g, seed %d)",
				*set, c, len(split.ByCoder[c]), len(split.Shared), len(names), *overlap, *seed)})
		res.Coders = append(res.Coders, CoderBundle{Coder: c, Set: name, Bundle: f, Articles: split.ByCoder[c]})
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return e.fail(err)
	}
	entities, err := store.Entities(e.ctx)
	if err != nil {
		return e.fail(err)
	}
	// Bundles first, sets after: a bundle that cannot be written leaves
	// no assignment recorded, so the command can simply be run again.
	for i, cb := range res.Coders {
		coderSet := sets[i]
		load := func(ctx context.Context) (*bundle.Bundle, error) {
			b, err := store.ExportBundle(ctx, storage.Scope{ArticleIDs: cb.Articles})
			if err != nil {
				return nil, err
			}
			// The coder codes blind: no one's annotations travel, but the
			// whole entity registry and the coder's set do.
			b.Annotations, b.Entities, b.Sets = []model.Annotation{}, append([]model.Entity{}, entities...), []model.Set{coderSet}
			return b, nil
		}
		if _, err := export.Run(e.ctx, export.Options{Format: "json", Out: cb.Bundle}, load, nil); err != nil {
			return e.fail(fmt.Errorf("bundle for %s: %w", cb.Coder, err))
		}
	}
	if _, err := store.CreateSets(e.ctx, Actor(), sets); err != nil {
		return e.fail(err)
	}
	if len(split.Shared) == 0 {
		fmt.Fprintln(e.stderr, "daftar: note: no article is coded by every coder (--overlap 0), so agreement cannot be measured on this assignment")
	}
	if *asJSON {
		return e.writeJSON(res)
	}
	fmt.Fprintf(e.stdout, "Set %q: %d articles, %d coded by all %d coders (overlap %g, seed %d)\n",
		*set, len(members), len(split.Shared), len(names), *overlap, *seed)
	for _, cb := range res.Coders {
		fmt.Fprintf(e.stdout, "  %-12s %4d articles  set %q  bundle %s\n", cb.Coder, len(cb.Articles), cb.Set, cb.Bundle)
	}
	return ExitOK
}
