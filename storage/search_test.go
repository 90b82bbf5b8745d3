package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"daftar/model"
	"daftar/query"
	"daftar/textnorm"
)

// Articles written for the search tests, in the style of the corpus.
const (
	searchVisit = "باكو - التقى وزير الدفاع الإِسْرَائِيلِيُّ غـــالانت اليوم رئيس أذربيجان في زيارة تهدف إلى تعزيز التعاون مع باكو التي تتقاسم حدودا مع إيران."
	searchTrade = "قال مسؤول إن الشركات بإيران وإسرائيل تتنافس على أسواق آسيا الوسطى، وإن الصادرات بلغت 740 مليون دولار."
	searchEmoji = "📰🔥 عاجل 👩\u200d👩\u200d👧: وزير الدفاع يزور إيران غدا"
	searchLatin = "Gallant met Aliyev in Baku on Thursday; the Iranian embassy said Iran's envoy was not invited."
	searchOther = "أعلنت وزارة الصحة عن حملة تطعيم جديدة في المدارس الحكومية خلال الشهر المقبل."
)

type searchArchive struct {
	s                                 *Store
	visit, trade, emoji, latin, other string
	texts                             map[string]string
}

func newSearchArchive(t testing.TB) *searchArchive {
	t.Helper()
	s := newTestStore(t)
	mk := func(title, text, source, published, lang string) model.Article {
		a := article(title, text)
		a.Source, a.Published, a.Language = source, published, lang
		return a
	}
	arts := []model.Article{
		mk("غالانت في باكو", searchVisit, "وكالة الأنباء", "2023-10-05", "ar"),
		mk("تجارة", searchTrade, "Daily Record", "2023-11-01T09:30:00Z", "ar"),
		mk("عاجل", searchEmoji, "وكالة الأنباء", "2024-01", "ar"),
		mk("Gallant in Baku", searchLatin, "Evening Post", "2023-10-06", "en"),
		mk("الصحة", searchOther, "Daily Record", "", "ar"),
	}
	ids := mustAdd(t, s, arts...)
	x := &searchArchive{s: s, visit: ids[0], trade: ids[1], emoji: ids[2], latin: ids[3], other: ids[4], texts: map[string]string{}}
	for i, id := range ids {
		x.texts[id] = arts[i].Text
	}
	return x
}

func (x *searchArchive) search(t *testing.T, req SearchRequest) *SearchResult {
	t.Helper()
	res, err := x.s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	return res
}

func cutSpan(text string, s query.Span) string { return string([]rune(text)[s.Start:s.End]) }

// The archive test: each query finds the right articles, and every
// span cut out of the stored text is the original word.
func TestSearchArchive(t *testing.T) {
	x := newSearchArchive(t)
	tests := []struct {
		query string
		want  map[string][]string // article -> words highlighted in its text
	}{
		{"ايران", map[string][]string{x.visit: {"إيران"}, x.trade: {"بإيران"}, x.emoji: {"إيران"}}},
		{"إيران", map[string][]string{x.visit: {"إيران"}, x.trade: {"بإيران"}, x.emoji: {"إيران"}}},
		{"إِيرَان", map[string][]string{x.visit: {"إيران"}, x.trade: {"بإيران"}, x.emoji: {"إيران"}}},
		{"اسرائيل", map[string][]string{x.visit: {"الإِسْرَائِيلِيُّ"}, x.trade: {"وإسرائيل"}}},
		{"الإِسْرَائِيلِيُّ", map[string][]string{x.visit: {"الإِسْرَائِيلِيُّ"}, x.trade: {"وإسرائيل"}}},
		{"غالانت", map[string][]string{x.visit: {"غـــالانت"}}},
		{"اذربيجان", map[string][]string{x.visit: {"أذربيجان"}}},
		{`"وزير الدفاع"`, map[string][]string{x.visit: {"وزير الدفاع"}, x.emoji: {"وزير الدفاع"}}},
		{`"وزير دفاع"`, map[string][]string{x.visit: {"وزير الدفاع"}, x.emoji: {"وزير الدفاع"}}},
		{"gallant", map[string][]string{x.latin: {"Gallant"}}},
		{"iran*", map[string][]string{x.latin: {"Iranian", "Iran"}}},
		{"اسيا", map[string][]string{x.trade: {"آسيا"}}},
		{"ايران -غالانت", map[string][]string{x.trade: {"بإيران"}, x.emoji: {"إيران"}}},
		{"غالانت OR gallant", map[string][]string{x.visit: {"غـــالانت"}, x.latin: {"Gallant"}}},
		{"طهران", map[string][]string{}},
	}
	for _, tt := range tests {
		res := x.search(t, SearchRequest{Query: tt.query})
		got := map[string][]string{}
		for _, h := range res.Hits {
			words := []string{}
			for _, sp := range h.Spans {
				words = append(words, cutSpan(x.texts[h.ID], sp))
			}
			got[h.ID] = words
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: got %q, want %q", tt.query, got, tt.want)
		}
		if res.Total != len(tt.want) || res.Unit != "codepoint" {
			t.Errorf("%s: total %d unit %q", tt.query, res.Total, res.Unit)
		}
	}
}

// Exact folded matches rank above matches found only through the stem.
func TestSearchRanksExactAboveStem(t *testing.T) {
	x := newSearchArchive(t)
	res := x.search(t, SearchRequest{Query: "ايران"})
	if len(res.Hits) != 3 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	if last := res.Hits[2]; last.ID != x.trade {
		t.Errorf("stem-only match (بإيران) should rank last, got order %v", hitIDs(res))
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Score > res.Hits[i-1].Score {
			t.Errorf("scores not descending: %v", res.Hits)
		}
	}
	if res.Hits[0].Score <= 0 {
		t.Errorf("score %v should be positive (-bm25)", res.Hits[0].Score)
	}
}

func hitIDs(res *SearchResult) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestSearchTitleSpansAndSnippet(t *testing.T) {
	x := newSearchArchive(t)
	res := x.search(t, SearchRequest{Query: "غالانت", SnippetRunes: 40})
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	h := res.Hits[0]
	if h.Title != "غالانت في باكو" || len(h.TitleSpans) != 1 || cutSpan(h.Title, h.TitleSpans[0]) != "غالانت" {
		t.Errorf("title spans %v of %q", h.TitleSpans, h.Title)
	}
	if h.Source != "وكالة الأنباء" || h.Published != "2023-10-05" || h.Language != "ar" {
		t.Errorf("metadata %+v", h)
	}
	sp := h.Spans[0]
	rel := query.Span{Start: sp.Start - h.SnippetOffset, End: sp.End - h.SnippetOffset}
	if rel.Start < 0 || cutSpan(h.Snippet, rel) != "غـــالانت" {
		t.Errorf("snippet %q at %d does not hold the span", h.Snippet, h.SnippetOffset)
	}
	if n := len([]rune(h.Snippet)); n > 40 {
		t.Errorf("snippet of %d runes", n)
	}
	if !strings.Contains(x.texts[h.ID], h.Snippet) {
		t.Error("snippet is not a substring of the text")
	}
}

// After an emoji, code points and UTF-16 differ; spans stay code points and
// convert exactly at the edge.
func TestSearchEmojiOffsets(t *testing.T) {
	x := newSearchArchive(t)
	res := x.search(t, SearchRequest{Query: "ايران", Source: "وكالة الأنباء", From: "2024-01-01"})
	if len(res.Hits) != 1 || res.Hits[0].ID != x.emoji {
		t.Fatalf("hits %v", hitIDs(res))
	}
	text := x.texts[x.emoji]
	sp := res.Hits[0].Spans[0]
	if cutSpan(text, sp) != "إيران" {
		t.Fatalf("code-point span cuts %q", cutSpan(text, sp))
	}
	us, ue := textnorm.CodePointToUTF16(text, sp.Start), textnorm.CodePointToUTF16(text, sp.End)
	if us == sp.Start {
		t.Fatal("UTF-16 and code points should differ here")
	}
	if got := string(utf16.Decode(utf16.Encode([]rune(text))[us:ue])); got != "إيران" {
		t.Errorf("UTF-16 span cuts %q", got)
	}
}

func TestSearchFilters(t *testing.T) {
	ctx := context.Background()
	x := newSearchArchive(t)
	s := x.s
	// Annotations, an entity link, a claim with a verdict, a set.
	iran := mustEntity(t, s, "GPE", "إيران")
	mention := span(t, x.trade, x.texts[x.trade], "GPE", "بإيران")
	mention.EntityID = iran.ID
	claim := span(t, x.visit, x.texts[x.visit], "CLAIM", "غـــالانت")
	claim.Verdict = model.VerdictFalse
	if _, err := s.CreateAnnotations(ctx, "tester", []model.Annotation{mention, claim}); err != nil {
		t.Fatal(err)
	}
	set, err := s.CreateSet(ctx, "tester", model.Set{Name: "picked", ArticleIDs: []string{x.emoji, x.latin}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  SearchRequest
		want []string
	}{
		{"language", SearchRequest{Query: "ايران OR iran", Language: "en"}, []string{x.latin}},
		{"source", SearchRequest{Query: "ايران", Source: "daily record"}, []string{x.trade}},
		{"from", SearchRequest{Query: "ايران", From: "2023-11-01"}, []string{x.emoji, x.trade}},
		{"to (time of day within the day)", SearchRequest{Query: "ايران", To: "2023-11-01"}, []string{x.visit, x.trade}},
		{"partial date overlaps", SearchRequest{Query: "ايران", From: "2024-01-15", To: "2024-02-01"}, []string{x.emoji}},
		{"range", SearchRequest{Query: "ايران", From: "2023-10", To: "2023-10"}, []string{x.visit}},
		{"set", SearchRequest{Query: "ايران", SetID: set.ID}, []string{x.emoji}},
		{"annotation type", SearchRequest{Query: "ايران", AnnotationType: "gpe"}, []string{x.trade}},
		{"entity", SearchRequest{Query: "ايران", EntityID: iran.ID}, []string{x.trade}},
		{"verdict", SearchRequest{Query: "ايران", Verdict: model.VerdictFalse}, []string{x.visit}},
		{"verdict none", SearchRequest{Query: "ايران", Verdict: model.VerdictTrue}, nil},
		{"empty query lists by date", SearchRequest{Source: "Daily Record"}, []string{x.trade, x.other}},
		{"empty query, all newest first", SearchRequest{}, []string{x.emoji, x.trade, x.latin, x.visit, x.other}},
		{"empty query with set", SearchRequest{SetID: set.ID}, []string{x.emoji, x.latin}},
		{"offset", SearchRequest{Query: "ايران", Limit: 1, Offset: 2}, []string{x.trade}},
		{"offset past the end", SearchRequest{Query: "ايران", Offset: 10}, nil},
	}
	for _, tt := range tests {
		res := x.search(t, tt.req)
		got := hitIDs(res)
		want := tt.want
		if tt.req.Query != "" && tt.req.Limit == 0 && tt.req.Offset == 0 {
			// Ranked order is the scorer's business; compare as sets.
			slices.Sort(got)
			want = slices.Clone(want)
			slices.Sort(want)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, want)
		}
	}
	// A page is a slice of the full ranking.
	all := hitIDs(x.search(t, SearchRequest{Query: "ايران"}))
	for i := range all {
		if got := hitIDs(x.search(t, SearchRequest{Query: "ايران", Limit: 1, Offset: i})); fmt.Sprint(got) != fmt.Sprint(all[i:i+1]) {
			t.Errorf("page %d: %v of %v", i, got, all)
		}
	}
	// Total counts every match, not just the page.
	if res := x.search(t, SearchRequest{Query: "ايران", Limit: 1}); res.Total != 3 || len(res.Hits) != 1 {
		t.Errorf("paged total %d, %d hits", res.Total, len(res.Hits))
	}
	// Listing has snippets from the start and no spans.
	res := x.search(t, SearchRequest{Source: "Evening Post", SnippetRunes: 20})
	if len(res.Hits) != 1 || res.Hits[0].SnippetOffset != 0 || len(res.Hits[0].Spans) != 0 || res.Hits[0].Score != 0 {
		t.Errorf("listing hit %+v", res.Hits)
	}
}

func TestSearchQueryErrors(t *testing.T) {
	x := newSearchArchive(t)
	for _, in := range []string{`"`, `*`, `-`, `AND`, `((`, `NOT`, `""`} {
		_, err := x.s.Search(context.Background(), SearchRequest{Query: in})
		if !errors.Is(err, query.ErrEmpty) || !IsQueryError(err) {
			t.Errorf("%q: error %v, want ErrEmpty", in, err)
		}
	}
	_, err := x.s.Search(context.Background(), SearchRequest{Query: "-ايران"})
	if !errors.Is(err, query.ErrOnlyExcludes) {
		t.Errorf("only excludes: %v", err)
	}
	_, err = x.s.Search(context.Background(), SearchRequest{Query: "ايران", From: "yesterday"})
	if !errors.Is(err, ErrBadFilter) || !IsQueryError(err) {
		t.Errorf("bad date: %v", err)
	}
	// Inputs that are FTS5 syntax run as plain words, without SQL errors.
	for _, in := range []string{`NEAR(`, `title_fold:x`, `{text_stem}: ايران`, `ايران*"`, strings.Repeat("ا", 10000),
		strings.Repeat(`"a" `, 3000), `a OR OR -b`, `'; DROP TABLE articles; --`, "ايران\x00"} {
		if _, err := x.s.Search(context.Background(), SearchRequest{Query: in}); err != nil && !IsQueryError(err) {
			t.Errorf("%.30q: %v", in, err)
		}
	}
	if n := countRows(t, x.s.db, "articles"); n != 5 {
		t.Errorf("%d articles left", n)
	}
}

// Deleted and re-titled articles leave and re-enter the results.
func TestSearchFollowsChanges(t *testing.T) {
	ctx := context.Background()
	x := newSearchArchive(t)
	if err := x.s.DeleteArticle(ctx, "tester", x.trade); err != nil {
		t.Fatal(err)
	}
	if res := x.search(t, SearchRequest{Query: "اسرائيل"}); fmt.Sprint(hitIDs(res)) != fmt.Sprint([]string{x.visit}) {
		t.Errorf("after delete: %v", hitIDs(res))
	}
	a, err := x.s.Article(ctx, x.other)
	if err != nil {
		t.Fatal(err)
	}
	a.Title = "طهران اليوم"
	if err := x.s.UpdateArticleMeta(ctx, *a); err != nil {
		t.Fatal(err)
	}
	res := x.search(t, SearchRequest{Query: "طهران"})
	if len(res.Hits) != 1 || res.Hits[0].ID != x.other || len(res.Hits[0].Spans) != 0 || len(res.Hits[0].TitleSpans) != 1 {
		t.Errorf("after retitle: %+v", res.Hits)
	}
}

// Folded text must split into the same words for SQLite's unicode61
// tokenizer as for textnorm.Tokens, or highlights and MATCH disagree. Every
// code point is tried between two letters.
func TestFoldedTokensAgreeWithFTS5(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, stmt := range []string{
		`CREATE VIRTUAL TABLE temp.tokcheck USING fts5(x, tokenize = 'unicode61 remove_diacritics 0')`,
		`CREATE VIRTUAL TABLE temp.tokvocab USING fts5vocab(temp, tokcheck, 'row')`,
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	goTerms := map[string]bool{}
	var doc strings.Builder
	flush := func() {
		if _, err := conn.ExecContext(ctx, `INSERT INTO temp.tokcheck(x) VALUES (?)`, doc.String()); err != nil {
			t.Fatal(err)
		}
		doc.Reset()
	}
	for r := rune(0x80); r <= 0x323AF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		folded := textnorm.Normalize("q" + string(r) + "q").Text
		for _, tok := range textnorm.Tokens(folded) {
			goTerms[tok.Text] = true
		}
		doc.WriteString(folded)
		doc.WriteString(" . ")
		if doc.Len() > 8000 {
			flush()
		}
	}
	flush()
	rows, err := conn.QueryContext(ctx, `SELECT term FROM temp.tokvocab`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sqlTerms := map[string]bool{}
	for rows.Next() {
		var term string
		if err := rows.Scan(&term); err != nil {
			t.Fatal(err)
		}
		sqlTerms[term] = true
	}
	if len(sqlTerms) < 100000 {
		t.Fatalf("only %d terms indexed", len(sqlTerms))
	}
	var onlySQL, onlyGo []string
	for term := range sqlTerms {
		if !goTerms[term] {
			onlySQL = append(onlySQL, fmt.Sprintf("%q", term))
		}
	}
	for term := range goTerms {
		if !sqlTerms[term] {
			onlyGo = append(onlyGo, fmt.Sprintf("%q", term))
		}
	}
	slices.Sort(onlySQL)
	slices.Sort(onlyGo)
	if len(onlySQL) > 0 || len(onlyGo) > 0 {
		t.Errorf("tokenizers disagree: %d terms only in SQLite %.400v, %d only in Go %.400v", len(onlySQL), onlySQL, len(onlyGo), onlyGo)
	}
}

// The "done when" on the real seed article (../shared/corpus beside
// the repository, not copied into it): ايران, اسرائيل and غالانت find it, and
// every span cut out of its text is an original word containing the query
// word's letters.
func TestSearchSeedArticle(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "000_decb7cdc42e1d4d6.txt"))
	if err != nil {
		t.Skip("shared corpus not found beside the repository:", err)
	}
	s := newTestStore(t)
	a := article("seed", string(raw))
	id := mustAdd(t, s, a)[0]
	for _, tt := range []struct{ q, word string }{{"ايران", "يران"}, {"اسرائيل", "سرائيل"}, {"غالانت", "غالانت"}} {
		res, err := s.Search(context.Background(), SearchRequest{Query: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].ID != id || len(res.Hits[0].Spans) == 0 {
			t.Fatalf("%s: %+v", tt.q, res.Hits)
		}
		for _, sp := range res.Hits[0].Spans {
			w := cutSpan(a.Text, sp)
			if !strings.Contains(textnorm.Fold(w), tt.word) || strings.ContainsAny(w, " \n،.") {
				t.Errorf("%s: span %v cuts %q", tt.q, sp, w)
			}
		}
		var words []string
		for _, sp := range res.Hits[0].Spans {
			words = append(words, cutSpan(a.Text, sp))
		}
		t.Logf("%s: %q", tt.q, words)
	}
}

// Search ranks every match by bm25: its pages are those of a brute-force
// sort of all matches by SQLite's bm25 in one query, and that bm25 is the
// one a Go implementation of its definition computes from the indexed
// tokens.
func TestSearchRanksLikeBruteForce(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	arts := corpusArticles(21, 400)
	// Equal scores (texts differing only in a word no query has) make
	// ties, which import order breaks.
	for i := range 6 {
		for _, w := range []string{"زاي", "حاء"} {
			a := arts[i]
			a.Title, a.Text, a.SHA256 = fmt.Sprintf("نسخة %d %s", i, w), a.Text+" نسخة "+w, ""
			arts = append(arts, a)
		}
	}
	mustAdd(t, s, arts...)
	texts, ids := map[int64][2]string{}, map[int64]string{}
	err := eachRow(ctx, s.db, `SELECT seq, id, title, text FROM articles`, nil, func(rows *sql.Rows) error {
		var seq int64
		var id, ti, tx string
		err := rows.Scan(&seq, &id, &ti, &tx)
		texts[seq], ids[seq] = [2]string{ti, tx}, id
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"نسخة", "وزير OR ministre", `"وزير الدفاع" -نسخة`, "iran*"}
	for _, q := range benchQueries {
		queries = append(queries, q[0])
	}
	checked := 0
	for _, qs := range queries {
		q, err := query.Parse(qs)
		if err != nil {
			t.Fatal(err)
		}
		expr := q.FTS5()
		sc, err := newScorer(ctx, s.db, expr)
		if err != nil {
			t.Fatal(err)
		}
		var all []rankedRow
		err = eachRow(ctx, s.db, `SELECT rowid, -`+query.Rank+` FROM article_fts WHERE article_fts MATCH ?`, []any{expr}, func(rows *sql.Rows) error {
			var r rankedRow
			if err := rows.Scan(&r.seq, &r.score); err != nil {
				return err
			}
			cols := indexColumns(texts[r.seq][0], texts[r.seq][1])
			if own := sc.score(&cols); math.Abs(own-r.score) > 1e-12*math.Abs(r.score) {
				t.Errorf("%s: article %d scores %v by SQLite's bm25, %v by its definition", qs, r.seq, r.score, own)
			}
			all = append(all, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(all, func(i, j int) bool { return better(all[i], all[j]) })
		for _, page := range []struct{ limit, offset int }{{MaxSearchLimit, 0}, {5, 0}, {7, 3}, {10, 30}, {3, max(0, len(all)-2)}} {
			res, err := s.Search(ctx, SearchRequest{Query: qs, Limit: page.limit, Offset: page.offset})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != len(all) || res.Ranked != len(all) {
				t.Errorf("%s: total %d ranked %d, want %d", qs, res.Total, res.Ranked, len(all))
			}
			want := all[min(page.offset, len(all)):min(page.offset+page.limit, len(all))]
			if len(res.Hits) != len(want) {
				t.Fatalf("%s %+v: %d hits, want %d", qs, page, len(res.Hits), len(want))
			}
			for i, h := range res.Hits {
				if h.Score != want[i].score || h.ID != ids[want[i].seq] {
					t.Fatalf("%s %+v: hit %d is %s (%v), want %s (%v)", qs, page, i, h.ID, h.Score, ids[want[i].seq], want[i].score)
				}
			}
			checked += len(want)
		}
	}
	if checked < 2000 {
		t.Errorf("only %d hits compared", checked)
	}
}

// Highlighting and the index agree: for queries made of the archive's own
// words (every word, its clitic-free and vocalized spellings, prefixes,
// word pairs as phrases), an article is a hit exactly when Matches finds
// something in its title or text.
func TestSearchHighlightsAgreeWithIndex(t *testing.T) {
	ctx := context.Background()
	x := newSearchArchive(t)
	extra := mustAdd(t, x.s, corpusArticles(11, 12)...)
	texts := map[string][2]string{}
	for _, id := range append(extra, x.visit, x.trade, x.emoji, x.latin, x.other) {
		a, err := x.s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		texts[id] = [2]string{a.Title, a.Text}
	}
	var queries []string
	seen := map[string]bool{}
	addQ := func(q string) {
		if !seen[q] {
			seen[q] = true
			queries = append(queries, q)
		}
	}
	for _, src := range []string{searchVisit, searchTrade, searchEmoji, searchLatin, searchOther} {
		words := strings.Fields(src)
		for i, w := range words {
			addQ(w)
			if r := []rune(textnorm.Fold(w)); len(r) > 4 {
				addQ(string(r[:3]) + "*")
				addQ(string(r[1:])) // without a possible clitic
			}
			if i > 0 {
				addQ(`"` + words[i-1] + " " + w + `"`)
			}
		}
	}
	for _, q := range []string{"الإِسْرَائِيلِيُّ", "وزير OR embassy", "ايران -باكو", "تعاون", "الحكومية", "حكومه", "Iranian"} {
		addQ(q)
	}
	for _, qs := range queries {
		q, err := query.Parse(qs)
		if err != nil {
			continue
		}
		res, err := x.s.Search(ctx, SearchRequest{Query: qs, Limit: MaxSearchLimit})
		if err != nil {
			t.Fatalf("%s: %v", qs, err)
		}
		hit := map[string]bool{}
		for _, h := range res.Hits {
			hit[h.ID] = true
		}
		for id, tt := range texts {
			highlighted := len(q.Matches(tt[0])) > 0 || len(q.Matches(tt[1])) > 0
			if len(q.Excludes) > 0 {
				if hit[id] && !highlighted {
					t.Errorf("%s: hit %s has no highlight", qs, id)
				}
				continue
			}
			if len(q.Groups) > 1 {
				if hit[id] && !highlighted {
					t.Errorf("%s: hit %s has no highlight", qs, id)
				}
				continue
			}
			if hit[id] != highlighted {
				t.Errorf("%s (%s): article %.30q hit=%v highlighted=%v", qs, q.FTS5(), tt[1], hit[id], highlighted)
			}
		}
	}
	if len(queries) < 100 {
		t.Errorf("only %d queries", len(queries))
	}
}
