package agreement

import (
	"fmt"
	"sort"

	"daftar/textnorm"
)

// Span is one annotated stretch of an article: code points Start to End
// (exclusive), a label type and, for an entity mention, the linked entity.
type Span struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Type   string `json:"type"`
	Entity string `json:"entity,omitempty"`
}

// Claim is a coded claim: its span plus the coder's judgements. Empty
// strings are missing values.
type Claim struct {
	Span     Span     `json:"span"`
	Verdict  string   `json:"verdict,omitempty"`
	Stance   string   `json:"stance,omitempty"`
	Claimant string   `json:"claimant,omitempty"`
	Targets  []string `json:"targets,omitempty"`
}

// Coding is one coder's work on one article. A coder present in an
// article's Codings coded it, even with no annotations (they found none);
// a coder absent did not code it, and their values there are missing.
type Coding struct {
	Spans  []Span  `json:"spans,omitempty"`
	Claims []Claim `json:"claims,omitempty"`
}

// Token is one token's code-point range in an article.
type Token struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Article is one unit of text with every coder's coding of it.
type Article struct {
	ID      string            `json:"id"`
	Length  int               `json:"length"` // in code points
	Tokens  []Token           `json:"tokens"`
	Codings map[string]Coding `json:"codings"`
}

// TokenRule says how Tokenize cuts tokens; reports quote it as the unit.
const TokenRule = "token = maximal run of letters, decimal digits and non-spacing marks (Unicode L, Nd, Mn; textnorm.IsWordRune), so Arabic harakat stay in their word; offsets in code points"

// Tokenize cuts text into tokens by TokenRule.
func Tokenize(text string) []Token {
	var toks []Token
	start, i := -1, 0
	for _, r := range text {
		if textnorm.IsWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			toks = append(toks, Token{start, i})
			start = -1
		}
		i++
	}
	if start >= 0 {
		toks = append(toks, Token{start, i})
	}
	return toks
}

// NewArticle builds an Article from its text, tokenized by TokenRule.
func NewArticle(id, text string, codings map[string]Coding) Article {
	toks := Tokenize(text)
	n := 0
	for range text {
		n++
	}
	return Article{ID: id, Length: n, Tokens: toks, Codings: codings}
}

// check rejects spans and tokens outside the article or upside down, so
// every figure rests on well-formed input.
func (a Article) check() error {
	prev := 0
	for i, t := range a.Tokens {
		if t.Start < prev || t.End <= t.Start || t.End > a.Length {
			return fmt.Errorf("article %s: token %d [%d,%d) is empty, overlaps the one before or ends past the text (%d code points)", a.ID, i, t.Start, t.End, a.Length)
		}
		prev = t.End
	}
	for coder, c := range a.Codings {
		for _, s := range c.Spans {
			if err := a.checkSpan(coder, s); err != nil {
				return err
			}
		}
		for _, cl := range c.Claims {
			if err := a.checkSpan(coder, cl.Span); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a Article) checkSpan(coder string, s Span) error {
	if s.Start < 0 || s.End <= s.Start || s.End > a.Length {
		return fmt.Errorf("article %s, coder %s: span [%d,%d) %s is empty or outside the text (%d code points)", a.ID, coder, s.Start, s.End, s.Type, a.Length)
	}
	return nil
}

// sortedCoders lists the coders found in the articles, by name, so every
// figure is independent of the order coders were given in.
func sortedCoders(arts []Article) []string {
	seen := map[string]bool{}
	for _, a := range arts {
		for c := range a.Codings {
			seen[c] = true
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
