package textnorm

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// DetectLanguage guesses the language of an imported article: "ar", "fa",
// "ur", "en", "fr", "de", "es", "tr", "id", "ru", "el", "he", or "" when it
// cannot tell. It looks at the first 20,000 code points only.
//
// The script of the majority of letters decides first. Arabic script is split
// into Urdu (ٹ ڈ ڑ ں ے ہ ھ), Persian (پ چ ژ گ ک ی) and Arabic (ة ى ي ك) by
// their distinct letters; Latin script by small stop-word profiles, which
// are reliable for news paragraphs and cheap, unlike full n-gram models.
func DetectLanguage(text string) string {
	var arabic, latin, cyrillic, greek, hebrew, other int
	var urduL, persianL, arabicL int
	n := 0
	for _, r := range text {
		n++
		if n > 20000 {
			break
		}
		if r < 0x80 {
			if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				latin++
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
			switch r {
			case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ۓ', 'ہ', 'ھ':
				urduL++
			case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی':
				persianL++
			case 'ة', 'ى', 'ي', 'ك':
				arabicL++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		default:
			other++
		}
	}
	total := arabic + latin + cyrillic + greek + hebrew + other
	if total < 3 {
		return ""
	}
	best, bestN := "", 0
	for _, c := range []struct {
		s string
		n int
	}{{"arabic", arabic}, {"latin", latin}, {"cyrillic", cyrillic}, {"greek", greek}, {"hebrew", hebrew}, {"other", other}} {
		if c.n > bestN {
			best, bestN = c.s, c.n
		}
	}
	switch best {
	case "arabic":
		switch {
		case urduL*100 >= arabic && urduL >= 2 && urduL*2 >= arabicL:
			return "ur"
		case persianL > arabicL:
			return "fa"
		default:
			return "ar"
		}
	case "latin":
		return detectLatin(text)
	case "cyrillic":
		return "ru"
	case "greek":
		return "el"
	case "hebrew":
		return "he"
	}
	return ""
}

// Stop-word profiles, folded (no diacritics), so they match Normalize output.
var latinProfiles = []struct {
	lang  string
	words map[string]bool
}{
	{"en", set("the of and to in is that for it with as was on are by this be from at have has not but an they which were said its their will would been")},
	{"fr", set("le la les de des et est du un une que dans pour pas en au aux qui sur par avec il elle ce sont ont ete plus ne se son sa ses mais lui cette")},
	{"de", set("der die das und ist nicht mit von zu den dem des ein eine einer sich auf im fur auch es wird wurde sind hat aus bei nach oder wie uber zum zur")},
	{"es", set("el la los las de del y que en un una por con para es se al lo como mas pero sus su fue ha han sobre este esta entre tambien desde")},
	{"tr", set("ve bir bu da de icin ile olarak cok daha gibi olan ama ne sonra kadar ise en ki o mi veya her diye olan oldu")},
	{"id", set("yang dan di ini itu dengan untuk dari dalam tidak akan pada ke adalah juga oleh atau karena sudah telah bahwa mereka kami bisa ada")},
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func detectLatin(text string) string {
	if len(text) > 60000 {
		text = text[:60000]
	}
	toks := Tokens(Normalize(text).Text)
	scores := make([]int, len(latinProfiles))
	for _, t := range toks {
		for i, p := range latinProfiles {
			if p.words[t.Text] {
				scores[i]++
			}
		}
	}
	// Letters that only some of the languages use break near ties.
	for _, r := range text {
		switch r {
		case 'ß', 'ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü':
			scores[2]++ // de (tr also has ö ü, counted below)
		case 'ñ', '¿', '¡':
			scores[3]++
		case 'ğ', 'ş', 'ı', 'İ', 'Ğ', 'Ş':
			scores[4] += 2
		case 'é', 'è', 'ê', 'à', 'ç', 'ù', 'œ':
			scores[1]++
		}
	}
	best, bestScore := "", 0
	for i, s := range scores {
		if s > bestScore {
			best, bestScore = latinProfiles[i].lang, s
		}
	}
	if bestScore < 2 {
		return ""
	}
	return best
}

// strongDir returns +1 for a strong left-to-right character, -1 for a strong
// right-to-left one (R or AL), 0 otherwise.
func strongDir(r rune) int {
	if r < 0x80 {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return 1
		}
		return 0
	}
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.L:
		return 1
	case bidi.R, bidi.AL:
		return -1
	}
	return 0
}

// Direction returns the base direction of a whole text, "rtl" or "ltr", by
// the majority of its strong characters (an Arabic article full of English
// names and numbers is still right-to-left). Texts without strong
// characters are "ltr".
func Direction(text string) string {
	sum := 0
	for _, r := range text {
		sum += strongDir(r)
	}
	if sum < 0 {
		return "rtl"
	}
	return "ltr"
}

// ParagraphDirection returns the base direction of one paragraph by the
// Unicode bidi rules P2–P3: the first strong character outside isolates
// (LRI, RLI, FSI ... PDI) decides; "ltr" when there is none.
func ParagraphDirection(p string) string {
	if d := FirstStrongDirection(p); d != "" {
		return d
	}
	return "ltr"
}

// FirstStrongDirection is ParagraphDirection without the default: "" when
// the paragraph has no strong character, so callers can fall back to the
// article's direction.
func FirstStrongDirection(p string) string {
	depth := 0
	for _, r := range p {
		switch r {
		case 0x2066, 0x2067, 0x2068: // LRI, RLI, FSI
			depth++
			continue
		case 0x2069: // PDI
			if depth > 0 {
				depth--
			}
			continue
		case '\n', 0x2029: // paragraph separator ends the paragraph
			return ""
		}
		if depth > 0 {
			continue
		}
		switch strongDir(r) {
		case 1:
			return "ltr"
		case -1:
			return "rtl"
		}
	}
	return ""
}
