package storage

import (
	"context"
	"path/filepath"
	"testing"

	"daftar/model"
)

// A second download of a database article whose text differs in a line is
// a duplicate by its document id, in the same call and in a later one; the
// result says which rule matched.
func TestAddArticlesDedupesByDocID(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	art := func(text, doc string) model.Article {
		return model.Article{Title: "Harbour reopens", Text: text, DocID: doc}
	}
	res, err := s.AddArticles(ctx, []model.Article{
		art("The harbour reopened on Sunday.", "factiva:AN1"),
		art("The harbour reopened on Sunday.\n\nUpdated at noon.", "factiva:AN1"),
		art("Another story.", ""),
		art("A third story.", ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != Added || res[1].Status != Duplicate || res[1].DuplicateOf != res[0].ID || res[1].DuplicateBy != SameDocID ||
		res[2].Status != Added || res[3].Status != Added {
		t.Fatalf("first call: %+v", res)
	}
	res2, err := s.AddArticles(ctx, []model.Article{
		art("The harbour reopened on Sunday (corrected).", "factiva:AN1"),
		art("The harbour reopened on Sunday.", "factiva:AN2"),
		art("Another story.", ""),
		art("A fourth story.", "proquest:7"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status AddStatus
		of, by string
	}{{Duplicate, res[0].ID, SameDocID}, {Duplicate, res[0].ID, SameText}, {Duplicate, res[2].ID, SameText}, {Added, "", ""}}
	for i, w := range want {
		if r := res2[i]; r.Status != w.status || r.DuplicateOf != w.of || r.DuplicateBy != w.by {
			t.Errorf("second call, article %d: %+v, want %+v", i, r, w)
		}
	}
}
