package export

import (
	"unicode/utf8"
)

// text indexes an article's canonical text by code point so that slicing a
// span and converting its offsets cost O(1) per annotation; formats walk
// thousands of annotations per article.
type text struct {
	s     string
	ascii bool
	off   []int32 // byte offset of code point i; len n+1; nil when ascii
	u16   []int32 // UTF-16 index of code point i; len n+1; nil when every rune is in the BMP
}

// newText indexes s; the UTF-16 table is built only when utf16 is true.
func newText(s string, utf16 bool) *text {
	t := &text{s: s, ascii: true}
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
			if r > 0xFFFF {
				u += 2
			} else {
				u++
			}
		}
		t.u16 = append(t.u16, u)
	}
	return t
}

// n is the length in code points.
func (t *text) n() int {
	if t.ascii {
		return len(t.s)
	}
	return len(t.off) - 1
}

// byteAt returns the byte offset of code point i (0 <= i <= n).
func (t *text) byteAt(i int) int {
	if t.ascii {
		return i
	}
	return int(t.off[i])
}

// slice returns code points [a, b), clamped to the text.
func (t *text) slice(a, b int) string {
	n := t.n()
	a, b = max(0, min(a, n)), max(0, min(b, n))
	if b < a {
		return ""
	}
	return t.s[t.byteAt(a):t.byteAt(b)]
}

// unit converts a code point offset to the output unit; utf16 needs a
// text made with newText(s, true).
func (t *text) unit(cp int, utf16 bool) int {
	if !utf16 || t.u16 == nil {
		return cp
	}
	return int(t.u16[cp])
}
