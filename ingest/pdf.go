package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// PDF text comes from poppler's pdftotext: Go has no maintained PDF text
// extractor that handles Arabic fonts, ToUnicode maps and reading order as
// well, and poppler is packaged everywhere (poppler-utils). Without it PDF
// import fails with a message saying what to install.
var errNoPdftotext = errors.New("PDF import needs pdftotext (poppler-utils)")

const pdfTimeout = 2 * time.Minute

func parsePDF(ctx context.Context, path string, data []byte) (draft, []string, error) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		return draft{}, nil, errNoPdftotext
	}
	// A temporary copy: the file may be a ZIP entry, and poppler should
	// never see a path that could be taken for an option.
	tmp, err := os.CreateTemp("", "daftar-*.pdf")
	if err != nil {
		return draft{}, nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return draft{}, nil, err
	}
	if err := tmp.Close(); err != nil {
		return draft{}, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, tool, "-enc", "UTF-8", "-q", tmp.Name(), "-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return draft{}, nil, errors.New("pdftotext took too long (over 2 minutes)")
			}
			return draft{}, nil, ctx.Err()
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 3 {
			return draft{}, nil, errors.New("PDF is encrypted or does not allow copying text")
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return draft{}, nil, errors.New("not a readable PDF (damaged or truncated): " + strings.SplitN(msg, "\n", 2)[0])
	}
	s, warns := utf8Replace(out.Bytes(), 0)
	s = pdfText(s)
	if strings.TrimSpace(s) == "" {
		return draft{}, warns, errors.New("PDF has no text layer (a scan? run OCR first)")
	}
	if visualOrderArabic(s) {
		s = logicalOrder(s)
		warns = append(warns, "Arabic text was stored in visual order in the PDF and has been reversed to reading order; check it against the original")
	}
	d := draft{text: s}
	pdfInfo(ctx, tmp.Name(), &d)
	return d, warns, nil
}

// pdfText folds presentation forms (Arabic contextual glyphs, ligatures such
// as ﻻ or ﬁ that PDFs often carry) with NFKC, leaving other characters alone
// since full NFKC would also rewrite superscripts and full-width digits;
// joins the lines pdftotext breaks inside a paragraph; and turns page breaks
// into paragraph breaks.
func pdfText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFB00 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFE {
			b.WriteString(norm.NFKC.String(string(r)))
			continue
		}
		b.WriteRune(r)
	}
	s = strings.ReplaceAll(b.String(), "\f", "\n\n")
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

// pdfInfo adds title, author and creation date from pdfinfo when it is
// there; PDF metadata is often empty or wrong, so failure is silent.
func pdfInfo(ctx context.Context, file string, d *draft) {
	tool, err := exec.LookPath("pdfinfo")
	if err != nil {
		return
	}
	out, err := exec.CommandContext(ctx, tool, "-enc", "UTF-8", "-isodates", file).Output()
	if err != nil {
		return
	}
	s, _ := utf8Replace(out, 0)
	for _, l := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "Title":
			if !junkPDFTitle(v) {
				d.title = v
			}
		case "Author":
			d.author = v
		case "CreationDate":
			d.published = v
		}
	}
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
