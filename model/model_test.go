package model

import (
	"errors"
	"strings"
	"testing"
)

func TestCanonicalText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a\r\nb\rc\n", "a\nb\nc"},
		{"\uFEFFtitle  \n\nbody\t\n", "title\n\nbody"},
		{"e\u0301t\u00e9", "\u00e9t\u00e9"}, // NFC composes e + combining acute
		{"\n\nباكو - نص\n\n", "باكو - نص"},
		// Arabic harakat have no precomposed forms: NFC keeps them.
		{"الإِسْرَائِيلِيُّ", "الإِسْرَائِيلِيُّ"},
	}
	for _, c := range cases {
		if got := CanonicalText(c.in); got != c.want {
			t.Errorf("CanonicalText(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := CanonicalText(c.want); got != c.want {
			t.Errorf("CanonicalText is not idempotent on %q", c.want)
		}
	}
}

func TestSlice(t *testing.T) {
	s := "😀 إيران and Iran"
	cases := []struct {
		start, end int
		want       string
		ok         bool
	}{
		{0, 1, "😀", true},
		{2, 7, "إيران", true},
		{12, 16, "Iran", true},
		{0, 16, s, true},
		{15, 17, "", false},
		{3, 3, "", false},
		{5, 2, "", false},
		{-1, 2, "", false},
	}
	for _, c := range cases {
		got, ok := Slice(s, c.start, c.end)
		if got != c.want || ok != c.ok {
			t.Errorf("Slice(%d,%d) = %q,%v want %q,%v", c.start, c.end, got, ok, c.want, c.ok)
		}
	}
}

// SpanText must agree with Slice on every span, in and out of range.
func TestSpanTextAgreesWithSlice(t *testing.T) {
	for _, s := range []string{"", "a", "😀 إيران and Iran", "بين 2017 و2019\ne\u0301"} {
		st := NewSpanText(s)
		if st.Len() != RuneLen(s) || st.String() != s {
			t.Errorf("%q: Len %d, want %d", s, st.Len(), RuneLen(s))
		}
		n := RuneLen(s)
		for start := -1; start <= n+1; start++ {
			for end := -1; end <= n+2; end++ {
				got, ok := st.Slice(start, end)
				want, wantOK := Slice(s, start, end)
				if got != want || ok != wantOK {
					t.Errorf("%q [%d,%d): SpanText %q,%v; Slice %q,%v", s, start, end, got, ok, want, wantOK)
				}
			}
		}
	}
}

func TestIDs(t *testing.T) {
	a, b := NewID(), NewID()
	if !ValidID(a) || a == b || a[14] != '7' {
		t.Fatalf("NewID gave %q and %q; want distinct UUIDv7", a, b)
	}
	if a > b {
		t.Errorf("UUIDv7 ids should sort by creation: %s > %s", a, b)
	}
	for _, bad := range []string{"", "x", strings.Repeat("0", 36), "019ad3f0-0000-7000-8000-00000000000"} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}

func TestAnnotationValidate(t *testing.T) {
	text := "قال 😀 وزير الدفاع إن إيران وراء الهجوم"
	schema := DefaultSchema()
	ok := Annotation{ID: NewID(), ArticleID: NewID(), Kind: KindEntity, Type: "GPE", Start: 21, End: 26, Quote: "إيران"}
	if err := ok.Validate(text, schema); err != nil {
		t.Fatalf("valid annotation rejected: %v", err)
	}
	claim := ok
	claim.Kind, claim.Type, claim.Start, claim.End, claim.Quote = KindClaim, "CLAIM", 21, 38, "إيران وراء الهجوم"
	claim.Verdict, claim.TargetIDs, claim.ClaimDate = VerdictUnverified, []string{NewID()}, "2023-01"
	if err := claim.Validate(text, schema); err != nil {
		t.Fatalf("valid claim rejected: %v", err)
	}
	cases := []struct {
		name   string
		mutate func(a *Annotation)
		want   string
	}{
		{"quote mismatch", func(a *Annotation) { a.Quote = "ايران" }, "does not match"},
		{"span outside", func(a *Annotation) { a.End = 99 }, "outside"},
		{"empty span", func(a *Annotation) { a.End = a.Start }, "outside the text"},
		{"negative", func(a *Annotation) { a.Start = -1 }, "outside"},
		{"unknown type", func(a *Annotation) { a.Type = "WEAPON" }, "unknown type"},
		{"bad kind", func(a *Annotation) { a.Kind = "note" }, "kind"},
		{"bad id", func(a *Annotation) { a.ID = "42" }, "not a UUID"},
		{"white space only", func(a *Annotation) { a.Start, a.End, a.Quote = 3, 4, " " }, "white space"},
		{"claim fields on entity", func(a *Annotation) { a.Verdict = "false" }, "claim fields"},
		{"bad entity id", func(a *Annotation) { a.EntityID = "iran" }, "not a UUID"},
	}
	for _, c := range cases {
		a := ok
		c.mutate(&a)
		err := a.Validate(text, schema)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want an ErrInvalid containing %q", c.name, err, c.want)
		}
	}
}

func TestNewAnnotation(t *testing.T) {
	art := NewID()
	gpe := LabelType{Name: "GPE", Kind: KindEntity}
	a, err := NewAnnotation(art, gpe, 21, 26, "إيران")
	if err != nil {
		t.Fatal(err)
	}
	if a.ArticleID != art || a.Kind != KindEntity || a.Type != "GPE" || a.Start != 21 || a.End != 26 || a.Quote != "إيران" || a.ID != "" {
		t.Errorf("assembled %+v", a)
	}
	bad := []struct {
		name        string
		article     string
		lt          LabelType
		start, end  int
		quote, want string
	}{
		{"article id", "42", gpe, 0, 5, "إيران", "not a UUID"},
		{"kind", art, LabelType{Name: "GPE", Kind: "note"}, 0, 5, "إيران", "kind"},
		{"type", art, LabelType{Kind: KindClaim}, 0, 5, "إيران", "no type"},
		{"quote longer than span", art, gpe, 0, 4, "إيران", "does not hold"},
		{"empty span", art, gpe, 3, 3, "", "does not hold"},
		{"negative", art, gpe, -1, 4, "إيران", "does not hold"},
		{"white space", art, gpe, 3, 5, " \n", "white space"},
	}
	for _, c := range bad {
		_, err := NewAnnotation(c.article, c.lt, c.start, c.end, c.quote)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want an ErrInvalid containing %q", c.name, err, c.want)
		}
	}
}

func TestArticleValidate(t *testing.T) {
	a := Article{ID: NewID(), Title: "t", Text: "نص الخبر", Published: "2019-05"}
	a.SHA256 = Fingerprint(a.Text)
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(a *Article){
		"not canonical": func(a *Article) { a.Text = "a\r\nb"; a.SHA256 = "" },
		"empty":         func(a *Article) { a.Text = "  "; a.SHA256 = "" },
		"bad hash":      func(a *Article) { a.SHA256 = Fingerprint("other") },
		"bad date":      func(a *Article) { a.Published = "14/05/2019" },
		"bad direction": func(a *Article) { a.Direction = "up" },
	} {
		b := a
		mutate(&b)
		if err := b.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSchemaAndEntity(t *testing.T) {
	s := DefaultSchema()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"PER", "ORG", "GPE", "LOC", "DATE", "MONEY", "EVENT", "MISC", "CLAIM"} {
		if _, ok := s.Lookup(strings.ToLower(n)); !ok {
			t.Errorf("default schema lacks %s", n)
		}
	}
	dupKey := append(Schema{}, s...)
	dupKey = append(dupKey, LabelType{Name: "WEAPON", Kind: KindEntity, Colour: "#000000", Hotkey: "1"})
	if err := dupKey.Validate(); err == nil || !strings.Contains(err.Error(), "hotkey") {
		t.Errorf("duplicate hotkey accepted: %v", err)
	}
	if err := (Schema{{Name: "X", Kind: KindEntity, Colour: "red"}}).Validate(); err == nil {
		t.Error("colour name accepted")
	}
	e := Entity{ID: NewID(), Type: "GPE", Name: "إيران", Aliases: []Alias{{Name: "Iran", Lang: "en"}}, Wikidata: "Q794"}
	if err := e.Validate(s); err != nil {
		t.Fatal(err)
	}
	e.Wikidata = "794"
	if err := e.Validate(s); err == nil {
		t.Error("bad wikidata id accepted")
	}
}
