package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"daftar/importer"
	"daftar/ingest"
	"daftar/model"
	"daftar/storage"
)

// allQDPX reports whether every path is a REFI-QDA project by its name.
func allQDPX(paths []string) bool {
	for _, p := range paths {
		if ext := strings.ToLower(filepath.Ext(p)); ext != ".qdpx" && ext != ".qde" {
			return false
		}
	}
	return true
}

func runImport(e *env, args []string) (code int) {
	fs := e.newFlags("import")
	set := fs.String("set", "", "add the imported articles to this set (created if missing)")
	format := fs.String("format", "", "read every file as this format instead of detecting it (nexis, factiva, proquest: a news database export; warc: a web archive, .warc or .warc.gz); doccano, brat, labelstudio or qdpx (REFI-QDA, also detected by .qdpx/.qde) attach another tool's annotations to stored articles")
	offsets := fs.String("offsets", "", "doccano files' offset unit, codepoint or utf16, for lines that do not declare it (default codepoint)")
	skip := fs.Bool("skip-invalid", false, "bundles: import the valid records and list the invalid ones")
	follow := fs.Bool("follow-links", false, "folders: also read symbolic links to files outside the folder")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	var identities listFlag
	fs.Var(&identities, "identity", "age secret key file that opens encrypted bundles (repeatable; without it, the passphrase is asked)")
	passphraseFile := fs.String("passphrase-file", "", "encrypted bundles: read the passphrase from the first line of this file (else $DAFTAR_PASSPHRASE or the terminal)")
	fields := mapFlag{}
	fs.Var(fields, "map", "map a field to a column or dotted JSON path, e.g. --map source=meta.outlet (repeatable)")
	paths, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(paths) == 0 {
		return e.usageError(fs, "no files or folders to import")
	}
	store, err := e.open(creating)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	var progress func(importer.Progress)
	if isTerminal(e.stderr) {
		progress = func(p importer.Progress) {
			fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] %s", p.Done, p.Total, p.Current)
		}
	}
	opts := importer.Options{
		Ingest:      ingest.Options{Format: *format, Map: fields, FollowLinks: *follow},
		SetName:     *set,
		Actor:       Actor(),
		SkipInvalid: *skip,
		Unlock:      e.unlocker(identities, *passphraseFile),
	}
	if *format == "" && allQDPX(paths) {
		*format = importer.FormatQDPX
	}
	var rep *importer.Report
	if importer.IsExternal(*format) {
		rep, err = importer.RunExternal(e.ctx, store, paths, *format, *offsets, opts.Actor, progress)
	} else {
		rep, err = importer.Run(e.ctx, store, paths, opts, progress)
	}
	if progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return e.fail(err)
	}
	for _, en := range rep.Entries {
		switch en.Status {
		case importer.StatusFailed:
			fmt.Fprintf(e.stderr, "%s: %s\n", en.Path, oneLine(en.Reason))
		case importer.StatusSkipped:
			fmt.Fprintf(e.stderr, "%s: skipped: %s\n", en.Path, oneLine(en.Reason))
		}
		for _, w := range en.Warnings {
			fmt.Fprintf(e.stderr, "%s: warning: %s\n", en.Path, oneLine(w))
		}
	}
	status := ExitOK
	if rep.Failed > 0 || rep.Cancelled {
		status = ExitFail
	}
	if *asJSON {
		if s := e.writeJSON(rep); s != ExitOK {
			return s
		}
		return status
	}
	for _, en := range rep.Entries {
		switch {
		case en.Status == importer.StatusDuplicate && en.Reason != "":
			fmt.Fprintf(e.stdout, "%s: duplicate: %s\n", en.Path, en.Reason)
		case en.Status == importer.StatusDuplicate:
			fmt.Fprintf(e.stdout, "%s: duplicate of %s\n", en.Path, en.DuplicateOf)
		case en.Status == importer.StatusAttached:
			fmt.Fprintf(e.stdout, "%s: %d annotations attached\n", en.Path, en.Annotations)
		case en.Status == importer.StatusMerged:
			b := en.Bundle
			fmt.Fprintf(e.stdout, "%s: bundle merged: %d articles, %d entities, %d annotations added; %d annotations updated; %d unchanged\n",
				en.Path, b.ArticlesAdded, b.EntitiesAdded, b.AnnotationsAdded, b.AnnotationsUpdated, b.Unchanged)
			for _, s := range b.Skipped {
				fmt.Fprintf(e.stderr, "%s: skipped invalid record: %s\n", en.Path, oneLine(s))
			}
		case en.SimilarTo != "":
			fmt.Fprintf(e.stdout, "%s: imported %s, similar to %s (%.0f%%)\n", en.Path, en.ID, en.SimilarTo, en.Similarity*100)
		case en.Status == importer.StatusImported:
			fmt.Fprintf(e.stdout, "%s: imported %s %q\n", en.Path, en.ID, en.Title)
		}
	}
	for _, b := range rep.Batches {
		noun := "articles"
		if b.Articles == 1 {
			noun = "article"
		}
		fmt.Fprintf(e.stdout, "%d %s from %s (%s)", b.Articles, noun, b.Path, b.Label)
		if b.Skipped > 0 {
			fmt.Fprintf(e.stdout, ", %d skipped", b.Skipped)
		}
		fmt.Fprintln(e.stdout)
	}
	fmt.Fprintf(e.stdout, "%d files: %d imported, %d duplicates, %d similar, %d failed, %d skipped, %d warnings\n",
		rep.Files, rep.Imported, rep.Duplicates, rep.Similar, rep.Failed, rep.Skipped, rep.Warnings)
	if rep.DuplicatesByID > 0 {
		fmt.Fprintf(e.stdout, "(%d of the duplicates by their database document id, with a text that differs)\n", rep.DuplicatesByID)
	}
	if rep.Unlisted > 0 {
		fmt.Fprintf(e.stdout, "(%d more imported or duplicate records not listed)\n", rep.Unlisted)
	}
	if rep.Resumed > 0 {
		fmt.Fprintf(e.stdout, "resumed: %d already in the archive\n", rep.Resumed)
	}
	if rep.Cancelled {
		fmt.Fprintln(e.stderr, "daftar: import cancelled; the files listed above were imported whole, large CSV/JSON/JSONL files in whole batches of 1,000 records; run the import again to resume")
	}
	return status
}

// isTerminal reports whether w is a terminal, where a progress line that
// rewrites itself is welcome (never in pipes and logs).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runList(e *env, args []string) (code int) {
	fs := e.newFlags("list")
	set := fs.String("set", "", "only the articles of this set")
	sortBy := fs.String("sort", storage.SortImported, "order: imported, published, title, source or annotations")
	desc := fs.Bool("desc", false, "reverse the order")
	limit := fs.Int("limit", 0, "at most N articles (0: all)")
	asJSON := fs.Bool("json", false, "print JSON")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	if *limit < 0 {
		return e.usageError(fs, "--limit must not be negative")
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	opts := storage.ListOptions{Sort: *sortBy, Desc: *desc, Limit: *limit}
	if *set != "" {
		st, err := store.SetByName(e.ctx, *set)
		if err != nil {
			return e.fail(err)
		}
		opts.SetID = st.ID
	}
	list, err := store.ListArticles(e.ctx, opts)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		if list == nil {
			list = []storage.ArticleSummary{}
		}
		return e.writeJSON(list)
	}
	for _, a := range list {
		fmt.Fprintf(e.stdout, "%s  %-10s  %-3s  %3d  %s\n", a.ID, a.Published, a.Language, a.Annotations, a.Title)
	}
	return ExitOK
}

// ArticleWithAnnotations is the JSON form of `show`.
type ArticleWithAnnotations struct {
	Article     *model.Article     `json:"article"`
	Offsets     string             `json:"offsets"`
	Annotations []model.Annotation `json:"annotations"`
}

func runShow(e *env, args []string) (code int) {
	fs := e.newFlags("show")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 1 {
		return e.usageError(fs, "want exactly one ARTICLE-ID")
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	a, err := store.Article(e.ctx, pos[0])
	if err != nil {
		return e.fail(err)
	}
	anns, err := store.Annotations(e.ctx, a.ID)
	if err != nil {
		return e.fail(err)
	}
	if anns == nil {
		anns = []model.Annotation{}
	}
	if *asJSON {
		return e.writeJSON(ArticleWithAnnotations{Article: a, Offsets: "codepoint", Annotations: anns})
	}
	fmt.Fprintln(e.stdout, a.Title)
	var meta []string
	for _, m := range []string{a.Source, a.Author, a.Published, a.Place, a.Language, a.URL} {
		if m != "" {
			meta = append(meta, m)
		}
	}
	if len(meta) > 0 {
		fmt.Fprintln(e.stdout, strings.Join(meta, " · "))
	}
	fmt.Fprintf(e.stdout, "id %s · imported from %s (%s)\n\n%s\n", a.ID, a.Origin.File, a.Origin.Format, a.Text)
	if len(anns) > 0 {
		fmt.Fprintf(e.stdout, "\n%d annotations (offsets in code points):\n", len(anns))
		for _, an := range anns {
			fmt.Fprintf(e.stdout, "  %-6s %5d-%-5d %s", an.Type, an.Start, an.End, an.Quote)
			if an.Verdict != "" {
				fmt.Fprintf(e.stdout, "  [%s]", an.Verdict)
			}
			fmt.Fprintln(e.stdout)
		}
	}
	return ExitOK
}

func runStats(e *env, args []string) (code int) {
	fs := e.newFlags("stats")
	asJSON := fs.Bool("json", false, "print JSON")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	st, err := store.Stats(e.ctx)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		return e.writeJSON(st)
	}
	fmt.Fprintf(e.stdout, "archive      %s (schema %d, %.1f MB)\narticles     %d\nannotations  %d (%d claims)\nentities     %d\nsets         %d\nhistory      %d changes\n",
		st.Path, st.SchemaVersion, float64(st.SizeBytes)/1e6, st.Articles, st.Annotations, st.Claims, st.Entities, st.Sets, st.HistoryRows)
	return ExitOK
}

func runCheck(e *env, args []string) (code int) {
	fs := e.newFlags("check")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	problems, err := store.Check(e.ctx)
	if err != nil {
		return e.fail(err)
	}
	for _, p := range problems {
		fmt.Fprintln(e.stderr, "check:", oneLine(p))
	}
	if len(problems) > 0 {
		fmt.Fprintf(e.stdout, "%s: %d problems\n", store.Path(), len(problems))
		return ExitFail
	}
	fmt.Fprintf(e.stdout, "%s: ok\n", store.Path())
	return ExitOK
}

func runReindex(e *env, args []string) (code int) {
	fs := e.newFlags("reindex")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	store, err := e.open(writing)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	if err := store.Reindex(e.ctx); err != nil {
		return e.fail(err)
	}
	return ExitOK
}

func runBackup(e *env, args []string) (code int) {
	fs := e.newFlags("backup")
	lock := addLockFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 1 {
		return e.usageError(fs, "want exactly one PATH")
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	if lock.on() {
		return e.sealedBackup(fs, store, lock, pos[0])
	}
	if err := store.Backup(e.ctx, pos[0]); err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", pos[0])
	return ExitOK
}

func runVersion(e *env, args []string) int {
	fmt.Fprintf(e.stdout, "daftar %s (archive schema %d)\n", Version, storage.SchemaVersion())
	return ExitOK
}
