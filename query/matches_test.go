package query

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"daftar/textnorm"
)

// Articles written for these tests, in the style of the corpus.
const (
	articleVisit = "باكو - التقى وزير الدفاع الإِسْرَائِيلِيُّ غـــالانت اليوم رئيس أذربيجان، في زيارة تهدف إلى تعزيز التعاون مع باكو التي تتقاسم حدودا مع إيران العدو اللدود لإسرائيل."
	articleTrade = "قال مسؤول إن الشركات بإيران وإسرائيل تتنافس، وإن الصادرات الإسرائيلية إلى أذربيجان بلغت 740 مليون دولار بين ٢٠١٧ و٢٠١٩."
	articleEmoji = "📰🔥 عاجل: وزير الدفاع 👩\u200d👩\u200d👧 يزور إيران غدا"
	articleLatin = "Gallant met Aliyev in Baku; the Iranian embassy said Iran's envoy was not invited. Café owners in Baku..."
)

func cut(text string, s Span) string { return string([]rune(text)[s.Start:s.End]) }

func matchWords(t *testing.T, q *Query, text string) []string {
	t.Helper()
	var out []string
	spans := q.Matches(text)
	for i, s := range spans {
		if i > 0 && s.Start < spans[i-1].End {
			t.Errorf("overlapping spans %v", spans)
		}
		out = append(out, cut(text, s))
	}
	return out
}

func TestMatches(t *testing.T) {
	tests := []struct {
		query, text string
		want        []string
	}{
		{"ايران", articleVisit, []string{"إيران"}},
		{"إيران", articleTrade, []string{"بإيران"}},
		{"اسرائيل", articleVisit, []string{"الإِسْرَائِيلِيُّ", "لإسرائيل"}},
		{"اسرائيل", articleTrade, []string{"وإسرائيل", "الإسرائيلية"}},
		{"غالانت", articleVisit, []string{"غـــالانت"}},
		{"اذربيجان", articleVisit, []string{"أذربيجان"}},
		{"اذربيجان", articleTrade, []string{"أذربيجان"}},
		{`"وزير الدفاع"`, articleVisit, []string{"وزير الدفاع"}},
		{`"وزير الدفاع"`, articleEmoji, []string{"وزير الدفاع"}},
		// A phrase also matches as a sequence of stems (the stem columns).
		{`"وزير دفاع"`, articleVisit, []string{"وزير الدفاع"}},
		// A vocalized query finds the unvocalized text and vice versa.
		{"الإِسْرَائِيلِيُّ", articleTrade, []string{"وإسرائيل", "الإسرائيلية"}},
		{"إِيرَان", articleVisit, []string{"إيران"}},
		{"غَالَانْت", articleVisit, []string{"غـــالانت"}},
		{"باكو", articleVisit, []string{"باكو", "باكو"}},
		{"باك*", articleVisit, []string{"باكو", "باكو"}},
		{"اسرا*", articleTrade, []string{"وإسرائيل", "الإسرائيلية"}},
		{"ايران OR غالانت", articleVisit, []string{"غـــالانت", "إيران"}},
		{"ايران -غالانت", articleVisit, []string{"إيران"}},
		{"2017", articleTrade, []string{"٢٠١٧"}},
		{"iran", articleLatin, []string{"Iran"}},
		{"cafe", articleLatin, []string{"Café"}},
		{"bak*", articleLatin, []string{"Baku", "Baku"}},
		{`"gallant met"`, articleLatin, []string{"Gallant met"}},
		{"طهران", articleVisit, nil},
	}
	for _, tt := range tests {
		q, err := Parse(tt.query)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.query, err)
		}
		got := matchWords(t, q, tt.text)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s in %.30s…: got %q, want %q", tt.query, tt.text, got, tt.want)
		}
	}
}

// Code points and UTF-16 differ after an emoji; spans are code points and
// convert exactly.
func TestMatchesAfterEmoji(t *testing.T) {
	q, _ := Parse("ايران")
	spans := q.Matches(articleEmoji)
	if len(spans) != 1 || cut(articleEmoji, spans[0]) != "إيران" {
		t.Fatalf("spans %v", spans)
	}
	s := spans[0]
	u16 := utf16.Encode([]rune(articleEmoji))
	us, ue := textnorm.CodePointToUTF16(articleEmoji, s.Start), textnorm.CodePointToUTF16(articleEmoji, s.End)
	if us == s.Start {
		t.Fatal("test text must make UTF-16 and code points differ")
	}
	if got := string(utf16.Decode(u16[us:ue])); got != "إيران" {
		t.Errorf("UTF-16 span cuts %q", got)
	}
	bs, be := textnorm.CodePointToByte(articleEmoji, s.Start), textnorm.CodePointToByte(articleEmoji, s.End)
	if articleEmoji[bs:be] != "إيران" {
		t.Errorf("byte span cuts %q", articleEmoji[bs:be])
	}
}

func TestMatchesEdges(t *testing.T) {
	q, _ := Parse("a")
	if q.Matches("") != nil {
		t.Error("empty text")
	}
	var nilQ *Query
	if nilQ.Matches("a") != nil {
		t.Error("nil query")
	}
	// Overlapping terms merge into one span.
	q, _ = Parse(`"وزير الدفاع" الدفاع`)
	if got := matchWords(t, q, articleVisit); fmt.Sprint(got) != "[وزير الدفاع]" {
		t.Errorf("merged = %q", got)
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("كلمة ", 40) + "ثم التقى وزير الدفاع الإِسْرَائِيلِيُّ غـــالانت اليوم " + strings.Repeat("نص ", 60)
	q, _ := Parse("غالانت")
	spans := q.Matches(long)
	text, off := Snippet(long, spans, 60)
	if n := utf8.RuneCountInString(text); n > 60 || n == 0 {
		t.Fatalf("snippet of %d runes", n)
	}
	if got := string([]rune(long)[off : off+utf8.RuneCountInString(text)]); got != text {
		t.Fatal("snippet is not the original at its offset")
	}
	rel := Span{spans[0].Start - off, spans[0].End - off}
	if rel.Start < 0 || cut(text, rel) != "غـــالانت" {
		t.Errorf("shifted span cuts %q from %q", cut(text, rel), text)
	}
	if strings.HasPrefix(text, " ") || strings.HasSuffix(text, " ") {
		t.Errorf("snippet not trimmed: %q", text)
	}
	// Cut at spaces: the runes just outside the window are spaces (or the ends).
	rs := []rune(long)
	if off > 0 && rs[off-1] != ' ' {
		t.Errorf("snippet starts inside a word: %q", text)
	}
	if end := off + utf8.RuneCountInString(text); end < len(rs) && rs[end] != ' ' {
		t.Errorf("snippet ends inside a word: %q", text)
	}
	// Short text: whole; no spans: from the start.
	if s, o := Snippet("قصير", nil, 60); s != "قصير" || o != 0 {
		t.Error("short text")
	}
	if s, o := Snippet(long, nil, 30); o != 0 || !strings.HasPrefix(long, s) || utf8.RuneCountInString(s) > 30 {
		t.Errorf("no spans: %q %d", s, o)
	}
	// A match longer than the window is cut to the window.
	if s, o := Snippet(long, []Span{{0, 200}}, 10); utf8.RuneCountInString(s) > 10 || o != 0 {
		t.Errorf("long match: %q %d", s, o)
	}
	// Never splits an emoji sequence.
	em := strings.Repeat("x", 20) + "👩\u200d👩\u200d👧" + strings.Repeat("y", 30)
	s, o := Snippet(em, []Span{{40, 41}}, 28)
	if !utf8.ValidString(s) || strings.HasPrefix(s, "\u200d") || strings.Contains(s, "👧") && !strings.Contains(s, "👩") {
		t.Errorf("emoji split: %q at %d", s, o)
	}
}

func BenchmarkMatches(b *testing.B) {
	text := strings.Repeat(articleVisit+" "+articleTrade+" ", 20)
	q, _ := Parse(`ايران اسرائيل "وزير الدفاع"`)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		q.Matches(text)
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("باكو - التقى وزير الدفاع الإِسْرَائِيلِيُّ غـــالانت اليوم", 10, 4, 20)
	f.Add("x👩\u200d👩\u200d👧y بَ z", 1, 3, 3)
	f.Fuzz(func(t *testing.T, text string, start, length, maxRunes int) {
		if !utf8.ValidString(text) {
			return
		}
		n := utf8.RuneCountInString(text)
		maxRunes = ((maxRunes%300)+300)%300 + 1
		var spans []Span
		if n > 0 {
			s := ((start % n) + n) % n
			e := min(n, s+((length%20)+20)%20+1)
			// Matches yields whole words, which are whole clusters.
			s, e = textnorm.SnapToGraphemes(text, s, e)
			spans = []Span{{s, e}}
		}
		got, off := Snippet(text, spans, maxRunes)
		rs := []rune(text)
		gn := utf8.RuneCountInString(got)
		if off < 0 || off+gn > n || string(rs[off:off+gn]) != got {
			t.Fatalf("snippet %q at %d is not the text there", got, off)
		}
		if n > maxRunes && gn > maxRunes {
			if gs, ge := textnorm.SnapToGraphemes(text, off, off+1); ge-gs != gn {
				t.Fatalf("snippet of %d runes > %d", gn, maxRunes)
			}
		}
		if len(spans) == 1 && spans[0].End-spans[0].Start < maxRunes && n > maxRunes {
			if spans[0].Start < off || spans[0].End > off+gn {
				// Only a grapheme snap may cut the match's edge cluster.
				gs, ge := textnorm.SnapToGraphemes(text, spans[0].Start, spans[0].End)
				if ge-gs < maxRunes {
					t.Fatalf("match %v not inside snippet [%d,%d) of %q", spans[0], off, off+gn, text)
				}
			}
		}
	})
}
