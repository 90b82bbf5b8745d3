package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"daftar/bundle"
	"daftar/export"
	"daftar/storage"
)

func runExport(e *env, args []string) (code int) {
	fs := e.newFlags("export")
	format := fs.String("format", "", "one of "+strings.Join(export.Formats, ", "))
	set := fs.String("set", "", "only the articles of this set")
	query := fs.String("query", "", "only the articles this search finds (same language as `daftar search`)")
	types := fs.String("types", "", "only annotations of these types, comma-separated")
	annotators := fs.String("annotators", "", "only annotations by these annotators, comma-separated")
	offsets := fs.String("offsets", "codepoint", "offset unit for csv, jsonl, w3c and qdpx: codepoint or utf16 (json and brat are always codepoint)")
	noBOM := fs.Bool("no-bom", false, "CSV: no UTF-8 byte order mark")
	reviewURL := fs.String("review-url", "", "claimreview: the publisher's base URL; each review's url is URL/<annotation id> (default: the article's URL)")
	unverified := fs.Bool("unverified", false, "claimreview: also claims without a rating (unverified or no verdict), with no reviewRating")
	layers := fs.Bool("layers", false, "conll: one tag column per type, so overlapping annotations of different types are kept")
	redact := fs.String("redact", "", "remove before writing, comma-separated: annotators (become coder-1, coder-2, …; the key goes to OUT.redaction-map.csv), notes, origins (import paths), and article fields "+strings.Join(export.RedactFields, ", "))
	lock := addLockFlags(fs)
	out := fs.String("out", "", "output file, or folder for csv and brat (a .zip when the name ends in .zip); json may go to standard output with - or no --out")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	if !slices.Contains(export.Formats, *format) {
		return e.usageError(fs, "--format must be one of %s", strings.Join(export.Formats, ", "))
	}
	if *offsets != "codepoint" && *offsets != "utf16" {
		return e.usageError(fs, "--offsets must be codepoint or utf16")
	}
	if *set != "" && *query != "" {
		return e.usageError(fs, "give --set or --query, not both")
	}
	toStdout := *out == "" || *out == "-"
	if toStdout && *format != "json" {
		return e.usageError(fs, "--out is required for --format %s", *format)
	}
	redaction, err := export.ParseRedaction(*redact)
	if err != nil {
		return e.usageError(fs, "--redact: %s", err)
	}
	if toStdout && (*redact != "" || lock.on()) {
		return e.usageError(fs, "--redact and encryption need --out")
	}
	opts := export.Options{Format: *format, Out: cmp.Or(*out, "-"), BOM: !*noBOM, Offsets: *offsets, ReviewURL: *reviewURL, Unverified: *unverified, Layers: *layers,
		Redact: redaction}
	if lock.on() {
		if opts.Recipients, err = lock.recipients(e); err != nil {
			var u errUsage
			if errors.As(err, &u) {
				return e.usageError(fs, "%s", err)
			}
			return e.fail(err)
		}
	}
	if err := opts.Check(); err != nil {
		return e.usageError(fs, "%s", strings.TrimPrefix(err.Error(), "export: "))
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	scope := storage.Scope{Types: splitList(*types), Annotators: splitList(*annotators)}
	if *set != "" {
		st, err := store.SetByName(e.ctx, *set)
		if err != nil {
			return e.fail(err)
		}
		scope.SetID = st.ID
	}
	if *query != "" {
		ids, err := searchIDs(e, store, *query)
		if err != nil {
			return e.fail(err)
		}
		scope.ArticleIDs = ids
	}
	load := func(ctx context.Context) (*bundle.Bundle, error) { return store.ExportBundle(ctx, scope) }
	if toStdout {
		b, err := load(e.ctx)
		if err != nil {
			return e.fail(err)
		}
		if err := bundle.Write(e.stdout, b); err != nil {
			return e.fail(err)
		}
		return ExitOK
	}
	var progress func(done, total int)
	if isTerminal(e.stderr) {
		progress = func(done, total int) { fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] exporting", done, total) }
	}
	n, err := export.Run(e.ctx, opts, load, progress)
	if progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return e.fail(fmt.Errorf("export %s: %w", *out, err))
	}
	abs, _ := filepath.Abs(*out)
	written := fmt.Sprint(n.Annotations)
	if len(n.LeftOut) > 0 {
		written = fmt.Sprintf("%d of %d", n.Annotations-len(n.LeftOut), n.Annotations)
	}
	fmt.Fprintf(e.stdout, "%d articles, %s annotations, %d entities written to %s (%s)\n",
		n.Articles, written, n.Entities, abs, *format)
	for _, note := range n.Notes {
		fmt.Fprintf(e.stderr, "daftar: note: %s\n", note)
	}
	if len(opts.Recipients) > 0 {
		fmt.Fprintf(e.stdout, "encrypted with age; open it with `daftar import --identity KEY` or the passphrase\n")
	}
	if n.RedactionMap != "" {
		fmt.Fprintf(e.stdout, "annotators renamed coder-1, coder-2, …; the key is in %s: keep it, do not share it\n", n.RedactionMap)
	}
	if *format == "labelstudio" {
		fmt.Fprintf(e.stdout, "Label Studio labeling config written to %s\n", export.LabelStudioConfigPath(abs))
	}
	return ExitOK
}
