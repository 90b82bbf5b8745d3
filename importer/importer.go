// Package importer runs an import: it reads files with package ingest, fills
// in language and direction with package textnorm, stores the articles with
// package storage (one transaction per file, or per batch of up to 1,000
// records of a streamed CSV/JSON/JSONL file) and reports what happened to
// each file. The command line and the GUI both call Run.
package importer

import (
	"context"
	"errors"
	"fmt"

	"filippo.io/age"

	"daftar/ingest"
	"daftar/model"
	"daftar/storage"
	"daftar/textnorm"
)

// Options configure one import.
type Options struct {
	Ingest      ingest.Options
	SetName     string // add every imported (or already present) article to this set
	Actor       string // recorded in the history for bundle merges and set changes
	SkipInvalid bool   // bundles: leave invalid records out instead of rejecting the bundle
	// Unlock gives the identities (an age key file, or a passphrase through
	// seal.PassphraseIdentity) that open encrypted bundles among the paths.
	// It is called once, with the first such file, and only when there is one.
	Unlock func(path string) ([]age.Identity, error)
	// Formats overrides Ingest.Format for some of the paths (the import
	// dialog's per-file choice).
	Formats map[string]string
}

// Progress is reported after each file.
type Progress struct {
	Done, Total int
	Current     string
}

// Status of one imported record.
const (
	StatusImported  = "imported"
	StatusDuplicate = "duplicate"
	StatusFailed    = "failed"
	StatusMerged    = "merged"   // a bundle merged into the archive
	StatusAttached  = "attached" // annotations from another tool attached to stored articles
	StatusSkipped   = "skipped"  // not read: a link, a device, a ZIP entry whose path leaves the archive
)

// Entry is one line of the report: an article, a bundle or a failed file.
type Entry struct {
	Path        string                `json:"path"`
	Format      string                `json:"format,omitempty"`
	Status      string                `json:"status"`
	ID          string                `json:"id,omitempty"`
	Title       string                `json:"title,omitempty"`
	DuplicateOf string                `json:"duplicate_of,omitempty"`
	SimilarTo   string                `json:"similar_to,omitempty"`
	Similarity  float64               `json:"similarity,omitempty"`
	Reason      string                `json:"reason,omitempty"`
	Warnings    []string              `json:"warnings,omitempty"`
	Bundle      *storage.BundleReport `json:"bundle,omitempty"`
	Annotations int                   `json:"annotations,omitempty"` // attached, for doccano and brat files
}

// Report sums up an import. Its JSON form is what `import --json` prints.
type Report struct {
	Files      int `json:"files"`
	Imported   int `json:"imported"`
	Duplicates int `json:"duplicates"`
	// DuplicatesByID counts the duplicates found by their news database id
	// (a Factiva AN, a ProQuest document id) when their text differed.
	DuplicatesByID int  `json:"duplicates_by_id,omitempty"`
	Similar        int  `json:"similar"`
	Failed         int  `json:"failed"`
	Skipped        int  `json:"skipped"`
	Warnings       int  `json:"warnings"`
	Cancelled      bool `json:"cancelled,omitempty"`
	// Resumed counts the duplicates that were in the archive before this
	// import began: records a killed or cancelled run of it had stored.
	Resumed int     `json:"resumed,omitempty"`
	Entries []Entry `json:"entries"`
	// Unlisted counts article entries left out of Entries past
	// MaxListed, so that a file of millions of records keeps a small report.
	Unlisted int     `json:"unlisted,omitempty"`
	Batches  []Batch `json:"batches,omitempty"`
}

// Batch sums up one database export (Nexis Uni, Factiva, ProQuest) that
// held several articles; each article also has its own Entry.
type Batch struct {
	Path     string `json:"path"`
	Format   string `json:"format"`
	Label    string `json:"label"`    // "Nexis Uni"
	Articles int    `json:"articles"` // read from the file (imported or duplicate)
	Skipped  int    `json:"skipped"`  // articles that did not parse, named in the warnings
}

// MaxListed bounds the imported and duplicate entries a report lists.
const MaxListed = 10000

// addEntry lists an article's entry while under MaxListed.
func (r *Report) addEntry(e Entry) {
	if len(r.Entries) >= MaxListed && (e.Status == StatusImported || e.Status == StatusDuplicate) {
		r.Unlisted++
		return
	}
	r.Entries = append(r.Entries, e)
}

// Run imports paths (files and folders) into the store. A file that fails
// is reported and the others go on; Run returns an error only when the
// import could not go on at all. On cancellation the files stored so far
// stay (each whole, or in whole batches of a streamed file) and the report
// says Cancelled; a rerun skips what is in as duplicates (Report.Resumed).
func Run(ctx context.Context, store *storage.Store, paths []string, opts Options, progress func(Progress)) (*Report, error) {
	rep := &Report{Entries: []Entry{}}
	sealed, paths := splitSealed(paths)
	total, err := ingest.Total(paths)
	if err != nil {
		return nil, err
	}
	total += len(sealed)
	var set *model.Set
	if opts.SetName != "" {
		if set, err = store.EnsureSet(ctx, opts.Actor, opts.SetName); err != nil {
			return nil, err
		}
	}
	// Articles made before this mark (ids are UUIDv7, ordered by time) were
	// in the archive before the import began.
	start := model.NewID()
	done := 0
	// tick counts a file and reports progress; the later Items of a
	// streamed file only report progress.
	tick := func(path string, part int) {
		if part <= 1 {
			done++
			rep.Files++
		}
		if progress != nil {
			progress(Progress{Done: done, Total: max(total, done), Current: path})
		}
	}
	err = importSealed(ctx, store, sealed, opts, rep, start, tick)
	if err == nil && len(paths) > 0 {
		base := 0 // records of a streamed file in its earlier Items
		err = readEach(ctx, paths, opts, func(it ingest.Item) error {
			tick(it.Path, it.Part)
			if it.Part <= 1 {
				base = 0
			}
			members, err := storeItem(ctx, store, it, opts, rep, start, base)
			base += len(it.Articles)
			if err != nil {
				return err
			}
			if set != nil && len(members) > 0 {
				return store.AddToSet(ctx, opts.Actor, set.ID, members...)
			}
			return nil
		})
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		rep.Cancelled = true
		return rep, nil
	}
	return rep, err
}

// readEach reads the paths with their own format where Options.Formats
// gives one.
func readEach(ctx context.Context, paths []string, opts Options, emit func(ingest.Item) error) error {
	if len(opts.Formats) == 0 {
		return ingest.Read(ctx, paths, opts.Ingest, emit)
	}
	for _, p := range paths {
		o := opts.Ingest
		if f, ok := opts.Formats[p]; ok {
			o.Format = f
		}
		if err := ingest.Read(ctx, []string{p}, o, emit); err != nil {
			return err
		}
	}
	return nil
}

// storeItem stores one file's articles or bundle and returns the ids to add
// to the import's set. Only errors that stop the whole import are returned.
func storeItem(ctx context.Context, store *storage.Store, it ingest.Item, opts Options, rep *Report, start string, base int) ([]string, error) {
	fail := func(reason string) {
		rep.Failed++
		rep.Entries = append(rep.Entries, Entry{Path: it.Path, Format: it.Format, Status: StatusFailed, Reason: reason, Warnings: it.Warnings})
	}
	rep.Warnings += len(it.Warnings)
	switch {
	case it.Skipped != "":
		rep.Skipped++
		rep.Entries = append(rep.Entries, Entry{Path: it.Path, Status: StatusSkipped, Reason: it.Skipped})
		return nil, nil
	case it.Err != nil:
		fail(it.Err.Error())
		return nil, nil
	case it.Bundle != nil:
		br, err := store.ImportBundle(ctx, opts.Actor, it.Bundle, opts.SkipInvalid)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			fail(err.Error())
			return nil, nil
		}
		rep.Imported += br.ArticlesAdded
		rep.Duplicates += br.ArticlesDuplicate
		rep.Entries = append(rep.Entries, Entry{Path: it.Path, Format: it.Format, Status: StatusMerged, Bundle: br, Warnings: it.Warnings})
		return nil, nil
	}
	arts := make([]model.Article, len(it.Articles))
	for i, a := range it.Articles {
		if a.Language == "" {
			a.Language = textnorm.DetectLanguage(a.Text)
		}
		if a.Direction == "" {
			a.Direction = model.Direction(textnorm.Direction(a.Text))
		}
		arts[i] = a
	}
	results, err := store.AddArticles(ctx, arts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		fail(err.Error())
		return nil, nil
	}
	if ingest.IsBatch(it.Format) {
		rep.Batches = append(rep.Batches, Batch{Path: it.Path, Format: it.Format, Label: ingest.FormatLabel(it.Format),
			Articles: len(results), Skipped: ingest.SkippedArticles(it.Warnings)})
	}
	var members []string
	for i, r := range results {
		e := Entry{Path: it.Path, Format: it.Format, Status: string(r.Status), ID: r.ID, Title: r.Title,
			DuplicateOf: r.DuplicateOf, SimilarTo: r.SimilarTo, Similarity: r.Similarity}
		if i == 0 {
			e.Warnings = it.Warnings
		}
		if len(results) > 1 || it.Part > 0 {
			e.Path = fmt.Sprintf("%s#%d", it.Path, base+i+1)
		}
		switch r.Status {
		case storage.Added:
			rep.Imported++
			members = append(members, r.ID)
			if r.SimilarTo != "" {
				rep.Similar++
			}
		case storage.Duplicate:
			rep.Duplicates++
			if r.DuplicateBy == storage.SameDocID {
				rep.DuplicatesByID++
				e.Reason = fmt.Sprintf("same document id (%s) as %s, text differs", arts[i].DocID, r.DuplicateOf)
			}
			if r.DuplicateOf < start {
				rep.Resumed++
			}
			members = append(members, r.DuplicateOf)
		}
		rep.addEntry(e)
	}
	return members, nil
}
