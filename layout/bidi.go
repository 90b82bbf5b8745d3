package layout

import (
	"reflect"

	"github.com/go-text/typesetting/bidi"
	xbidi "golang.org/x/text/unicode/bidi"
)

// Direction is a paragraph's base direction.
type Direction uint8

const (
	// Auto takes the direction of the first strong character (rules P2, P3),
	// left-to-right when there is none.
	Auto Direction = iota
	LTR
	RTL
)

func (d Direction) String() string {
	switch d {
	case LTR:
		return "ltr"
	case RTL:
		return "rtl"
	}
	return "auto"
}

// resolver runs the paragraph-level part of the Unicode Bidirectional
// Algorithm (P2..I2, and L1 over the whole paragraph) with go-text's bidi
// package. It is not safe for concurrent use.
type resolver struct {
	par bidi.Paragraph
	buf []rune
}

// levels returns the embedding level of every rune of text and the
// paragraph level. Paragraph separators (class B) inside text start a new
// bidi paragraph, as rule P1 says; they take the level of the paragraph
// that they end.
func (r *resolver) levels(text []rune, dir Direction) (levels []int8, base int8) {
	levels = make([]int8, len(text))
	base = -1
	start := 0
	for start <= len(text) {
		end := start
		for end < len(text) && !isParagraphSeparator(text[end]) {
			end++
		}
		lvl := r.segment(text[start:end], dir, levels[start:end])
		if base < 0 {
			base = lvl
		}
		if end < len(text) {
			levels[end] = lvl
		}
		start = end + 1
	}
	return levels, base
}

// segment resolves one bidi paragraph without separators into out and
// returns its paragraph level.
func (r *resolver) segment(text []rune, dir Direction, out []int8) int8 {
	// The paragraph level is not exported by go-text; a space appended at
	// the end always gets it (rule L1 resets trailing whitespace to the
	// paragraph level) and, being a trailing neutral, changes nothing else.
	r.buf = append(append(r.buf[:0], text...), ' ')
	def := bidi.Neutral
	switch dir {
	case LTR:
		def = bidi.LeftToRight
	case RTL:
		def = bidi.RightToLeft
	}
	runs := r.par.Segment(r.buf, def)
	all := runLevels(&runs, len(r.buf))
	copy(out, all[:len(text)])
	return all[len(text)]
}

// runLevels extracts the per-rune levels of a bidi.Runs. go-text v0.3.5
// keeps them in the unexported field "levels" and only exposes runs split on
// direction changes, which merges levels 1 and 3 (or 0 and 2) into one run
// and so loses what rule L2 needs. Reading the field through reflect keeps
// us on go-text's conformant resolution; v0.3.5 offers no supported way.
// If a later go-text renames it we fall back to the run levels, and
// gotext_pin_test.go fails: it pins the version and checks the field and
// the levels it gives.
func runLevels(runs *bidi.Runs, n int) []int8 {
	out := make([]int8, n)
	f := reflect.ValueOf(runs).Elem().FieldByName("levels")
	if f.IsValid() && f.Kind() == reflect.Slice && f.Len() == n {
		for i := range n {
			out[i] = int8(f.Index(i).Int())
		}
		return out
	}
	for i := 0; i < runs.NumRuns(); i++ {
		run := runs.Run(i)
		for j := run.Start; j < run.End && j < n; j++ {
			out[j] = int8(run.Level)
		}
	}
	return out
}

func bidiClass(r rune) xbidi.Class {
	p, _ := xbidi.LookupRune(r)
	return p.Class()
}

func isParagraphSeparator(r rune) bool { return bidiClass(r) == xbidi.B }

// removedByX9 reports the characters rule X9 removes: they have no place
// in the visual order (and draw nothing).
func removedByX9(r rune) bool {
	switch bidiClass(r) {
	case xbidi.BN, xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF:
		return true
	}
	return false
}

// l1Whitespace reports the characters that rule L1 resets at the end of a
// line: whitespace and isolate formatting characters, plus (as go-text and
// the reference implementation do) the characters removed by X9.
func l1Whitespace(r rune) bool {
	switch bidiClass(r) {
	case xbidi.WS, xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI,
		xbidi.BN, xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF:
		return true
	}
	return false
}

// applyL1 resets, within one line, segment separators, the whitespace
// before them and the whitespace at the end of the line to the paragraph
// level (rule L1; paragraph separators were handled by levels).
func applyL1(text []rune, levels []int8, base int8) {
	trailing := true
	for i := len(text) - 1; i >= 0; i-- {
		c := bidiClass(text[i])
		switch {
		case c == xbidi.S || c == xbidi.B:
			levels[i] = base
			trailing = true
		case trailing && l1Whitespace(text[i]):
			levels[i] = base
		default:
			trailing = false
		}
	}
}

// visualOrder applies rule L2 to the levels of one line: it returns the
// logical indexes in visual (left-to-right) order. From the highest level
// down to the lowest odd level, every maximal sequence at that level or
// higher is reversed.
func visualOrder(levels []int8) []int {
	order := make([]int, len(levels))
	for i := range order {
		order[i] = i
	}
	if len(levels) == 0 {
		return order
	}
	hi, lowOdd := int8(0), int8(127)
	for _, l := range levels {
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for lvl := hi; lvl >= lowOdd && lvl > 0; lvl-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}
