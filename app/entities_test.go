package app

import (
	"context"
	"slices"
	"testing"

	"daftar/model"
	"daftar/storage"
)

// fakeRegistry is an entitiesStore with fixed entities and counts; its
// other methods are not used here (they would panic).
type fakeRegistry struct {
	entitiesStore
	ents   []model.Entity
	counts map[string]int
}

func (f *fakeRegistry) Entities(context.Context) ([]model.Entity, error) { return f.ents, nil }
func (f *fakeRegistry) EntityMentionCounts(context.Context) (map[string]int, error) {
	return f.counts, nil
}

// The registry lists the most mentioned first (ties by name, as stored)
// and filters by folded name or alias.
func TestEntitiesOrderAndFilter(t *testing.T) {
	ui, _ := newTestUI(t)
	f := &fakeRegistry{
		ents: []model.Entity{ // by name, as Entities returns them
			{ID: "amman", Type: "GPE", Name: "Amman", Aliases: []model.Alias{{Name: "عمّان", Lang: "ar"}}},
			{ID: "israel", Type: "GPE", Name: "إسرائيل"},
			{ID: "jordan", Type: "GPE", Name: "Jordan", Aliases: []model.Alias{{Name: "الأردن", Lang: "ar"}}},
			{ID: "porter", Type: "PER", Name: "Jane Porter"},
		},
		counts: map[string]int{"jordan": 5, "israel": 2, "porter": 2},
	}
	s := ui.entities
	act(ui, func() {
		s.store = f
		s.reload()
	})
	ui.wait()
	ids := func() []string {
		var out []string
		for _, r := range s.rows {
			out = append(out, r.entity.ID)
		}
		return out
	}
	act(ui, func() {
		if got := ids(); !slices.Equal(got, []string{"jordan", "israel", "porter", "amman"}) {
			t.Errorf("order %v", got)
		}
		if s.info.Text != "4 of 4 entities" {
			t.Errorf("info %q", s.info.Text)
		}
	})
	for _, c := range []struct {
		filter string
		want   []string
	}{
		{"اسرائيل", []string{"israel"}}, // without the hamza
		{"عمان", []string{"amman"}},     // an alias, without the shadda
		{"JORDAN", []string{"jordan"}},
		{"an", []string{"jordan", "porter", "amman"}},
		{"  ", []string{"jordan", "israel", "porter", "amman"}},
		{"Cairo", nil},
	} {
		act(ui, func() { s.filter.SetText(c.filter) })
		act(ui, func() {
			if got := ids(); !slices.Equal(got, c.want) {
				t.Errorf("filter %q: %v, want %v", c.filter, got, c.want)
			}
		})
	}
}

// fakeMentions is a mentionsStore that records the articles asked for.
type fakeMentions struct {
	anns   []model.Annotation
	titles map[string]string
	asked  [][]string
}

func (f *fakeMentions) Mentions(context.Context, string) ([]model.Annotation, error) {
	return f.anns, nil
}

func (f *fakeMentions) ListArticles(_ context.Context, o storage.ListOptions) ([]storage.ArticleSummary, error) {
	f.asked = append(f.asked, o.IDs)
	var out []storage.ArticleSummary
	for _, id := range o.IDs {
		out = append(out, storage.ArticleSummary{ID: id, Title: f.titles[id]})
	}
	return out, nil
}

// An entity's mentions come with their articles' titles, read in one
// listing of the distinct articles.
func TestLoadMentionsTitles(t *testing.T) {
	f := &fakeMentions{
		anns: []model.Annotation{
			{ID: "m1", ArticleID: "a"}, {ID: "m2", ArticleID: "b"}, {ID: "m3", ArticleID: "a"},
		},
		titles: map[string]string{"a": "Ferry delays", "b": "وزارة المياه"},
	}
	rows, err := loadMentions(context.Background(), f, "e")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.ann.ID+":"+r.title)
	}
	if want := []string{"m1:Ferry delays", "m2:وزارة المياه", "m3:Ferry delays"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if len(f.asked) != 1 || !slices.Equal(f.asked[0], []string{"a", "b"}) {
		t.Errorf("articles listed %v, want one listing of a and b", f.asked)
	}
}

func TestMetaLineIsolatesLeftToRightParts(t *testing.T) {
	a := &model.Article{Source: "الغد", Published: "2023-06-01", Language: "ar", URL: "https://example.org/a?b=1",
		Origin: model.Origin{File: "news/ghad.html", Format: "html"}}
	want := "الغد · \u20661 Jun 2023\u2069 · \u2066ar\u2069 · \u2066https://example.org/a?b=1\u2069 · imported from \u2066news/ghad.html\u2069 (html)"
	if got := metaLine(a); got != want {
		t.Errorf("metaLine\n got %q\nwant %q", got, want)
	}
	if got := metaLine(&model.Article{Origin: model.Origin{Format: "paste"}}); got != "imported from paste" {
		t.Errorf("pasted: %q", got)
	}
}

func TestDescribeHistory(t *testing.T) {
	one := []model.HistoryEntry{{Action: model.ActionDelete, ObjectKind: "annotation"}}
	if got := describeHistory(one); got != "annotation removed" {
		t.Errorf("one: %q", got)
	}
	three := []model.HistoryEntry{{Action: model.ActionCreate, ObjectKind: "set"}, {}, {}}
	if got := describeHistory(three); got != "3 changes (set restored, …)" {
		t.Errorf("three: %q", got)
	}
}
