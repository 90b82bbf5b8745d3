// Package textnorm is Daftar's Unicode and Arabic-aware text core: folding
// with an offset map back to the original, tokenization that agrees with the
// SQLite FTS5 unicode61 tokenizer, light Arabic stemming, near-duplicate
// hashing, language/direction detection and offset conversions.
//
// Everything here works in code points, the unit annotations are stored in;
// the offset helpers convert to bytes, UTF-16 or grapheme clusters at the edge.
package textnorm

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Folded is a search form of a text together with the way back to it.
//
// Map[i] is the code-point index in the original of the i-th code point of
// Text; Map has one extra entry, the original length in code points, so that
// Map[len] is always valid. Map is non-decreasing. When one original code
// point folds into several (ß → ss, presentation-form ligatures), they all map
// to that original code point.
type Folded struct {
	Text string
	Map  []int

	// attached lists, in increasing order, the original code-point indexes
	// of removed marks that belong to the letter before them (harakat,
	// Quranic marks, tatweel, combining diacritics). Original extends a span
	// over them so a highlight covers the vocalized word, not only its
	// skeleton.
	attached []int32
}

// Original maps the folded code-point span [start, end) to the original
// code-point span covering the same characters, including the harakat,
// tatweel and combining marks inside the span and right after its last
// character (but not following spaces or invisible controls). Out-of-range
// arguments are clamped.
func (f Folded) Original(start, end int) (int, int) {
	n := len(f.Map) - 1
	if n < 0 {
		return 0, 0
	}
	start = clamp(start, 0, n)
	end = clamp(end, 0, n)
	if end <= start {
		p := f.Map[start]
		return p, p
	}
	os := f.Map[start]
	oe := f.Map[end-1] + 1
	limit := f.Map[end] // never run into the next folded character
	if len(f.attached) > 0 {
		i := sort.Search(len(f.attached), func(i int) bool { return int(f.attached[i]) >= oe })
		for i < len(f.attached) && int(f.attached[i]) == oe && oe < limit {
			oe++
			i++
		}
	}
	return os, oe
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// A fold table entry: the top two bits say what happens to a code point.
const (
	kindShift        = 30
	kindIdentity     = 0 // entry 0: keep as is
	kindRemove       = 1 // drop; low bit 0 set = attached mark
	kindSingle       = 2 // replace by the rune in the low 21 bits
	kindMulti        = 3 // replace by pool[off:off+n], off low 22 bits, n bits 22..29
	removeAttachedLo = 1
)

var (
	foldOnce  sync.Once
	foldTable *[0x10000]uint32
	foldPool  []rune
)

func table() *[0x10000]uint32 {
	foldOnce.Do(buildTable)
	return foldTable
}

// Normalize folds s into its search form with a map back to s.
//
// Arabic: أ إ آ ٱ ٲ ٳ → ا, ى → ي, ة → ه, ۀ → ه, Persian ی → ي and ک → ك,
// Arabic-Indic digits → ASCII; tatweel, harakat (U+064B–065F, U+0670),
// Quranic marks (U+06D6–06ED) removed; presentation forms (U+FB00–FDFF,
// U+FE70–FEFF) and fullwidth forms through NFKC. Invisible controls (ZWJ,
// ZWNJ, LRM, RLM, ALM, bidi embeddings and isolates, soft hyphen, word
// joiner, BOM) removed. Latin, Greek and Cyrillic: full case folding and
// removal of diacritics (é → e, ß → ss, ı → i, ø → o, æ → ae). Other scripts
// are case folded only. Every other character that is not part of a word
// (punctuation, symbols, emoji, unassigned code points) becomes a space, so
// that SQLite's tokenizer sees the same words as Tokens.
//
// Invalid UTF-8 bytes each count as one code point (U+FFFD, as Go's range
// loop sees them) and fold to a space.
func Normalize(s string) Folded {
	buf, m, attached := normalize(s, make([]byte, 0, len(s)+8), make([]int, 0, utf8.RuneCountInString(s)+1), nil)
	var text string
	if len(buf) > 0 {
		// Nothing writes buf again, so sharing its memory is safe and
		// saves a copy of every article on import.
		text = unsafe.String(&buf[0], len(buf))
	}
	return Folded{Text: text, Map: m, attached: attached}
}

// Normalizer folds many texts one after the other in the same memory, for
// loops that drop each result before folding the next (matching a name
// against every article of an archive). Not safe for concurrent use.
type Normalizer struct {
	buf      []byte
	m        []int
	attached []int32
}

// Normalize is the package's Normalize. Text is the caller's to keep (a
// copy of the reused buffer: a string must never change under its holder);
// Map and the marks behind Original are reused, valid until the next call.
func (z *Normalizer) Normalize(s string) Folded {
	z.buf, z.m, z.attached = normalize(s, z.buf[:0], z.m[:0], z.attached[:0])
	return Folded{Text: string(z.buf), Map: z.m, attached: z.attached}
}

// normalize is Normalize appending to the given buffers: the folded text,
// its map and its attached marks.
func normalize(s string, buf []byte, m []int, attached []int32) ([]byte, []int, []int32) {
	tbl := table()
	cp := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			buf = append(buf, b)
			m = append(m, cp)
			cp++
			i++
			continue
		}
		r, size := decodeTwoByte(s, i), 2
		if r < 0 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		var e uint32
		if r < 0x10000 {
			e = tbl[r]
		} else if !IsTokenRune(r) {
			e = kindSingle<<kindShift | ' ' // emoji and other symbols
		} else if unicode.IsUpper(r) {
			e = kindSingle<<kindShift | uint32(unicode.ToLower(r))
		}
		switch e >> kindShift {
		case kindIdentity:
			buf = utf8.AppendRune(buf, r)
			m = append(m, cp)
		case kindRemove:
			if e&removeAttachedLo != 0 {
				attached = append(attached, int32(cp))
			}
		case kindSingle:
			buf = utf8.AppendRune(buf, rune(e&0x1FFFFF))
			m = append(m, cp)
		case kindMulti:
			off := e & (1<<22 - 1)
			cnt := (e >> 22) & 0xFF
			for _, fr := range foldPool[off : off+cnt] {
				buf = utf8.AppendRune(buf, fr)
				m = append(m, cp)
			}
		}
		cp++
	}
	m = append(m, cp)
	return buf, m, attached
}

// decodeTwoByte decodes a valid two-byte UTF-8 sequence at s[i] (Arabic,
// Persian, accented Latin), or returns -1: utf8.DecodeRuneInString's fast
// path is ASCII only, and Arabic text is almost all two-byte letters.
func decodeTwoByte(s string, i int) rune {
	if b := s[i]; b >= 0xC2 && b <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(b&0x1F)<<6 | rune(s[i+1]&0x3F)
	}
	return -1
}

// Fold returns only the folded text of s (no map), for callers such as
// dedupe keys and entity alias lookup.
func Fold(s string) string { return Normalize(s).Text }

// explicitFold holds the rules that are not plain Unicode normalization.
// Values: a replacement string, or "" for removal.
func explicitFold(r rune) (repl string, remove, attached, ok bool) {
	switch {
	case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ' || r == 'ٲ' || r == 'ٳ':
		return "ا", false, false, true
	case r == 'ى' || r == 'ی': // alef maqsura, Persian yeh
		return "ي", false, false, true
	case r == 'ة' || r == 'ۀ':
		return "ه", false, false, true
	case r == 'ک':
		return "ك", false, false, true
	case r >= 0x0660 && r <= 0x0669:
		return string('0' + (r - 0x0660)), false, false, true
	case r >= 0x06F0 && r <= 0x06F9:
		return string('0' + (r - 0x06F0)), false, false, true
	case r == 0x0640, r >= 0x064B && r <= 0x065F, r == 0x0670:
		return "", true, true, true
	case r >= 0x06D6 && r <= 0x06ED:
		// Quranic annotation marks sit on a letter, except the end-of-ayah
		// sign and the two symbols (U+06DD, U+06DE, U+06E9).
		att := r != 0x06DD && r != 0x06DE && r != 0x06E9
		return "", true, att, true
	case r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0x061C,
		r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
		r == 0x00AD, r == 0x2060, r == 0xFEFF:
		return "", true, false, true
	// Latin letters without a canonical decomposition that users type
	// without their stroke, and the Turkish dotless i.
	case r == 'ø' || r == 'Ø':
		return "o", false, false, true
	case r == 'ł' || r == 'Ł':
		return "l", false, false, true
	case r == 'đ' || r == 'Đ':
		return "d", false, false, true
	case r == 'ı':
		return "i", false, false, true
	case r == 'æ' || r == 'Æ':
		return "ae", false, false, true
	case r == 'œ' || r == 'Œ':
		return "oe", false, false, true
	}
	return "", false, false, false
}

func isArabicBlock(r rune) bool {
	return (r >= 0x0600 && r <= 0x06FF) || (r >= 0x0750 && r <= 0x077F) || (r >= 0x0870 && r <= 0x08FF)
}

func isNFKCRange(r rune) bool {
	return (r >= 0xFB00 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF) || (r >= 0xFF00 && r <= 0xFFEF)
}

// isDiacriticMark reports combining marks that are dropped after
// decomposition of Latin, Greek and Cyrillic letters.
func isDiacriticMark(r rune) bool {
	return (r >= 0x0300 && r <= 0x036F) || (r >= 0x1AB0 && r <= 0x1AFF) ||
		(r >= 0x1DC0 && r <= 0x1DFF) || (r >= 0x20D0 && r <= 0x20FF) || (r >= 0xFE20 && r <= 0xFE2F)
}

func stripsDiacritics(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic) || isDiacriticMark(r)
}

// foldRune computes the folded form of one code point. It is slow (x/text
// calls) and only used to build the table once.
func foldRune(r rune, caser cases.Caser) (out string, remove, attached bool) {
	if repl, rm, att, ok := explicitFold(r); ok {
		return repl, rm, att
	}
	if isArabicBlock(r) {
		return string(r), false, false
	}
	s := string(r)
	nfkc := isNFKCRange(r)
	if nfkc {
		s = norm.NFKC.String(s)
	}
	s = caser.String(s)
	strip := nfkc || stripsDiacritics(r)
	if strip {
		s = norm.NFD.String(s)
	}
	var sb strings.Builder
	onlyMarks := true // NFKC of isolated harakat forms gives space/tatweel + mark
	for _, c := range s {
		if repl, rm, _, ok := explicitFold(c); ok {
			if !rm {
				onlyMarks = false
			}
			sb.WriteString(repl)
			continue
		}
		if strip && isDiacriticMark(c) {
			continue
		}
		if c != ' ' {
			onlyMarks = false
		}
		sb.WriteRune(c)
	}
	out = sb.String()
	if strip {
		out = norm.NFC.String(out)
	}
	// Lowercase last: x/text's Fold maps Cherokee to uppercase.
	out = strings.Map(unicode.ToLower, out)
	if out == "" || (nfkc && onlyMarks) {
		return "", true, unicode.Is(unicode.Mn, r) || (r >= 0xFE70 && r <= 0xFE7F)
	}
	return out, false, false
}

func hasTokenRune(s string) bool {
	for _, r := range s {
		if IsTokenRune(r) {
			return true
		}
	}
	return false
}

func buildTable() {
	t := new([0x10000]uint32)
	caser := cases.Fold()
	var pool []rune
	for r := rune(0x80); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates never come out of UTF-8 decoding
		}
		// Fast skip: most code points (CJK, Hangul, Indic letters...) have
		// no case, no decomposition and no rule of ours.
		if _, _, _, ok := explicitFold(r); !ok && !isNFKCRange(r) && !stripsDiacritics(r) &&
			unicode.SimpleFold(r) == r && IsTokenRune(r) {
			continue
		}
		out, remove, att := foldRune(r, caser)
		if !remove && !hasTokenRune(out) {
			// Every non-token character becomes a plain space, so that
			// SQLite's tokenizer (whose Unicode tables differ from Go's:
			// it keeps new currency signs, symbols and unassigned code
			// points inside words) splits the folded text exactly where
			// Tokens does.
			out = " "
		}
		switch {
		case remove:
			t[r] = kindRemove << kindShift
			if att {
				t[r] |= removeAttachedLo
			}
		case out == string(r):
			// identity
		case utf8.RuneCountInString(out) == 1:
			c, _ := utf8.DecodeRuneInString(out)
			t[r] = kindSingle<<kindShift | uint32(c)
		default:
			rs := []rune(out)
			t[r] = kindMulti<<kindShift | uint32(len(rs))<<22 | uint32(len(pool))
			pool = append(pool, rs...)
		}
	}
	// Make folding idempotent (a query is folded text folded again): some
	// outputs fold further (x/text folds Cherokee lowercase to uppercase and
	// back). Re-apply the table to each output until it is stable.
	runesOf := func(r rune) []rune {
		e := t[r]
		switch e >> kindShift {
		case kindIdentity:
			return []rune{r}
		case kindRemove:
			return nil
		case kindSingle:
			return []rune{rune(e & 0x1FFFFF)}
		}
		off, cnt := e&(1<<22-1), (e>>22)&0xFF
		return pool[off : off+cnt]
	}
	apply := func(rs []rune) []rune {
		var out []rune
		for _, c := range rs {
			if c < 0x80 {
				out = append(out, unicode.ToLower(c))
			} else if c < 0x10000 {
				out = append(out, runesOf(c)...)
			} else {
				out = append(out, unicode.ToLower(c))
			}
		}
		return out
	}
	for r := rune(0x80); r < 0x10000; r++ {
		e := t[r]
		if k := e >> kindShift; k == kindIdentity || k == kindRemove {
			continue
		}
		cur := runesOf(r)
		for range 4 {
			next := apply(cur)
			if string(next) == string(cur) {
				break
			}
			cur = next
		}
		switch {
		case len(cur) == 0:
			t[r] = kindRemove << kindShift
		case len(cur) == 1 && cur[0] == r:
			t[r] = 0
		case len(cur) == 1:
			t[r] = kindSingle<<kindShift | uint32(cur[0])
		default:
			if string(cur) != string(runesOf(r)) {
				t[r] = kindMulti<<kindShift | uint32(len(cur))<<22 | uint32(len(pool))
				pool = append(pool, cur...)
			}
		}
	}
	foldTable = t
	foldPool = pool
}
