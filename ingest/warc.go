package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"golang.org/x/net/html/charset"
)

const fmtWARC = "warc"

// isWARCName: .warc and .warc.gz (the extension alone is ".gz").
func isWARCName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".warc") || strings.HasSuffix(n, ".warc.gz")
}

// isWARCHead says whether the first bytes of a file are a WARC record,
// plain or gzipped (a gzipped file is looked into only as far as its first
// five bytes).
func isWARCHead(head []byte) bool {
	if bytes.HasPrefix(head, []byte("WARC/")) {
		return true
	}
	if !bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		return false
	}
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	var b [5]byte
	_, err = io.ReadFull(zr, b[:])
	return err == nil && string(b[:]) == "WARC/"
}

// warcCounts are the records of a WARC that became no article, by reason.
type warcCounts struct {
	pages, nonHTML, redirects, status, revisits, duplicates, noText, tooLarge, encoded int
}

func (c warcCounts) String() string {
	s := fmt.Sprintf("WARC: %d HTML pages read", c.pages)
	if sk := c.skipped(); sk != "" {
		s += "; skipped " + sk
	}
	return s
}

// skipped lists the records skipped by reason, "" when none was.
func (c warcCounts) skipped() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(c.nonHTML, "non-HTML response", "non-HTML responses")
	add(c.redirects, "redirect", "redirects")
	add(c.status, "error response (HTTP 4xx/5xx)", "error responses (HTTP 4xx/5xx)")
	add(c.revisits, "revisit record", "revisit records")
	add(c.duplicates, "duplicate (same payload digest or URI)", "duplicates (same payload digest or URI)")
	add(c.noText, "page without article text", "pages without article text")
	add(c.tooLarge, "page over the size limit", "pages over the size limit")
	add(c.encoded, "page in an unsupported content encoding", "pages in an unsupported content encoding")
	return strings.Join(parts, ", ")
}

// warcReader turns the HTML responses of one WARC into articles. It keeps
// a 16-byte hash of every target URI and payload digest it has taken, to
// skip duplicates: the only state that grows with the file (about 50 bytes
// a page).
type warcReader struct {
	path    string
	opts    Options
	counts  warcCounts
	seen    map[[16]byte]bool
	plain   bool // not gzipped: record offsets are file offsets
	records int
}

func hash16(kind, s string) [16]byte {
	h := sha256.Sum256([]byte(kind + "\x00" + s))
	var k [16]byte
	copy(k[:], h[:])
	return k
}

// readWARC streams a WARC file (ISO 28500, plain or gzipped per record or
// as a whole) record by record and sends its articles in Items of up to
// streamBatch (Part 1, 2, ...). A record that cannot be read ends the file:
// the articles before it are sent, then an Item whose error names the
// record. The counts of skipped records come as the last warning.
func readWARC(ctx context.Context, path string, r io.Reader, opts Options, send func([]Item) error) (err error) {
	// A panic in the WARC or HTML code fails this file, not the import.
	sent := false
	defer func() {
		if r := recover(); r != nil && !sent {
			err = send([]Item{{Path: path, Format: fmtWARC, Err: fmt.Errorf("internal error while reading WARC: %v", r)}})
		}
	}()
	return streamWARC(ctx, path, r, opts, func(its []Item) error {
		sent = sent || len(its) > 0 && its[len(its)-1].Err != nil
		return send(its)
	})
}

// streamWARC is readWARC without the recover.
func streamWARC(ctx context.Context, path string, r io.Reader, opts Options, send func([]Item) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	w := &warcReader{path: path, opts: opts, seen: map[[16]byte]bool{}, plain: !bytes.HasPrefix(head, []byte{0x1f, 0x8b})}
	var src io.Reader = br
	if !w.plain {
		// One gzip stream over all members: per-record members (the
		// standard) and a whole file gzipped afterwards read alike.
		zr, err := gzip.NewReader(br)
		if err != nil {
			return send([]Item{{Path: path, Format: fmtWARC, Err: fmt.Errorf("not a valid gzipped WARC (%v)", err)}})
		}
		defer zr.Close()
		src = &cutReader{r: zr}
	}
	// Each record's block is buffered (to check its digests) in at most
	// 1 MiB of memory; a larger one spills to a temporary file.
	wf, err := gowarc.NewWarcFileReaderFromStream(src, 0, gowarc.WithBufferMaxMemBytes(1<<20))
	if err != nil {
		return send([]Item{{Path: path, Format: fmtWARC, Err: oneLine(err)}})
	}
	defer wf.Close()

	it := Item{Path: path, Format: fmtWARC, Part: 1}
	sent, last := 0, time.Now()
	flush := func() error {
		n := len(it.Articles)
		if err := send([]Item{it}); err != nil {
			return err
		}
		sent += n
		it, last = Item{Path: path, Format: fmtWARC, Part: it.Part + 1}, time.Now()
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := wf.Next()
		if err == io.EOF && rec.WarcRecord == nil {
			if w.records == 0 {
				return send([]Item{{Path: path, Format: fmtWARC, Err: errEmpty}})
			}
			break
		}
		w.records++
		if err == nil {
			err = truncated(rec)
		}
		if err != nil {
			rec.Close()
			if len(it.Articles) > 0 {
				if e := flush(); e != nil {
					return e
				}
			}
			it.Err = w.recordError(rec, err)
			if sent > 0 {
				it.Err = fmt.Errorf("%v (the %d articles before it were read)", it.Err, sent)
			}
			it.Warnings = append(it.Warnings, w.counts.String())
			return send([]Item{it})
		}
		d, ok, warn := w.page(rec.WarcRecord)
		rec.Close()
		if warn != "" {
			it.Warnings = append(it.Warnings, warn)
		}
		if !ok {
			continue
		}
		// A full batch is sent when the next page comes, so that the last
		// Item, which carries the counts, always holds a page.
		if len(it.Articles) >= streamBatch || len(it.Articles) > 0 && time.Since(last) >= streamEvery {
			if err := flush(); err != nil {
				return err
			}
		}
		d.where = fmt.Sprintf("record %d", w.records)
		a, ws := d.article(path, fmtWARC)
		it.Warnings = append(it.Warnings, ws...)
		it.Articles = append(it.Articles, a)
	}
	if sent+len(it.Articles) == 0 {
		what := "none of them an HTML response"
		if sk := w.counts.skipped(); sk != "" {
			what = "skipped " + sk
		}
		it.Err = fmt.Errorf("no HTML page with article text in the WARC (%d records; %s)", w.records, what)
		return send([]Item{it})
	}
	it.Warnings = append(it.Warnings, w.counts.String())
	return flush()
}

// cutReader ends a gzip stream that was cut short as if it ended there, so
// that the record it cut is read as far as it goes and named as truncated
// (gowarc would drop the record and its header with the error).
type cutReader struct{ r io.Reader }

func (c *cutReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.EOF
	}
	return n, err
}

// truncated turns gowarc's warning that a record has fewer bytes than its
// Content-Length (a file cut short) into an error; its other findings (a
// digest that does not match, a missing CR) do not stop an import.
func truncated(rec gowarc.Record) error {
	for _, v := range rec.Validation {
		var cl *gowarc.ContentLengthError
		if errors.As(v, &cl) && cl.Actual < cl.Expected {
			return fmt.Errorf("the file ends inside the record (%d of its %d bytes)", cl.Actual, cl.Expected)
		}
	}
	return nil
}

// recordError names the record that broke: its number, id and target URI
// when its header was read, and its offset in a file that is not gzipped.
func (w *warcReader) recordError(rec gowarc.Record, err error) error {
	where := fmt.Sprintf("record %d", w.records)
	var what []string
	if rec.WarcRecord != nil {
		h := rec.WarcRecord.WarcHeader()
		if id := h.Get(gowarc.WarcRecordID); id != "" {
			what = append(what, id)
		}
		if u := h.Get(gowarc.WarcTargetURI); u != "" {
			what = append(what, strings.Trim(u, "<>"))
		}
	}
	if w.plain {
		what = append(what, fmt.Sprintf("at byte %d", rec.Offset))
	}
	if len(what) > 0 {
		where += " (" + strings.Join(what, ", ") + ")"
	}
	msg := oneLine(err).Error()
	if errors.Is(err, gowarc.ErrNoRecord) && w.records == 1 {
		return errors.New("not a WARC file (no WARC record found)")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "the file ends inside the record"
	}
	return fmt.Errorf("%s: %s", where, strings.TrimPrefix(msg, "gowarc: "))
}

// page makes a draft of an HTML response; ok is false for every other
// record, counted by reason, with a warning for a page that failed in a way
// worth naming.
func (w *warcReader) page(rec gowarc.WarcRecord) (d draft, ok bool, warn string) {
	h := rec.WarcHeader()
	uri := strings.Trim(h.Get(gowarc.WarcTargetURI), "<>")
	var payload io.Reader
	var ctype, encoding string
	switch rec.Type() {
	case gowarc.Revisit:
		w.counts.revisits++
		return d, false, ""
	case gowarc.Response:
		blk, isHTTP := rec.Block().(gowarc.HttpResponseBlock)
		if !isHTTP {
			w.counts.nonHTML++ // dns:, or a response not over HTTP
			return d, false, ""
		}
		switch code := blk.HttpStatusCode(); {
		case code >= 300 && code < 400:
			w.counts.redirects++
			return d, false, ""
		case code < 200 || code >= 300:
			w.counts.status++
			return d, false, ""
		}
		hh := blk.HttpHeader()
		if hh != nil {
			ctype, encoding = hh.Get("Content-Type"), strings.ToLower(strings.TrimSpace(hh.Get("Content-Encoding")))
		}
		r, err := blk.PayloadBytes()
		if err != nil {
			return d, false, fmt.Sprintf("record %d (%s): %v; skipped", w.records, uri, err)
		}
		// Go's header parser drops Transfer-Encoding, so it is read from the raw header.
		if strings.EqualFold(rawHeader(blk.ProtocolHeaderBytes(), "Transfer-Encoding"), "chunked") {
			r = httputil.NewChunkedReader(r)
		}
		payload = r
	case gowarc.Resource:
		// A page saved as a resource (Webrecorder's uploads): the block is the page.
		ctype = h.Get(gowarc.ContentType)
		r, err := rec.Block().RawBytes()
		if err != nil {
			return d, false, fmt.Sprintf("record %d (%s): %v; skipped", w.records, uri, err)
		}
		payload = r
	default:
		return d, false, "" // warcinfo, request, metadata: not pages
	}
	mt, params, _ := mime.ParseMediaType(ctype)
	if ctype != "" && mt != "text/html" && mt != "application/xhtml+xml" {
		w.counts.nonHTML++
		return d, false, ""
	}
	if w.seenBefore("uri", uri) {
		w.counts.duplicates++
		return d, false, ""
	}
	payload, err := decodeContent(payload, encoding)
	if err != nil {
		w.counts.encoded++
		return d, false, ""
	}
	data, err := io.ReadAll(io.LimitReader(payload, w.opts.MaxFileSize+1))
	if err != nil {
		return d, false, fmt.Sprintf("record %d (%s): %v; skipped", w.records, uri, oneLine(err))
	}
	if int64(len(data)) > w.opts.MaxFileSize {
		w.counts.tooLarge++
		return d, false, ""
	}
	if ctype == "" && sniffMarkup(data) != "html" {
		w.counts.nonHTML++
		return d, false, ""
	}
	digest := h.Get(gowarc.WarcPayloadDigest)
	if digest == "" {
		digest = fmt.Sprintf("sha256:%x", sha256.Sum256(data))
	}
	if w.seenBefore("digest", digest) {
		w.counts.duplicates++
		return d, false, ""
	}
	s, _, err := decodeHTML(withCharset(data, params["charset"]))
	if err == nil {
		d, err = htmlDraft(s)
	}
	if err != nil {
		w.counts.noText++
		return d, false, ""
	}
	w.counts.pages++
	// The page's own date and site name come first: the capture date is
	// not the publication date. Both record fields stay in the notes.
	date := h.Get(gowarc.WarcDate)
	d.url = uri
	if d.source == "" {
		d.source = hostOf(uri)
	}
	if d.published == "" {
		d.published = date
	}
	d.notes = "WARC-Target-URI: " + uri + "\nWARC-Date: " + date
	return d, true, ""
}

// seenBefore records a key and says whether it was there.
func (w *warcReader) seenBefore(kind, s string) bool {
	if s == "" {
		return false
	}
	k := hash16(kind, s)
	if w.seen[k] {
		return true
	}
	w.seen[k] = true
	return false
}

// rawHeader is the value of a header line of a raw HTTP header.
func rawHeader(head []byte, name string) string {
	for _, line := range strings.Split(string(head), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// decodeContent undoes an HTTP Content-Encoding that a crawler stored as
// it came.
func decodeContent(r io.Reader, encoding string) (io.Reader, error) {
	switch encoding {
	case "", "identity":
		return r, nil
	case "gzip", "x-gzip":
		return gzip.NewReader(r)
	case "deflate":
		return flate.NewReader(r), nil
	}
	return nil, fmt.Errorf("content encoding %q", encoding)
}

// withCharset converts a page to UTF-8 by the charset its HTTP header
// names, unless the page names its own (a <meta> or a BOM) which
// decodeHTML honours.
func withCharset(data []byte, cs string) []byte {
	if cs == "" || hasBOM(data) || metaCharsetRe.Match(data[:min(len(data), 4096)]) {
		return data
	}
	enc, name := charset.Lookup(strings.ToLower(cs))
	if enc == nil || name == "utf-8" {
		return data
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// hostOf is the host of a URL without "www.", for a source.
func hostOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}
