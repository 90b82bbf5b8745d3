// Package query is the user's search language: words, "exact phrase",
// prefix*, -exclude and OR, with implicit AND. A parsed query becomes a safe
// FTS5 MATCH expression for the archive index and finds its own matches in
// an article's original text for highlighting.
//
// User text never reaches FTS5 as syntax: every term is folded and
// tokenized by package textnorm, and only those tokens, each inside a
// double-quoted FTS5 string, appear in the expression.
package query

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"daftar/textnorm"
)

// Limits that keep pathological input (a pasted article, 10,000 stars) from
// turning into a slow or huge FTS5 expression. Extra input is ignored.
const (
	MaxInputBytes   = 4096
	MaxTerms        = 32
	MaxPhraseTokens = 32
)

// Table is the archive's FTS5 table. Its columns title_fold, text_fold
// hold the folded text (exact matches), title_stem, text_stem the stemmed
// text (clitics and suffixes removed). Expressions carry no column filters:
// filtering costs a position-list pass per row, and a word's stems and folded
// form only meet where they mean the same word, so matching any column is
// the same search; bm25's column weights still tell exact from stem matches.
const Table = "article_fts"

// Rank is the SQL ranking expression for article_fts rows (smaller is
// better, as bm25 is negative). Column weights title_fold, text_fold,
// title_stem, text_stem: a word found exactly also hits the stem columns,
// so an exact match always outscores a stem-only match of the same word,
// and the title counts more than the body.
const Rank = "bm25(article_fts, 10.0, 4.0, 3.0, 1.0)"

var (
	// ErrEmpty means the input has nothing to search for (only
	// punctuation, operators or spaces).
	ErrEmpty = errors.New("nothing to search for: type a word, a \"phrase\" or a prefix*")
	// ErrOnlyExcludes means every term was excluded; FTS5 needs something
	// positive to subtract from.
	ErrOnlyExcludes = errors.New("the query only excludes words: add a word to search for")
)

// Term is one searched item after folding.
type Term struct {
	// Raw is the user's text for this term (without - " or *).
	Raw string
	// Tokens are the folded tokens: one for a word, one or more for a
	// phrase.
	Tokens []string
	// Phrase: Tokens must appear consecutively (a quoted phrase, or a word
	// that folds into several tokens such as "U.S.").
	Phrase bool
	// Prefix: the last token matches as a prefix.
	Prefix bool
	// Stems are the stems a single-word term may have in the stem columns
	// (textnorm.StemCandidates); empty for phrases and prefixes.
	Stems []string
}

// isWord reports a plain single-token word.
func (t Term) isWord() bool { return !t.Phrase && !t.Prefix && len(t.Tokens) == 1 }

// Query is a parsed search: every group must match (AND); a group matches
// when any of its terms does (OR); no Exclude term may match.
type Query struct {
	Groups   [][]Term
	Excludes []Term
}

type item struct {
	raw     string
	phrase  bool
	prefix  bool
	exclude bool
	or      bool
}

// Parse parses a user query. It never panics; input with nothing to search
// returns ErrEmpty, input that only excludes returns ErrOnlyExcludes.
func Parse(input string) (*Query, error) {
	if len(input) > MaxInputBytes {
		cut := MaxInputBytes
		for cut > 0 && !utf8.RuneStart(input[cut]) {
			cut--
		}
		input = input[:cut]
	}
	items := lex(input)
	q := &Query{}
	pendingOR, lastPositive := false, false
	terms := 0
	for _, it := range items {
		if terms >= MaxTerms {
			break
		}
		if it.or {
			if lastPositive {
				pendingOR = true
			}
			continue
		}
		t, ok := makeTerm(it)
		if !ok {
			continue
		}
		terms++
		if it.exclude {
			q.Excludes = append(q.Excludes, t)
			pendingOR, lastPositive = false, false
			continue
		}
		if pendingOR && len(q.Groups) > 0 {
			g := len(q.Groups) - 1
			q.Groups[g] = append(q.Groups[g], t)
		} else {
			q.Groups = append(q.Groups, []Term{t})
		}
		pendingOR, lastPositive = false, true
	}
	if len(q.Groups) == 0 {
		if len(q.Excludes) > 0 {
			return nil, ErrOnlyExcludes
		}
		return nil, ErrEmpty
	}
	return q, nil
}

// lex splits the input into raw terms and OR operators.
func lex(s string) []item {
	var items []item
	minus := false // "-" glued to the coming term
	notKw := false // NOT keyword before the coming term
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			minus = false // "- word": a lone minus is not an operator
			continue
		}
		switch {
		case r == '-' || r == '+':
			// "-" at the start of a term excludes it; "+" (required) is
			// what every term already is.
			minus = minus || r == '-'
			i += size
			continue
		case r == '"':
			neg := minus || notKw
			minus, notKw = false, false
			i += size
			end := strings.IndexByte(s[i:], '"')
			var body string
			if end < 0 {
				body, i = s[i:], len(s)
			} else {
				body, i = s[i:i+end], i+end+1
			}
			prefix := false
			for i < len(s) && s[i] == '*' {
				prefix = true
				i++
			}
			items = append(items, item{raw: body, phrase: true, prefix: prefix, exclude: neg})
			continue
		}
		// A bare word runs to the next space or quote.
		j := i
		for j < len(s) {
			c, sz := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(c) || c == '"' {
				break
			}
			j += sz
		}
		word := s[i:j]
		i = j
		neg := minus || notKw
		if !minus {
			switch word {
			case "OR", "|", "||":
				items = append(items, item{or: true})
				notKw = false
				continue
			case "AND", "&&":
				continue
			case "NOT":
				notKw = true
				continue
			}
		}
		minus, notKw = false, false
		prefix := false
		if strings.HasSuffix(word, "*") {
			prefix = true
			word = strings.TrimRight(word, "*")
		}
		items = append(items, item{raw: word, prefix: prefix, exclude: neg})
	}
	return items
}

// makeTerm folds and tokenizes one raw term; ok is false when nothing
// searchable is left.
func makeTerm(it item) (Term, bool) {
	toks := textnorm.TokenStrings(textnorm.Normalize(it.raw).Text)
	if len(toks) == 0 {
		return Term{}, false
	}
	if len(toks) > MaxPhraseTokens {
		toks = toks[:MaxPhraseTokens]
	}
	t := Term{Raw: it.raw, Tokens: toks, Phrase: it.phrase || len(toks) > 1, Prefix: it.prefix}
	if len(toks) == 1 {
		t.Phrase = false
	}
	if t.isWord() {
		t.Stems = textnorm.StemCandidates(toks[0])
	}
	return t, true
}

// quote makes an FTS5 string: double quotes around, inner quotes doubled.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// stemmed reports whether the stems can add anything for t: only
// Arabic-script words have stems (even a word that is its own stem, such as
// اسرائيل, finds وإسرائيل through the stem columns).
func stemmed(t Term) bool {
	return len(t.Tokens) == 1 && isArabicToken(t.Tokens[0])
}

func isArabicToken(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return r >= 0x0600 && r <= 0x06FF
}

// forms returns the folded word followed by its other stem candidates.
func (t Term) forms() []string {
	out := []string{t.Tokens[0]}
	for _, s := range t.Stems {
		if s != t.Tokens[0] {
			out = append(out, s)
		}
	}
	return out
}

func (t Term) fts5() string {
	switch {
	case t.isWord():
		forms := t.forms()
		if len(forms) == 1 {
			return quote(forms[0])
		}
		alts := make([]string, len(forms))
		for i, f := range forms {
			alts[i] = quote(f)
		}
		return "(" + strings.Join(alts, " OR ") + ")"
	case !t.Phrase: // single-token prefix; stems have their clitics
		// removed, so اسرا* also finds واسرائيل
		return quote(t.Tokens[0]) + "*"
	default:
		s := quote(strings.Join(t.Tokens, " "))
		if t.Prefix {
			s += "*"
		}
		return s
	}
}

// FTS5 returns the MATCH expression for the archive's article_fts table, or
// "" for a query without positive terms (which Parse never returns).
func (q *Query) FTS5() string {
	if q == nil || len(q.Groups) == 0 {
		return ""
	}
	groups := make([]string, 0, len(q.Groups))
	for _, g := range q.Groups {
		if len(g) == 1 {
			groups = append(groups, g[0].fts5())
			continue
		}
		alts := make([]string, len(g))
		for i, t := range g {
			alts[i] = t.fts5()
		}
		groups = append(groups, "("+strings.Join(alts, " OR ")+")")
	}
	expr := strings.Join(groups, " AND ")
	if len(q.Excludes) == 0 {
		return expr
	}
	ex := make([]string, len(q.Excludes))
	for i, t := range q.Excludes {
		ex[i] = t.fts5()
	}
	return "(" + expr + ") NOT (" + strings.Join(ex, " OR ") + ")"
}

// String renders the parsed query back in the user language (folded), for
// display and saved searches.
func (q *Query) String() string {
	if q == nil {
		return ""
	}
	var parts []string
	render := func(t Term) string {
		s := strings.Join(t.Tokens, " ")
		if t.Phrase {
			s = `"` + s + `"`
		}
		if t.Prefix {
			s += "*"
		}
		return s
	}
	for _, g := range q.Groups {
		alts := make([]string, len(g))
		for i, t := range g {
			alts[i] = render(t)
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, t := range q.Excludes {
		parts = append(parts, "-"+render(t))
	}
	return strings.Join(parts, " ")
}
