package textnorm

import "testing"

func TestWordHelpers(t *testing.T) {
	text := []rune("قالَ الوزير: «نعم», said Ali.")
	cases := []struct {
		name      string
		got, want [2]int
	}{
		// The haraka (U+064E) stays inside the word.
		{"word at 0", pair(WordAround(text, 0)), [2]int{0, 4}},
		{"word inside", pair(WordAround(text, 7)), [2]int{5, 11}},
		{"word after punctuation", pair(WordAround(text, 11)), [2]int{14, 17}},
		{"no word after", pair(WordAround(text, len(text)-1)), [2]int{len(text), len(text)}},
		{"trim", pair(TrimSpan(text, 11, 20)), [2]int{14, 17}},
		{"trim all", pair(TrimSpan(text, 11, 14)), [2]int{14, 14}},
		{"trim nothing", pair(TrimSpan(text, 5, 11)), [2]int{5, 11}},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := NextWordEnd(text, 4); got != 11 {
		t.Errorf("NextWordEnd from a space: %d, want 11", got)
	}
	if got := NextWordEnd(text, 2); got != 4 {
		t.Errorf("NextWordEnd inside a word: %d, want 4", got)
	}
	if got := PrevWordEnd(text, 17); got != 11 {
		t.Errorf("PrevWordEnd from a word's end: %d, want 11", got)
	}
	if got := PrevWordEnd(text, 3); got != 0 {
		t.Errorf("PrevWordEnd in the first word: %d, want 0", got)
	}
}

func pair(a, b int) [2]int { return [2]int{a, b} }
