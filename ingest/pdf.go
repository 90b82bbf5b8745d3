package ingest

import (
	"cmp"
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
	"unicode/utf8"

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
// poppler's pdftotext on the PDFs we measured, splits fewer Arabic words at
// justification gaps, and keeps paragraphs apart (figures in the commit
// messages). It costs a few seconds of compiling on first use and about
// five times pdftotext's time per page.

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
		dir := ""
		if d, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(d, "daftar", "pdfium")
		}
		pdfEngine.pool, pdfEngine.err = newPDFPool(dir)
	})
	return pdfEngine.pool, pdfEngine.err
}

// newPDFPool starts a wazero runtime for PDFium, with the compilation cache
// in cacheDir ("" for none).
func newPDFPool(cacheDir string) (pdfium.Pool, error) {
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(pdfMemoryPages)
	if cacheDir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(cacheDir); err == nil {
			rc = rc.WithCompilationCache(cache)
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MaxIdle:       1,
		MaxTotal:      2,
		ReuseWorkers:  true,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(), // PDFium sees no files: it gets bytes
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("PDF reader failed to start: %w", err)
	}
	return pool, nil
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
	d, warns, err := pdfExtract(ctx, inst, data)
	close(done)
	if !<-killed {
		if err != nil {
			inst.Kill() // a worker that failed on a file is not reused
		} else {
			inst.Close()
		}
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

func pdfExtract(ctx context.Context, inst pdfium.Pdfium, data []byte) (draft, []string, error) {
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
	visual := false
	for i := range n.PageCount {
		if ctx.Err() != nil { // killed: parsePDF reports why
			return draft{}, nil, ctx.Err()
		}
		s, vis, err := pdfPage(inst, doc.Document, i)
		visual = visual || vis
		if err != nil {
			warns = append(warns, fmt.Sprintf("page %d could not be read (%v); skipped", i+1, oneLine(err)))
			continue
		}
		pages = append(pages, s)
	}
	s := foldPresentationForms(strings.Join(pages, "\f"))
	if strings.TrimSpace(s) == "" {
		return draft{}, warns, errors.New("PDF has no text layer (a scan? run OCR first)")
	}
	if visual {
		warns = append(warns, "Arabic text was stored in visual order in the PDF and has been reversed to reading order; check it against the original")
	}
	d := draft{text: joinPDFLines(s), lines: strings.ReplaceAll(s, "\f", "\n")}
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

// pdfLine is one line of a page as PDFium gives it: the index of its first
// character, its baseline and largest font size, in PDF units (y grows
// upwards).
type pdfLine struct {
	text  string
	start int
	y, sz float64
}

// pdfPage returns a page's text, lines joined with "\n" and paragraphs
// with "\n\n". PDFium gives lines in content order (reading order for what
// word processors write) without paragraph breaks, so breaks are placed by
// geometry (see pdfParagraphs). visual reports a page whose Arabic was
// stored in visual order and has been put back into reading order.
func pdfPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (text string, visual bool, err error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: index}}})
	if err != nil {
		return "", false, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cnt, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || cnt.Count <= 0 {
		return "", false, err
	}
	all, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, Count: cnt.Count})
	if err != nil {
		return "", false, err
	}
	page := pdfTextPage{inst, tp.TextPage}
	var lines []pdfLine
	// A character index is a code point, and PDFium ends each line with
	// the two generated characters CR LF.
	idx := 0
	for _, raw := range strings.Split(all.Text, "\r\n") {
		l := pdfLine{text: raw, start: idx}
		idx += utf8.RuneCountInString(raw) + 2
		first, last := -1, -1
		for j, r := range []rune(raw) {
			if !unicode.IsSpace(r) {
				if first < 0 {
					first = l.start + j
				}
				last = l.start + j
			}
		}
		if first < 0 {
			continue
		}
		for k, c := range []int{first, last} {
			y, sz, err := page.origin(c)
			if err != nil {
				return "", false, err
			}
			if k == 0 {
				l.y = y
			}
			l.sz = max(l.sz, sz)
		}
		lines = append(lines, l)
	}
	visual = visualOrderArabic(all.Text)
	for i := range lines {
		if visual {
			lines[i].text, err = page.visualLine(lines[i])
		} else {
			lines[i].text, err = page.lamAlef(lines[i])
		}
		if err != nil {
			return "", false, err
		}
	}
	for i := range lines {
		lines[i].text = strings.Map(func(r rune) rune {
			switch {
			case r == '\uFFFE': // PDFium's mark for a hyphen that ends a line
				return '-'
			case r < ' ': // and control characters for justification gaps
				return -1
			}
			return r
		}, lines[i].text)
	}
	return pdfParagraphs(lines), visual, nil
}

type pdfTextPage struct {
	inst pdfium.Pdfium
	tp   references.FPDF_TEXTPAGE
}

// origin is a character's baseline and the size it is drawn at:
// the font size times the text matrix's vertical scale, since some writers
// (cairo) set every font at size 1 and scale it with the matrix.
func (p pdfTextPage) origin(i int) (y, size float64, err error) {
	o, err := p.inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: p.tp, Index: i})
	if err != nil {
		return 0, 0, err
	}
	s, err := p.inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: p.tp, Index: i})
	if err != nil {
		return 0, 0, err
	}
	m, err := p.inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: p.tp, Index: i})
	if err != nil {
		return 0, 0, err
	}
	return o.Y, s.FontSize * math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D)), nil
}

// visualLine rebuilds a line of a page whose Arabic glyphs were written in
// display order (cairo, which Firefox prints with, does so), where PDFium
// keeps words in order but reverses their letters. The characters are laid
// out left to right by position, a space goes where glyphs are apart, and
// the line is turned into reading order by logicalOrder. Characters that
// share a box come from one ligature glyph (lam-alef) and are already in
// reading order, so they are kept together.
func (p pdfTextPage) visualLine(l pdfLine) (string, error) {
	type glyph struct {
		text        []rune
		left, right float64
	}
	var gs []glyph
	for j, r := range []rune(l.text) {
		if unicode.IsSpace(r) || r < ' ' {
			continue
		}
		left, right, err := p.span(l.start + j)
		if err != nil {
			return "", err
		}
		if n := len(gs); n > 0 && gs[n-1].left == left && gs[n-1].right == right {
			gs[n-1].text = append(gs[n-1].text, r)
			continue
		}
		gs = append(gs, glyph{[]rune{r}, left, right})
	}
	slices.SortStableFunc(gs, func(a, b glyph) int { return cmp.Compare(a.left+a.right, b.left+b.right) })
	var b strings.Builder
	for i, g := range gs {
		if i > 0 && g.left-gs[i-1].right > 0.15*l.sz {
			b.WriteByte(' ')
		}
		if hasArabic(g.text) {
			slices.Reverse(g.text) // logicalOrder reverses it back
		}
		b.WriteString(string(g.text))
	}
	s := b.String()
	if !hasArabic([]rune(s)) {
		return s, nil
	}
	return logicalOrder(s), nil
}

// span is the horizontal extent of a character's box.
func (p pdfTextPage) span(i int) (left, right float64, err error) {
	b, err := p.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: p.tp, Index: i})
	if err != nil {
		return 0, 0, err
	}
	return float64(min(b.Rect.Left, b.Rect.Right)), float64(max(b.Rect.Left, b.Rect.Right)), nil
}

// lamAlef mends the lam-alef ligatures of a line: the glyph stands for
// lam then alef, and PDFium, reversing a right-to-left run of glyphs,
// reverses those two letters too ("السالم" for "السلام"; pdftotext does the
// same). An alef followed by a lam is swapped when both come from one glyph,
// which PDFium shows by giving both the glyph's box. (In cairo's PDFs each
// letter gets half of the box, but those pages are rebuilt by visualLine;
// in a monospaced font any two letters look like halves.)
func (p pdfTextPage) lamAlef(l pdfLine) (string, error) {
	rs := []rune(l.text)
	for j := 0; j+1 < len(rs); j++ {
		if !strings.ContainsRune("اأإآ", rs[j]) || rs[j+1] != 'ل' {
			continue
		}
		al, ar, err := p.span(l.start + j)
		if err != nil {
			return "", err
		}
		ll, lr, err := p.span(l.start + j + 1)
		if err != nil {
			return "", err
		}
		const eps = 1e-3
		if math.Abs(al-ll) < eps && math.Abs(ar-lr) < eps && ar > al {
			rs[j], rs[j+1] = rs[j+1], rs[j]
			j++
		}
	}
	return string(rs), nil
}

func hasArabic(rs []rune) bool {
	return slices.ContainsFunc(rs, func(r rune) bool { return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) })
}

// pdfParagraphs joins lines with "\n", and paragraphs with "\n\n" where
// the step down to a line is clearly larger than the page's usual step
// between lines, where the text size changes, or where the text jumps up (a
// new column). PDFium sometimes cuts one printed line in two (around mixed
// directions): a line on the previous one's baseline continues it.
func pdfParagraphs(lines []pdfLine) string {
	var steps []float64
	for i := 1; i < len(lines); i++ {
		if s, ok := lineStep(lines[i-1], lines[i]); ok {
			steps = append(steps, s)
		}
	}
	usual := 0.0
	if len(steps) > 0 {
		slices.Sort(steps)
		usual = steps[(len(steps)-1)/4] // most steps are inside paragraphs, even on pages of short ones
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			b.WriteString("\n")
			s, ok := lineStep(prev, l)
			if math.Abs(prev.y-l.y) > 0.1*max(prev.sz, l.sz) && (!ok || s > usual+0.4*l.sz) {
				b.WriteString("\n")
			}
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// lineStep is the distance between the baselines of two lines that follow
// each other down a column in text of about the same size; ok is false
// when they do not.
func lineStep(a, b pdfLine) (float64, bool) {
	sameSize := a.sz > 0 && b.sz > 0 && max(a.sz, b.sz) < 1.2*min(a.sz, b.sz)
	return a.y - b.y, sameSize && b.y < a.y-0.1*max(a.sz, b.sz)
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
