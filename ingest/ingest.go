// Package ingest reads the files researchers bring (text, Markdown, HTML,
// DOCX, ODT, RTF, PDF, CSV/TSV, XLSX, JSON/JSONL, RSS/Atom, Daftar bundles, Nexis
// Uni, Factiva and ProQuest exports, and ZIP archives or folders of them) and
// turns each into model.Article drafts with canonical text and the metadata
// the file states. Language detection, direction, near-duplicate hashing
// and dedupe are the caller's job.
//
// Every file (or ZIP entry) yields one Item: all of its articles or one error,
// never part of them, so a batch import can skip a bad file and go on. Two
// exceptions: CSV, JSON and JSONL files are streamed, in Items of up to 1,000
// articles, so a file of any size can be read in bounded memory; and an
// article of a database export that does not parse is a warning while the
// others are kept.
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"daftar/bundle"
	"daftar/model"
)

// Default limits against hostile files.
const (
	DefaultMaxFileSize     = 64 << 20
	DefaultMaxDecompressed = 512 << 20
	DefaultMaxEntries      = 10000
)

// Options control one import.
type Options struct {
	Format          string            // "" = detect by content and extension; else one of Formats
	Map             map[string]string // field -> column name or dotted JSON path (title, text, source, url, published, author, language, place)
	MaxFileSize     int64             // bytes of one file read whole or ZIP entry (CSV, JSON and JSONL files in UTF-8 are streamed, without this limit); DefaultMaxFileSize when zero
	MaxRecordSize   int64             // bytes of one CSV row, JSONL line or JSON record; DefaultMaxRecordSize when zero
	MaxDecompressed int64             // total bytes out of one ZIP/DOCX; DefaultMaxDecompressed when zero
	MaxEntries      int               // entries in one ZIP/DOCX; DefaultMaxEntries when zero
	FollowLinks     bool              // folders: also read links to files outside the folder
}

// Item is what one input file (or one ZIP entry) yields: all its articles or
// its error, never part of them.
type Item struct {
	Path     string // file path; "x.zip!inner/a.txt" for ZIP entries
	Format   string
	Articles []model.Article
	Bundle   *bundle.Bundle // set instead of Articles for a Daftar bundle (Format "daftar-bundle")
	Warnings []string
	Err      error // one line: the reason (the caller prefixes the Path)
	// Part numbers the Items of a file streamed in batches (CSV, JSON,
	// JSONL): 1, 2, ... and the error, if any, last; 0 for a file read whole.
	Part int
	// Skipped says why the entry was not read: a ZIP entry whose path
	// leaves the archive, a link, a device. Such items have no Err.
	Skipped string
}

// Formats lists the values Options.Format accepts.
var Formats = []string{"txt", "md", "html", "docx", "pdf", "csv", "tsv", "json", "jsonl", "rss", "atom", "bundle", "zip", "rtf", "odt", "xlsx", fmtWARC, fmtNexis, fmtFactiva, fmtProQuest}

// Validate checks the format name and the field names of Map, so that a
// typo in --format or --map is reported once instead of on every file.
func (o Options) Validate() error {
	if o.Format != "" && !contains(Formats, strings.ToLower(o.Format)) {
		return fmt.Errorf("unknown format %q (known: %s)", o.Format, strings.Join(Formats, ", "))
	}
	for f, col := range o.Map {
		if !contains(mapFields, strings.ToLower(f)) {
			return fmt.Errorf("unknown field %q in map (fields: %s)", f, strings.Join(mapFields, ", "))
		}
		if strings.TrimSpace(col) == "" {
			return fmt.Errorf("map for field %q names no column", f)
		}
	}
	return nil
}

func (o Options) withDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.MaxDecompressed <= 0 {
		o.MaxDecompressed = DefaultMaxDecompressed
	}
	if o.MaxRecordSize <= 0 {
		o.MaxRecordSize = DefaultMaxRecordSize
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// skipName reports names a walk passes over: hidden files and folders, and
// the lock files Office leaves next to open documents.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || name == "__MACOSX"
}

// Total counts the files Read will visit (for a progress bar). It walks
// folders but opens no ZIPs, so a ZIP counts as one file although Read emits
// one Item per entry.
func Total(paths []string) (int, error) {
	n := 0
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return n, err
		}
		if !st.IsDir() {
			n++
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				n++ // Read reports it as one failed item
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if q != p && skipName(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				n++ // read, or reported as skipped
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// errStop carries an emit error out of a walk untouched.
type errStop struct{ err error }

func (e errStop) Error() string { return e.err.Error() }

// Read walks files and folders (recursively, in lexical order, skipping
// hidden files and folders) and ZIPs, calling emit once per file or ZIP
// entry. It stops early when ctx is cancelled (returning ctx.Err()) or when
// emit returns an error (returning it).
func Read(ctx context.Context, paths []string, opts Options, emit func(Item) error) error {
	opts = opts.withDefaults()
	send := func(items []Item) error {
		// Items of a file interrupted by cancellation are not emitted: the
		// caller is stopping, and one may carry the cancellation as its error.
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, it := range items {
			if err := emit(it); err != nil {
				return errStop{err}
			}
		}
		return nil
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := os.Stat(p)
		if err != nil {
			if e := emit(Item{Path: p, Err: oneLine(err)}); e != nil {
				return e
			}
			continue
		}
		if !st.IsDir() {
			if err := readOne(ctx, p, opts, send); err != nil {
				return unwrapStop(ctx, err)
			}
			continue
		}
		root, err := filepath.EvalSymlinks(p)
		if err != nil {
			root = p
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if e := ctx.Err(); e != nil {
				return e
			}
			if err != nil {
				if e := send([]Item{{Path: q, Err: oneLine(err)}}); e != nil {
					return e
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if q != p && skipName(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if why := skipInFolder(root, q, d.Type(), opts.FollowLinks); why != "" {
				return send([]Item{{Path: q, Skipped: why}})
			}
			return readOne(ctx, q, opts, send)
		})
		if err != nil {
			return unwrapStop(ctx, err)
		}
	}
	return ctx.Err()
}

// skipInFolder says why a folder entry is not read, "" to read it. A link is
// followed only to a regular file inside the folder being imported (unless
// outside is allowed): a link out of it would import files the user did not
// choose.
func skipInFolder(root, path string, t fs.FileMode, outside bool) string {
	if t.IsRegular() {
		return ""
	}
	if t&fs.ModeSymlink == 0 {
		return notRegular(t)
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "broken symbolic link"
	}
	st, err := os.Stat(target)
	switch {
	case err != nil:
		return "broken symbolic link"
	case st.IsDir():
		return "symbolic link to a folder, not followed"
	case !st.Mode().IsRegular():
		return "symbolic link to a file that is " + notRegular(st.Mode().Type())
	}
	if rel, err := filepath.Rel(root, target); !outside && (err != nil || !filepath.IsLocal(rel)) {
		return fmt.Sprintf("symbolic link to %s, outside the folder", target)
	}
	return ""
}

// notRegular names what a special file is.
func notRegular(t fs.FileMode) string {
	kind := "special file"
	switch {
	case t&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case t&fs.ModeSocket != 0:
		kind = "socket"
	case t&fs.ModeDevice != 0:
		kind = "device"
	}
	return "not a regular file (" + kind + ")"
}

func unwrapStop(ctx context.Context, err error) error {
	var s errStop
	if errors.As(err, &s) {
		return s.err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// ReadFile reads one file: all the items it yields (one, or one per entry of
// a ZIP). A folder is read as Read would read it.
func ReadFile(ctx context.Context, path string, opts Options) []Item {
	opts = opts.withDefaults()
	st, err := os.Stat(path)
	if err != nil {
		return []Item{{Path: path, Err: oneLine(err)}}
	}
	if st.IsDir() {
		var items []Item
		_ = Read(ctx, []string{path}, opts, func(it Item) error { items = append(items, it); return nil })
		return items
	}
	var items []Item
	_ = readOne(ctx, path, opts, func(its []Item) error { items = append(items, its...); return nil })
	return items
}

// readOne reads a regular file and sends its items.
func readOne(ctx context.Context, path string, opts Options, send func([]Item) error) error {
	if err := ctx.Err(); err != nil {
		return send([]Item{{Path: path, Err: err}})
	}
	if isZipPath(path) {
		return send(readZipFile(ctx, path, opts))
	}
	f, err := os.Open(path)
	if err != nil {
		return send([]Item{{Path: path, Err: oneLine(err)}})
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return send([]Item{{Path: path, Err: oneLine(err)}})
	}
	r := bufio.NewReaderSize(f, headSize)
	head, _ := r.Peek(headSize) // a read error shows again below
	if opts.Format == fmtWARC || opts.Format == "" && (isWARCHead(head) || isWARCName(path)) {
		return readWARC(ctx, path, r, opts, send)
	}
	if format, ok := streamFormat(filepath.Base(path), head, opts.Format); ok {
		return readStream(ctx, path, format, r, opts, send)
	}
	if st.Size() > opts.MaxFileSize {
		return send([]Item{{Path: path, Err: tooLarge(st.Size(), opts.MaxFileSize)}})
	}
	data, err := readLimited(r, opts.MaxFileSize)
	if err != nil {
		return send([]Item{{Path: path, Err: err}})
	}
	return send(parseData(ctx, path, filepath.Base(path), data, opts, nil, 0))
}

// parseData turns the bytes of one file or ZIP entry into items. name is the
// base name used for extension-based detection; b is the budget of the
// enclosing archive (nil for a file on disk) and depth its nesting.
func parseData(ctx context.Context, path, name string, data []byte, opts Options, b *budget, depth int) []Item {
	forced := opts.Format
	if IsBatch(forced) {
		forced = "" // the container (DOCX, HTML, text) is detected; parseOne reads it as the export
	}
	format, err := detectFormat(name, data, forced)
	if err != nil {
		return []Item{{Path: path, Format: format, Err: err}}
	}
	if forced != opts.Format && !contains([]string{"txt", "md", "html", "docx", "rtf", "pdf", "zip"}, format) {
		return []Item{{Path: path, Format: format, Err: fmt.Errorf("a %s export is read from DOCX, RTF, PDF, HTML or text, not %s", batchLabels[opts.Format], format)}}
	}
	if format == fmtWARC {
		var items []Item
		_ = readWARC(ctx, path, bytes.NewReader(data), opts, func(its []Item) error { items = append(items, its...); return nil })
		return items
	}
	if format == "zip" {
		if b == nil {
			b = newBudget(opts)
		}
		return zipNested(ctx, path, data, opts, b, depth+1)
	}
	it := parseOne(ctx, path, format, data, opts)
	return []Item{it}
}

// parseOne runs one format's parser and stamps the articles it made. It
// recovers from a parser panic so that one hostile file cannot end a batch.
func parseOne(ctx context.Context, path, format string, data []byte, opts Options) (it Item) {
	batch := "" // a database export forced with --format
	if IsBatch(opts.Format) {
		batch = opts.Format
	}
	// A container format forced by the user (txt, html, rtf, docx) is read
	// as one article: an export is looked for only when detecting.
	sniff := opts.Format == ""
	it = Item{Path: path, Format: format}
	defer func() {
		if r := recover(); r != nil {
			it.Articles, it.Bundle = nil, nil
			it.Err = fmt.Errorf("internal error while reading %s: %v", format, r)
		}
	}()
	var drafts []draft
	var warns []string
	var err error
	switch format {
	case "txt", "md":
		var s string
		if s, warns, err = decodeText(data); err != nil {
			break
		}
		if kind, ds, w, ok, e := readBatch(s, batch, sniff && format == "txt"); ok {
			it.Format, drafts, err = kind, ds, e
			warns = append(warns, w...)
			break
		}
		var d draft
		d, err = textDraft(s, format == "md")
		drafts = []draft{d}
	case "html":
		var s string
		if s, warns, err = decodeHTML(data); err != nil {
			break
		}
		if batch == fmtFactiva || sniff && looksFactivaHTML(s) {
			it.Format = fmtFactiva
			drafts, warns, err = parseFactivaHTML(s)
			break
		}
		if batch != "" {
			err = fmt.Errorf("a %s export is not read from HTML", batchLabels[batch])
			break
		}
		var d draft
		d, err = htmlDraft(s)
		drafts = []draft{d}
	case "rtf":
		var s string
		if s, err = rtfText(data); err != nil {
			break
		}
		if kind, ds, w, ok, e := readBatch(s, batch, sniff); ok {
			it.Format, drafts, err = kind, ds, e
			warns = w
			break
		}
		var d draft
		d, err = textDraft(s, false)
		drafts = []draft{d}
	case "docx":
		var d draft
		d, warns, err = parseDOCX(data, opts)
		if err != nil {
			break
		}
		if kind, ds, w, ok, e := readBatch(d.text, batch, sniff); ok {
			it.Format, drafts, err = kind, ds, e
			warns = append(warns, w...)
			break
		}
		drafts = []draft{d}
	case "odt":
		var d draft
		d, warns, err = parseODT(data, opts)
		drafts = []draft{d}
	case "pdf":
		var d draft
		d, warns, err = parsePDF(ctx, data)
		if err != nil {
			break
		}
		if kind, ds, w, ok, e := readBatch(d.lines, batch, sniff); ok {
			it.Format, drafts, err = kind, ds, e
			warns = append(warns, w...)
			break
		}
		drafts = []draft{d}
	case "csv", "tsv":
		drafts, warns, err = parseCSV(data, format == "tsv", opts.Map, opts.MaxRecordSize)
	case "xlsx":
		drafts, warns, err = parseXLSX(data, opts)
	case "json", "jsonl", "bundle":
		var b *bundle.Bundle
		drafts, b, warns, err = parseJSON(data, format, opts.Map, opts.MaxRecordSize)
		if b != nil {
			it.Format, it.Bundle, it.Warnings = bundle.Format, b, warns
			return it
		}
	case "rss", "atom":
		var f string
		drafts, f, warns, err = parseFeed(data)
		if f != "" {
			it.Format = f
		}
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	it.Warnings = warns
	if err != nil {
		it.Err = oneLine(err)
		return it
	}
	arts := make([]model.Article, 0, len(drafts))
	for _, d := range drafts {
		a, w := d.article(path, it.Format)
		it.Warnings = append(it.Warnings, w...)
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		it.Err = errors.New("no article text found")
		return it
	}
	it.Articles = arts
	return it
}

// oneLine keeps an error to its first line, as Item.Err promises.
func oneLine(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the caller prefixes the path
	}
	s := err.Error()
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return errors.New(strings.TrimSpace(s[:i]))
	}
	return err
}

func tooLarge(size, limit int64) error {
	return fmt.Errorf("file is %s, over the %s limit", humanBytes(size), humanBytes(limit))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// sortedKeys is used where map order would make output unstable.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
