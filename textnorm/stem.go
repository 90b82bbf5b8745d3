package textnorm

import (
	"strings"
	"unicode/utf8"
)

// Light Arabic stemming.
//
// Stem removes, in the order Arabic grammar glues them on, at most one
// conjunction (و ف), one preposition (ب ك ل) and the article (ال; ل + ال is
// written لل), then repeatedly the suffixes ها ان ات ون ين يه ه ي (on folded
// text ة is already ه and ى is ي, so ية and ة are covered), and never leaves
// fewer than minStem letters. Repeating the suffix step makes nisba adjectives
// and plurals meet their noun: الإيرانية, إيرانيون and إيران all stem to اير,
// الإسرائيليين and إسرائيل to اسرائيل.
//
// A single letter و ف ب ك ل may also be the first root letter (وزير, فريق,
// باكو). The document side therefore strips greedily, and the query side
// (StemCandidates) also tries the word with its leading letters kept, so
// "وزير" still finds "الوزير" (stem وزير) while "ايران" finds "بإيران". A small
// list of frequent words protects them from losing their first letter, which
// only removes false positives such as وزارة ~ زار ("visited").
//
// Query words ending in alef also try the word without it, so country
// names find their adjectives (سوريا finds السورية); the reverse does not hold.
//
// Known false positives (documented in tests): words that become another word
// after stripping, e.g. كتاب ~ تاب, لبن (milk) ~ لبنان, طهران ~ طهر, شركة ~ شرك.
// Matches of the exact folded form rank above stem-only matches, so they
// sink below the real hits.

const minStem = 3

// Clitic slots, in the order they attach.
const (
	slotConj    = 1 // و ف
	slotPrep    = 2 // ب ك ل (and لل = ل + ال)
	slotArticle = 3 // ال
	slotNone    = 4
)

var suffixes = [...]string{"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"}

// protectedStems are suffix-stripped forms of frequent words whose first
// letter is a clitic letter but part of the word.
var protectedStems = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		وزير وزار وزراء ولاي وكال وفد واشنطن وثيق وجود وسط وصول وكيل وفاء وعد وقوع
		فريق فرنسا فرنس فلسط فتر فكر فصل فرص فعل فيلم فوز فندق فيروس
		بيان بلد بلاد برلم بريطانيا بريط بغداد بيروت بايدن باريس باكو بحر بنك بحث بيت
		كتاب كلم كبير كامل كيف كرد كوري كندا كهرب
		لجن لقاء لبن ليبيا ليب لندن لاجي لقب لعب لغ
	`) {
		protectedStems[w] = true
	}
}

// isArabicToken reports whether every rune of tok is in the Arabic block
// (U+0600–06FF). Only such tokens are stemmed.
func isArabicToken(tok string) bool {
	if len(tok) == 0 || len(tok)%2 != 0 {
		return false
	}
	for i := 0; i < len(tok); i += 2 {
		if tok[i] < 0xD8 || tok[i] > 0xDB || tok[i+1] < 0x80 || tok[i+1] > 0xBF {
			return false
		}
	}
	return true
}

// letters counts runes of an Arabic-only token (two bytes each).
func letters(s string) int { return len(s) / 2 }

func stripSuffixes(w string) string {
	for {
		stripped := false
		for _, suf := range suffixes {
			if strings.HasSuffix(w, suf) && letters(w)-letters(suf) >= minStem {
				w = w[:len(w)-len(suf)]
				stripped = true
				break
			}
		}
		if !stripped {
			return w
		}
	}
}

func protected(w string) bool { return protectedStems[stripSuffixes(w)] }

// stemFrom strips clitics starting at slot first (so slotNone strips only
// suffixes).
func stemFrom(w string, first int) string {
	if first <= slotConj && (strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف")) &&
		letters(w)-1 >= minStem && !protected(w) {
		w = w[2:]
	}
	article := first <= slotArticle
	if first <= slotPrep {
		switch {
		case strings.HasPrefix(w, "لل") && letters(w)-2 >= minStem:
			w = w[4:]
			article = false // the second ل was the article's
		case (strings.HasPrefix(w, "ب") || strings.HasPrefix(w, "ك") || strings.HasPrefix(w, "ل")) &&
			letters(w)-1 >= minStem && !protected(w):
			w = w[2:]
		}
	}
	if article && strings.HasPrefix(w, "ال") && letters(w)-2 >= minStem {
		w = w[4:]
	}
	return stripSuffixes(w)
}

// Stem returns the light stem of one folded token; tokens that are not
// entirely Arabic script are returned unchanged.
func Stem(token string) string {
	if !isArabicToken(token) {
		return token
	}
	return stemFrom(token, slotConj)
}

// StemCandidates returns the stems a query word can have in documents,
// the full Stem first. A document word "c+w" (w preceded by clitics c) has
// as Stem w stemmed from the slot after c's, so trying every starting slot
// finds it whether or not w's first letter looks like a clitic. One more
// case: ل before a word starting with ل is written لل, which the document
// side reads as ل + article, so لليبيا stems to يبيا.
func StemCandidates(token string) []string {
	if !isArabicToken(token) {
		return []string{token}
	}
	out := make([]string, 0, 3)
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	for slot := slotConj; slot <= slotNone; slot++ {
		add(stemFrom(token, slot))
	}
	if strings.HasPrefix(token, "ل") && letters(token)-1 >= minStem {
		add(stripSuffixes(token[2:]))
	}
	// Country names ending in alef meet their nisba adjectives:
	// فرنسا ~ الفرنسي, سوريا ~ السورية, أمريكا ~ الأمريكية. Only the query side
	// expands, so the documents' stems stay conservative.
	if strings.HasSuffix(token, "ا") && letters(token)-1 >= minStem {
		add(stemFrom(token[:len(token)-2], slotConj))
	}
	return out
}

// StemText returns the stems of the tokens of a folded text joined by single
// spaces: the content of the archive's stem columns.
func StemText(folded string) string {
	var sb strings.Builder
	sb.Grow(len(folded))
	start := -1
	emit := func(tok string) {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(Stem(tok))
	}
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
				start = i
			}
		} else if start >= 0 {
			emit(folded[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		emit(folded[start:])
	}
	return sb.String()
}
