package query

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"daftar/textnorm"
)

// Span is a match in an original text, in code points, End exclusive.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Matches finds every occurrence of the query's positive terms in an
// original (unfolded) text, the way the index matched it: the exact folded
// token, a stem candidate, a prefix, a phrase as consecutive tokens. Spans
// cover the original words including their harakat and tatweel, and are
// sorted and non-overlapping.
func (q *Query) Matches(original string) []Span {
	if q == nil || len(q.Groups) == 0 || original == "" {
		return nil
	}
	f := textnorm.Normalize(original)
	return q.MatchesFolded(f, textnorm.Tokens(f.Text))
}

// MatchesFolded is Matches for a text already normalized and tokenized (the
// caller may reuse them for a snippet or for several queries).
func (q *Query) MatchesFolded(f textnorm.Folded, toks []textnorm.Token) []Span {
	if q == nil || len(toks) == 0 {
		return nil
	}
	var stems []string // computed on first need
	stem := func(i int) string {
		if stems == nil {
			stems = make([]string, len(toks))
			for k, t := range toks {
				stems[k] = textnorm.Stem(t.Text)
			}
		}
		return stems[i]
	}
	var spans []Span
	add := func(i, j int) { // tokens i..j inclusive
		s, e := f.Original(toks[i].Start, toks[j].End)
		spans = append(spans, Span{s, e})
	}
	for _, g := range q.Groups {
		for _, t := range g {
			switch {
			case t.isWord():
				// The index matches the word's forms (folded word and stem
				// candidates) in the fold and the stem columns alike.
				forms := t.forms()
				for i, tok := range toks {
					if contains(forms, tok.Text) || (stemmed(t) && contains(forms, stem(i))) {
						add(i, i)
					}
				}
			case !t.Phrase:
				p := t.Tokens[0]
				for i, tok := range toks {
					if strings.HasPrefix(tok.Text, p) || strings.HasPrefix(stem(i), p) {
						add(i, i)
					}
				}
			default:
				// Consecutive tokens, all folded or all stemmed (one
				// column or the other).
				n := len(t.Tokens)
				for i := 0; i+n <= len(toks); i++ {
					if phraseAt(t, n, func(k int) string { return toks[i+k].Text }) ||
						phraseAt(t, n, func(k int) string { return stem(i + k) }) {
						add(i, i+n-1)
					}
				}
			}
		}
	}
	return mergeSpans(spans)
}

// phraseAt reports whether word(0..n-1) spell the phrase t.
func phraseAt(t Term, n int, word func(int) string) bool {
	for k := 0; k < n; k++ {
		w := word(k)
		if t.Prefix && k == n-1 {
			if !strings.HasPrefix(w, t.Tokens[k]) {
				return false
			}
		} else if w != t.Tokens[k] {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// mergeSpans sorts spans and joins overlapping ones.
func mergeSpans(spans []Span) []Span {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End < spans[j].End
	})
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start < last.End {
			if s.End > last.End {
				last.End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// Snippet cuts a window of at most maxRunes code points out of original,
// around the first span (about a third of the room before it), cut at
// spaces so no word is broken. It returns the window and its code-point
// offset in original, so span.Start-offset positions a highlight in the
// snippet. Without spans the window starts at the beginning of the text.
// Grapheme clusters are never split, so a window may be shorter than
// maxRunes, or longer only when one cluster alone exceeds it; spans are
// expected on cluster boundaries, as Matches gives them.
func Snippet(original string, spans []Span, maxRunes int) (text string, offset int) {
	n := utf8.RuneCountInString(original)
	if maxRunes <= 0 || n <= maxRunes {
		return original, 0
	}
	as, ae := 0, 0
	if len(spans) > 0 {
		as = clamp(spans[0].Start, 0, n)
		ae = clamp(spans[0].End, as, n)
	}
	if ae-as >= maxRunes { // the match alone fills the window
		s, _ := textnorm.SnapToGraphemes(original, as, as)
		e, _ := textnorm.SnapToGraphemes(original, s+maxRunes, s+maxRunes)
		if e <= s { // one cluster longer than the window: keep it whole
			_, e = textnorm.SnapToGraphemes(original, s, s+1)
		}
		bs, be := textnorm.CodePointToByte(original, s), textnorm.CodePointToByte(original, e)
		return original[bs:be], s
	}
	start := as - (maxRunes-(ae-as))/3
	if start < 0 {
		start = 0
	}
	end := start + maxRunes
	if end > n {
		end = n
		start = max(0, end-maxRunes)
	}
	// Decode only the window (and the rune after it): articles are long,
	// snippets short.
	base := start
	bs := textnorm.CodePointToByte(original, base)
	win := make([]rune, 0, end-start+1)
	pos := make([]int, 0, end-start+2) // byte offset of win[k]
	for i, r := range original[bs:] {
		if len(win) > end-start {
			break
		}
		win = append(win, r)
		pos = append(pos, bs+i)
	}
	pos = append(pos, len(original))
	at := func(cp int) rune { return win[cp-base] }
	// Move the edges inward to spaces, but never into the first match.
	if start > 0 {
		prev, _ := utf8.DecodeLastRuneInString(original[:bs])
		if !unicode.IsSpace(prev) {
			for k := start; k < as; k++ {
				if unicode.IsSpace(at(k)) {
					start = k + 1
					break
				}
			}
		}
	}
	if end < n && !unicode.IsSpace(at(end)) {
		for k := end - 1; k >= ae && k > start; k-- {
			if unicode.IsSpace(at(k)) {
				end = k
				break
			}
		}
	}
	for start < as && unicode.IsSpace(at(start)) {
		start++
	}
	for end > ae && end > start && unicode.IsSpace(at(end-1)) {
		end--
	}
	// A window still cut inside a word must not split a letter from its
	// harakat or an emoji sequence: shrink to whole clusters (rare, so the
	// slow full-text segmentation is fine).
	if start > 0 && start < n && clusterContinues(at(start), original, pos[start-base]) {
		if b, _ := textnorm.SnapToGraphemes(original, start, start); b != start {
			_, start = textnorm.SnapToGraphemes(original, start, start+1)
		}
	}
	if end > start && end < n && clusterContinues(at(end), original, pos[end-base]) {
		if b, _ := textnorm.SnapToGraphemes(original, end, end); b != end {
			end = max(b, start)
		}
	}
	if end < start {
		end = start
	}
	return original[pos[start-base]:pos[end-base]], start
}

// clusterContinues reports whether the code point r at byte b might belong
// to the grapheme cluster before it: marks, joiners, variation selectors,
// emoji modifiers and flags. Anything else always starts a cluster, except
// after a ZWJ, which is checked too.
func clusterContinues(r rune, s string, b int) bool {
	if prev, _ := utf8.DecodeLastRuneInString(s[:b]); prev == 0x200D {
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) || r == 0x200D || r == 0x200C ||
		(r >= 0xFE00 && r <= 0xFE0F) || (r >= 0x1F3FB && r <= 0x1F3FF) || (r >= 0x1F1E6 && r <= 0x1F1FF) ||
		(r >= 0xE0020 && r <= 0xE007F) || r == 0x0640
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
