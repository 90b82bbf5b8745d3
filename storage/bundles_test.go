package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/model"
)

// fillArchive gives a store articles (with tags and metadata), entities with
// aliases, mentions, a claim with targets and two sets.
func fillArchive(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	baku := article("Baku embassy", bakuText)
	baku.Source, baku.Published, baku.Language, baku.Direction, baku.Tags = "Wire", "2023-04-01", "ar", model.RTL, []string{"embassy", "iran"}
	baku.Origin = model.Origin{File: "baku.txt", Format: "txt"}
	arts := append([]model.Article{baku}, corpusArticles(5, 3)...)
	ids := mustAdd(t, s, arts...)
	cohen := mustEntity(t, s, "PER", "إيلي كوهين", model.Alias{Name: "Eli Cohen", Lang: "en"})
	iran := mustEntity(t, s, "GPE", "إيران", model.Alias{Name: "Iran", Lang: "en"}, model.Alias{Name: "ایران", Lang: "fa"})
	unused := mustEntity(t, s, "ORG", "SIPRI")
	_ = unused
	m1 := span(t, ids[0], baku.Text, "PER", "إيلي كوهين")
	m1.EntityID, m1.Note = cohen.ID, "foreign minister"
	m2 := span(t, ids[0], baku.Text, "GPE", "إيران")
	m2.EntityID = iran.ID
	c := span(t, ids[0], baku.Text, "CLAIM", bakuClaim)
	c.ClaimantID, c.TargetIDs, c.Verdict, c.Attribution, c.ClaimDate = cohen.ID, []string{iran.ID}, model.VerdictUnverified, "Cohen", "2023-04-01"
	m3 := span(t, ids[1], arts[1].Text, "MISC", strings.Fields(arts[1].Text)[0])
	if _, err := s.CreateAnnotations(ctx, "alice", []model.Annotation{m1, m2, c, m3}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSet(ctx, "alice", model.Set{Name: "Baku", Note: "n", ArticleIDs: []string{ids[0], ids[2]}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSet(ctx, "alice", model.Set{Name: "saved search", Query: "ايران"}); err != nil {
		t.Fatal(err)
	}
}

// exportJSON exports the whole archive and writes it as a bundle.
func exportJSON(t *testing.T, s *Store) []byte {
	t.Helper()
	b, err := s.ExportBundle(context.Background(), Scope{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withoutExportedAt re-encodes a bundle's JSON without its exported_at.
func withoutExportedAt(t *testing.T, data []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["exported_at"]; !ok {
		t.Fatal("bundle has no exported_at")
	}
	delete(m, "exported_at")
	out, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func readBundle(t *testing.T, data []byte) *bundle.Bundle {
	t.Helper()
	b, err := bundle.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBundleRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	fillArchive(t, src)
	first := exportJSON(t, src)

	dst := newTestStore(t)
	rep, err := dst.ImportBundle(ctx, "importer", readBundle(t, first), false)
	if err != nil {
		t.Fatal(err)
	}
	want := BundleReport{ArticlesAdded: 4, EntitiesAdded: 3, AnnotationsAdded: 4, SetsAdded: 2, MembersAdded: 2}
	if !reflect.DeepEqual(*rep, want) {
		t.Errorf("report %+v, want %+v", *rep, want)
	}
	second := exportJSON(t, dst)
	if a, b := withoutExportedAt(t, first), withoutExportedAt(t, second); a != b {
		t.Errorf("export of the imported archive differs from the original export:\n%s", firstDifference(a, b))
	}
	srcStats, _ := src.Stats(ctx)
	dstStats, _ := dst.Stats(ctx)
	if srcStats.Articles != dstStats.Articles || srcStats.Annotations != dstStats.Annotations || srcStats.Claims != dstStats.Claims ||
		srcStats.Entities != dstStats.Entities || srcStats.Sets != dstStats.Sets {
		t.Errorf("stats differ: %+v vs %+v", srcStats, dstStats)
	}
	for _, q := range []string{`text_fold : "ايران"`, `text_fold : "دولار"`, `title_fold : "embassy"`} {
		if n, want := ftsMatches(t, dst, q), ftsMatches(t, src, q); n != want || n == 0 {
			t.Errorf("imported articles: %s matches %d, want %d as in the source", q, n, want)
		}
	}
	mustCheck(t, dst)

	// A scoped export carries only the set's articles and what they refer to.
	set, err := src.SetByName(ctx, "Baku")
	if err != nil {
		t.Fatal(err)
	}
	part, err := src.ExportBundle(ctx, Scope{SetID: set.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(part.Articles) != 2 || len(part.Annotations) != 3 || len(part.Entities) != 2 || len(part.Sets) != 1 || len(part.Sets[0].ArticleIDs) != 2 {
		t.Errorf("set export: %d articles, %d annotations, %d entities, %d sets", len(part.Articles), len(part.Annotations), len(part.Entities), len(part.Sets))
	}
}

// firstDifference shows where two strings start to differ.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return "first:  ..." + a[lo:min(len(a), i+200)] + "\nsecond: ..." + b[lo:min(len(b), i+200)]
}

func TestBundleImportIsIdempotent(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	fillArchive(t, src)
	data := exportJSON(t, src)

	for _, c := range []struct {
		name string
		dst  func() *Store
	}{
		{"into an empty archive", func() *Store { return newTestStore(t) }},
		{"into the archive it came from", func() *Store { return src }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := c.dst()
			if _, err := dst.ImportBundle(ctx, "importer", readBundle(t, data), false); err != nil {
				t.Fatal(err)
			}
			statsBefore, _ := dst.Stats(ctx)
			export1 := exportJSON(t, dst)
			rep, err := dst.ImportBundle(ctx, "importer", readBundle(t, data), false)
			if err != nil {
				t.Fatal(err)
			}
			if rep.ArticlesAdded+rep.EntitiesAdded+rep.EntitiesUpdated+rep.AnnotationsAdded+rep.AnnotationsUpdated+rep.SetsAdded+rep.MembersAdded+rep.ArticlesDuplicate != 0 {
				t.Errorf("second import changed things: %+v", *rep)
			}
			if rep.Unchanged != 4+3+4 {
				t.Errorf("second import: %d unchanged, want 11", rep.Unchanged)
			}
			statsAfter, _ := dst.Stats(ctx)
			statsBefore.SizeBytes, statsAfter.SizeBytes = 0, 0
			if !reflect.DeepEqual(statsBefore, statsAfter) {
				t.Errorf("stats changed: %+v -> %+v", statsBefore, statsAfter)
			}
			if a, b := withoutExportedAt(t, export1), withoutExportedAt(t, exportJSON(t, dst)); a != b {
				t.Errorf("archive changed by the second import:\n%s", firstDifference(a, b))
			}
		})
	}
}

// badBundle is a valid export with three invalid annotations added: a quote
// that does not match its span, a span outside the text, and an annotation
// of an article neither in the bundle nor in the archive.
func badBundle(t *testing.T, data []byte) (*bundle.Bundle, []string) {
	t.Helper()
	b := readBundle(t, data)
	var art model.Article
	for _, a := range b.Articles {
		if a.Title == "Baku embassy" {
			art = a
		}
	}
	stamp := b.Annotations[0].CreatedAt
	mk := func(start, end int, quote string) model.Annotation {
		return model.Annotation{ID: model.NewID(), ArticleID: art.ID, Kind: model.KindEntity, Type: "GPE", Start: start, End: end,
			Quote: quote, Annotator: "mallory", CreatedAt: stamp, UpdatedAt: stamp}
	}
	good := span(t, art.ID, art.Text, "GPE", "باكو")
	quote := mk(good.Start, good.End, "باريس")
	n := model.RuneLen(art.Text)
	outside := mk(n-1, n+4, "x")
	orphan := mk(0, 4, "باكو")
	orphan.ArticleID = model.NewID()
	valid := mk(good.Start, good.End, good.Quote)
	b.Annotations = append(b.Annotations, quote, valid, outside, orphan)
	return b, []string{quote.ID, outside.ID, orphan.ID}
}

func TestBundleRejectsInvalid(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	fillArchive(t, src)
	data := exportJSON(t, src)

	for _, dstName := range []string{"empty archive", "archive with the records"} {
		t.Run(dstName, func(t *testing.T) {
			dst := newTestStore(t)
			if dstName != "empty archive" {
				if _, err := dst.ImportBundle(ctx, "importer", readBundle(t, data), false); err != nil {
					t.Fatal(err)
				}
			}
			b, badIDs := badBundle(t, data)
			before, _ := dst.Stats(ctx)
			export1 := exportJSON(t, dst)

			_, err := dst.ImportBundle(ctx, "importer", b, false)
			var inv *InvalidBundleError
			if !errors.As(err, &inv) {
				t.Fatalf("err = %v, want *InvalidBundleError", err)
			}
			var got []string
			for _, p := range inv.Problems {
				if p.Kind != "annotation" {
					t.Errorf("problem of kind %s: %s", p.Kind, p.Message)
				}
				got = append(got, p.ID)
			}
			sort.Strings(got)
			want := append([]string{}, badIDs...)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems %v, want %v\n%s", got, want, err)
			}
			for _, needle := range []string{"does not match", "outside the text", "unknown article"} {
				if !strings.Contains(err.Error(), needle) {
					t.Errorf("error does not say %q: %v", needle, err)
				}
			}
			after, _ := dst.Stats(ctx)
			before.SizeBytes, after.SizeBytes = 0, 0
			if !reflect.DeepEqual(before, after) {
				t.Errorf("rejected bundle wrote something: %+v -> %+v", before, after)
			}
			if a, b := withoutExportedAt(t, export1), withoutExportedAt(t, exportJSON(t, dst)); a != b {
				t.Errorf("rejected bundle changed the archive:\n%s", firstDifference(a, b))
			}

			// With skipInvalid, the valid records go in and the three are listed.
			rep, err := dst.ImportBundle(ctx, "importer", b, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Skipped) != 3 {
				t.Errorf("skipped %q, want the 3 invalid annotations", rep.Skipped)
			}
			for _, id := range badIDs {
				if !strings.Contains(strings.Join(rep.Skipped, "\n"), id) {
					t.Errorf("skipped list does not name %s", id)
				}
				if _, err := dst.Annotation(ctx, id); !errors.Is(err, ErrNotFound) {
					t.Errorf("invalid annotation %s was stored: %v", id, err)
				}
			}
			final, _ := dst.Stats(ctx)
			if final.Articles != 4 || final.Annotations != 5 || final.Entities != 3 || final.Sets != 2 {
				t.Errorf("after a skip-invalid import: %+v", final)
			}
			mustCheck(t, dst)
		})
	}
}

// TestBundleOntoSameTextUnderAnotherID: an archive holding the bundle's
// article (same text, its own id) gets the bundle's annotations on its copy.
func TestBundleOntoSameTextUnderAnotherID(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	fillArchive(t, src)
	data := exportJSON(t, src)

	dst := newTestStore(t)
	localID := mustAdd(t, dst, article("my own copy", bakuText))[0]
	rep, err := dst.ImportBundle(ctx, "importer", readBundle(t, data), false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ArticlesDuplicate != 1 || rep.ArticlesAdded != 3 || rep.AnnotationsAdded != 4 {
		t.Errorf("report %+v", *rep)
	}
	anns, err := dst.Annotations(ctx, localID)
	if err != nil {
		t.Fatal(err)
	}
	if len(anns) != 3 {
		t.Errorf("%d annotations on the stored copy, want 3", len(anns))
	}
	if n := countRows(t, dst.db, "articles"); n != 4 {
		t.Errorf("%d articles, want 4 (the copy not stored twice)", n)
	}
	set, err := dst.SetByName(ctx, "Baku")
	if err != nil {
		t.Fatal(err)
	}
	members, _ := dst.SetMembers(ctx, set.ID)
	found := false
	for _, id := range members {
		found = found || id == localID
	}
	if len(members) != 2 || !found {
		t.Errorf("set members %v should include the stored copy %s", members, localID)
	}
	mustCheck(t, dst)

	// And a second import still changes nothing.
	hist := countRows(t, dst.db, "history")
	rep, err = dst.ImportBundle(ctx, "importer", readBundle(t, data), false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ArticlesAdded+rep.AnnotationsAdded+rep.AnnotationsUpdated+rep.EntitiesAdded+rep.EntitiesUpdated+rep.SetsAdded+rep.MembersAdded != 0 {
		t.Errorf("second import: %+v", *rep)
	}
	if n := countRows(t, dst.db, "history"); n != hist {
		t.Errorf("history grew from %d to %d", hist, n)
	}
}

// TestBundleCarryingSameTextTwice: a bundle (merged by hand from two
// archives, say) holding one text under two ids stores it once, and the
// annotations and memberships of the second copy land on the first.
func TestBundleCarryingSameTextTwice(t *testing.T) {
	ctx := context.Background()
	src := newTestStore(t)
	fillArchive(t, src)
	b := readBundle(t, exportJSON(t, src))
	var orig model.Article
	var onOrig []model.Annotation
	for _, a := range b.Articles {
		if a.Title == "Baku embassy" {
			orig = a
		}
	}
	for _, an := range b.Annotations {
		if an.ArticleID == orig.ID {
			onOrig = append(onOrig, an)
		}
	}
	second := orig
	second.ID, second.Title = model.NewID(), "Baku embassy, second feed"
	b.Articles = append(b.Articles, second)
	extra := onOrig[0]
	extra.ID, extra.ArticleID, extra.Annotator = model.NewID(), second.ID, "bob"
	b.Annotations = append(b.Annotations, extra)
	b.Sets = append(b.Sets, model.Set{ID: model.NewID(), Name: "second feed", CreatedAt: orig.ImportedAt, ArticleIDs: []string{second.ID}})

	dst := newTestStore(t)
	rep, err := dst.ImportBundle(ctx, "importer", b, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.ArticlesAdded != 4 || rep.ArticlesDuplicate != 1 || rep.AnnotationsAdded != 5 {
		t.Errorf("report %+v", *rep)
	}
	anns, err := dst.Annotations(ctx, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(anns) != len(onOrig)+1 {
		t.Errorf("%d annotations on the stored copy, want %d", len(anns), len(onOrig)+1)
	}
	set, err := dst.SetByName(ctx, "second feed")
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := dst.SetMembers(ctx, set.ID); !reflect.DeepEqual(m, []string{orig.ID}) {
		t.Errorf("members %v, want the stored copy %s", m, orig.ID)
	}
	mustCheck(t, dst)
}
