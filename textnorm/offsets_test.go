package textnorm

import (
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func TestOffsetConversions(t *testing.T) {
	// 😀 is one code point, 4 bytes, 2 UTF-16 units; ب is 2 bytes, 1 unit.
	s := "😀 إيران a"
	tests := []struct{ cp, b, u int }{
		{0, 0, 0},
		{1, 4, 2},
		{2, 5, 3},
		{7, 15, 8},
		{8, 16, 9},
		{9, 17, 10}, // end
	}
	for _, tt := range tests {
		if got := CodePointToByte(s, tt.cp); got != tt.b {
			t.Errorf("CodePointToByte(%d) = %d, want %d", tt.cp, got, tt.b)
		}
		if got := ByteToCodePoint(s, tt.b); got != tt.cp {
			t.Errorf("ByteToCodePoint(%d) = %d, want %d", tt.b, got, tt.cp)
		}
		if got := CodePointToUTF16(s, tt.cp); got != tt.u {
			t.Errorf("CodePointToUTF16(%d) = %d, want %d", tt.cp, got, tt.u)
		}
		if got := UTF16ToCodePoint(s, tt.u); got != tt.cp {
			t.Errorf("UTF16ToCodePoint(%d) = %d, want %d", tt.u, got, tt.cp)
		}
	}
	// Inside a unit rounds down; out of range clamps.
	if got := ByteToCodePoint(s, 2); got != 0 {
		t.Errorf("mid-rune byte -> %d", got)
	}
	if got := UTF16ToCodePoint(s, 1); got != 0 {
		t.Errorf("mid-surrogate -> %d", got)
	}
	if CodePointToByte(s, 99) != len(s) || CodePointToByte(s, -1) != 0 || ByteToCodePoint(s, 99) != 9 ||
		CodePointToUTF16(s, 99) != 10 || UTF16ToCodePoint(s, 99) != 9 || UTF16ToCodePoint(s, -3) != 0 {
		t.Error("clamping")
	}
	if UTF16Len(s) != len(utf16.Encode([]rune(s))) {
		t.Error("UTF16Len")
	}
}

// Whatever the text, the conversions agree with Go's own encoders.
func TestOffsetConversionsAgreeWithEncoders(t *testing.T) {
	s := "a😀ب\u064ec👩\u200d👩\u200d👧🇸🇦é"
	rs := []rune(s)
	for cp := 0; cp <= len(rs); cp++ {
		b := len(string(rs[:cp]))
		u := len(utf16.Encode(rs[:cp]))
		if CodePointToByte(s, cp) != b || ByteToCodePoint(s, b) != cp ||
			CodePointToUTF16(s, cp) != u || UTF16ToCodePoint(s, u) != cp {
			t.Errorf("cp %d: byte %d/%d utf16 %d/%d", cp, CodePointToByte(s, cp), b, CodePointToUTF16(s, cp), u)
		}
	}
}

func TestGraphemes(t *testing.T) {
	// Clusters: [بَ] [ت] [👩‍👩‍👧] [🇸🇦] [x]
	s := "بَت👩\u200d👩\u200d👧🇸🇦x"
	// code points: ب0 َ1 ت2 👩3 ZWJ4 👩5 ZWJ6 👧7 🇸8 🇦9 x10
	cpToG := map[int]int{0: 0, 1: 0, 2: 1, 3: 2, 5: 2, 7: 2, 8: 3, 9: 3, 10: 4, 11: 5}
	for cp, g := range cpToG {
		if got := CodePointToGrapheme(s, cp); got != g {
			t.Errorf("CodePointToGrapheme(%d) = %d, want %d", cp, got, g)
		}
	}
	for g, cp := range map[int]int{0: 0, 1: 2, 2: 3, 3: 8, 4: 10, 5: 11, 9: 11} {
		if got := GraphemeToCodePoint(s, g); got != cp {
			t.Errorf("GraphemeToCodePoint(%d) = %d, want %d", g, got, cp)
		}
	}
	if GraphemeCount(s) != 5 {
		t.Errorf("GraphemeCount = %d", GraphemeCount(s))
	}
	snaps := []struct{ s, e, ws, we int }{
		{0, 1, 0, 2},  // letter without its haraka -> with it
		{1, 2, 0, 2},  // the haraka alone -> the letter too
		{2, 3, 2, 3},  // already whole
		{4, 6, 3, 8},  // middle of the family emoji
		{8, 9, 8, 10}, // half a flag
		{5, 5, 3, 3},  // empty span snaps back
		{-4, 99, 0, 11},
		{11, 11, 11, 11},
		{9, 2, 2, 10}, // reversed is ordered
	}
	for _, tt := range snaps {
		gs, ge := SnapToGraphemes(s, tt.s, tt.e)
		if gs != tt.ws || ge != tt.we {
			t.Errorf("SnapToGraphemes(%d,%d) = %d,%d, want %d,%d", tt.s, tt.e, gs, ge, tt.ws, tt.we)
		}
	}
}

func FuzzOffsets(f *testing.F) {
	f.Add("a😀ب\u064e", 2, 1)
	f.Fuzz(func(t *testing.T, s string, cp, n int) {
		if !utf8.ValidString(s) {
			return
		}
		total := utf8.RuneCountInString(s)
		b := CodePointToByte(s, cp)
		if b < 0 || b > len(s) || (b < len(s) && !utf8.RuneStart(s[b])) {
			t.Fatalf("byte %d", b)
		}
		c := clamp(cp, 0, total)
		if ByteToCodePoint(s, b) != c || UTF16ToCodePoint(s, CodePointToUTF16(s, c)) != c {
			t.Fatalf("round trip of %d", c)
		}
		gs, ge := SnapToGraphemes(s, cp, cp+n%8)
		if gs < 0 || ge > total || gs > ge {
			t.Fatalf("snap %d,%d", gs, ge)
		}
		if GraphemeToCodePoint(s, CodePointToGrapheme(s, gs)) != gs {
			t.Fatalf("snapped start %d is not a boundary", gs)
		}
	})
}

// An Index agrees with the O(n) conversions on every offset.
func TestIndexAgreesWithConversions(t *testing.T) {
	for _, s := range []string{"", "Baku", "باكو 😀 Ganja", "a\xffb😀", "e\u0301"} {
		x, n := NewIndex(s, true), utf8.RuneCountInString(s)
		if x.Len() != n {
			t.Fatalf("%q: Len %d, want %d", s, x.Len(), n)
		}
		for cp := 0; cp <= n; cp++ {
			if got, want := x.Byte(cp), CodePointToByte(s, cp); got != want {
				t.Errorf("%q: Byte(%d) = %d, want %d", s, cp, got, want)
			}
			if got, want := x.Unit(cp, true), CodePointToUTF16(s, cp); got != want {
				t.Errorf("%q: Unit(%d) = %d, want %d", s, cp, got, want)
			}
			if got := x.Unit(cp, false); got != cp {
				t.Errorf("%q: Unit(%d, false) = %d", s, cp, got)
			}
			if got, want := x.Slice(0, cp), s[:CodePointToByte(s, cp)]; got != want {
				t.Errorf("%q: Slice(0, %d) = %q, want %q", s, cp, got, want)
			}
		}
		if x.Slice(-3, n+3) != s || x.Slice(2, 1) != "" {
			t.Errorf("%q: out-of-range slices not clamped", s)
		}
	}
}
