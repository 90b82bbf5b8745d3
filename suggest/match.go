package suggest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"daftar/model"
	"daftar/textnorm"
)

// Suggestion is one mention of a registry entity found in a text. Start and
// End are code points of the original text, End exclusive, and leave out
// any proclitic (in وبإيران the span covers إيران; Clitic holds "وب").
type Suggestion struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Quote string `json:"quote"`
	EntityRef
	// Alias is the registry name that matched, as written in the registry.
	Alias string `json:"alias"`
	// Clitic is the proclitic attached before the span in the text.
	Clitic string `json:"clitic,omitempty"`
	// Others are further entities with the same name at this span (two
	// people called Cohen); the first choice is the one already linked in
	// the article, else the one whose main name matched.
	Others []EntityRef `json:"others,omitempty"`
}

// Annotation returns the entity annotation that accepting s creates.
func (s Suggestion) Annotation(articleID string) (model.Annotation, error) {
	return s.annotationAs(articleID, s.Type, s.ID)
}

// annotationAs is the annotation of s's span typed typ and linked to
// entityID (propagation gives the source annotation's).
func (s Suggestion) annotationAs(articleID, typ, entityID string) (model.Annotation, error) {
	a, err := model.NewAnnotation(articleID, model.LabelType{Name: typ, Kind: model.KindEntity}, s.Start, s.End, s.Quote)
	a.EntityID = entityID
	return a, err
}

// tok is a token of folded text with byte and code-point offsets. It is
// the same split as textnorm.Tokens (and the archive index), which gives
// code points only.
type tok struct {
	b0, b1 int // bytes in the folded text
	c0, c1 int // code points in the folded text
}

// asciiToken is textnorm.IsTokenRune for ASCII, as a table scan can inline.
var asciiToken = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = textnorm.IsTokenRune(r)
	}
	return t
}()

// findBuffers is the memory one Find works in, reused by the next: Find
// runs once per article when propagating over a whole archive.
type findBuffers struct {
	folder textnorm.Normalizer
	toks   []tok
}

var findMemory = sync.Pool{New: func() any { return new(findBuffers) }}

// scan appends the tokens of folded text to out.
func scan(folded string, out []tok) []tok {
	cp, start, startCP := 0, -1, 0
	for i := 0; i < len(folded); {
		r, size := rune(folded[i]), 1
		var isTok bool
		switch {
		case r < utf8.RuneSelf:
			isTok = asciiToken[r]
		case r&0xE0 == 0xC0 && i+1 < len(folded):
			// Two-byte sequences (Arabic, Persian, accented Latin), decoded
			// inline: Normalize writes only valid UTF-8.
			r, size = (r&0x1F)<<6|rune(folded[i+1]&0x3F), 2
			isTok = textnorm.IsTokenRune(r)
		default:
			r, size = utf8.DecodeRuneInString(folded[i:])
			isTok = textnorm.IsTokenRune(r)
		}
		if isTok {
			if start < 0 {
				start, startCP = i, cp
			}
		} else if start >= 0 {
			out = append(out, tok{start, i, startCP, cp})
			start = -1
		}
		i += size
		cp++
	}
	if start >= 0 {
		out = append(out, tok{start, len(folded), startCP, cp})
	}
	return out
}

// variant is one reading of a text token: the name it may be (key) and how
// many leading code points are a proclitic rather than part of the name.
type variant struct {
	key   string
	strip int
}

// Arabic proclitics in the order they attach: a conjunction, then a
// preposition. The article ال is part of a name (القاهرة), so it is never
// stripped on its own; ل + ال is written لل, which the لل variant undoes.
var (
	conjunctions = [...]string{"", "و", "ف"}
	prepositions = [...]string{"ب", "ك", "ل"}
)

// clitics lists the readings of a folded token: itself, then, for an Arabic
// word, the word without a conjunction and/or preposition. What remains must
// have at least two letters.
func clitics(t string, buf []variant) []variant {
	buf = append(buf[:0], variant{key: t})
	if len(t) < 2 || t[0] < 0xD8 || t[0] > 0xDB { // not an Arabic-block letter
		return buf
	}
	long := func(s string) bool { return utf8.RuneCountInString(s) >= 2 }
	for _, c := range conjunctions {
		if !strings.HasPrefix(t, c) {
			continue
		}
		r1, n := t[len(c):], utf8.RuneCountInString(c)
		if c != "" && long(r1) {
			buf = append(buf, variant{r1, n})
		}
		for _, p := range prepositions {
			if !strings.HasPrefix(r1, p) {
				continue
			}
			r2 := r1[len(p):]
			if !long(r2) {
				continue
			}
			buf = append(buf, variant{r2, n + 1})
			if p == "ل" && strings.HasPrefix(r2, "ل") {
				// للقاهرة = ل + القاهرة: the span keeps the article's lam.
				buf = append(buf, variant{"ا" + r2, n + 1})
			}
		}
	}
	return buf
}

// gapOK reports whether the text between two tokens of a multi-word name
// may separate them: at most three characters, each a space (not a line
// break), a hyphen, an apostrophe, or one found at that place in the
// registry name.
func gapOK(gap, nameGap string) bool {
	if utf8.RuneCountInString(gap) > 3 {
		return false
	}
	for _, r := range gap {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return false
		case r == ' ' || r == '\t' || unicode.Is(unicode.Zs, r):
		case r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2013':
		case r == '\'' || r == '\u2019' || r == '\u02BC':
		case strings.ContainsRune(nameGap, r):
		default:
			return false
		}
	}
	return true
}

// origIndex converts code-point offsets of the original text to bytes with
// a cursor: Find asks for positions that mostly move forward, so the walk
// over the text is linear and allocates nothing.
type origIndex struct {
	text   string
	cp, by int // the cursor: code point cp starts at byte by
}

func (o *origIndex) byteAt(cp int) int {
	for o.cp < cp && o.by < len(o.text) {
		_, size := utf8.DecodeRuneInString(o.text[o.by:])
		o.by += size
		o.cp++
	}
	for o.cp > cp && o.by > 0 {
		_, size := utf8.DecodeLastRuneInString(o.text[:o.by])
		o.by -= size
		o.cp--
	}
	return o.by
}

func (o *origIndex) slice(start, end int) string {
	b0 := o.byteAt(start)
	return o.text[b0:o.byteAt(end)]
}

// Find returns every registry name in text, left to right. At each token
// the longest name wins (most tokens; then the reading with the shorter
// proclitic, so باكو stays باكو rather than ب + اكو); matching resumes after
// it, so names never overlap. A name must cover whole tokens: الإيرانية
// ("Iranian") is not إيران.
func (g *Gazetteer) Find(text string) []Suggestion {
	mem := findMemory.Get().(*findBuffers)
	defer findMemory.Put(mem)
	f := mem.folder.Normalize(text)
	mem.toks = scan(f.Text, mem.toks[:0])
	toks := mem.toks
	orig := origIndex{text: text}
	var out []Suggestion
	var vars []variant
	var ties []int32
	for i := 0; i < len(toks); {
		bestN, bestStrip := 0, 0
		ties = ties[:0]
		if !g.mayStart(f.Text[toks[i].b0:toks[i].b1]) {
			i++
			continue
		}
		vars = clitics(f.Text[toks[i].b0:toks[i].b1], vars)
		for _, v := range vars {
			for _, ei := range g.first[v.key] {
				e := &g.entries[ei]
				n := len(e.tokens)
				if i+n > len(toks) || n < bestN || (n == bestN && v.strip > bestStrip) {
					continue
				}
				if !restMatches(f.Text, toks[i:i+n], e) {
					continue
				}
				if e.acronym && hasLower(orig.slice(f.Original(toks[i].c0+v.strip, toks[i+n-1].c1))) {
					continue
				}
				if n > bestN || v.strip < bestStrip {
					bestN, bestStrip, ties = n, v.strip, ties[:0]
				}
				ties = append(ties, ei)
			}
		}
		if bestN == 0 {
			i++
			continue
		}
		os, oe := f.Original(toks[i].c0+bestStrip, toks[i+bestN-1].c1)
		s := Suggestion{Start: os, End: oe, Quote: orig.slice(os, oe)}
		if tokStart := f.Map[toks[i].c0]; tokStart < os {
			s.Clitic = orig.slice(tokStart, os)
		}
		g.choose(&s, ties)
		out = append(out, s)
		i += bestN
	}
	return out
}

func restMatches(folded string, toks []tok, e *entry) bool {
	for k := 1; k < len(toks); k++ {
		if folded[toks[k].b0:toks[k].b1] != e.tokens[k] {
			return false
		}
		if !gapOK(folded[toks[k-1].b1:toks[k].b0], e.gaps[k-1]) {
			return false
		}
	}
	return true
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// choose fills in the entity of a match from the entries that tied: the
// entity whose main name matched first, then registry order; the other
// entities go to Others.
func (g *Gazetteer) choose(s *Suggestion, ties []int32) {
	best := ties[0]
	for _, ei := range ties[1:] {
		e, b := &g.entries[ei], &g.entries[best]
		if (e.primary && !b.primary) || (e.primary == b.primary && e.entity < b.entity) {
			best = ei
		}
	}
	be := &g.entries[best]
	s.EntityRef, s.Alias = g.entities[be.entity], be.alias
	for _, ei := range ties {
		id := g.entries[ei].entity
		if id == be.entity {
			continue
		}
		dup := false
		for _, o := range s.Others {
			if o == g.entities[id] {
				dup = true
			}
		}
		if !dup {
			s.Others = append(s.Others, g.entities[id])
		}
	}
}

// Rejected identifies a suggestion the user turned down: that entity at that
// span of one article.
type Rejected struct {
	EntityID   string
	Start, End int
}

// Suggest returns the mentions in text that are worth suggesting: Find's
// matches without those already annotated (any annotation with exactly that
// span, or an overlapping annotation linked to the same entity) and without
// rejected ones. When a name is shared by several entities, one already
// linked in the article comes first.
func (g *Gazetteer) Suggest(text string, existing []model.Annotation, rejected []Rejected) []Suggestion {
	return Filter(g.Find(text), existing, rejected)
}

// Filter applies Suggest's rules to matches found in one article.
func Filter(found []Suggestion, existing []model.Annotation, rejected []Rejected) []Suggestion {
	if len(found) == 0 {
		return found
	}
	type span struct{ start, end int }
	exact := make(map[span]bool, len(existing))
	linked := map[string][]span{}
	for _, a := range existing {
		exact[span{a.Start, a.End}] = true
		if a.EntityID != "" {
			linked[a.EntityID] = append(linked[a.EntityID], span{a.Start, a.End})
		}
	}
	no := make(map[Rejected]bool, len(rejected))
	for _, r := range rejected {
		no[r] = true
	}
	out := found[:0:0]
	var cands []EntityRef
	for _, s := range found {
		if exact[span{s.Start, s.End}] {
			continue
		}
		cands = append(append(cands[:0], s.EntityRef), s.Others...)
		taken := false
		for _, c := range cands {
			for _, l := range linked[c.ID] {
				if l.start < s.End && s.Start < l.end {
					taken = true
				}
			}
		}
		if taken {
			continue
		}
		keep := cands[:0]
		for _, c := range cands {
			if !no[Rejected{c.ID, s.Start, s.End}] {
				keep = append(keep, c)
			}
		}
		if len(keep) == 0 {
			continue
		}
		// One sense per discourse: an entity already linked in this article
		// is the likelier reading of a shared name.
		for i, c := range keep {
			if _, ok := linked[c.ID]; ok && i > 0 {
				keep[0], keep[i] = keep[i], keep[0]
				break
			}
		}
		if keep[0] != s.EntityRef {
			s.Alias = s.Quote // the matched alias belonged to another entity
		}
		s.EntityRef, s.Others = keep[0], append([]EntityRef(nil), keep[1:]...)
		if len(s.Others) == 0 {
			s.Others = nil
		}
		out = append(out, s)
	}
	return out
}
