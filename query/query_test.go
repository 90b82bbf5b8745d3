package query

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"إيران", "ايران", nil},
		{"Iran  Israel", "iran israel", nil},
		{`"وزير الدفاع"`, `"وزير الدفاع"`, nil},
		{`"وزير الدفاع`, `"وزير الدفاع"`, nil}, // unterminated phrase runs to the end
		{"اسرا*", "اسرا*", nil},
		{`"وزير الد"*`, `"وزير الد"*`, nil},
		{"ايران -العراق", "ايران -العراق", nil},
		{`ايران -"تل أبيب"`, `ايران -"تل ابيب"`, nil},
		{"ايران NOT العراق", "ايران -العراق", nil},
		{"ايران OR العراق سوريا", "ايران OR العراق سوريا", nil},
		{"a OR b OR c", "a OR b OR c", nil},
		{"OR a", "a", nil},
		{"a OR", "a", nil},
		{"a OR OR b", "a OR b", nil},
		{"a or b", "a or b", nil}, // lowercase or is a word
		{"a AND b", "a b", nil},
		{"- a", "a", nil}, // a lone minus is not an operator
		{"U.S. policy", `"u s" policy`, nil},
		{"الإِسْرَائِيلِيُّ", "الاسرائيلي", nil},
		{"NEAR(a b)", `"near a" b`, nil},
		{"", "", ErrEmpty},
		{`"`, "", ErrEmpty},
		{`""`, "", ErrEmpty},
		{"*", "", ErrEmpty},
		{"-", "", ErrEmpty},
		{"AND", "", ErrEmpty},
		{"OR", "", ErrEmpty},
		{"NOT", "", ErrEmpty},
		{"((", "", ErrEmpty},
		{"NEAR(", "near", nil},
		{"-ايران", "", ErrOnlyExcludes},
		{"-a -b", "", ErrOnlyExcludes},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("Parse(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		got := q.String()
		if got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFTS5(t *testing.T) {
	tests := []struct{ in, want string }{
		{"iran", `"iran"`},
		{"إيران", `("ايران" OR "اير")`},
		{"وزير", `"وزير"`},
		{"اسرائيل", `"اسرائيل"`},
		{"باكو", `"باكو"`},
		{"لبنان", `("لبنان" OR "لبن" OR "بنان")`},
		{`"وزير الدفاع"`, `"وزير الدفاع"`},
		{"gall*", `"gall"*`},
		{"اسرا*", `"اسرا"*`},
		{`"u s"*`, `"u s"*`},
		{`say "hi"`, `"say" AND "hi"`},
		{"a OR b c", `("a" OR "b") AND "c"`},
		{"a -b -c", `("a") NOT ("b" OR "c")`},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := q.FTS5(); got != tt.want {
			t.Errorf("FTS5(%q) =\n  %s\nwant\n  %s", tt.in, got, tt.want)
		}
		if err := CheckFTS5(q.FTS5()); err != nil {
			t.Errorf("FTS5(%q) malformed: %v", tt.in, err)
		}
	}
	var nilQ *Query
	if nilQ.FTS5() != "" || (&Query{}).FTS5() != "" {
		t.Error("empty query must give an empty expression")
	}
}

// Garbage never panics and gives either a clear error or a well-formed
// expression.
func TestParseGarbage(t *testing.T) {
	inputs := []string{
		`"`, `*`, `NEAR(`, `-`, `AND`, `((`, `))`, `"*"`, `-"`, `"-`, `a"b"c`, `***a***`,
		`{title_fold}: x`, `title_fold:x`, `x:y`, `^a`, `a + b`, `"a" "b"`, `NOT NOT a`,
		"a\x00b", "\xff\xfe", `'; DROP TABLE articles; --`, `a""b`, `"a""b"`, `-- a`, `OR OR OR`,
		strings.Repeat("a", 10000), strings.Repeat("ب ", 5000), strings.Repeat(`"`, 10000),
		strings.Repeat("*", 10000), strings.Repeat("(", 10000), strings.Repeat("a OR ", 2000),
		strings.Repeat("-", 10000) + "x", strings.Repeat("إِ", 5000),
	}
	for _, in := range inputs {
		q, err := Parse(in)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrOnlyExcludes) {
				t.Errorf("Parse(%.20q): unexpected error %v", in, err)
			}
			continue
		}
		expr := q.FTS5()
		if err := CheckFTS5(expr); err != nil {
			t.Errorf("Parse(%.20q).FTS5() = %.80s: %v", in, expr, err)
		}
		if len(expr) > 64*1024 {
			t.Errorf("Parse(%.20q): expression of %d bytes", in, len(expr))
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"ايران", `"وزير الدفاع"`, "a OR b -c", "اسرا*", `"`, "NEAR(", "-", "((", `"a"*`, "a\"b", "NOT a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrOnlyExcludes) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if err := CheckFTS5(q.FTS5()); err != nil {
			t.Fatalf("%q -> %q: %v", in, q.FTS5(), err)
		}
		// Highlighting the query's own text never panics and stays in range.
		n := utf8.RuneCountInString(in)
		for _, sp := range q.Matches(in) {
			if sp.Start < 0 || sp.End > n || sp.Start >= sp.End {
				t.Fatalf("span %v out of [0,%d]", sp, n)
			}
		}
	})
}

func TestCheckFTS5(t *testing.T) {
	for _, bad := range []string{``, `"a`, `(a`, `a)`, `""`, `{title_fold text_fold} : a`, `"a" OR`, `"a" * "b"`} {
		if CheckFTS5(bad) == nil {
			t.Errorf("CheckFTS5(%q) accepted", bad)
		}
	}
	for _, good := range []string{`"a"`, `("a" OR "b") NOT ("c")`, `{title_stem text_stem} : ("x" OR "y")`, `"a b"*`} {
		if err := CheckFTS5(good); err != nil {
			t.Errorf("CheckFTS5(%q): %v", good, err)
		}
	}
}

func ExampleQuery_FTS5() {
	q, _ := Parse(`إيران "وزير الدفاع" -العراق`)
	fmt.Println(q.FTS5())
	// Output: (("ايران" OR "اير") AND "وزير الدفاع") NOT (("العراق" OR "عراق"))
}
