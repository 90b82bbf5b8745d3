package textnorm

import (
	"strings"
	"unicode"
)

// Word helpers for selecting text by the word, on code-point offsets of a
// []rune. A word is a run of letters, digits and non-spacing marks (the
// harakat stay with their letters).

// IsWordRune reports whether c is part of a word.
func IsWordRune(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c)
}

// WordAround returns the word at or after offset i (start, end), or an
// empty span at the end of the text when no word follows.
func WordAround(text []rune, i int) (int, int) {
	for i < len(text) && !IsWordRune(text[i]) {
		i++
	}
	s := i
	for s > 0 && IsWordRune(text[s-1]) {
		s--
	}
	e := i
	for e < len(text) && IsWordRune(text[e]) {
		e++
	}
	return s, e
}

// NextWordEnd returns the end of the word at or after offset i.
func NextWordEnd(text []rune, i int) int {
	for i < len(text) && !IsWordRune(text[i]) {
		i++
	}
	for i < len(text) && IsWordRune(text[i]) {
		i++
	}
	return i
}

// PrevWordEnd returns the end of the word before the one offset i is in
// or after.
func PrevWordEnd(text []rune, i int) int {
	for i > 0 && IsWordRune(text[i-1]) {
		i--
	}
	for i > 0 && !IsWordRune(text[i-1]) {
		i--
	}
	return i
}

// spanTrim is the punctuation a drag easily takes in at a selection's ends.
const spanTrim = ".,;:!?؟،؛«»\"'()[]-–—"

// TrimSpan drops white space and punctuation at both ends of a span, so
// that what is left are the words.
func TrimSpan(text []rune, start, end int) (int, int) {
	trim := func(c rune) bool {
		return unicode.IsSpace(c) || strings.ContainsRune(spanTrim, c)
	}
	for start < end && trim(text[start]) {
		start++
	}
	for end > start && trim(text[end-1]) {
		end--
	}
	return start, end
}
