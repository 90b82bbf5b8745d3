package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	pdfiumerr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"golang.org/x/text/unicode/norm"
)

// PDF text comes from PDFium compiled to WebAssembly (it ships inside the
// go-pdfium module) and run by wazero: no cgo and no external program, so
// PDF import works the same on Linux, Windows and macOS. PDFium reads
// ToUnicode maps, ligatures and right-to-left text at least as well as
// poppler's pdftotext on the PDFs we measured, and splits fewer Arabic
// words at justification gaps (see the commit that brought it in).

const (
	pdfTimeout = 2 * time.Minute
	// pdfMemoryPages bounds PDFium's memory (64 KiB WebAssembly pages):
	// 512 MiB, far above what text extraction of a real PDF needs.
	pdfMemoryPages = 8192
)

var pdfEngine struct {
	once sync.Once
	pool pdfium.Pool
	err  error
}

// pdfPool compiles the PDFium module once per process. Compiling 5.8 MB of
// WebAssembly costs seconds, so the machine code is cached on disk (in the
// user's cache folder) and later runs start in under a second.
func pdfPool() (pdfium.Pool, error) {
	pdfEngine.once.Do(func() {
		rc := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithCloseOnContextDone(true).
			WithMemoryLimitPages(pdfMemoryPages)
		if dir, err := os.UserCacheDir(); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "daftar", "pdfium")); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
		pdfEngine.pool, pdfEngine.err = webassembly.Init(webassembly.Config{
			MaxIdle:       1,
			MaxTotal:      2,
			RuntimeConfig: rc,
			FSConfig:      wazero.NewFSConfig(), // PDFium sees no files: it gets bytes
			Stdout:        io.Discard,
			Stderr:        io.Discard,
		})
		if pdfEngine.err != nil {
			pdfEngine.err = fmt.Errorf("PDF reader failed to start: %w", pdfEngine.err)
		}
	})
	return pdfEngine.pool, pdfEngine.err
}

func parsePDF(ctx context.Context, data []byte) (draft, []string, error) {
	pool, err := pdfPool()
	if err != nil {
		return draft{}, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return draft{}, nil, pdfCtxErr(ctx, err)
	}
	// A PDF that makes PDFium loop or grow is stopped from outside: Kill
	// cancels the instance's context, which aborts the running WebAssembly.
	done := make(chan struct{})
	killed := make(chan bool, 1)
	go func() {
		select {
		case <-ctx.Done():
			inst.Kill()
			killed <- true
		case <-done:
			killed <- false
		}
	}()
	d, warns, err := pdfExtract(inst, data)
	close(done)
	if !<-killed {
		inst.Close()
	}
	if ctx.Err() != nil {
		return draft{}, nil, pdfCtxErr(ctx, ctx.Err())
	}
	return d, warns, err
}

func pdfCtxErr(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errors.New("reading the PDF took too long (over 2 minutes)")
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func pdfExtract(inst pdfium.Pdfium, data []byte) (draft, []string, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		switch {
		case errors.Is(err, pdfiumerr.ErrPassword):
			return draft{}, nil, errors.New("PDF is encrypted (it needs a password)")
		case errors.Is(err, pdfiumerr.ErrSecurity):
			return draft{}, nil, errors.New("PDF uses an encryption the reader does not support")
		}
		return draft{}, nil, errors.New("not a readable PDF (damaged or truncated)")
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return draft{}, nil, errors.New("not a readable PDF (no page tree)")
	}
	pages := make([]string, 0, n.PageCount)
	var warns []string
	for i := range n.PageCount {
		s, err := pdfPage(inst, doc.Document, i)
		if err != nil {
			if strings.Contains(err.Error(), "context canceled") {
				return draft{}, nil, err
			}
			warns = append(warns, fmt.Sprintf("page %d could not be read (%v); skipped", i+1, oneLine(err)))
			continue
		}
		pages = append(pages, s)
	}
	s := foldPresentationForms(strings.Join(pages, "\f"))
	if strings.TrimSpace(s) == "" {
		return draft{}, warns, errors.New("PDF has no text layer (a scan? run OCR first)")
	}
	// Lines are reordered before they are joined: a paragraph's lines are
	// each in visual order, but their sequence is already top to bottom.
	if visualOrderArabic(s) {
		s = logicalOrder(s)
		warns = append(warns, "Arabic text was stored in visual order in the PDF and has been reversed to reading order; check it against the original")
	}
	d := draft{text: joinPDFLines(s)}
	meta := func(tag string) string {
		m, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc.Document, Tag: tag})
		if err != nil {
			return ""
		}
		return strings.TrimSpace(m.Value)
	}
	if t := meta("Title"); !junkPDFTitle(t) {
		d.title = t
	}
	d.author = meta("Author")
	d.published = pdfDate(meta("CreationDate"))
	return d, warns, nil
}

// pdfLine is one line of a page as PDFium gives it, with its box in PDF
// units (y grows upwards).
type pdfLine struct {
	text                     string
	left, top, right, bottom float64
}

// pdfPage returns a page's lines, with an empty line where a paragraph
// ends. PDFium gives lines in content order (which is reading order for
// what word processors write) without paragraph breaks, so a break is put
// where the gap to the previous line is clearly larger than the page's
// usual gap between lines, where the text size changes, or where the text
// jumps up or sideways (a new column).
func pdfPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (string, error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: index}}})
	if err != nil {
		return "", err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cnt, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || cnt.Count <= 0 {
		return "", err
	}
	all, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, Count: cnt.Count})
	if err != nil {
		return "", err
	}
	var lines []pdfLine
	// Character indexes count code points, and PDFium's line ends are the
	// two generated characters CR LF.
	idx := 0
	for _, raw := range strings.Split(all.Text, "\r\n") {
		n := len([]rune(raw))
		l := pdfLine{text: raw}
		first, last := -1, -1
		for j, r := range []rune(raw) {
			if !unicode.IsSpace(r) {
				if first < 0 {
					first = idx + j
				}
				last = idx + j
			}
		}
		idx += n + 2
		if first < 0 {
			continue
		}
		l.left, l.bottom = math.Inf(1), math.Inf(1)
		l.right, l.top = math.Inf(-1), math.Inf(-1)
		for _, c := range []int{first, last} {
			b, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: c})
			if err != nil {
				return "", err
			}
			r := b.Rect
			l.left, l.right = min(l.left, float64(r.Left), float64(r.Right)), max(l.right, float64(r.Left), float64(r.Right))
			l.bottom, l.top = min(l.bottom, float64(r.Bottom), float64(r.Top)), max(l.top, float64(r.Bottom), float64(r.Top))
		}
		lines = append(lines, l)
	}
	return pdfParagraphs(lines), nil
}

// pdfParagraphs joins lines with "\n" and paragraphs with "\n\n".
func pdfParagraphs(lines []pdfLine) string {
	var gaps []float64
	for i := 1; i < len(lines); i++ {
		if g, ok := lineGap(lines[i-1], lines[i]); ok {
			gaps = append(gaps, g)
		}
	}
	usual := 0.0
	if len(gaps) > 0 {
		slices.Sort(gaps)
		usual = gaps[(len(gaps)-1)/2]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n")
			if g, ok := lineGap(lines[i-1], l); !ok || g > usual+0.4*(l.top-l.bottom) {
				b.WriteString("\n")
			}
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// lineGap is the white space between two lines that follow each other in
// one column with text of about the same size; ok is false when they do not.
func lineGap(a, b pdfLine) (float64, bool) {
	ha, hb := a.top-a.bottom, b.top-b.bottom
	sameSize := ha > 0 && hb > 0 && max(ha, hb) < 1.25*min(ha, hb)
	below := b.top < a.top
	overlap := b.left < a.right && a.left < b.right
	return a.bottom - b.top, sameSize && below && overlap
}

// pdfDate turns a PDF date ("D:20240305101500Z", "D:20190925081217+02'00'")
// into ISO 8601; anything else is returned as it is, for normalizeDate.
func pdfDate(s string) string {
	m := pdfDateRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	iso := m[1] + "-" + m[2] + "-" + m[3]
	if m[4] == "" {
		return iso
	}
	iso += "T" + m[4] + ":" + m[5] + ":" + m[6]
	switch {
	case m[7] == "Z":
		iso += "Z"
	case m[7] != "":
		iso += m[7] + m[8] + ":" + m[9]
	}
	return iso
}

var pdfDateRe = regexp.MustCompile(`^D:(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?(?:(Z|[+-])(?:(\d{2})'?(\d{2})'?)?)?`)

// foldPresentationForms folds Arabic contextual glyphs and ligatures such
// as ﻻ or ﬁ that PDFs often carry with NFKC, leaving other characters alone
// since full NFKC would also rewrite superscripts and full-width digits.
func foldPresentationForms(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\uFEFF':
		case r >= 0xFB00 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFE:
			b.WriteString(norm.NFKC.String(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// joinPDFLines joins the lines of a paragraph and turns page breaks into
// paragraph breaks.
func joinPDFLines(s string) string {
	s = strings.ReplaceAll(s, "\f", "\n\n")
	var paras []string
	for _, block := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, l := range strings.Split(block, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, " "))
		}
	}
	return strings.Join(paras, "\n\n")
}

// visualOrderArabic: words ending in "لا" (a reversed "ال") far outnumber
// words starting with "ال".
func visualOrderArabic(s string) bool {
	fwd, rev := 0, 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		rs := []rune(w)
		if len(rs) < 4 {
			continue
		}
		if rs[0] == 'ا' && rs[1] == 'ل' {
			fwd++
		}
		if rs[len(rs)-1] == 'ا' && rs[len(rs)-2] == 'ل' {
			rev++
		}
	}
	return rev > 5 && rev > 3*fwd
}

// ltrRun is a left-to-right stretch inside a right-to-left line: Latin
// words and numbers, with the spaces and punctuation between them.
var ltrRun = regexp.MustCompile(`[\p{Latin}\p{Nd}](?:[\p{Latin}\p{Nd} .,:/%'’-]*[\p{Latin}\p{Nd}])?`)

var mirror = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '«': '»', '»': '«', '<': '>', '>': '<'}

// logicalOrder turns lines stored in visual (left-to-right display) order
// back into reading order, for right-to-left paragraphs: the order of runs
// is reversed, right-to-left runs are reversed character by character (with
// brackets mirrored), left-to-right runs such as "SIPRI" or "2019" keep
// their order. It is its own inverse.
func logicalOrder(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		var runs []string
		last := 0
		for _, m := range ltrRun.FindAllStringIndex(l, -1) {
			if m[0] > last {
				runs = append(runs, reverseRTL(l[last:m[0]]))
			}
			runs = append(runs, l[m[0]:m[1]])
			last = m[1]
		}
		if last < len(l) {
			runs = append(runs, reverseRTL(l[last:]))
		}
		for a, b := 0, len(runs)-1; a < b; a, b = a+1, b-1 {
			runs[a], runs[b] = runs[b], runs[a]
		}
		lines[i] = strings.Join(runs, "")
	}
	return strings.Join(lines, "\n")
}

func reverseRTL(s string) string {
	rs := []rune(s)
	for a, b := 0, len(rs)-1; a < b; a, b = a+1, b-1 {
		rs[a], rs[b] = rs[b], rs[a]
	}
	for i, r := range rs {
		if m, ok := mirror[r]; ok {
			rs[i] = m
		}
	}
	return string(rs)
}

// junkPDFTitle: the Title that converters write by default is the source
// file's name ("Microsoft Word - memo.docx", "untitled.pdf"), not a title.
func junkPDFTitle(t string) bool {
	l := strings.ToLower(strings.TrimSpace(t))
	if strings.HasPrefix(l, "microsoft word - ") || l == "untitled" || strings.HasPrefix(l, "untitled document") {
		return true
	}
	for _, ext := range []string{".doc", ".docx", ".pdf", ".odt", ".rtf", ".txt", ".indd", ".tmp"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return false
}
