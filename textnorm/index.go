package textnorm

import (
	"unicode/utf8"
)

// Names of the offset units Daftar reads and writes: code points (the
// archive's own unit, Python's) and UTF-16 code units (JavaScript's).
const (
	UnitCodepoint = "codepoint"
	UnitUTF16     = "utf16"
)

// Index indexes a text by code point so that slicing a span and converting
// its offsets cost O(1) per span; exporters and readers walk thousands of
// spans per article, where the O(n) functions of offsets.go would be
// quadratic.
type Index struct {
	s     string
	ascii bool
	off   []int32 // byte offset of code point i; len n+1; nil when ascii
	u16   []int32 // UTF-16 index of code point i; len n+1; nil when every rune is in the BMP
}

// NewIndex indexes s; the UTF-16 table is built only when utf16 is true.
func NewIndex(s string, utf16 bool) *Index {
	t := &Index{s: s, ascii: true}
	wide := false
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			t.ascii = false
			break
		}
	}
	if t.ascii {
		return t
	}
	n := utf8.RuneCountInString(s)
	t.off = make([]int32, 0, n+1)
	for b, r := range s {
		t.off = append(t.off, int32(b))
		if r > 0xFFFF && utf16 {
			wide = true
		}
	}
	t.off = append(t.off, int32(len(s)))
	if wide {
		t.u16 = make([]int32, 0, n+1)
		u := int32(0)
		for _, r := range s {
			t.u16 = append(t.u16, u)
			u += int32(utf16Len(r))
		}
		t.u16 = append(t.u16, u)
	}
	return t
}

// Len is the length in code points.
func (t *Index) Len() int {
	if t.ascii {
		return len(t.s)
	}
	return len(t.off) - 1
}

// Byte returns the byte offset of code point i (0 <= i <= Len).
func (t *Index) Byte(i int) int {
	if t.ascii {
		return i
	}
	return int(t.off[i])
}

// Slice returns code points [a, b), clamped to the text.
func (t *Index) Slice(a, b int) string {
	n := t.Len()
	a, b = max(0, min(a, n)), max(0, min(b, n))
	if b < a {
		return ""
	}
	return t.s[t.Byte(a):t.Byte(b)]
}

// Unit converts a code point offset to UTF-16 when utf16 is true (which
// needs an Index made with NewIndex(s, true)), and returns it unchanged
// otherwise.
func (t *Index) Unit(cp int, utf16 bool) int {
	if !utf16 || t.u16 == nil {
		return cp
	}
	return int(t.u16[cp])
}
