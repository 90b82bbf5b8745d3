package annotations

import (
	"cmp"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"daftar/model"
	"daftar/textnorm"
)

// Reattach turns external spans into annotations on archive articles: each
// doc is matched to an article by model.Fingerprint(model.CanonicalText(doc.Text));
// when canonicalisation changed the text (CRLF, NFC, trailing blanks, a
// BOM) offsets are remapped; each annotation's quote is verified; labels
// must be known to the schema. It returns the annotations to store (new
// UUIDv7 ids, annotator set) and one problem line per span or doc that
// could not be attached.
//
// A span whose recorded quote differs from the text at its offsets was
// placed by a wrong unit or over another version of the text: it moves to
// its quote when the quote occurs exactly once within reanchorWindow code
// points (reported as a problem line), and otherwise the whole file is
// refused: no annotations are returned and the first problem line names the
// span, its line and both texts.
func Reattach(docs []Doc, findArticle func(fingerprint string) (model.Article, bool), schema model.Schema, annotator string) ([]model.Annotation, []string) {
	var anns []model.Annotation
	var problems, refused []string
	now := time.Now().UTC().Truncate(time.Millisecond)
	for di, doc := range docs {
		name := doc.Name
		if name == "" {
			name = fmt.Sprintf("document %d", di+1)
		}
		if !utf8.ValidString(doc.Text) {
			problems = append(problems, name+": text is not valid UTF-8")
			continue
		}
		canon := model.CanonicalText(doc.Text)
		fp := model.Fingerprint(canon)
		art, ok := findArticle(fp)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: no article in the archive has this text (fingerprint %s)", name, fp[:12]))
			continue
		}
		if art.Text != canon {
			problems = append(problems, fmt.Sprintf("%s: article %s found by fingerprint has a different text", name, art.ID))
			continue
		}
		var remap func(int) int
		if canon != doc.Text {
			m, ok := canonicalMap(doc.Text, canon)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: cannot map offsets onto the canonical text of article %s", name, art.ID))
				continue
			}
			remap = m
		}
		src, dst := textnorm.NewIndex(doc.Text, false), textnorm.NewIndex(art.Text, false)
		seen := map[[2]int]map[string]bool{}
		for k, sp := range doc.Spans {
			where := fmt.Sprintf("%s: span %d (%d-%d %s): ", name, k+1, sp.Start, sp.End, sp.Label)
			if line := fmt.Sprintf("line %d", sp.Line); sp.Line > 0 && line == name {
				where = fmt.Sprintf("%s, span %d (%d-%d %s): ", line, k+1, sp.Start, sp.End, sp.Label)
			} else if sp.Line > 0 {
				where = fmt.Sprintf("%s: %s, span %d (%d-%d %s): ", name, line, k+1, sp.Start, sp.End, sp.Label)
			}
			bad := func(format string, args ...any) {
				problems = append(problems, where+fmt.Sprintf(format, args...))
			}
			lt, ok := schema.Lookup(sp.Label)
			if !ok {
				bad("label %q is not in the schema", sp.Label)
				continue
			}
			if sp.Start < 0 || sp.End > src.Len() || sp.Start >= sp.End {
				bad("outside the text (0-%d code points) or empty", src.Len())
				continue
			}
			if sp.Quote != "" && looseForm(sp.Quote) != looseForm(src.Slice(sp.Start, sp.End)) {
				at := src.Slice(sp.Start, sp.End)
				s, ok := reanchor(src, sp.Quote, sp.Start)
				if !ok {
					refused = append(refused, where+fmt.Sprintf("its quote %q differs from the text %q at its offsets and is not found once nearby (wrong offset unit?)", sp.Quote, at))
					continue
				}
				sp.Start, sp.End = s, s+utf8.RuneCountInString(sp.Quote)
				bad("its quote %q differs from the text %q at its offsets; moved to %d-%d where the quote is", sp.Quote, at, sp.Start, sp.End)
			}
			srcQuote := src.Slice(sp.Start, sp.End)
			s, e := sp.Start, sp.End
			if remap != nil {
				s, e = remap(s), remap(e)
			}
			if s >= e {
				bad("nothing of the span is left in the canonical text")
				continue
			}
			quote := dst.Slice(s, e)
			if !samePiece(srcQuote, quote) {
				bad("text %q does not match the archive text %q at %d-%d", srcQuote, quote, s, e)
				continue
			}
			if sp.Quote != "" && !samePiece(sp.Quote, quote) {
				bad("quote %q does not match the text %q", sp.Quote, quote)
				continue
			}
			// The same span and type by two annotators is two annotations.
			key, who := [2]int{s, e}, cmp.Or(sp.Annotator, annotator)
			if seen[key][lt.Name+"\x00"+who] {
				bad("duplicate of an earlier span")
				continue
			}
			if seen[key] == nil {
				seen[key] = map[string]bool{}
			}
			seen[key][lt.Name+"\x00"+who] = true
			an, err := model.NewAnnotation(art.ID, lt, s, e, quote)
			if err != nil {
				bad("%v", err)
				continue
			}
			an.ID, an.Annotator, an.CreatedAt, an.UpdatedAt, an.Note = model.NewID(), who, now, now, sp.Note
			if l := sp.Links; l != nil {
				an.EntityID, an.ClaimantID, an.TargetIDs = l.EntityID, l.ClaimantID, l.TargetIDs
				an.Attribution, an.Stance, an.Verdict, an.ClaimDate = l.Attribution, l.Stance, l.Verdict, l.ClaimDate
			}
			if err := an.Validate(art.Text, schema); err != nil {
				bad("%v", err)
				continue
			}
			anns = append(anns, an)
		}
	}
	if len(refused) > 0 {
		refused[0] += fmt.Sprintf("; %s (%d spans refused)", Refused, len(refused))
		return nil, append(refused, problems...)
	}
	return anns, problems
}

// Refused ends the first problem line of a file Reattach refused.
const Refused = "nothing from this file was attached"

// reanchorWindow is how far (code points) a quote may be found from its
// span's start to move the span there.
const reanchorWindow = 64

// reanchor finds quote within reanchorWindow of start in t; ok is false
// when it is absent or there more than once.
func reanchor(t *textnorm.Index, quote string, start int) (int, bool) {
	from, to := max(0, start-reanchorWindow), min(t.Len(), start+reanchorWindow+utf8.RuneCountInString(quote))
	win := t.Slice(from, to)
	i := strings.Index(win, quote)
	if i < 0 || strings.Contains(win[i+1:], quote) {
		return 0, false
	}
	return from + utf8.RuneCountInString(win[:i]), true
}

// canonicalPiece puts a piece of text in the form CanonicalText gives it
// inside a document: LF line ends, NFC.
func canonicalPiece(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return norm.NFC.String(s)
}

// samePiece reports whether piece, cut from the external text, is what
// canonicalisation made of it: LF, NFC, and blanks at line ends removed
// (CanonicalText trims them, so a span that ended in them lost them).
func samePiece(piece, canon string) bool {
	return canonicalPiece(piece) == canon || looseForm(piece) == canon
}

// looseForm is s canonicalised as a piece with blanks at line ends
// removed: two pieces of text are the same quote when their loose forms are
// equal.
func looseForm(s string) string {
	lines := strings.Split(canonicalPiece(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\u00A0")
	}
	return strings.Join(lines, "\n")
}

// canonicalMap replays model.CanonicalText step by step, carrying for each
// code point the offset it had in the original, and returns a function
// from original offsets to canonical ones. A boundary inside a sequence NFC
// recomposed moves to the composed character. ok is false when the replay
// does not give the canonical text (CanonicalText changed and this did not
// follow).
func canonicalMap(orig, canon string) (func(int) int, bool) {
	type cp struct {
		r rune
		o int
	}
	var cs []cp
	rs := []rune(orig)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\r' && i+1 < len(rs) && rs[i+1] == '\n':
			cs = append(cs, cp{'\n', i})
			i++
		case rs[i] == '\r':
			cs = append(cs, cp{'\n', i})
		default:
			cs = append(cs, cp{rs[i], i})
		}
	}
	if len(cs) > 0 && cs[0].r == '\uFEFF' {
		cs = cs[1:]
	}
	// NFC, one normalisation segment at a time.
	var buf strings.Builder
	for _, c := range cs {
		buf.WriteRune(c.r)
	}
	s := buf.String()
	nfc := make([]cp, 0, len(cs))
	at := 0 // index into cs of the segment start
	for len(s) > 0 {
		n := norm.NFC.NextBoundaryInString(s, true)
		if n <= 0 {
			n = len(s)
		}
		seg := s[:n]
		segLen := utf8.RuneCountInString(seg)
		if norm.NFC.IsNormalString(seg) {
			nfc = append(nfc, cs[at:at+segLen]...)
		} else {
			k := 0
			for _, r := range norm.NFC.String(seg) {
				nfc = append(nfc, cp{r, cs[at+min(k, segLen-1)].o})
				k++
			}
		}
		at += segLen
		s = s[n:]
	}
	// Trailing blanks of each line, then leading and trailing line breaks.
	blank := func(r rune) bool { return r == ' ' || r == '\t' || r == '\u00A0' }
	trimmed := make([]cp, 0, len(nfc))
	lineStart := 0
	for i := 0; i <= len(nfc); i++ {
		if i == len(nfc) || nfc[i].r == '\n' {
			end := i
			for end > lineStart && blank(nfc[end-1].r) {
				end--
			}
			trimmed = append(trimmed, nfc[lineStart:end]...)
			if i < len(nfc) {
				trimmed = append(trimmed, nfc[i])
			}
			lineStart = i + 1
		}
	}
	for len(trimmed) > 0 && trimmed[0].r == '\n' {
		trimmed = trimmed[1:]
	}
	for len(trimmed) > 0 && trimmed[len(trimmed)-1].r == '\n' {
		trimmed = trimmed[:len(trimmed)-1]
	}
	buf.Reset()
	for _, c := range trimmed {
		buf.WriteRune(c.r)
	}
	if buf.String() != canon {
		return nil, false
	}
	return func(x int) int {
		return sort.Search(len(trimmed), func(j int) bool { return trimmed[j].o >= x })
	}, true
}
