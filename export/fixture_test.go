package export

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"daftar/bundle"
	"daftar/model"
)

// The texts below were written for these tests.
const (
	arabicText  = "زار الوزير سامي الحداد مدينة طرابلس أمس. وفي طرابلس التقى ممثلين عن منظمة الأمل الخيرية، وقال إن «الحكومة خصصت 300 مليون دولار لإعادة الإعمار» بحسب مكتبه.\nوبطرابلس أيضا افتتح مدرسة جديدة."
	englishText = "=SUM(A1) was typed into the minutes by a prankster.\nOfficials at the Portland\nCity Council said the budget rose by 12% in 2023. -5 degrees were recorded, according to the weather office."
	emojiText   = "🎉🎉 Celebrations in Lisbon 🇵🇹 as Maria Costa won the award. 😀 Costa said: “we did it”, and the crowd cheered in Lisbon."
)

var fixedTime = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// span finds the n-th (0-based) occurrence of quote in text and returns its
// code point offsets.
func span(t testing.TB, text, quote string, n int) (int, int) {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], quote)
		if i < 0 {
			t.Fatalf("%q not found %d times", quote, n+1)
		}
		if n == 0 {
			s := model.RuneLen(text[:from+i])
			return s, s + model.RuneLen(quote)
		}
		n--
		from += i + len(quote)
	}
}

type annSpec struct {
	quote string
	nth   int
	typ   string
	ent   string
	mod   func(a *model.Annotation)
}

func fixture(t testing.TB) *bundle.Bundle {
	t.Helper()
	ids := map[string]string{}
	id := func(k string) string {
		if ids[k] == "" {
			ids[k] = model.NewID()
		}
		return ids[k]
	}
	d := &bundle.Bundle{Schema: model.DefaultSchema()}
	d.Entities = []model.Entity{
		{ID: id("haddad"), Type: "PER", Name: "سامي الحداد", Aliases: []model.Alias{{Name: "Sami al-Haddad", Lang: "en"}}, CreatedAt: fixedTime, UpdatedAt: fixedTime},
		{ID: id("tripoli"), Type: "GPE", Name: "طرابلس", Wikidata: "Q1000001", Aliases: []model.Alias{{Name: "Tripoli", Lang: "en"}}},
		{ID: id("amal"), Type: "ORG", Name: "منظمة الأمل الخيرية"},
		{ID: id("gov"), Type: "ORG", Name: "-Government of Lebanon"},
		{ID: id("costa"), Type: "PER", Name: "Maria Costa", Wikidata: "Q1000002"},
		{ID: id("lisbon"), Type: "GPE", Name: "Lisbon", Wikidata: "Q597"},
		{ID: id("council"), Type: "ORG", Name: "Portland City Council"},
	}
	add := func(title, text, lang string, dir model.Direction, url string, specs []annSpec) {
		a := model.Article{ID: model.NewID(), Title: title, Text: text, Language: lang, Direction: dir, URL: url,
			Source: "Test Wire", Published: "2025-02-28", SHA256: model.Fingerprint(text), ImportedAt: fixedTime}
		if err := a.Validate(); err != nil {
			t.Fatal(err)
		}
		d.Articles = append(d.Articles, a)
		for _, sp := range specs {
			s, e := span(t, text, sp.quote, sp.nth)
			lt, _ := d.Schema.Lookup(sp.typ)
			an := model.Annotation{ID: model.NewID(), ArticleID: a.ID, Kind: lt.Kind, Type: sp.typ, Start: s, End: e, Quote: sp.quote,
				Annotator: "rana", CreatedAt: fixedTime, UpdatedAt: fixedTime}
			if sp.ent != "" {
				an.EntityID = id(sp.ent)
			}
			if sp.mod != nil {
				sp.mod(&an)
			}
			if err := an.Validate(text, d.Schema); err != nil {
				t.Fatal(err)
			}
			d.Annotations = append(d.Annotations, an)
		}
	}
	add("الحداد في طرابلس", arabicText, "ar", model.RTL, "https://news.example/ar/1", []annSpec{
		{quote: "سامي الحداد", typ: "PER", ent: "haddad"},
		{quote: "طرابلس", typ: "GPE", ent: "tripoli"},
		{quote: "طرابلس", nth: 1, typ: "GPE", ent: "tripoli", mod: func(a *model.Annotation) { a.Note = "في النص: وفي طرابلس" }},
		{quote: "طرابلس", nth: 2, typ: "GPE", ent: "tripoli"}, // inside وبطرابلس: the proclitics stay out
		{quote: "منظمة الأمل الخيرية", typ: "ORG", ent: "amal"},
		{quote: "300 مليون دولار", typ: "MONEY"},
		{quote: "الحكومة خصصت 300 مليون دولار لإعادة الإعمار", typ: "CLAIM", mod: func(a *model.Annotation) {
			a.ClaimantID, a.TargetIDs = id("haddad"), []string{id("gov")}
			a.Attribution, a.Verdict, a.Stance, a.ClaimDate = "بحسب مكتبه", model.VerdictMostlyTrue, "supports", "2025-02-27"
		}},
	})
	add("=HYPERLINK(\"http://evil.example\")", englishText, "en", model.LTR, "", []annSpec{
		{quote: "=SUM(A1)", typ: "MISC", mod: func(a *model.Annotation) { a.Note = "@editor: prank, keep" }},
		{quote: "Portland\nCity Council", typ: "ORG", ent: "council"},
		{quote: "2023", typ: "DATE"},
		{quote: "-5 degrees", typ: "MONEY", mod: func(a *model.Annotation) { a.Note = "+quantity, not money" }},
		{quote: "the budget rose by 12% in 2023", typ: "CLAIM", mod: func(a *model.Annotation) {
			a.ClaimantID, a.Verdict = id("council"), model.VerdictUnverified
		}},
	})
	add("Lisbon celebrates 🎉", emojiText, "en", model.LTR, "https://news.example/en/2", []annSpec{
		{quote: "Lisbon", typ: "GPE", ent: "lisbon"},
		{quote: "Maria Costa", typ: "PER", ent: "costa"},
		{quote: "Costa", nth: 1, typ: "PER", ent: "costa"},
		{quote: "we did it", typ: "CLAIM", mod: func(a *model.Annotation) {
			a.ClaimantID, a.TargetIDs, a.Verdict = id("costa"), []string{id("lisbon")}, model.VerdictTrue
		}},
		{quote: "Lisbon", nth: 1, typ: "GPE", ent: "lisbon"},
	})
	d.Sets = []model.Set{{ID: model.NewID(), Name: "Levant and Portland", CreatedAt: fixedTime, ArticleIDs: []string{d.Articles[0].ID, d.Articles[1].ID}}}
	return d
}

// annByID indexes the fixture's annotations.
func annByID(d *bundle.Bundle) map[string]model.Annotation {
	m := map[string]model.Annotation{}
	for _, a := range d.Annotations {
		m[a.ID] = a
	}
	return m
}

func textByID(d *bundle.Bundle) map[string]string {
	m := map[string]string{}
	for _, a := range d.Articles {
		m[a.ID] = a.Text
	}
	return m
}

// cut slices text in the given unit, as a consumer of the export would.
func cut(t testing.TB, text string, s, e int, unit string) string {
	t.Helper()
	if unit == UnitUTF16 {
		u := utf16.Encode([]rune(text))
		if s < 0 || e > len(u) || s > e {
			t.Fatalf("utf16 span %d-%d outside text of %d units", s, e, len(u))
		}
		return string(utf16.Decode(u[s:e]))
	}
	got, ok := model.Slice(text, s, e)
	if !ok {
		t.Fatalf("span %d-%d outside text of %d code points", s, e, model.RuneLen(text))
	}
	return got
}

// Check the fixture really makes code points and UTF-16 differ.
func TestFixtureUnitsDiffer(t *testing.T) {
	d := fixture(t)
	for _, a := range d.Annotations {
		if a.ArticleID == d.Articles[2].ID {
			pre, _ := model.Slice(emojiText, 0, a.Start)
			if len(utf16.Encode([]rune(pre))) == a.Start {
				t.Fatalf("annotation %q: UTF-16 and code point offsets agree; the fixture does not test units", a.Quote)
			}
		}
	}
}
