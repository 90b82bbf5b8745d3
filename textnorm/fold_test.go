package textnorm

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFoldRules(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"hamza above alef", "أحمد", "احمد"},
		{"hamza below alef", "إيران", "ايران"},
		{"madda alef", "آسيا", "اسيا"},
		{"wasla alef", "ٱلله", "الله"},
		{"wavy hamza alefs", "ٲٳ", "اا"},
		{"alef maqsura", "مصطفى", "مصطفي"},
		{"ta marbuta", "الإيرانية", "الايرانيه"},
		{"heh with yeh above (Persian)", "خانۀ", "خانه"},
		{"tatweel", "غـــالانت", "غالانت"},
		{"harakat", "الإِسْرَائِيلِيُّ", "الاسرائيلي"},
		{"superscript alef", "هٰذا", "هذا"},
		{"Persian yeh", "ایران", "ايران"},
		{"Persian kaf", "کتاب", "كتاب"},
		{"Arabic-Indic digits", "٢٠١٧", "2017"},
		{"Extended Arabic-Indic digits", "۱۴۰۲", "1402"},
		{"ZWNJ (Persian)", "می\u200cخواهم", "ميخواهم"},
		{"ZWJ", "ب\u200dب", "بب"},
		{"LRM RLM ALM", "a\u200eb\u200fc\u061cd", "abcd"},
		{"bidi embeddings", "\u202aa\u202bb\u202cc\u202dd\u202ee", "abcde"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"soft hyphen", "infor\u00admation", "information"},
		{"BOM and word joiner", "\ufeffab\u2060c", "abc"},
		{"lam-alef ligature with hamza", "\ufef9", "لا"},
		{"isolated alef form", "\ufe8d", "ا"},
		{"presentation form word", "\ufee3\ufeae\ufea3\ufe92\ufe8e", "مرحبا"},
		{"Allah ligature", "\ufdf2", "الله"},
		{"salla ligature becomes several words", "\ufdfa", "صلي الله عليه وسلم"},
		{"isolated fatha form removed", "ب\ufe76", "ب"},
		{"medial fatha form removed", "ب\ufe77ت", "بت"},
		{"peh presentation form", "\ufb56", "پ"},
		{"hamza on waw and yeh are kept", "مسؤول رئيس", "مسؤول رئيس"},
		{"ASCII case", "Hello WORLD 42", "hello world 42"},
		{"Latin acute", "École", "ecole"},
		{"Latin many", "Ñandú Ångström naïve façade", "nandu angstrom naive facade"},
		{"sharp s", "Straße", "strasse"},
		{"capital sharp s", "ẞ", "ss"},
		{"fi ligature", "ﬁnance", "finance"},
		{"stroke letters", "Øresund Łódź Đorđe", "oresund lodz dorde"},
		{"ae oe", "Æther cœur", "aether coeur"},
		{"Turkish dotted and dotless i", "İstanbul ılık", "istanbul ilik"},
		{"decomposed acute", "e\u0301te\u0301", "ete"},
		{"Greek", "Ελλάδα ΣΟΦΟΣ", "ελλαδα σοφοσ"},
		{"Greek final sigma", "λόγος", "λογοσ"},
		{"Cyrillic", "Ёлка ЙОД", "елка иод"},
		{"fullwidth", "ＡＢＣ１２", "abc12"},
		{"Deseret (beyond BMP)", "\U00010400", "\U00010428"},
		{"emoji becomes a space", "😀 x", "  x"},
		{"punctuation becomes a space", "«إيران»، ₺100", " ايران    100"},
		{"new currency sign", "100₽", "100 "},
		{"CJK kept", "北京", "北京"},
		{"invalid UTF-8", "a\xffb", "a b"},
		{"ASCII punctuation kept (SQLite splits there too)", "a-b.c", "a-b.c"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Normalize(tt.in)
			if f.Text != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, f.Text, tt.want)
			}
			checkMap(t, tt.in, f)
		})
	}
}

// Every code point of the removal ranges goes, whatever letter it is on.
func TestFoldRemovalRanges(t *testing.T) {
	var rs []rune
	rs = append(rs, 0x0640, 0x0670, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x00AD)
	for r := rune(0x064B); r <= 0x065F; r++ {
		rs = append(rs, r)
	}
	for r := rune(0x06D6); r <= 0x06ED; r++ {
		rs = append(rs, r)
	}
	for r := rune(0x202A); r <= 0x202E; r++ {
		rs = append(rs, r)
	}
	for r := rune(0x2066); r <= 0x2069; r++ {
		rs = append(rs, r)
	}
	for _, r := range rs {
		in := "ب" + string(r) + "ت"
		if got := Normalize(in).Text; got != "بت" {
			t.Errorf("U+%04X not removed: %q", r, got)
		}
	}
}

func TestFoldDigits(t *testing.T) {
	for i := rune(0); i < 10; i++ {
		for _, base := range []rune{0x0660, 0x06F0} {
			if got := Normalize(string(base + i)).Text; got != string('0'+i) {
				t.Errorf("U+%04X folds to %q", base+i, got)
			}
		}
	}
}

// Every Arabic presentation form with a compatibility decomposition folds
// to plain Arabic letters (or is removed), never stays a presentation form.
func TestFoldPresentationForms(t *testing.T) {
	isForm := func(c rune) bool { return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) }
	count := 0
	for r := rune(0xFB50); r <= 0xFEFF; r++ {
		if r >= 0xFE00 && r < 0xFE70 || norm.NFKC.String(string(r)) == string(r) {
			continue
		}
		count++
		for _, c := range Normalize(string(r)).Text {
			if isForm(c) {
				t.Errorf("U+%04X folds to %q, still a presentation form", r, Normalize(string(r)).Text)
			}
		}
	}
	if count < 700 {
		t.Errorf("only %d forms checked", count)
	}
}

func checkMap(t *testing.T, in string, f Folded) {
	t.Helper()
	n := utf8.RuneCountInString(in)
	if len(f.Map) != utf8.RuneCountInString(f.Text)+1 {
		t.Fatalf("len(Map) = %d, folded runes+1 = %d", len(f.Map), utf8.RuneCountInString(f.Text)+1)
	}
	if f.Map[len(f.Map)-1] != n {
		t.Fatalf("sentinel = %d, want %d", f.Map[len(f.Map)-1], n)
	}
	for i := range f.Map {
		if f.Map[i] < 0 || f.Map[i] > n {
			t.Fatalf("Map[%d] = %d out of range [0,%d]", i, f.Map[i], n)
		}
		if i > 0 && f.Map[i] < f.Map[i-1] {
			t.Fatalf("Map not monotonic at %d: %v", i, f.Map)
		}
		if i < len(f.Map)-1 && f.Map[i] >= n {
			t.Fatalf("Map[%d] = %d points past the original", i, f.Map[i])
		}
	}
}

func TestNormalizeMap(t *testing.T) {
	f := Normalize("غـــالانت")
	want := []int{0, 4, 5, 6, 7, 8, 9}
	if fmt.Sprint(f.Map) != fmt.Sprint(want) {
		t.Errorf("Map = %v, want %v", f.Map, want)
	}
	f = Normalize("ß!")
	if fmt.Sprint(f.Map) != fmt.Sprint([]int{0, 0, 1, 2}) {
		t.Errorf("expansion Map = %v", f.Map)
	}
}

// sub cuts the code-point span [s,e) out of text.
func sub(text string, s, e int) string { return string([]rune(text)[s:e]) }

func TestOriginal(t *testing.T) {
	tests := []struct {
		name, text, word, want string
	}{
		{"vocalized word with trailing harakat", "قال الإِسْرَائِيلِيُّ أمس", "الاسرائيلي", "الإِسْرَائِيلِيُّ"},
		{"tatweel inside", "وزير غـــالانت اليوم", "غالانت", "غـــالانت"},
		{"trailing tatweel and mark", "كلمةـًـ ثم", "كلمه", "كلمةـًـ"},
		{"not over a following RLM", "إيران\u200f قالت", "ايران", "إيران"},
		{"not over a following ZWNJ", "می\u200cخواهم", "مي", "می"},
		{"hamza alef at start", "بإيران.", "بايران", "بإيران"},
		{"Latin decomposed marks", "cafe\u0301 noir", "cafe", "cafe\u0301"},
		{"ligature expansion", "a ﷺ b", "الله", "ﷺ"},
		{"after emoji", "😀😀 إيران", "ايران", "إيران"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Normalize(tt.text)
			i := strings.Index(f.Text, tt.word)
			if i < 0 {
				t.Fatalf("%q not in folded %q", tt.word, f.Text)
			}
			fs := utf8.RuneCountInString(f.Text[:i])
			fe := fs + utf8.RuneCountInString(tt.word)
			s, e := f.Original(fs, fe)
			if got := sub(tt.text, s, e); got != tt.want {
				t.Errorf("Original(%d,%d) = [%d,%d) %q, want %q", fs, fe, s, e, got, tt.want)
			}
		})
	}
}

func TestOriginalEdges(t *testing.T) {
	f := Normalize("ab")
	if s, e := f.Original(-5, 99); s != 0 || e != 2 {
		t.Errorf("clamped = %d,%d", s, e)
	}
	if s, e := f.Original(1, 1); s != 1 || e != 1 {
		t.Errorf("empty = %d,%d", s, e)
	}
	var zero Folded
	if s, e := zero.Original(0, 3); s != 0 || e != 0 {
		t.Errorf("zero Folded = %d,%d", s, e)
	}
	// A hand-made Folded without the attached list still maps.
	g := Folded{Text: "ab", Map: []int{0, 2, 3}}
	if s, e := g.Original(1, 2); s != 2 || e != 3 {
		t.Errorf("hand-made = %d,%d", s, e)
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"hello, world!", "hello[0,5] world[7,12]"},
		{"باكو - التقى وزير", "باكو[0,4] التقى[7,12] وزير[13,17]"},
		{"a1 2b", "a1[0,2] 2b[3,5]"},
		{"x\ue000y", "x\ue000y[0,3]"}, // private use is a token char (Co)
		{"don't", "don[0,3] t[4,5]"},
		{"«إيران»،", "إيران[1,6]"},
		{"😀hi", "hi[1,3]"},
		{"", ""},
		{"  ...  ", ""},
	}
	for _, tt := range tests {
		var parts []string
		for _, tok := range Tokens(tt.in) {
			parts = append(parts, fmt.Sprintf("%s[%d,%d]", tok.Text, tok.Start, tok.End))
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("Tokens(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// The Arabic marks unicode61 would split on are gone after folding, so a
// vocalized word is one token.
func TestTokensAfterFoldingVocalized(t *testing.T) {
	toks := Tokens(Normalize("الإِسْرَائِيلِيُّ").Text)
	if len(toks) != 1 {
		t.Fatalf("got %d tokens", len(toks))
	}
}

// decodeTwoByte decodes exactly the valid two-byte sequences, as the
// standard library does, whatever follows them.
func TestDecodeTwoByte(t *testing.T) {
	for b0 := 0x80; b0 < 0x100; b0++ {
		for b1 := 0; b1 < 0x100; b1++ {
			for _, s := range []string{string([]byte{byte(b0), byte(b1)}), string([]byte{byte(b0)}), string([]byte{byte(b0), byte(b1), 0x80, 0x80})} {
				r := decodeTwoByte(s, 0)
				wr, wn := utf8.DecodeRuneInString(s)
				valid2 := wn == 2 && wr != utf8.RuneError
				if (r >= 0) != valid2 || (r >= 0 && r != wr) {
					t.Fatalf("% x: decodeTwoByte %d; utf8 %U,%d", s, r, wr, wn)
				}
			}
		}
	}
}

// A Normalizer gives what Normalize gives, call after call, whatever the
// lengths of the texts before.
func TestNormalizerReusesMemory(t *testing.T) {
	var z Normalizer
	texts := []string{benchArabic, "", "الإِسْرَائِيلِيُّ غـــالانت", "a\xffb\xc3", benchLatin, "Straße İ", "e\u0301\u0301", "x"}
	for round := range 2 {
		for _, s := range texts {
			got, want := z.Normalize(s), Normalize(s)
			if got.Text != want.Text || !slices.Equal(got.Map, want.Map) || !slices.Equal(got.attached, want.attached) {
				t.Fatalf("round %d, %.20q: Normalizer %q, Normalize %q", round, s, got.Text, want.Text)
			}
		}
	}
}

// A Normalizer's Text is the caller's: the next call does not change it.
func TestNormalizerTextOutlivesNextCall(t *testing.T) {
	var z Normalizer
	first := z.Normalize("Baku Ganja")
	z.Normalize("xxxx yyyy zzzz")
	if first.Text != "baku ganja" {
		t.Fatalf("first text became %q after the next call", first.Text)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "abc", "الإِسْرَائِيلِيُّ غـــالانت", "\ufdfa\ufef9", "Straße İ", "😀\u200d👩", "a\xffb\xc3", "e\u0301\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fo := Normalize(s)
		n := utf8.RuneCountInString(s)
		if len(fo.Map) != utf8.RuneCountInString(fo.Text)+1 {
			t.Fatalf("len(Map)=%d, runes(Text)+1=%d", len(fo.Map), utf8.RuneCountInString(fo.Text)+1)
		}
		if fo.Map[len(fo.Map)-1] != n {
			t.Fatalf("sentinel %d != %d", fo.Map[len(fo.Map)-1], n)
		}
		for i := 1; i < len(fo.Map); i++ {
			if fo.Map[i] < fo.Map[i-1] || fo.Map[i] > n || fo.Map[i-1] < 0 {
				t.Fatalf("bad map at %d: %v", i, fo.Map)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(fo.Text) {
			t.Fatalf("invalid UTF-8 out of valid input")
		}
		// Folding is idempotent: queries are folded once, text once.
		if again := Normalize(fo.Text).Text; again != fo.Text {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, fo.Text, again)
		}
		for _, tok := range Tokens(fo.Text) {
			os, oe := fo.Original(tok.Start, tok.End)
			if os < 0 || oe > n || os > oe {
				t.Fatalf("Original(%d,%d) = %d,%d", tok.Start, tok.End, os, oe)
			}
		}
	})
}

var benchArabic = strings.Repeat("باكو - التقى وزير الدفاع الإسرائيلي يوآف غالانت اليوم الخميس رئيس أذربيجان إلهام علييف، في زيارة تستمر يومين وتهدف إلى تعزيز التعاون بين تل أبيب وباكو. ", 40)
var benchLatin = strings.Repeat("Baku - Israeli Defence Minister Yoav Gallant met Azerbaijan's President Ilham Aliyev on Thursday, during a two-day visit aimed at strengthening cooperation. ", 40)

func BenchmarkNormalize(b *testing.B) {
	for _, c := range []struct{ name, text string }{{"Arabic", benchArabic}, {"Latin", benchLatin}} {
		b.Run(c.name, func(b *testing.B) {
			Normalize("warm") // build the table outside the timing
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Normalize(c.text)
			}
		})
	}
}

// BenchmarkNormalizer is the reusing folder that suggestion matching runs
// over every article.
func BenchmarkNormalizer(b *testing.B) {
	for _, c := range []struct{ name, text string }{{"Arabic", benchArabic}, {"Latin", benchLatin}} {
		b.Run(c.name, func(b *testing.B) {
			var z Normalizer
			z.Normalize(c.text) // build the table and grow the buffers outside the timing
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				z.Normalize(c.text)
			}
		})
	}
}

func BenchmarkStemText(b *testing.B) {
	folded := Normalize(benchArabic).Text
	b.SetBytes(int64(len(folded)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		StemText(folded)
	}
}
