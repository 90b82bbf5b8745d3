package textnorm

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a folded text. Start and End are code-point offsets
// in the folded text (End exclusive); Text is the token itself.
type Token struct {
	Text       string
	Start, End int
}

// IsTokenRune reports whether r belongs inside a token. It follows SQLite's
// FTS5 unicode61 tokenizer with its default categories "L* N* Co", so that
// our tokens are the ones the archive index holds and highlights agree with
// what MATCH found. Where SQLite's older Unicode tables disagree (symbols,
// marks, unassigned code points it keeps inside words), Normalize turns the
// character into a space, so folded text tokenizes the same in both; a test
// in storage checks every code point against SQLite.
func IsTokenRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z')
	}
	if r < 0x10000 {
		bm := tokenBitmap()
		return bm[r>>6]&(1<<(r&63)) != 0
	}
	return isTokenRuneSlow(r)
}

var (
	tokenOnce sync.Once
	tokenBits *[0x10000 / 64]uint64
)

// tokenBitmap caches isTokenRuneSlow for the BMP: a table lookup instead
// of a binary search through Unicode category tables for every letter.
func tokenBitmap() *[0x10000 / 64]uint64 {
	tokenOnce.Do(func() {
		bm := new([0x10000 / 64]uint64)
		for r := rune(0); r < 0x10000; r++ {
			if isTokenRuneSlow(r) {
				bm[r>>6] |= 1 << (r & 63)
			}
		}
		tokenBits = bm
	})
	return tokenBits
}

func isTokenRuneSlow(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z')
	}
	if (r >= 0x19B0 && r <= 0x19C9) || r == 0x1CF2 || r == 0x1CF3 {
		// Letters since Unicode 8 that SQLite's older tables still call
		// marks (New Tai Lue vowels, Vedic signs).
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// Tokens splits a folded text into maximal runs of token runes.
func Tokens(folded string) []Token {
	toks := make([]Token, 0, len(folded)/6+1)
	cp := 0
	start, startByte := -1, 0
	for i := 0; i < len(folded); {
		var r rune
		size := 1
		if b := folded[i]; b < utf8.RuneSelf {
			r = rune(b)
		} else {
			r, size = utf8.DecodeRuneInString(folded[i:])
		}
		if IsTokenRune(r) {
			if start < 0 {
				start, startByte = cp, i
			}
		} else if start >= 0 {
			toks = append(toks, Token{Text: folded[startByte:i], Start: start, End: cp})
			start = -1
		}
		i += size
		cp++
	}
	if start >= 0 {
		toks = append(toks, Token{Text: folded[startByte:], Start: start, End: cp})
	}
	return toks
}

// TokenStrings returns just the token texts of a folded text.
func TokenStrings(folded string) []string {
	toks := Tokens(folded)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}
