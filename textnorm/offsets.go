package textnorm

import (
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Offset conversions between the archive's unit (code points) and the units
// other tools use: bytes (Go, Rust, most C), UTF-16 code units (JavaScript,
// Java, label-studio, doccano's front end) and grapheme clusters (what a
// reader calls a character).
//
// All functions clamp out-of-range positions to [0, length]. A position that
// falls inside a unit of the target (the middle of a multi-byte rune, between
// the two halves of a surrogate pair, inside a cluster) rounds down to the
// start of that unit. Invalid UTF-8 bytes count as one code point each
// (U+FFFD, one UTF-16 unit), as Go's range loop sees them.

// CodePointToByte returns the byte offset of code point cp in s.
func CodePointToByte(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == cp {
			return i
		}
		n++
	}
	return len(s)
}

// ByteToCodePoint returns the index of the code point containing byte b.
func ByteToCodePoint(s string, b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(s) {
		return utf8.RuneCountInString(s)
	}
	n := 0
	for i := range s {
		if i > b {
			return n - 1
		}
		if i == b {
			return n
		}
		n++
	}
	return n - 1
}

// CodePointToUTF16 returns the UTF-16 offset of code point cp in s.
func CodePointToUTF16(s string, cp int) int {
	u, n := 0, 0
	for _, r := range s {
		if n >= cp {
			break
		}
		u += utf16Len(r)
		n++
	}
	return u
}

// UTF16ToCodePoint returns the index of the code point containing UTF-16
// unit u.
func UTF16ToCodePoint(s string, u int) int {
	if u <= 0 {
		return 0
	}
	pos, n := 0, 0
	for _, r := range s {
		next := pos + utf16Len(r)
		if next > u {
			return n
		}
		pos = next
		n++
	}
	return n
}

// UTF16Len returns the length of s in UTF-16 code units.
func UTF16Len(s string) int {
	u := 0
	for _, r := range s {
		u += utf16Len(r)
	}
	return u
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// CodePointToGrapheme returns the index of the grapheme cluster containing
// code point cp (the cluster count when cp is at or past the end).
func CodePointToGrapheme(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	g, pos := 0, 0
	state := -1
	rest := s
	for len(rest) > 0 {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		next := pos + utf8.RuneCountInString(cluster)
		if next > cp {
			return g
		}
		pos = next
		g++
	}
	return g
}

// GraphemeToCodePoint returns the code-point offset where grapheme cluster g
// starts.
func GraphemeToCodePoint(s string, g int) int {
	pos, n := 0, 0
	state := -1
	rest := s
	for len(rest) > 0 && n < g {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		pos += utf8.RuneCountInString(cluster)
		n++
	}
	return pos
}

// GraphemeCount returns the number of grapheme clusters in s.
func GraphemeCount(s string) int { return uniseg.GraphemeClusterCount(s) }

// SnapToGraphemes widens the code-point span [start, end) to grapheme
// cluster boundaries: start moves back and end moves forward, so a selection
// never separates a letter from its harakat or splits an emoji sequence.
// An empty span stays empty (snapped back to a boundary).
func SnapToGraphemes(s string, start, end int) (int, int) {
	total := utf8.RuneCountInString(s)
	start = clamp(start, 0, total)
	end = clamp(end, 0, total)
	if end < start {
		start, end = end, start
	}
	empty := start == end
	pos := 0
	state := -1
	rest := s
	ns, ne := 0, total
	gotStart := false
	for len(rest) > 0 {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		next := pos + utf8.RuneCountInString(cluster)
		if !gotStart && next > start {
			ns = pos
			gotStart = true
			if empty {
				return ns, ns
			}
		}
		if next >= end && gotStart {
			ne = next
			return ns, ne
		}
		pos = next
	}
	if !gotStart {
		ns = total
	}
	return ns, ne
}
