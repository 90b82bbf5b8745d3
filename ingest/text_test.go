package ingest

import (
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func encodeWith(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("%s cannot encode the fixture: %v", cm, err)
	}
	return b
}

// Persian uses ZWNJ (U+200C) inside words; Windows-1256 has no ی or ک, so
// Persian text in it is written with the Arabic ي and ك.
const (
	faText     = "گفت‌وگوهای تهران و باکو ادامه دارد\n\nوزیر امور خارجه می‌گوید که گفت‌وگوها در فضایی سازنده برگزار شد."
	faText1256 = "گفتگوهاي تهران و باكو ادامه دارد\n\nوزير امور خارجه مي‌گويد كه گفتگوها در فضايي سازنده برگزار شد."
)

func TestTextEncodings(t *testing.T) {
	arMeta := meta{Title: arTitle, Place: "باكو"}
	frMeta := meta{Title: frTitle, Place: "GENÈVE"}
	// ISO-8859-1 has no ’ or œ; this French text avoids them.
	latin1 := "Élections à Montréal : participation en hausse\n\nMONTRÉAL - Le taux de participation a atteint 61 % dimanche, selon la commission électorale."
	latin1Meta := meta{Title: "Élections à Montréal : participation en hausse", Place: "MONTRÉAL"}
	crlf := strings.ReplaceAll(arText, "\n", "\r\n")
	tests := []struct {
		name     string
		data     []byte
		text     string
		meta     meta
		warnLike string
	}{
		{"utf8", []byte(arText), arText, arMeta, ""},
		{"utf8-bom-crlf", append([]byte{0xEF, 0xBB, 0xBF}, crlf...), arText, arMeta, ""},
		{"utf16le-bom", utf16Bytes(crlf, false, true), arText, arMeta, ""},
		{"utf16be-bom", utf16Bytes(arText, true, true), arText, arMeta, ""},
		{"utf16le-nobom", utf16Bytes(frText, false, false), frText, frMeta, "read as UTF-16 LE"},
		{"cp1256", encodeWith(t, charmap.Windows1256, crlf), arText, arMeta, "windows-1256"},
		{"iso8859-6", encodeWith(t, charmap.ISO8859_6, arText), arText, arMeta, "iso-8859-6"},
		{"cp1252", encodeWith(t, charmap.Windows1252, frText), frText, frMeta, "windows-1252"},
		{"iso8859-1", encodeWith(t, charmap.ISO8859_1, latin1), latin1, latin1Meta, "iso-8859-1"},
		{"persian-utf16", utf16Bytes(faText, false, true), faText, meta{Title: "گفت‌وگوهای تهران و باکو ادامه دارد"}, ""},
		{"persian-cp1256", encodeWith(t, charmap.Windows1256, faText1256), faText1256, meta{Title: "گفتگوهاي تهران و باكو ادامه دارد"}, "windows-1256"},
		{"cp1252-curly", encodeWith(t, charmap.Windows1252, "L’accord “historique” a été signé\n\nLONDRES — Les délégués l’ont salué."), "L’accord “historique” a été signé\n\nLONDRES — Les délégués l’ont salué.", meta{Title: "L’accord “historique” a été signé", Place: "LONDRES"}, "windows-1252"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it := readFileItem(t, tc.name+".txt", tc.data, Options{})
			a := mustArticles(t, it, 1)[0]
			checkText(t, a, tc.text)
			checkMeta(t, a, tc.meta)
			w := strings.Join(it.Warnings, "; ")
			if tc.warnLike == "" && w != "" || !strings.Contains(w, tc.warnLike) {
				t.Errorf("warnings %q, want %q", w, tc.warnLike)
			}
			if it.Format != "txt" {
				t.Errorf("format %q", it.Format)
			}
		})
	}
}

// A short Arabic fragment in each code page must still be told apart.
func TestLegacyShortArabic(t *testing.T) {
	s := "قال الرئيس إن الاتفاق مهم للمنطقة"
	for _, cm := range []*charmap.Charmap{charmap.Windows1256, charmap.ISO8859_6} {
		got, _, err := decodeText(encodeWith(t, cm, s))
		if err != nil || got != s {
			t.Errorf("%s: got %q, %v", cm, got, err)
		}
	}
}

func TestTextMetadata(t *testing.T) {
	en := enTitle + "\nSource: Test Wire | 3 March 2024 | https://example.com/news/1\n\n" + enBody
	it := readFileItem(t, "en.txt", []byte(en), Options{})
	a := mustArticles(t, it, 1)[0]
	checkText(t, a, en) // the header line stays in the text: text is never cut
	checkMeta(t, a, meta{Title: enTitle, Source: "Test Wire", URL: "https://example.com/news/1", Published: "2024-03-03", Place: "PARIS"})

	fr := "Source : Le Journal du Test | 12/05/2023\n" + frText
	a = mustArticles(t, readFileItem(t, "fr.txt", []byte(fr), Options{}), 1)[0]
	checkMeta(t, a, meta{Title: frTitle, Source: "Le Journal du Test", Published: "2023-05-12", Place: "GENÈVE"})

	ar := arTitle + "\nالمصدر: وكالة الاختبار — ٢٠٢٤/٠٣/٠٥\n\n" + arBody
	a = mustArticles(t, readFileItem(t, "ar.txt", []byte(ar), Options{}), 1)[0]
	checkMeta(t, a, meta{Title: arTitle, Source: "وكالة الاختبار", Published: "2024-03-05", Place: "باكو"})

	// No title line: the first sentence, without its dateline, trimmed at a
	// clause boundary.
	long := "باكو - التقى وزير الخارجية اليوم نظيره الأذربيجاني في العاصمة باكو لبحث العلاقات الثنائية، في زيارة تستمر يومين وتهدف إلى تعزيز التعاون في مجالات الطاقة والنقل والتجارة بين البلدين الجارين. وقال الوزير إن المحادثات كانت مثمرة."
	a = mustArticles(t, readFileItem(t, "long.txt", []byte(long), Options{}), 1)[0]
	checkMeta(t, a, meta{Title: "التقى وزير الخارجية اليوم نظيره الأذربيجاني في العاصمة باكو لبحث العلاقات الثنائية…", Place: "باكو"})

	// Headlines with a dash are not datelines; agency datelines are.
	for _, tc := range []struct{ text, place string }{
		{"Iran - Azerbaijan tensions rise\n\nThe two neighbours traded accusations.", ""},
		{"إيران - أذربيجان: توتر على الحدود\n\nتبادل البلدان الاتهامات.", ""},
		{"Talks\n\nBaku, July 27 (Reuters) - Talks resumed on Thursday.", "Baku"},
		{"Talks\n\nTEHRAN (IRNA) — Officials met on Thursday in the capital for another round of talks on trade.", "TEHRAN"},
		{"Talks\n\nBeirut - Officials met.", ""},
	} {
		a, err := FromText(tc.text)
		if err != nil || a.Place != tc.place {
			t.Errorf("%q: place %q, want %q (%v)", tc.text, a.Place, tc.place, err)
		}
	}

	// An ordinary English sentence with a dash is not a dateline.
	a = mustArticles(t, readFileItem(t, "dash.txt", []byte("The minister - who arrived late - spoke briefly."), Options{}), 1)[0]
	checkMeta(t, a, meta{Title: "The minister - who arrived late - spoke briefly."})
}

func TestMarkdown(t *testing.T) {
	md := "---\ntitle: \"Talks in Baku\"\nauthor: Jane Roe\ndate: 2024-03\nlang: en\n---\n\n" +
		"# Border talks resume\n\n" +
		"BAKU — Negotiators met on **Monday** for the _first_ time since [the ceasefire](https://example.com/c).\n\n" +
		"> \"We are hopeful,\" said one delegate.\n\n" +
		"- Energy\n- Transport\n\n" +
		"![map of the region](map.png)\n\n" +
		"---\n\n" +
		"```\ncode *stays* as is\n```\n\n" +
		"Snake_case_word and `inline *code*` and \\*escaped\\*.\n\n" +
		"[1]: https://example.com/ref\n"
	it := readFileItem(t, "talks.md", []byte(md), Options{})
	a := mustArticles(t, it, 1)[0]
	want := "Border talks resume\n\n" +
		"BAKU — Negotiators met on Monday for the first time since the ceasefire.\n\n" +
		"\"We are hopeful,\" said one delegate.\n\n" +
		"• Energy\n• Transport\n\n" +
		"map of the region\n\n\n\n" +
		"code *stays* as is\n\n" +
		"Snake_case_word and inline *code* and *escaped*."
	checkText(t, a, want)
	checkMeta(t, a, meta{Title: "Talks in Baku", Author: "Jane Roe", Published: "2024-03", Place: "BAKU", Language: "en"})
	if it.Format != "md" {
		t.Errorf("format %q", it.Format)
	}

	// Without front matter the first heading is the title; setext too.
	a = mustArticles(t, readFileItem(t, "s.md", []byte("Summit opens\n============\n\nText of the *story*."), Options{}), 1)[0]
	checkText(t, a, "Summit opens\n\nText of the story.")
	checkMeta(t, a, meta{Title: "Summit opens"})
}

func TestFromText(t *testing.T) {
	a, err := FromText("  \r\n" + strings.ReplaceAll(frText, "\n", "\r\n") + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	checkText(t, a, frText)
	checkMeta(t, a, meta{Title: frTitle, Place: "GENÈVE"})
	if err := a.Validate(); err != nil || a.Origin.Format != "paste" {
		t.Errorf("validate %v, origin %+v", err, a.Origin)
	}
	if _, err := FromText(" \n\t"); err == nil {
		t.Error("blank text accepted")
	}
}

func TestTextFailures(t *testing.T) {
	wantErr(t, readFileItem(t, "empty.txt", nil, Options{}), "empty file")
	wantErr(t, readFileItem(t, "blank.txt", []byte("  \r\n\t\n"), Options{}), "empty file")
	wantErr(t, readFileItem(t, "nulbyte.txt", []byte("abc\x00def ghi"), Options{}), "not a text file (binary content)")
	bin := make([]byte, 2048)
	for i := range bin {
		bin[i] = byte(i*7919>>3) | 1 // no NULs: the control-byte rule must catch it
	}
	wantErr(t, readFileItem(t, "noise.dat", bin, Options{}), "not a text file (binary content)")
	wantErr(t, readFileItem(t, "bom.dat", append([]byte{0xFF, 0xFE}, bin...), Options{}), "not a text file (binary content)")

	// Invalid UTF-8 is imported with U+FFFD and a warning saying where.
	data := []byte("عنوان\nسطر \xff\xfe فيه خطأ\n")
	it := readFileItem(t, "bad.txt", data, Options{})
	a := mustArticles(t, it, 1)[0]
	checkText(t, a, "عنوان\nسطر \uFFFD\uFFFD فيه خطأ")
	if len(it.Warnings) != 1 || it.Warnings[0] != "invalid UTF-8 at line 2, byte 18 replaced by U+FFFD" {
		t.Errorf("warnings %q", it.Warnings)
	}

	opts := Options{MaxFileSize: 10}
	wantErr(t, readFileItem(t, "big.txt", []byte("more than ten bytes"), opts), "over the 10 bytes limit")
}

func TestDates(t *testing.T) {
	tests := map[string]string{
		"2024":                            "2024",
		"2024-03":                         "2024-03",
		"2024-3-5":                        "2024-03-05",
		"2024-03-05T10:15":                "2024-03-05T10:15",
		"2024-03-05 10:15:30":             "2024-03-05T10:15:30",
		"2024-03-05T10:15:30.123Z":        "2024-03-05T10:15:30Z",
		"2024-03-05T10:15+0400":           "2024-03-05T10:15:00+04:00",
		"2023-05-30T09:15:00+04:00":       "2023-05-30T09:15:00+04:00",
		"Tue, 25 Jul 2023 18:30:00 +0400": "2023-07-25T18:30:00+04:00",
		"Thu, 27 Jul 2023 08:00:00 GMT":   "2023-07-27T08:00:00Z",
		"Wed, 5 Jul 2023 10:05:00 EST":    "2023-07-05T10:05:00-05:00",
		"27 Jul 2023 08:00 +0000":         "2023-07-27T08:00:00Z",
		"12/05/2023":                      "2023-05-12",
		"07/26/2023":                      "2023-07-26",
		"26.07.2023":                      "2023-07-26",
		"2023/07/26":                      "2023-07-26",
		"٢٠٢٣/٠٧/٢٦":                      "2023-07-26",
		"۱۴ مارس ۲۰۲۴":                    "2024-03-14",
		"30 May 2023":                     "2023-05-30",
		"May 30, 2023":                    "2023-05-30",
		"March 2024":                      "2024-03",
		"1er mars 2024":                   "2024-03-01",
		"jeudi 12 mai 2023":               "2023-05-12",
		"30 مايو 2023":                    "2023-05-30",
		"الخميس 30 أيار 2023":             "2023-05-30",
		"5 كانون الثاني 2024":             "2024-01-05",
		"1690000000":                      "2023-07-22T04:26:40Z",
	}
	for in, want := range tests {
		got, ok := normalizeDate(in)
		if !ok || got != want {
			t.Errorf("normalizeDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2024-13-01", "31/02/2024", "1402/12/15", "ten past five", "Monday"} {
		if got, ok := normalizeDate(bad); ok {
			t.Errorf("normalizeDate(%q) = %q, want failure", bad, got)
		}
	}
}
