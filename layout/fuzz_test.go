package layout

import (
	"testing"
	"unicode/utf8"
)

// FuzzLayout checks invariants on arbitrary text: lines tile the paragraph,
// hit tests land on cluster boundaries inside it, span rectangles stay on
// the paragraph's lines.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{"", " ", "\t", storyAR, storyEN, "a\u2029ب", "\u2067אבג \u2066C++\u2069\u2069 x", "ع a ١٢ (b) [ج]", "👩‍💻́", "\u202eabc\u202c"} {
		f.Add(s, uint8(40))
	}
	s := newShaper(f)
	f.Fuzz(func(t *testing.T, text string, w uint8) {
		if !utf8.ValidString(text) {
			return
		}
		runes := []rune(text)
		for _, r := range runes {
			if r == '\n' {
				return
			}
		}
		p := s.Shape(runes, 7, Auto, false)
		p.Layout(float32(w)+1, Style{Size: 12})
		lines := p.Lines()
		if len(lines) == 0 || lines[0].Start != 7 || lines[len(lines)-1].End != 7+len(runes) {
			t.Fatalf("lines %d do not cover [7,%d)", len(lines), 7+len(runes))
		}
		bound := map[int]bool{7 + len(runes): true}
		for _, c := range p.clusters {
			bound[7+int(c.start)] = true
		}
		for i, l := range lines {
			if i > 0 && l.Start != lines[i-1].End {
				t.Fatalf("line %d starts at %d after %d", i, l.Start, lines[i-1].End)
			}
			for x := float32(-3); x < float32(w)+5; x += 3 {
				if o := p.HitTest(x, l.Top+1); !bound[o] {
					t.Fatalf("HitTest(%v) = %d, not a cluster boundary", x, o)
				}
			}
		}
		for _, r := range p.SpanRects(7, 7+len(runes)) {
			if r.H <= 0 || r.Y < 0 || r.Y >= p.Height() {
				t.Fatalf("rect %v outside the paragraph", r)
			}
		}
		for o := 7; o <= 7+len(runes); o++ {
			p.Caret(o)
			p.WordAt(o)
		}
	})
}
