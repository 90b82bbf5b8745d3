package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"daftar/corpusgen"
	"daftar/model"
)

// newTestStore opens a fresh archive file in the test's temp folder.
func newTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// article builds a valid article draft from raw text.
func article(title, text string) model.Article {
	text = model.CanonicalText(text)
	return model.Article{Title: title, Text: text}
}

// mustAdd stores articles and returns their ids, failing on duplicates.
func mustAdd(t testing.TB, s *Store, arts ...model.Article) []string {
	t.Helper()
	res, err := s.AddArticles(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(res))
	for i, r := range res {
		if r.Status != Added {
			t.Fatalf("article %q: %s of %s", r.Title, r.Status, r.DuplicateOf)
		}
		ids[i] = r.ID
	}
	return ids
}

// corpusArticles returns n generated articles (corpusgen, seed) as drafts.
func corpusArticles(seed uint64, n int) []model.Article {
	g := corpusgen.New(seed)
	out := make([]model.Article, n)
	for i := range out {
		c := g.Next()
		out[i] = model.Article{Title: c.Title, Text: model.CanonicalText(c.Text), Source: c.Source,
			Published: c.Published, Language: c.Language}
	}
	return out
}

// countRows counts the rows of a table (or of any FROM clause).
func countRows(t testing.TB, q querier, from string) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(context.Background(), `SELECT count(*) FROM `+from).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", from, err)
	}
	return n
}

// mustCheck fails the test when Check reports any problem.
func mustCheck(t testing.TB, s *Store) {
	t.Helper()
	problems, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("check found %d problem(s):\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// mustEntity creates an entity of the given type and name.
func mustEntity(t testing.TB, s *Store, typ, name string, aliases ...model.Alias) *model.Entity {
	t.Helper()
	e, err := s.CreateEntity(context.Background(), "tester", model.Entity{Type: typ, Name: name, Aliases: aliases})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// span builds an annotation of text's first occurrence of quote.
func span(t testing.TB, articleID, text, typ, quote string) model.Annotation {
	t.Helper()
	i := strings.Index(text, quote)
	if i < 0 {
		t.Fatalf("%q not in text", quote)
	}
	start := model.RuneLen(text[:i])
	return model.Annotation{ArticleID: articleID, Type: typ, Start: start, End: start + model.RuneLen(quote), Quote: quote}
}
