package storage

import (
	"context"
	"testing"
	"unicode/utf8"
)

// FuzzSearchQuery proves that no user input reaches SQLite as an error: any
// query text (and any filter value) either runs or is refused with a query
// error, and every span stays inside its article.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"ايران", `"وزير الدفاع"`, "a OR b -c", "اسرا*", `"`, "*", "NEAR(", "-", "AND", "((",
		`{title_fold}: x`, `"a"*"b"`, "^x", "x:y", "a + b", `'`, "\x00", "غالانت -", "إِيرَان", "\U0001F600ايران"} {
		f.Add(s, "")
	}
	f.Add("ايران", "وكالة الأنباء")
	f.Add("", "'; --")
	ctx := context.Background()
	x := newSearchArchive(f)
	f.Fuzz(func(t *testing.T, q, source string) {
		res, err := x.s.Search(ctx, SearchRequest{Query: q, Source: source, Limit: 10, SnippetRunes: 30})
		if err != nil {
			if IsQueryError(err) {
				return
			}
			t.Fatalf("Search(%q, source %q): %v", q, source, err)
		}
		for _, h := range res.Hits {
			n := utf8.RuneCountInString(x.texts[h.ID])
			for _, sp := range h.Spans {
				if sp.Start < 0 || sp.End > n || sp.Start >= sp.End {
					t.Fatalf("span %v outside [0,%d]", sp, n)
				}
			}
			if h.SnippetOffset < 0 || h.SnippetOffset > n {
				t.Fatalf("snippet offset %d", h.SnippetOffset)
			}
		}
	})
}
