package storage

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"daftar/model"
)

const bakuText = `باكو - قال وزير الخارجية الإسرائيلي إيلي كوهين إن إيران وراء محاولة الهجوم على السفارة الإسرائيلية في أذربيجان.
وأضاف أن المبيعات تجاوزت 740 مليون دولار بين 2017 و2019.`

func TestArticleCRUD(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	a := article("Baku embassy", bakuText)
	a.Source, a.Published, a.Language, a.Direction, a.Place = "Wire", "2023-04-01", "ar", model.RTL, "باكو"
	a.Tags = []string{"israel", " azerbaijan ", ""}
	a.Origin = model.Origin{File: "baku.txt", Format: "txt"}
	b := article("Bravo", "The minister said on Sunday that talks would continue.")
	b.Published, b.Source = "2021", "Alpha Post"
	c := article("alpha", "Oil and gas prices rose on world markets last week.")
	c.Published, c.Source = "2022-06", "zulu news"
	ids := mustAdd(t, s, a, b, c)

	got, err := s.Article(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != a.Text || got.Title != a.Title || got.Source != "Wire" || got.Published != "2023-04-01" ||
		got.Language != "ar" || got.Direction != model.RTL || got.Place != "باكو" || got.Origin != a.Origin {
		t.Errorf("stored article differs: %+v", got)
	}
	if got.SHA256 != model.Fingerprint(a.Text) {
		t.Errorf("sha256 = %s, want %s", got.SHA256, model.Fingerprint(a.Text))
	}
	if !reflect.DeepEqual(got.Tags, []string{"azerbaijan", "israel"}) {
		t.Errorf("tags = %q", got.Tags)
	}
	if got.ImportedAt.IsZero() || !model.ValidID(got.ID) {
		t.Errorf("import time %v, id %q not filled in", got.ImportedAt, got.ID)
	}
	if _, err := s.Article(ctx, model.NewID()); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing article: err = %v, want ErrNotFound", err)
	}

	// Listing: sorts, direction, limit, offset.
	titles := func(o ListOptions) []string {
		t.Helper()
		list, err := s.ListArticles(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range list {
			out = append(out, r.Title)
		}
		return out
	}
	for _, c := range []struct {
		name string
		o    ListOptions
		want []string
	}{
		{"default is import order", ListOptions{}, []string{"Baku embassy", "Bravo", "alpha"}},
		{"imported desc", ListOptions{Sort: SortImported, Desc: true}, []string{"alpha", "Bravo", "Baku embassy"}},
		{"title ignores case", ListOptions{Sort: SortTitle}, []string{"alpha", "Baku embassy", "Bravo"}},
		{"published", ListOptions{Sort: SortPublished}, []string{"Bravo", "alpha", "Baku embassy"}},
		{"source desc ignores case", ListOptions{Sort: SortSource, Desc: true}, []string{"alpha", "Baku embassy", "Bravo"}},
		{"limit", ListOptions{Limit: 2}, []string{"Baku embassy", "Bravo"}},
		{"limit and offset", ListOptions{Limit: 2, Offset: 2}, []string{"alpha"}},
		{"ids", ListOptions{IDs: []string{ids[2], ids[0]}}, []string{"Baku embassy", "alpha"}},
		{"no ids", ListOptions{IDs: []string{}}, nil},
	} {
		if got := titles(c.o); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if _, err := s.ListArticles(ctx, ListOptions{Sort: "colour"}); err == nil {
		t.Error("unknown sort order accepted")
	}

	// Set filter and annotation counts.
	set, err := s.CreateSet(ctx, "tester", model.Set{Name: "picked", ArticleIDs: []string{ids[1], ids[0]}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAnnotations(ctx, "tester", []model.Annotation{
		span(t, ids[0], a.Text, "GPE", "إيران"),
		span(t, ids[0], a.Text, "CLAIM", "إيران وراء محاولة الهجوم على السفارة الإسرائيلية في أذربيجان"),
	}); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListArticles(ctx, ListOptions{SetID: set.ID, Sort: SortAnnotations, Desc: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != ids[0] || list[0].Annotations != 2 || list[0].Claims != 1 || list[1].ID != ids[1] || list[1].Annotations != 0 {
		t.Errorf("set listing by annotations: %+v", list)
	}

	// Metadata update: text stays, tags replaced, title reindexed.
	upd := *got
	upd.Title, upd.Source, upd.Published, upd.Notes, upd.Tags = "سفارة في باكو", "Other", "2023-05", "checked", []string{"embassy"}
	upd.Text = "an attempt to change the text"
	if err := s.UpdateArticleMeta(ctx, upd); err != nil {
		t.Fatal(err)
	}
	got2, err := s.Article(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if got2.Text != a.Text || got2.Title != upd.Title || got2.Source != "Other" || got2.Published != "2023-05" ||
		got2.Notes != "checked" || !reflect.DeepEqual(got2.Tags, []string{"embassy"}) {
		t.Errorf("after UpdateArticleMeta: %+v", got2)
	}
	if n := ftsMatches(t, s, `title_fold : "سفاره"`); n != 1 {
		t.Errorf("new title found %d times in the index, want 1", n)
	}
	if n := ftsMatches(t, s, `title_fold : "embassy"`); n != 0 {
		t.Errorf("old title still indexed (%d)", n)
	}
	bad := *got2
	bad.Published = "last week"
	if err := s.UpdateArticleMeta(ctx, bad); err == nil {
		t.Error("invalid published date accepted")
	}
	if err := s.UpdateArticleMeta(ctx, model.Article{ID: model.NewID(), Title: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing article: %v", err)
	}

	// Delete: annotations, memberships, tags and index entry go with it.
	if err := s.DeleteArticle(ctx, "tester", ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Article(ctx, ids[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted article still there: %v", err)
	}
	for from, want := range map[string]int{
		"articles": 2, "annotations": 0, "article_tags": 0, "set_members": 1, "article_fts": 2,
	} {
		if n := countRows(t, s.db, from); n != want {
			t.Errorf("%s: %d rows after delete, want %d", from, n, want)
		}
	}
	if err := s.DeleteArticle(ctx, "tester", ids[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	mustCheck(t, s)
}

func TestAddArticlesRejectsInvalidWithNothingWritten(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		edit func(*model.Article)
	}{
		{"empty text", func(a *model.Article) { a.Text = "  " }},
		{"not canonical", func(a *model.Article) { a.Text = "line one\r\nline two" }},
		{"wrong sha256", func(a *model.Article) { a.SHA256 = model.Fingerprint("something else") }},
		{"bad direction", func(a *model.Article) { a.Direction = "up" }},
		{"bad date", func(a *model.Article) { a.Published = "yesterday" }},
		{"bad id", func(a *model.Article) { a.ID = "42" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTestStore(t)
			good := article("good", "A valid article that comes first in the batch.")
			bad := article("bad", "Another article, spoiled below.")
			c.edit(&bad)
			if _, err := s.AddArticles(ctx, []model.Article{good, bad}); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want model.ErrInvalid", err)
			}
			if n := countRows(t, s.db, "articles"); n != 0 {
				t.Errorf("%d articles written by a failed batch", n)
			}
			if n := countRows(t, s.db, "article_fts"); n != 0 {
				t.Errorf("%d index rows written by a failed batch", n)
			}
			// The near-duplicate cache must not remember the rolled-back article.
			res, err := s.AddArticles(ctx, []model.Article{good})
			if err != nil || res[0].Status != Added || res[0].SimilarTo != "" {
				t.Errorf("adding the good article afterwards: %+v, %v", res, err)
			}
		})
	}
}

// ftsMatches counts the index rows matching an FTS5 query.
func ftsMatches(t testing.TB, s *Store, query string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM article_fts WHERE article_fts MATCH ?`, query).Scan(&n); err != nil {
		t.Fatalf("MATCH %s: %v", query, err)
	}
	return n
}

func TestSearchIndexFollowsArticles(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ids := mustAdd(t, s,
		article("إيران والسفارة", bakuText),
		article("Markets", "Oil and gas prices rose on world markets last week, according to the report."),
		article("Tatweel", "قالت مصادر دبلوماسية إن الرئيـــس سيزور أذربيجان الشهر المقبل."),
	)
	if a, f := countRows(t, s.db, "articles"), countRows(t, s.db, "article_fts"); a != 3 || f != 3 {
		t.Fatalf("%d articles, %d index rows", a, f)
	}
	rowidOf := func(id string) int64 {
		var seq int64
		if err := s.db.QueryRow(`SELECT seq FROM articles WHERE id = ?`, id).Scan(&seq); err != nil {
			t.Fatal(err)
		}
		return seq
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{`text_fold : "ايران"`, []string{ids[0]}},            // إيران folded: hamza below dropped
		{`title_fold : "ايران"`, []string{ids[0]}},           // titles are indexed too
		{`text_fold : "اذربيجان"`, []string{ids[0], ids[2]}}, // أذربيجان folded
		{`text_fold : "الرئيس"`, []string{ids[2]}},           // tatweel removed
		{`text_fold : "markets"`, []string{ids[1]}},
		{`text_fold : "MARKETS"`, []string{ids[1]}},
		{`text_fold : "إيران"`, nil}, // only folded forms are indexed
	} {
		rows, err := s.db.Query(`SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid`, c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		var got []int64
		for rows.Next() {
			var r int64
			if err := rows.Scan(&r); err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		rows.Close()
		var want []int64
		for _, id := range c.want {
			want = append(want, rowidOf(id))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("MATCH %s: rowids %v, want %v", c.query, got, want)
		}
	}
	mustCheck(t, s)

	if err := s.DeleteArticle(ctx, "tester", ids[0]); err != nil {
		t.Fatal(err)
	}
	if n := ftsMatches(t, s, `text_fold : "ايران"`); n != 0 {
		t.Errorf("deleted article still found (%d)", n)
	}
	if a, f := countRows(t, s.db, "articles"), countRows(t, s.db, "article_fts"); a != 2 || f != 2 {
		t.Errorf("after delete: %d articles, %d index rows", a, f)
	}
	mustCheck(t, s)

	// Reindex rebuilds the same index.
	if err := s.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	if n := ftsMatches(t, s, `text_fold : "اذربيجان"`); n != 1 {
		t.Errorf("after reindex: %d matches, want 1", n)
	}
	mustCheck(t, s)
}

// dedupeText is a ~2 KB news story written for the near-duplicate test.
const dedupeText = `BAKU — Israel's foreign minister said on Wednesday that Iran was behind an attempted attack on the Israeli
embassy in Azerbaijan, days after the embassy opened its doors in a renovated building near the old city.
Speaking at a news conference with his Azerbaijani counterpart, the minister said intelligence services of
both countries had foiled the plot at an early stage and that several suspects had been detained in the
capital and in a town close to the southern border. He gave no further details about the suspects, their
nationality or the evidence gathered against them, saying only that the investigation was continuing.
Azerbaijan's foreign ministry declined to comment on the accusation but confirmed that security around
diplomatic missions had been reinforced. Tehran has repeatedly denied any involvement in attacks on Israeli
targets abroad and accuses Israel of sabotage inside Iran. Relations between Baku and Tehran have been tense
for years, in part because of Azerbaijan's close military ties with Israel. According to the Stockholm
International Peace Research Institute, Israeli arms sales to Azerbaijan exceeded 740 million dollars between
2017 and 2019, making Israel one of the largest suppliers of weapons to the country. Analysts in the region
said the announcement was likely to deepen the rift between the two neighbours, which share a long border and
a large Azerbaijani-speaking population in northern Iran. The president of Israel is expected to visit Baku
next month to sign agreements on energy, agriculture and technology, officials said. A spokesman for the
Israeli defence ministry said the visit would go ahead as planned despite the incident, and that both
governments were determined to expand cooperation in the coming years.`

func TestDedupe(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	orig := article("original", dedupeText)
	if n := len(orig.Text); n < 1600 || n > 2400 {
		t.Fatalf("dedupe text is %d bytes, want about 2 KB", n)
	}
	first := mustAdd(t, s, orig)[0]

	// Same text, alone and twice in one call (the first copy of the call is
	// a duplicate of the stored article, the second of it too).
	res, err := s.AddArticles(ctx, []model.Article{article("copy", dedupeText), article("copy 2", dedupeText+"\n")})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != Duplicate || r.DuplicateOf != first {
			t.Errorf("copy %d: %+v, want duplicate of %s", i, r, first)
		}
	}

	// Within one call: the second copy points at the first of the call.
	fresh := "A story imported twice in the same batch from two feeds."
	res, err = s.AddArticles(ctx, []model.Article{article("feed 1", fresh), article("feed 2", fresh)})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != Added || res[1].Status != Duplicate || res[1].DuplicateOf != res[0].ID {
		t.Errorf("duplicate within one call: %+v", res)
	}

	// A lightly edited copy: two words changed.
	edited := strings.Replace(dedupeText, "Wednesday", "Thursday", 1)
	edited = strings.Replace(edited, "several suspects", "three suspects", 1)
	if edited == dedupeText {
		t.Fatal("edit did nothing")
	}
	res, err = s.AddArticles(ctx, []model.Article{article("edited", edited)})
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.Status != Added || r.SimilarTo != first || r.Similarity < SimilarThreshold || r.Similarity > 1 {
		t.Errorf("edited copy: %+v, want added, similar to %s with similarity >= %.2f", r, first, SimilarThreshold)
	}

	// An unrelated text is not flagged.
	res, err = s.AddArticles(ctx, []model.Article{article("unrelated", bakuText)})
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.Status != Added || r.SimilarTo != "" || r.Similarity != 0 {
		t.Errorf("unrelated text: %+v", r)
	}
	// A new Store (empty cache) still finds the near-duplicate in the file.
	s.Close()
	s2, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	edited2 := strings.Replace(dedupeText, "Wednesday", "Tuesday", 1)
	res, err = s2.AddArticles(ctx, []model.Article{article("edited again", edited2)})
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.SimilarTo == "" || r.Similarity < SimilarThreshold {
		t.Errorf("near-duplicate after reopening: %+v", r)
	}
	if n := countRows(t, s2.db, "articles"); n != 5 {
		t.Errorf("%d articles stored, want 5 (original, feed 1, edited, unrelated, edited again)", n)
	}
}
