package storage

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"daftar/model"
)

// TestMeasureListBig times ListArticles and Stats on a big archive named by
// $DAFTAR_LIST_DB (skipped otherwise): the library's cold start.
func TestMeasureListBig(t *testing.T) {
	path := os.Getenv("DAFTAR_LIST_DB")
	if path == "" {
		t.Skip("set DAFTAR_LIST_DB to a big archive to measure")
	}
	ctx := context.Background()
	start := time.Now()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Logf("open: %v", time.Since(start))
	for round := range 3 {
		t0 := time.Now()
		page, err := s.ListArticles(ctx, ListOptions{Sort: SortImported, Desc: true, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		all, err := s.ListArticles(ctx, ListOptions{Sort: SortImported, Desc: true})
		if err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t3 := time.Now()
		t.Logf("round %d: first page %d rows %v, all %d rows %v, stats (%d articles) %v, open to listed %v",
			round, len(page), t1.Sub(t0), len(all), t2.Sub(t1), st.Articles, t3.Sub(t2), t2.Sub(start))
	}
}

// viewsFixture is two articles from two sources with mentions and claims:
// claim1 in "Alpha" (2023-05-02, claimant Cohen, targets Iran and Baku),
// claim2 in "Beta" (no claim date; article published 2022-11-20, claimant
// Iran, target Cohen, verdict false).
type viewsFixture struct {
	s                  *Store
	arts               []string
	cohen, iran, baku  *model.Entity
	claim1, claim2     *model.Annotation
	mentionA, mentionB *model.Annotation // linked to Cohen, Iran
	unlinked           *model.Annotation // "Galant" in article 2, no entity
	texts              []string
}

func newViewsFixture(t *testing.T) *viewsFixture {
	t.Helper()
	ctx := context.Background()
	s := newTestStore(t)
	x := &viewsFixture{s: s}
	x.texts = []string{
		"Cohen said Iran was behind the attack on the embassy in Baku. Officials in Baku declined to comment.",
		"Iran denied that Cohen told the truth. Galant visited the region.",
	}
	a1 := article("Embassy attack", x.texts[0])
	a1.Source, a1.Published = "Alpha", "2023-05-01"
	a2 := article("Denial", x.texts[1])
	a2.Source, a2.Published = "Beta", "2022-11-20"
	x.arts = mustAdd(t, s, a1, a2)
	x.cohen = mustEntity(t, s, "PER", "Eli Cohen")
	x.iran = mustEntity(t, s, "GPE", "Iran")
	x.baku = mustEntity(t, s, "GPE", "Baku")
	m1 := span(t, x.arts[0], x.texts[0], "PER", "Cohen")
	m1.EntityID = x.cohen.ID
	m2 := span(t, x.arts[0], x.texts[0], "GPE", "Iran")
	m2.EntityID = x.iran.ID
	un := span(t, x.arts[1], x.texts[1], "PER", "Galant")
	c1 := span(t, x.arts[0], x.texts[0], "CLAIM", "Iran was behind the attack")
	c1.ClaimantID, c1.TargetIDs, c1.ClaimDate, c1.Verdict = x.cohen.ID, []string{x.iran.ID, x.baku.ID}, "2023-05-02", model.VerdictUnverified
	c2 := span(t, x.arts[1], x.texts[1], "CLAIM", "Cohen told the truth")
	c2.ClaimantID, c2.TargetIDs, c2.Verdict = x.iran.ID, []string{x.cohen.ID}, model.VerdictFalse
	anns, err := s.CreateAnnotations(ctx, "tester", []model.Annotation{m1, m2, un, c1, c2})
	if err != nil {
		t.Fatal(err)
	}
	x.mentionA, x.mentionB, x.unlinked, x.claim1, x.claim2 = &anns[0], &anns[1], &anns[2], &anns[3], &anns[4]
	return x
}

func claimIDs(rows []ClaimRow) []string {
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Claim.ID)
	}
	return ids
}

func TestClaimsJoinsArticlesAndNames(t *testing.T) {
	x := newViewsFixture(t)
	ctx := context.Background()
	rows, err := x.s.Claims(ctx, ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d claims, want 2", len(rows))
	}
	r := rows[0] // 2023-05-02 comes before 2022-11-20
	if r.Claim.ID != x.claim1.ID || r.ArticleTitle != "Embassy attack" || r.ArticleSource != "Alpha" || r.ArticlePublished != "2023-05-01" ||
		r.ClaimantName != "Eli Cohen" || !reflect.DeepEqual(r.TargetNames, []string{"Iran", "Baku"}) ||
		!reflect.DeepEqual(r.Claim.TargetIDs, []string{x.iran.ID, x.baku.ID}) {
		t.Fatalf("first row %+v", r)
	}
	// The annotation is the same as the one the store reads on its own.
	want, err := x.s.Annotation(ctx, x.claim1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Claim, *want) {
		t.Fatalf("claim\n%+v\nwant\n%+v", r.Claim, *want)
	}
	if rows[1].Claim.ID != x.claim2.ID || rows[1].ClaimantName != "Iran" || !reflect.DeepEqual(rows[1].TargetNames, []string{"Eli Cohen"}) {
		t.Fatalf("second row %+v", rows[1])
	}
}

func TestClaimsFilters(t *testing.T) {
	x := newViewsFixture(t)
	c1, c2 := x.claim1.ID, x.claim2.ID
	for _, tc := range []struct {
		name string
		f    ClaimFilter
		want []string
	}{
		{"verdict", ClaimFilter{Verdict: model.VerdictFalse}, []string{c2}},
		{"claimant", ClaimFilter{ClaimantID: x.cohen.ID}, []string{c1}},
		{"target", ClaimFilter{TargetID: x.cohen.ID}, []string{c2}},
		{"target baku", ClaimFilter{TargetID: x.baku.ID}, []string{c1}},
		{"source", ClaimFilter{Source: "Alpha"}, []string{c1}},
		{"from year", ClaimFilter{From: "2023"}, []string{c1}},
		{"to month inclusive", ClaimFilter{To: "2022-11"}, []string{c2}},
		{"published date used", ClaimFilter{From: "2022-11-20", To: "2022-11-20"}, []string{c2}},
		{"claim date wins over published", ClaimFilter{From: "2023-05-02", To: "2023-05-02"}, []string{c1}},
		{"range", ClaimFilter{From: "2022", To: "2023-12-31"}, []string{c1, c2}},
		{"none", ClaimFilter{Verdict: model.VerdictTrue}, nil},
		{"limit", ClaimFilter{Limit: 1}, []string{c1}},
		{"combined", ClaimFilter{Source: "Beta", ClaimantID: x.iran.ID, Verdict: model.VerdictFalse}, []string{c2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := x.s.Claims(context.Background(), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := claimIDs(rows); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEntityMentionCountsMatchMentions(t *testing.T) {
	x := newViewsFixture(t)
	ctx := context.Background()
	// A claim whose claimant is also a target counts once.
	c := span(t, x.arts[1], x.texts[1], "CLAIM", "Galant visited the region")
	c.ClaimantID, c.TargetIDs = x.baku.ID, []string{x.baku.ID}
	if _, err := x.s.CreateAnnotation(ctx, "tester", c); err != nil {
		t.Fatal(err)
	}
	lonely := mustEntity(t, x.s, "ORG", "Nobody")
	counts, err := x.s.EntityMentionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []*model.Entity{x.cohen, x.iran, x.baku, lonely} {
		m, err := x.s.Mentions(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if counts[e.ID] != len(m) {
			t.Errorf("%s: count %d, Mentions %d", e.Name, counts[e.ID], len(m))
		}
	}
	if counts[x.cohen.ID] != 3 || counts[x.iran.ID] != 3 || counts[x.baku.ID] != 2 || counts[lonely.ID] != 0 {
		t.Fatalf("counts %v", counts)
	}
}

func TestOverview(t *testing.T) {
	x := newViewsFixture(t)
	ctx := context.Background()
	if _, err := x.s.CreateSet(ctx, "tester", model.Set{Name: "s", ArticleIDs: x.arts[:1]}); err != nil {
		t.Fatal(err)
	}
	o, err := x.s.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := x.s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o.Articles != st.Articles || o.Annotations != st.Annotations || o.Claims != st.Claims || o.Entities != st.Entities || o.Sets != st.Sets ||
		!reflect.DeepEqual(o.Types, st.Types) || !reflect.DeepEqual(o.Languages, st.Languages) {
		t.Fatalf("overview %+v\nstats %+v", o, st)
	}
	if want := map[string]int{model.VerdictUnverified: 1, model.VerdictFalse: 1}; !reflect.DeepEqual(o.Verdicts, want) {
		t.Fatalf("verdicts %v", o.Verdicts)
	}
	want := []EntityCount{
		{x.cohen.ID, "Eli Cohen", "PER", 3}, {x.iran.ID, "Iran", "GPE", 3}, {x.baku.ID, "Baku", "GPE", 1},
	}
	if !reflect.DeepEqual(o.TopEntities, want) {
		t.Fatalf("top %+v", o.TopEntities)
	}
}

func TestArticleSets(t *testing.T) {
	x := newViewsFixture(t)
	ctx := context.Background()
	for _, st := range []model.Set{{Name: "b", ArticleIDs: x.arts}, {Name: "a", ArticleIDs: x.arts[:1]}, {Name: "c", ArticleIDs: x.arts[1:]}} {
		if _, err := x.s.CreateSet(ctx, "tester", st); err != nil {
			t.Fatal(err)
		}
	}
	names := func(id string) []string {
		sets, err := x.s.ArticleSets(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range sets {
			out = append(out, s.Name)
		}
		return out
	}
	if got := names(x.arts[0]); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Fatalf("article 1 in %v", got)
	}
	if got := names(x.arts[1]); !reflect.DeepEqual(got, []string{"b", "c"}) {
		t.Fatalf("article 2 in %v", got)
	}
	if got := names("no-such-article"); got != nil {
		t.Fatalf("unknown article in %v", got)
	}
}

func TestCreateEntityAndLinkIsOneUndo(t *testing.T) {
	x := newViewsFixture(t)
	ctx := context.Background()
	before := takeSnapshot(t, x.s)
	other := span(t, x.arts[0], x.texts[0], "GPE", "Baku")
	o, err := x.s.CreateAnnotation(ctx, "tester", other)
	if err != nil {
		t.Fatal(err)
	}
	withMention := takeSnapshot(t, x.s)
	e, err := x.s.CreateEntityAndLink(ctx, "tester", model.Entity{Type: "per", Name: "Galant"}, x.unlinked.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != "PER" || e.ID == "" {
		t.Fatalf("entity %+v", e)
	}
	for _, id := range []string{x.unlinked.ID, o.ID} {
		a, err := x.s.Annotation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.EntityID != e.ID {
			t.Fatalf("annotation %s links %q, want %s", id, a.EntityID, e.ID)
		}
	}
	linked := takeSnapshot(t, x.s)
	if _, err := x.s.Undo(ctx, "tester"); err != nil {
		t.Fatal(err)
	}
	if got := takeSnapshot(t, x.s); !reflect.DeepEqual(got, withMention) {
		t.Fatalf("one undo did not take back entity and links:\n%+v\nwant\n%+v", got, withMention)
	}
	if _, err := x.s.Redo(ctx, "tester"); err != nil {
		t.Fatal(err)
	}
	if got := takeSnapshot(t, x.s); !reflect.DeepEqual(got, linked) {
		t.Fatalf("redo:\n%+v\nwant\n%+v", got, linked)
	}
	for range 2 {
		if _, err := x.s.Undo(ctx, "tester"); err != nil {
			t.Fatal(err)
		}
	}
	if got := takeSnapshot(t, x.s); !reflect.DeepEqual(got, before) {
		t.Fatalf("two undos:\n%+v\nwant\n%+v", got, before)
	}
	mustCheck(t, x.s)
}

func TestCreateEntityAndLinkIsAllOrNothing(t *testing.T) {
	x := newViewsFixture(t)
	ctx := context.Background()
	before := takeSnapshot(t, x.s)
	for name, ids := range map[string][]string{
		"missing annotation": {x.unlinked.ID, "no-such-annotation"},
		"a claim":            {x.unlinked.ID, x.claim1.ID},
	} {
		if _, err := x.s.CreateEntityAndLink(ctx, "tester", model.Entity{Type: "PER", Name: "Galant"}, ids...); err == nil {
			t.Errorf("%s: no error", name)
		}
		if got := takeSnapshot(t, x.s); !reflect.DeepEqual(got, before) {
			t.Fatalf("%s: a failed call changed the archive", name)
		}
	}
	if _, err := x.s.CreateEntityAndLink(ctx, "tester", model.Entity{Type: "NOPE", Name: "Galant"}, x.unlinked.ID); err == nil {
		t.Fatal("unknown type accepted")
	}
}

func TestUpdateClaimFromMentionsIsOneUndo(t *testing.T) {
	x := newViewsFixture(t)
	ctx := context.Background()
	before := takeSnapshot(t, x.s)
	upd := *x.claim2
	upd.ClaimantID = x.unlinked.ID                                 // a mention: becomes a new entity
	upd.TargetIDs = []string{x.cohen.ID, x.unlinked.ID, x.iran.ID} // the same mention again: one entity
	upd.Attribution, upd.Verdict = "according to Galant", model.VerdictMisleading
	got, err := x.s.UpdateClaimFromMentions(ctx, "tester", upd, x.unlinked.ID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := x.s.Annotation(ctx, x.unlinked.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.EntityID == "" || got.ClaimantID != m.EntityID || !reflect.DeepEqual(got.TargetIDs, []string{x.cohen.ID, m.EntityID, x.iran.ID}) {
		t.Fatalf("claim %+v, mention links %q", got, m.EntityID)
	}
	e, err := x.s.Entity(ctx, m.EntityID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "Galant" || e.Type != "PER" {
		t.Fatalf("new entity %+v", e)
	}
	stored, err := x.s.Annotation(ctx, x.claim2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, got) {
		t.Fatalf("stored %+v\nreturned %+v", stored, got)
	}
	if _, err := x.s.Undo(ctx, "tester"); err != nil {
		t.Fatal(err)
	}
	if after := takeSnapshot(t, x.s); !reflect.DeepEqual(after, before) {
		t.Fatalf("one undo did not take back the claim, the entity and the link")
	}
	// Without mentions it is a plain update.
	upd = *x.claim2
	upd.Stance = "denies"
	if _, err := x.s.UpdateClaimFromMentions(ctx, "tester", upd); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, x.s.db, "entities"); n != 3 {
		t.Fatalf("%d entities", n)
	}
	mustCheck(t, x.s)
}
