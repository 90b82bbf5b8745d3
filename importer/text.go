package importer

import (
	"context"

	"daftar/ingest"
	"daftar/model"
	"daftar/storage"
)

// PastedPath is the report path of an article made from pasted text.
const PastedPath = "(pasted text)"

// Text stores pasted text as one article, with the rules of a text file
// (the first line is the title, a dateline gives the date) and language and
// direction detected as Run does, and reports it like a file of Run: one
// entry, imported or a duplicate (of the article already holding the
// text), or failed when the text is empty. opts.SetName adds the article
// (or the one it duplicates) to that set.
func Text(ctx context.Context, store *storage.Store, text string, opts Options) (*Report, error) {
	it := ingest.Item{Path: PastedPath, Format: "paste"}
	if a, err := ingest.FromText(text); err != nil {
		it.Err = err
	} else {
		it.Articles = []model.Article{a}
	}
	rep := &Report{Files: 1, Entries: []Entry{}}
	var set *model.Set
	if opts.SetName != "" && it.Err == nil {
		var err error
		if set, err = store.EnsureSet(ctx, opts.Actor, opts.SetName); err != nil {
			return nil, err
		}
	}
	members, err := storeItem(ctx, store, it, opts, rep, model.NewID(), 0)
	if err != nil {
		return nil, err
	}
	if set != nil && len(members) > 0 {
		if err := store.AddToSet(ctx, opts.Actor, set.ID, members...); err != nil {
			return nil, err
		}
	}
	return rep, nil
}
