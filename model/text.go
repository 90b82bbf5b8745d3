package model

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CanonicalText turns imported text into the form stored for an article:
// NFC, LF line ends, no trailing white space at the end of lines or of the
// text. Annotation offsets point into this form, so it must never change
// after import.
func CanonicalText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimPrefix(s, "\uFEFF")
	s = norm.NFC.String(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\u00A0")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// Fingerprint is the hex SHA-256 of the canonical text; two articles with the
// same fingerprint are the same article for deduplication.
func Fingerprint(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:])
}

// RuneLen is the length of s in Unicode code points, the unit of every
// offset in Daftar.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// Slice returns the code points [start, end) of s, and false when the span
// is empty, reversed or outside s.
func Slice(s string, start, end int) (string, bool) {
	if start < 0 || end <= start {
		return "", false
	}
	i, bs := 0, -1
	for b := range s {
		if i == start {
			bs = b
		}
		if i == end {
			return s[bs:b], true
		}
		i++
	}
	if i == end && bs >= 0 {
		return s[bs:], true
	}
	return "", false
}

// SpanText is a text prepared for checking many spans of it: the byte
// offset of every code point is found once, so each Slice is O(1) instead
// of a scan from the start (propagation checks hundreds of thousands of
// spans, several per article). The offsets are computed on first use.
type SpanText struct {
	s    string
	offs []int32 // byte offset of each code point, then len(s)
}

// NewSpanText prepares s for span checks.
func NewSpanText(s string) *SpanText { return &SpanText{s: s} }

// String is the text itself.
func (t *SpanText) String() string { return t.s }

func (t *SpanText) index() {
	if t.offs != nil {
		return
	}
	t.offs = make([]int32, 0, len(t.s)+1)
	for b := range t.s {
		t.offs = append(t.offs, int32(b))
	}
	t.offs = append(t.offs, int32(len(t.s)))
}

// Len is the length of the text in code points.
func (t *SpanText) Len() int {
	t.index()
	return len(t.offs) - 1
}

// Slice returns the code points [start, end) of the text, and false when
// the span is empty, reversed or outside it; the same as Slice.
func (t *SpanText) Slice(start, end int) (string, bool) {
	if start < 0 || end <= start || end > t.Len() {
		return "", false
	}
	return t.s[t.offs[start]:t.offs[end]], true
}
