package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
)

const (
	// maxRatio is the compression ratio above which an entry is taken for a
	// ZIP bomb; real text and XML compress 5-20x. Entries that inflate to
	// less than ratioFloor are never rejected for their ratio.
	maxRatio   = 100
	ratioFloor = 1 << 20
	// maxZipDepth bounds ZIPs inside ZIPs.
	maxZipDepth = 3
)

var errBadZip = errors.New("not a valid ZIP archive (truncated or damaged)")

// budget is what one archive (and the archives inside it) may inflate to.
type budget struct {
	left       int64
	total      int64
	maxEntry   int64
	maxEntries int
}

func newBudget(opts Options) *budget {
	return &budget{left: opts.MaxDecompressed, total: opts.MaxDecompressed, maxEntry: opts.MaxFileSize, maxEntries: opts.MaxEntries}
}

// errBudget marks the end of an archive's total budget: the remaining
// entries are not read.
type errBudget struct{ msg string }

func (e errBudget) Error() string { return e.msg }

// openZip checks the entry count from the end-of-central-directory record
// before archive/zip allocates a header per entry, then opens the archive.
func openZip(r io.ReaderAt, size int64, b *budget) (*zip.Reader, error) {
	if n, ok := zipEntryCount(r, size); ok && n > b.maxEntries {
		return nil, fmt.Errorf("ZIP archive has %d entries, over the limit of %d", n, b.maxEntries)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errBadZip
	}
	if len(zr.File) > b.maxEntries {
		return nil, fmt.Errorf("ZIP archive has %d entries, over the limit of %d", len(zr.File), b.maxEntries)
	}
	return zr, nil
}

func zipEntryCount(r io.ReaderAt, size int64) (int, bool) {
	const eocdLen = 22
	if size < eocdLen {
		return 0, false
	}
	tail := int64(eocdLen + 65535)
	if tail > size {
		tail = size
	}
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if i < 0 || i+eocdLen > len(buf) {
		return 0, false
	}
	n := binary.LittleEndian.Uint16(buf[i+10:])
	if n == 0xFFFF {
		return 0, false // ZIP64: archive/zip reads the real count
	}
	return int(n), true
}

// readEntry inflates one entry within the limits: entry size, total budget,
// and compression ratio, checked against the header and again against the
// bytes actually produced (headers can lie).
func readEntry(f *zip.File, b *budget) ([]byte, error) {
	usize, csize := f.UncompressedSize64, f.CompressedSize64
	if usize > ratioFloor && usize > maxRatio*max(csize, 1) {
		return nil, fmt.Errorf("compression ratio %d:1 is over the limit of %d:1 (ZIP bomb?)", usize/max(csize, 1), maxRatio)
	}
	if usize > uint64(b.maxEntry) {
		return nil, fmt.Errorf("entry is %s, over the %s limit", humanBytes(int64(min(usize, 1<<62))), humanBytes(b.maxEntry))
	}
	if int64(usize) > b.left {
		return nil, errBudget{fmt.Sprintf("archive inflates to more than the %s limit", humanBytes(b.total))}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot read entry: %v", err)
	}
	defer rc.Close()
	limit := min(b.maxEntry, b.left, max(int64(maxRatio)*int64(min(csize, 1<<40)), ratioFloor))
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		if errors.Is(err, zip.ErrChecksum) {
			return nil, errors.New("entry is damaged (checksum mismatch)")
		}
		return nil, fmt.Errorf("entry is damaged (%v)", err)
	}
	b.left -= int64(len(data))
	if int64(len(data)) > limit {
		switch limit {
		case b.maxEntry:
			return nil, fmt.Errorf("entry is over the %s limit", humanBytes(b.maxEntry))
		case b.left + int64(len(data)):
			return nil, errBudget{fmt.Sprintf("archive inflates to more than the %s limit", humanBytes(b.total))}
		}
		return nil, fmt.Errorf("entry inflates more than %d:1, more than its header says (ZIP bomb?)", maxRatio)
	}
	return data, nil
}

// readZipFile opens a .zip straight from disk.
func readZipFile(ctx context.Context, p string, opts Options) []Item {
	f, err := os.Open(p)
	if err != nil {
		return []Item{{Path: p, Format: "zip", Err: oneLine(err)}}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return []Item{{Path: p, Format: "zip", Err: oneLine(err)}}
	}
	b := newBudget(opts)
	zr, err := openZip(f, st.Size(), b)
	if err != nil {
		return []Item{{Path: p, Format: "zip", Err: err}}
	}
	return zipItems(ctx, p, zr, opts, b, 1)
}

// zipItems reads the entries in name order, skipping folders and hidden
// files (including macOS's __MACOSX resource forks). Entries whose path
// leaves the archive, links and special files are not read and are
// reported as skipped.
func zipItems(ctx context.Context, p string, zr *zip.Reader, opts Options, b *budget, depth int) []Item {
	files := make([]*zip.File, 0, len(zr.File))
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || (hiddenEntry(f.Name) && zipSkip(f) == "") {
			continue
		}
		files = append(files, f)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	if len(files) == 0 {
		return []Item{{Path: p, Format: "zip", Err: errors.New("ZIP archive has no files")}}
	}
	var items []Item
	for _, f := range files {
		name := p + "!" + f.Name
		if err := ctx.Err(); err != nil {
			return append(items, Item{Path: name, Err: err})
		}
		if why := zipSkip(f); why != "" {
			items = append(items, Item{Path: name, Skipped: why})
			continue
		}
		data, err := readEntry(f, b)
		if err != nil {
			items = append(items, Item{Path: name, Err: err})
			var eb errBudget
			if errors.As(err, &eb) {
				break
			}
			continue
		}
		items = append(items, parseData(ctx, name, path.Base(f.Name), data, opts, b, depth)...)
	}
	return items
}

// zipNested reads a ZIP held in memory: a file detected as a ZIP by its
// content (b is fresh) or an entry of another archive (b is the outer one's).
func zipNested(ctx context.Context, p string, data []byte, opts Options, b *budget, depth int) []Item {
	if depth > maxZipDepth {
		return []Item{{Path: p, Format: "zip", Err: fmt.Errorf("ZIP archives nested more than %d deep", maxZipDepth)}}
	}
	zr, err := openZip(bytes.NewReader(data), int64(len(data)), b)
	if err != nil {
		return []Item{{Path: p, Format: "zip", Err: err}}
	}
	return zipItems(ctx, p, zr, opts, b, depth)
}

// zipSkip says why an entry is not read, "" to read it. Nothing is unpacked
// to disk, but a path that leaves the archive marks a hostile file, and a
// link's content is its target's name, not an article.
func zipSkip(f *zip.File) string {
	name := strings.ReplaceAll(f.Name, `\`, "/")
	if strings.HasPrefix(name, "/") || driveLetter(name) || slices.Contains(strings.Split(name, "/"), "..") {
		return "path leaves the archive"
	}
	switch t := f.Mode().Type(); {
	case t&fs.ModeSymlink != 0:
		return "symbolic link, not followed"
	case t != 0:
		return notRegular(t)
	}
	return ""
}

// driveLetter reports a Windows absolute path such as C:/x.
func driveLetter(name string) bool {
	return len(name) > 1 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z')
}

func hiddenEntry(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if part != "" && skipName(part) {
			return true
		}
	}
	return false
}
