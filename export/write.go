package export

import (
	"archive/zip"
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"daftar/bundle"
	"daftar/model"
	"daftar/platform"
	"daftar/seal"
	"daftar/textnorm"
)

// Counts says how much an export wrote. Notes are what the user must be
// told about the output (what a format left out), one sentence each.
type Counts struct {
	Articles, Annotations, Entities int
	Notes                           []string
	LeftOut                         []string // ids of annotations the format could not hold (CoNLL overlaps)
	RedactionMap                    string   // where the pseudonym key was written ("" when no annotator was renamed)
}

// Run is the export the CLI and the GUI both perform: check opts, read the
// records through load (the storage layer's ExportBundle for the chosen
// scope), apply opts.Redact to them, and write them; the pseudonym key,
// if any, goes to RedactionMapPath(opts.Out). progress is as for Write.
func Run(ctx context.Context, opts Options, load func(context.Context) (*bundle.Bundle, error), progress func(done, total int)) (Counts, error) {
	if err := opts.Check(); err != nil {
		return Counts{}, err
	}
	b, err := load(ctx)
	if err != nil {
		return Counts{}, err
	}
	pairs := opts.Redact.apply(b)
	j, err := writeJob(ctx, b, opts, progress)
	if err != nil {
		return Counts{}, err
	}
	var key string
	if len(pairs) > 0 {
		key = RedactionMapPath(opts.Out)
		if err := writeRedactionMap(key, pairs); err != nil {
			// An export with pseudonyms and no key would be unreadable to
			// its owner; what was just written goes.
			os.RemoveAll(opts.Out)
			return Counts{}, err
		}
	}
	return Counts{Articles: len(b.Articles), Annotations: len(b.Annotations), Entities: len(b.Entities), Notes: j.notes, LeftOut: j.leftOut, RedactionMap: key}, nil
}

// Check says why opts cannot be written (a usage error: nothing was read
// or written yet), or nil.
func (opts Options) Check() error {
	_, err := opts.checked()
	return err
}

// checked returns opts with the default offset unit filled in, or why
// they cannot be written.
func (opts Options) checked() (Options, error) {
	if opts.Out == "" {
		return opts, errors.New("export: no output path")
	}
	switch opts.Offsets {
	case "":
		opts.Offsets = UnitCodepoint
	case UnitCodepoint, UnitUTF16:
	default:
		return opts, fmt.Errorf("export: offsets %q: want %q or %q", opts.Offsets, UnitCodepoint, UnitUTF16)
	}
	if opts.Offsets == UnitUTF16 && (opts.Format == "json" || opts.Format == "brat") {
		// The bundle is read back by Daftar only in code points, and brat
		// (Python) counts code points; UTF-16 there would only corrupt spans.
		return opts, fmt.Errorf("export: %s offsets are always code points; --offsets utf16 applies to csv, jsonl, w3c and qdpx", opts.Format)
	}
	if opts.ReviewURL != "" {
		if u, err := url.Parse(opts.ReviewURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return opts, fmt.Errorf("export: review URL %q is not an absolute http(s) URL", opts.ReviewURL)
		}
	}
	if !slices.Contains(Formats, opts.Format) {
		return opts, fmt.Errorf("export: unknown format %q (known: %s)", opts.Format, strings.Join(Formats, ", "))
	}
	if len(opts.Recipients) > 0 && !opts.oneFile() {
		return opts, fmt.Errorf("export: %s to %s cannot be encrypted: encryption applies to json, jsonl, w3c, claimreview, qdpx, and csv or brat written to a .zip", opts.Format, filepath.Base(opts.Out))
	}
	if err := opts.Redact.check(); err != nil {
		return opts, err
	}
	return opts, nil
}

// Write writes d in the chosen format. progress (may be nil) is called with
// done/total articles. It honours ctx cancellation, and on failure or
// cancellation leaves no half-written output: everything is written under a
// temporary name in the destination's folder and renamed at the end.
func Write(ctx context.Context, d *bundle.Bundle, opts Options, progress func(done, total int)) error {
	if opts.Redact.any() {
		// Redaction changes the records and writes a key; only Run does both.
		return errors.New("export: redaction is applied by Run, not Write")
	}
	_, err := writeJob(ctx, d, opts, progress)
	return err
}

// writeJob is Write returning the job, whose notes and left-out ids go
// into Counts.
func writeJob(ctx context.Context, d *bundle.Bundle, opts Options, progress func(done, total int)) (*job, error) {
	if d == nil {
		return nil, errors.New("export: no data")
	}
	opts, err := opts.checked()
	if err != nil {
		return nil, err
	}
	// Windows opens the device for "nul.csv" or "con" and refuses "a:b";
	// say so before writing anything.
	if runtime.GOOS == "windows" {
		if err := platform.CheckName(filepath.Base(opts.Out)); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	j, err := newJob(ctx, d, opts, progress)
	if err != nil {
		return nil, err
	}
	return j, j.write()
}

func (j *job) write() error {
	opts := j.opts
	switch opts.Format {
	case "csv":
		return j.writeMulti(j.writeCSV)
	case "brat":
		return j.writeMulti(j.writeBrat)
	case "json":
		return writeFile(opts.Out, j.seal(j.writeJSON))
	case "jsonl":
		return writeFile(opts.Out, j.seal(j.writeJSONL))
	case "conll":
		return j.writeCoNLLFiles(opts.Out)
	case "w3c":
		return writeFile(opts.Out, j.seal(j.writeW3C))
	case "claimreview":
		return writeFile(opts.Out, j.seal(j.writeClaimReview))
	case "labelstudio":
		return j.writeLabelStudioFiles(opts.Out)
	}
	// checked admitted only the formats above and this one. A .qdpx is a
	// ZIP whatever its name.
	return writeFile(opts.Out, j.seal(zipped(j.writeQDPX)))
}

// oneFile reports whether opts write a single file, the only outputs that
// can be encrypted: a folder would leave its names and sizes in the clear,
// and conll and labelstudio write a second file beside the first.
func (opts Options) oneFile() bool {
	switch opts.Format {
	case "csv", "brat":
		return isZip(opts.Out)
	case "conll", "labelstudio":
		return false
	}
	return true
}

// seal wraps fill so that what it writes is encrypted to the recipients
// chosen, when there are any.
func (j *job) seal(fill func(w io.Writer) error) func(w io.Writer) error {
	if len(j.opts.Recipients) == 0 {
		return fill
	}
	return func(w io.Writer) error {
		ew, err := seal.Encrypt(w, j.opts.Recipients)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := fill(ew); err != nil {
			return err
		}
		return ew.Close()
	}
}

// job holds what every writer needs: the data indexed once.
type job struct {
	ctx      context.Context
	d        *bundle.Bundle
	opts     Options
	utf16    bool
	anns     map[string][]model.Annotation // by article id, sorted by start, end, id
	entities map[string]*model.Entity
	setsOf   map[string][]string // article id -> set names
	done     int
	progress func(done, total int)
	notes    []string // for Counts.Notes
	leftOut  []string // for Counts.LeftOut
}

func newJob(ctx context.Context, d *bundle.Bundle, opts Options, progress func(done, total int)) (*job, error) {
	j := &job{ctx: ctx, d: d, opts: opts, utf16: opts.Unit() == UnitUTF16, progress: progress,
		anns: map[string][]model.Annotation{}, entities: map[string]*model.Entity{}, setsOf: map[string][]string{}}
	known := make(map[string]bool, len(d.Articles))
	for i := range d.Articles {
		if known[d.Articles[i].ID] {
			return nil, fmt.Errorf("export: article %s appears twice", d.Articles[i].ID)
		}
		known[d.Articles[i].ID] = true
	}
	for _, a := range d.Annotations {
		if !known[a.ArticleID] {
			return nil, fmt.Errorf("export: annotation %s refers to article %s, which is not in the export", a.ID, a.ArticleID)
		}
		j.anns[a.ArticleID] = append(j.anns[a.ArticleID], a)
	}
	for id := range j.anns {
		slices.SortFunc(j.anns[id], func(x, y model.Annotation) int {
			return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End), cmp.Compare(x.ID, y.ID))
		})
	}
	for i := range d.Entities {
		j.entities[d.Entities[i].ID] = &d.Entities[i]
	}
	for _, s := range d.Sets {
		for _, id := range s.ArticleIDs {
			j.setsOf[id] = append(j.setsOf[id], s.Name)
		}
	}
	return j, nil
}

// article returns the indexed text of a and its annotations, after checking
// that every span lies in the text and matches its quote: an export whose
// spans do not cut out their quotes is worse than no export.
func (j *job) article(a *model.Article) (*textnorm.Index, []model.Annotation, error) {
	if err := j.ctx.Err(); err != nil {
		return nil, nil, err
	}
	t := textnorm.NewIndex(a.Text, j.utf16)
	anns := j.anns[a.ID]
	for _, an := range anns {
		if an.Start < 0 || an.End > t.Len() || an.Start >= an.End {
			return nil, nil, fmt.Errorf("export: annotation %s: span %d-%d is outside article %s (0-%d)", an.ID, an.Start, an.End, a.ID, t.Len())
		}
		if got := t.Slice(an.Start, an.End); got != an.Quote {
			return nil, nil, fmt.Errorf("export: annotation %s: quote %q does not match the text of span %d-%d (%q)", an.ID, an.Quote, an.Start, an.End, got)
		}
	}
	return t, anns, nil
}

// tick reports one more article done.
func (j *job) tick() error {
	j.done++
	if j.progress != nil {
		j.progress(j.done, len(j.d.Articles))
	}
	return j.ctx.Err()
}

func (j *job) entity(id string) *model.Entity {
	if id == "" {
		return nil
	}
	return j.entities[id]
}

func (j *job) entityName(id string) string {
	if e := j.entity(id); e != nil {
		return e.Name
	}
	return ""
}

func (j *job) unitName() string {
	if j.utf16 {
		return UnitUTF16
	}
	return UnitCodepoint
}

// --- atomic outputs ---

// writeFile writes one file through a temporary file renamed into place.
func writeFile(out string, fill func(w io.Writer) error) error {
	return writeFileMode(out, 0o644, fill)
}

// writeFileMode is writeFile giving the file mode perm.
func writeFileMode(out string, perm os.FileMode, fill func(w io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 256<<10)
	if err = fill(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = os.Chmod(f.Name(), perm); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = os.Rename(f.Name(), out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// files is where multi-file formats put their members: a folder or a ZIP.
// create returns a writer valid until the next create or the end.
type files interface {
	create(name string) (io.Writer, error)
}

// writeMulti writes a folder, or a ZIP (encrypted when asked) when Out
// ends in .zip.
func (j *job) writeMulti(fill func(fs files) error) error {
	if isZip(j.opts.Out) {
		return writeFile(j.opts.Out, j.seal(zipped(fill)))
	}
	return writeDir(j.opts.Out, fill)
}

func isZip(out string) bool { return strings.EqualFold(filepath.Ext(out), ".zip") }

// portable checks every member name an export makes: each part must be a
// file name on every system and no two may differ only in case or Unicode
// normalization, so a folder or ZIP moved to Windows or macOS loses nothing.
type portable struct {
	files
	seen map[string]string // folded name -> name
}

func newPortable(fs files) *portable { return &portable{files: fs, seen: map[string]string{}} }

func (p *portable) create(name string) (io.Writer, error) {
	for _, part := range strings.Split(name, "/") {
		if err := platform.CheckName(part); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	key := platform.Fold(name)
	if prev, ok := p.seen[key]; ok {
		return nil, fmt.Errorf("export: %s and %s would be one file on Windows and macOS", prev, name)
	}
	p.seen[key] = name
	return p.files.create(name)
}

// zipFiles dates every entry with the time of the export: zip.Writer.Create
// leaves the MS-DOS date at zero (1980-00-00, month 0), which readers such as
// Python's zipfile turn into an invalid date.
type zipFiles struct {
	zw  *zip.Writer
	now time.Time
}

func (z *zipFiles) create(name string) (io.Writer, error) {
	return z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.now})
}

// zipped turns a writer of members into a writer of one ZIP stream.
func zipped(fill func(fs files) error) func(w io.Writer) error {
	return func(w io.Writer) error {
		zw := zip.NewWriter(w)
		if err := fill(newPortable(&zipFiles{zw, time.Now()})); err != nil {
			return err
		}
		return zw.Close()
	}
}

type dirFiles struct {
	dir  string
	cur  *os.File
	buf  *bufio.Writer
	dirs map[string]bool
}

func (d *dirFiles) closeCur() error {
	if d.cur == nil {
		return nil
	}
	err := d.buf.Flush()
	if cerr := d.cur.Close(); err == nil {
		err = cerr
	}
	d.cur = nil
	return err
}

func (d *dirFiles) create(name string) (io.Writer, error) {
	if err := d.closeCur(); err != nil {
		return nil, err
	}
	p := filepath.Join(d.dir, filepath.FromSlash(name))
	if sub := filepath.Dir(p); !d.dirs[sub] {
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return nil, err
		}
		d.dirs[sub] = true
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	d.cur = f
	if d.buf == nil {
		d.buf = bufio.NewWriterSize(f, 256<<10)
	} else {
		d.buf.Reset(f)
	}
	return d.buf, nil
}

// writeDir builds the folder under a temporary name beside out and renames
// it at the end. An existing empty folder is replaced; a non-empty one is
// refused rather than merged into, so old files never mix with new ones.
func writeDir(out string, fill func(fs files) error) (err error) {
	out = filepath.Clean(out)
	if fi, statErr := os.Stat(out); statErr == nil && !fi.IsDir() {
		return fmt.Errorf("export: %s exists and is a file; this format writes a folder (or a .zip)", out)
	}
	if entries, statErr := os.ReadDir(out); statErr == nil && len(entries) > 0 {
		return fmt.Errorf("export: folder %s exists and is not empty; choose a new name", out)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	d := &dirFiles{dir: tmp, dirs: map[string]bool{tmp: true}}
	defer func() {
		if err != nil {
			d.closeCur()
			os.RemoveAll(tmp)
		}
	}()
	if err = fill(newPortable(d)); err != nil {
		return err
	}
	if err = d.closeCur(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	os.Remove(out) // only succeeds for an empty folder, checked above
	if err = os.Rename(tmp, out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
