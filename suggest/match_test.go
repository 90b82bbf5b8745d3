package suggest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"daftar/model"
)

// testRegistry is a small registry written for these tests.
func testRegistry() []model.Entity {
	return []model.Entity{
		{ID: "iran", Type: "GPE", Name: "إيران", Aliases: []model.Alias{{Name: "Iran"}, {Name: "ايران"}}},
		{ID: "israel", Type: "GPE", Name: "إسرائيل", Aliases: []model.Alias{{Name: "Israel"}}},
		{ID: "baku", Type: "GPE", Name: "باكو", Aliases: []model.Alias{{Name: "Baku"}}},
		{ID: "cairo", Type: "GPE", Name: "القاهرة", Aliases: []model.Alias{{Name: "Cairo"}}},
		{ID: "libya", Type: "GPE", Name: "ليبيا"},
		{ID: "telaviv", Type: "GPE", Name: "تل أبيب", Aliases: []model.Alias{{Name: "Tel Aviv"}}},
		{ID: "un", Type: "ORG", Name: "الأمم المتحدة", Aliases: []model.Alias{{Name: "UN"}, {Name: "United Nations"}}},
		{ID: "us", Type: "GPE", Name: "United States", Aliases: []model.Alias{{Name: "US"}, {Name: "U.S."}}},
		{ID: "iranair", Type: "ORG", Name: "Iran Air"},
		{ID: "erdogan", Type: "PER", Name: "Recep Tayyip Erdoğan", Aliases: []model.Alias{{Name: "Erdoğan"}, {Name: "أردوغان"}}},
		{ID: "cohen1", Type: "PER", Name: "إيلي كوهين", Aliases: []model.Alias{{Name: "كوهين"}}},
		{ID: "cohen2", Type: "PER", Name: "كوهين"},
		{ID: "dc", Type: "GPE", Name: "Washington, D.C."},
	}
}

func TestCliticsAndSpans(t *testing.T) {
	g := NewGazetteer(testRegistry())
	cases := []struct {
		text   string
		quote  string // "" = no match expected
		entity string
		clitic string
	}{
		{"قال إن إيران وراء الهجوم", "إيران", "iran", ""},
		{"وإيران", "إيران", "iran", "و"},
		{"وبإيران", "إيران", "iran", "وب"},
		{"لإيران", "إيران", "iran", "ل"},
		{"فإيران", "إيران", "iran", "ف"},
		{"كإيران", "إيران", "iran", "ك"},
		{"فبإيران", "إيران", "iran", "فب"},
		{"ولإيران", "إيران", "iran", "ول"},
		{"لإسرائيل", "إسرائيل", "israel", "ل"},
		{"وإسرائيل", "إسرائيل", "israel", "و"},
		{"ايران", "ايران", "iran", ""},           // spelling without hamza
		{"إيرانَ", "إيرانَ", "iran", ""},         // haraka inside the span
		{"وَإِيرَانَ", "إِيرَانَ", "iran", "وَ"}, // vocalized clitic and name
		{"«إيران»", "إيران", "iran", ""},         // inside quotation marks
		{"\"إيران وراء الهجوم\"", "إيران", "iran", ""},
		{"بالقاهرة", "القاهرة", "cairo", "ب"},   // بال
		{"والقاهرة", "القاهرة", "cairo", "و"},   // وال
		{"فالقاهرة", "القاهرة", "cairo", "ف"},   // فال
		{"وبالقاهرة", "القاهرة", "cairo", "وب"}, // وبال
		{"للقاهرة", "لقاهرة", "cairo", "ل"},     // لل = ل + ال
		{"وللقاهرة", "لقاهرة", "cairo", "ول"},
		{"لليبيا", "ليبيا", "libya", "ل"}, // ل before a word starting with ل
		{"ليبيا", "ليبيا", "libya", ""},
		{"باكو", "باكو", "baku", ""}, // first letter looks like a clitic
		{"وباكو", "باكو", "baku", "و"},
		{"ببباكو", "", "", ""},                  // two prepositions: not Arabic
		{"الإيرانية", "", "", ""},               // adjective: not the country
		{"إيرانيون", "", "", ""},                // suffix: not a mention
		{"الإيران", "", "", ""},                 // article alone is not stripped
		{"طهران", "", "", ""},                   // a different city
		{"بتل أبيب", "تل أبيب", "telaviv", "ب"}, // multi-word with clitic
		{"وتل-أبيب", "تل-أبيب", "telaviv", "و"},
		{"تل\nأبيب", "", "", ""}, // no match across a line break
		{"بالأمم المتحدة", "الأمم المتحدة", "un", "ب"},
		{"Iran said", "Iran", "iran", ""},
		{"IRAN SAID", "IRAN", "iran", ""},
		{"iran's", "iran", "iran", ""},
		{"Iranian officials", "", "", ""},
		{"Iran Air flight", "Iran Air", "iranair", ""}, // longest match wins
		{"the US said", "US", "us", ""},
		{"told us that", "", "", ""}, // acronym: lower case is a pronoun
		{"the U.S. said", "U.S", "us", ""},
		{"United  States", "United  States", "us", ""},
		{"United. States", "", "", ""},
		{"Erdogan said", "Erdogan", "erdogan", ""}, // diacritics
		{"ERDOĞAN", "ERDOĞAN", "erdogan", ""},      // case and diacritics
		{"Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan", "erdogan", ""},
		{"وأردوغان", "أردوغان", "erdogan", "و"},
		{"in Washington, D.C. today", "Washington, D.C", "dc", ""},
		{"Tel Aviv", "Tel Aviv", "telaviv", ""},
		{"Televisions", "", "", ""},
		{"إيلي كوهين", "إيلي كوهين", "cohen1", ""},
	}
	for _, c := range cases {
		got := g.Find(c.text)
		if c.quote == "" {
			if len(got) != 0 {
				t.Errorf("%q: want no match, got %+v", c.text, got)
			}
			continue
		}
		if len(got) != 1 {
			t.Errorf("%q: want one match %q, got %+v", c.text, c.quote, got)
			continue
		}
		s := got[0]
		if s.Quote != c.quote || s.ID != c.entity || s.Clitic != c.clitic {
			t.Errorf("%q: got quote %q entity %s clitic %q, want %q %s %q", c.text, s.Quote, s.ID, s.Clitic, c.quote, c.entity, c.clitic)
		}
		if q, _ := model.Slice(c.text, s.Start, s.End); q != s.Quote {
			t.Errorf("%q: span %d-%d gives %q, quote %q", c.text, s.Start, s.End, q, s.Quote)
		}
	}
}

func TestAmbiguousNamesAndFilter(t *testing.T) {
	g := NewGazetteer(testRegistry())
	text := "قال كوهين إن إيران وإيران"
	found := g.Find(text)
	if len(found) != 3 {
		t.Fatalf("got %+v", found)
	}
	// كوهين is the main name of cohen2 and an alias of cohen1.
	if found[0].ID != "cohen2" || len(found[0].Others) != 1 || found[0].Others[0].ID != "cohen1" {
		t.Errorf("ambiguous name: %+v", found[0])
	}
	// Once cohen1 is linked in the article, it is the first choice.
	linked := model.Annotation{Start: 0, End: 3, Quote: "قال", EntityID: "cohen1"}
	got := Filter(append([]Suggestion(nil), found...), []model.Annotation{linked}, nil)
	if got[0].ID != "cohen1" || got[0].Others[0].ID != "cohen2" {
		t.Errorf("one sense per discourse: %+v", got[0])
	}
	// An exact span of any annotation, an overlapping one of the same
	// entity, and a rejection each remove a suggestion.
	iran1, iran2 := found[1], found[2]
	cases := []struct {
		name     string
		existing []model.Annotation
		rejected []Rejected
		want     int
	}{
		{"nothing", nil, nil, 3},
		{"exact span, other type", []model.Annotation{{Start: iran1.Start, End: iran1.End, Type: "ORG"}}, nil, 2},
		{"overlap same entity", []model.Annotation{{Start: iran2.Start - 1, End: iran2.End, EntityID: "iran"}}, nil, 2},
		{"overlap other entity", []model.Annotation{{Start: iran2.Start - 1, End: iran2.End, EntityID: "israel"}}, nil, 3},
		{"claim around it", []model.Annotation{{Start: 0, End: utf8.RuneCountInString(text), Kind: model.KindClaim}}, nil, 3},
		{"rejected", nil, []Rejected{{"iran", iran1.Start, iran1.End}}, 2},
		{"one reading rejected", nil, []Rejected{{"cohen2", found[0].Start, found[0].End}}, 3},
		{"both readings rejected", nil, []Rejected{{"cohen2", found[0].Start, found[0].End}, {"cohen1", found[0].Start, found[0].End}}, 2},
	}
	for _, c := range cases {
		got := Filter(append([]Suggestion(nil), found...), c.existing, c.rejected)
		if len(got) != c.want {
			t.Errorf("%s: %d suggestions, want %d: %+v", c.name, len(got), c.want, got)
		}
	}
	got = Filter(append([]Suggestion(nil), found...), nil, []Rejected{{"cohen2", found[0].Start, found[0].End}})
	if got[0].ID != "cohen1" || got[0].Others != nil {
		t.Errorf("rejecting one reading leaves the other: %+v", got[0])
	}
}

func TestFocusAgreesWithWholeGazetteer(t *testing.T) {
	g := NewGazetteer(testRegistry())
	text := "Iran Air flew from Iran to Tel Aviv; وبإيران ولإسرائيل and Iran."
	var whole []Suggestion
	for _, s := range g.Find(text) {
		if s.ID == "iran" {
			whole = append(whole, s)
		}
	}
	f := g.Focus("iran")
	if f.Entities() != 2 { // iran, and Iran Air which shares the token
		t.Errorf("focus kept %d entities", f.Entities())
	}
	var focused []Suggestion
	for _, s := range f.Find(text) {
		if s.ID == "iran" {
			focused = append(focused, s)
		}
	}
	if len(whole) != 3 || len(focused) != len(whole) {
		t.Fatalf("whole %+v\nfocused %+v", whole, focused)
	}
	for i := range whole {
		if whole[i].Start != focused[i].Start || whole[i].End != focused[i].End {
			t.Errorf("span %d differs: %+v vs %+v", i, whole[i], focused[i])
		}
	}
}

func TestWithAddsWithoutChanging(t *testing.T) {
	g := NewGazetteer(testRegistry())
	n := g.Len()
	h := g.With(model.Entity{ID: "q", Type: "MISC", Name: "وزير الدفاع"})
	if g.Len() != n || h.Len() != n+1 {
		t.Fatalf("len %d/%d", g.Len(), h.Len())
	}
	if got := h.Find("قال ووزير الدفاع"); len(got) != 1 || got[0].Quote != "وزير الدفاع" || got[0].Clitic != "و" {
		t.Errorf("got %+v", got)
	}
	if got := g.Find("وزير الدفاع"); len(got) != 0 {
		t.Errorf("original changed: %+v", got)
	}
}

func TestShortAndEmptyNamesIgnored(t *testing.T) {
	g := NewGazetteer([]model.Entity{{ID: "x", Type: "MISC", Name: "ب"}, {ID: "y", Type: "MISC", Name: "«»"}})
	if g.Len() != 0 {
		t.Errorf("indexed %d names", g.Len())
	}
	if got := g.Find("ب ب ب"); len(got) != 0 {
		t.Errorf("got %+v", got)
	}
}

func FuzzFind(f *testing.F) {
	g := NewGazetteer(testRegistry())
	for _, s := range []string{"وبإيران", "للقاهرة", "Iran Air", "U.S.", "ﻟﻺيران", "وَإِيرَانَ", "ß Erdoğan", "\xff\xfeإيران", strings.Repeat("و", 10)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// A registry built from the input too, so odd names get matched.
		h := g.With(model.Entity{ID: "fz", Type: "MISC", Name: text})
		for _, gz := range []*Gazetteer{g, h} {
			last := 0
			for _, s := range gz.Find(text) {
				if s.Start < last || s.End <= s.Start || s.End > utf8.RuneCountInString(text) {
					t.Fatalf("bad span %d-%d (after %d) in %q", s.Start, s.End, last, text)
				}
				if q, ok := model.Slice(text, s.Start, s.End); !ok || q != s.Quote {
					t.Fatalf("quote %q != text %q of span %d-%d", s.Quote, q, s.Start, s.End)
				}
				last = s.End
			}
		}
	})
}

// Building the registry from unlinked mentions folds a quote tagged with
// its proclitic into the bare name's group, and only then.
func TestGroupUnlinkedJoinsCliticForms(t *testing.T) {
	var anns []model.Annotation
	for i, q := range []struct{ typ, quote string }{
		{"GPE", "إيران"}, {"GPE", "لإيران"}, {"GPE", "وبإيران"}, {"GPE", "إيران"},
		{"GPE", "بغداد"},
		{"ORG", "الحكومة"}, {"ORG", "للحكومة"},
		{"PER", "لإيران"}, // another type: not Iran the place
	} {
		anns = append(anns, model.Annotation{ID: fmt.Sprint(i), Kind: model.KindEntity, Type: q.typ, Quote: q.quote})
	}
	got := map[string]int{}
	for _, sd := range GroupUnlinked(anns) {
		got[sd.Entity.Type+" "+sd.Entity.Name] = len(sd.Link)
	}
	want := map[string]int{"GPE إيران": 4, "GPE بغداد": 1, "ORG الحكومة": 2, "PER لإيران": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups %v, want %v", got, want)
	}
}
