package textnorm

import (
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
// what MATCH found. (SQLite's tables may lag Go's Unicode version for very
// recently encoded letters.)
func IsTokenRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z')
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
