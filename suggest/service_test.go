package suggest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"daftar/model"
	"daftar/storage"
)

// storyIran is written for these tests: Iran named plainly, after a clitic
// (لإيران, وإيران), inside quotation marks, plus an adjective (الإيرانية) and
// Tehran, neither of which is a mention of the country.
const storyIran = `طهران - قال وزير الخارجية إن إيران لن تقبل الشروط الجديدة، مضيفا أن "إيران دولة ذات سيادة".
وأكد أن الحكومة الإيرانية ستواصل المحادثات، فيما دعا الوسطاء إلى "حوار جاد مع إيران" ووجهوا رسالة لإيران وإسرائيل.
وتتهم إسرائيل طهران بدعم الجماعات المسلحة، وتقول إن «إيران وراء الهجوم».`

type fixture struct {
	store   *storage.Store
	svc     *Service
	article string
	iran    *model.Entity
	israel  *model.Entity
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	res, err := st.AddArticles(ctx, []model.Article{
		{Title: "إيران", Text: model.CanonicalText(storyIran)},
		{Title: "second", Text: "وأعلنت إيران أمس أن وفدا سيزور إسرائيل. ولإيران مطالب."},
		{Title: "third", Text: "Iran and Israel exchanged threats; Iran Air cancelled flights."},
		{Title: "none", Text: "لا شيء هنا عن الموضوع."},
	})
	if err != nil {
		t.Fatal(err)
	}
	iran, err := st.CreateEntity(ctx, "alice", model.Entity{Type: "GPE", Name: "إيران", Aliases: []model.Alias{{Name: "Iran"}}})
	if err != nil {
		t.Fatal(err)
	}
	israel, err := st.CreateEntity(ctx, "alice", model.Entity{Type: "GPE", Name: "إسرائيل", Aliases: []model.Alias{{Name: "Israel"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateEntity(ctx, "alice", model.Entity{Type: "ORG", Name: "Iran Air"}); err != nil {
		t.Fatal(err)
	}
	return &fixture{store: st, svc: NewService(st), article: res[0].ID, iran: iran, israel: israel}
}

// tag annotates the n-th (0-based) occurrence of quote in the article.
func (f *fixture) tag(t testing.TB, articleID, quote string, n int, typ, entityID string) *model.Annotation {
	t.Helper()
	ctx := context.Background()
	a, err := f.store.Article(ctx, articleID)
	if err != nil {
		t.Fatal(err)
	}
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(a.Text[off:], quote)
		if j < 0 {
			t.Fatalf("occurrence %d of %q not found", n, quote)
		}
		if i == n {
			off += j
			break
		}
		off += j + len(quote)
	}
	start := model.RuneLen(a.Text[:off])
	ann, err := f.store.CreateAnnotation(ctx, "alice", model.Annotation{ArticleID: articleID, Type: typ,
		Start: start, End: start + model.RuneLen(quote), Quote: quote, EntityID: entityID})
	if err != nil {
		t.Fatal(err)
	}
	return ann
}

func TestSuggestEveryOtherMention(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.tag(t, f.article, "إيران", 0, "GPE", f.iran.ID)
	sugs, err := f.svc.ForArticle(ctx, f.article)
	if err != nil {
		t.Fatal(err)
	}
	iran := OfEntity(sugs, f.iran.ID)
	// Five mentions in all; one is tagged. The adjective and Tehran are not.
	if len(iran) != 4 {
		t.Fatalf("want 4 suggestions for Iran, got %+v", iran)
	}
	var clitic int
	for _, s := range iran {
		if s.Quote != "إيران" || s.Type != "GPE" || s.Name != "إيران" {
			t.Errorf("suggestion %+v", s)
		}
		if s.Clitic == "ل" {
			clitic++
		}
	}
	if clitic != 1 {
		t.Errorf("the mention in لإيران is missing: %+v", iran)
	}
	if got := OfEntity(sugs, f.israel.ID); len(got) != 2 {
		t.Errorf("Israel: %+v", got)
	}
}

func TestAcceptRejectAndUndo(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	sugs, err := f.svc.ForArticle(ctx, f.article)
	if err != nil {
		t.Fatal(err)
	}
	iran := OfEntity(sugs, f.iran.ID)
	if len(iran) != 5 {
		t.Fatalf("%+v", iran)
	}
	// Reject one: it does not come back.
	if err := f.svc.Reject(ctx, "alice", f.article, iran[2]); err != nil {
		t.Fatal(err)
	}
	sugs, _ = f.svc.ForArticle(ctx, f.article)
	if len(OfEntity(sugs, f.iran.ID)) != 4 {
		t.Fatalf("rejected suggestion came back")
	}
	// Accept all of Iran at once: one undo step.
	created, err := f.svc.AcceptEntity(ctx, "alice", f.article, f.iran.ID)
	if err != nil || len(created) != 4 {
		t.Fatalf("accept: %d %v", len(created), err)
	}
	sugs, _ = f.svc.ForArticle(ctx, f.article)
	if len(OfEntity(sugs, f.iran.ID)) != 0 {
		t.Fatalf("accepted suggestions still suggested")
	}
	if _, err := f.store.Undo(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	anns, _ := f.store.Annotations(ctx, f.article)
	if len(anns) != 0 {
		t.Fatalf("undo left %d annotations", len(anns))
	}
	// Reject all of Israel; forgetting brings them back.
	n, err := f.svc.RejectEntity(ctx, "alice", f.article, f.israel.ID)
	if err != nil || n != 2 {
		t.Fatalf("reject entity: %d %v", n, err)
	}
	sugs, _ = f.svc.ForArticle(ctx, f.article)
	if len(OfEntity(sugs, f.israel.ID)) != 0 {
		t.Fatal("rejected entity still suggested")
	}
	rej, _ := f.store.RejectedSuggestions(ctx, f.article)
	if err := f.store.ForgetRejections(ctx, "tester", rej); err != nil {
		t.Fatal(err)
	}
	sugs, _ = f.svc.ForArticle(ctx, f.article)
	if len(OfEntity(sugs, f.israel.ID)) != 2 || len(OfEntity(sugs, f.iran.ID)) != 5 {
		t.Fatal("forgotten rejections did not come back")
	}
}

func TestGazetteerFollowsRegistry(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	g1, _ := f.svc.Gazetteer(ctx)
	if g2, _ := f.svc.Gazetteer(ctx); g2 != g1 {
		t.Error("unchanged registry rebuilt the gazetteer")
	}
	f.tag(t, f.article, "إيران", 0, "GPE", f.iran.ID) // annotations do not matter
	if g2, _ := f.svc.Gazetteer(ctx); g2 != g1 {
		t.Error("an annotation rebuilt the gazetteer")
	}
	tehran, err := f.store.CreateEntity(ctx, "alice", model.Entity{Type: "GPE", Name: "طهران"})
	if err != nil {
		t.Fatal(err)
	}
	sugs, _ := f.svc.ForArticle(ctx, f.article)
	if len(OfEntity(sugs, tehran.ID)) != 2 {
		t.Errorf("new entity not suggested: %+v", sugs)
	}
	if err := f.store.DeleteEntity(ctx, "alice", tehran.ID); err != nil {
		t.Fatal(err)
	}
	sugs, _ = f.svc.ForArticle(ctx, f.article)
	if len(OfEntity(sugs, tehran.ID)) != 0 {
		t.Error("deleted entity still suggested")
	}
}

func TestPropagate(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	src := f.tag(t, f.article, "إيران", 0, "GPE", f.iran.ID)
	set, err := f.store.CreateSet(ctx, "alice", model.Set{Name: "s"})
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := f.store.ListArticles(ctx, storage.ListOptions{})
	if err := f.store.AddToSet(ctx, "alice", set.ID, arts[0].ID, arts[1].ID); err != nil {
		t.Fatal(err)
	}
	// Reject one mention in the second article: propagation respects it.
	second := arts[1].ID
	sugs, _ := f.svc.ForArticle(ctx, second)
	if err := f.svc.Reject(ctx, "alice", second, OfEntity(sugs, f.iran.ID)[1]); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		scope               Scope
		set                 string
		count, articles, nc int
	}{
		{ScopeArticle, "", 4, 1, 1},
		{ScopeSet, set.ID, 5, 2, 2},
		{ScopeArchive, "", 6, 3, 3}, // the third article: Iran once; "Iran Air" is the airline
	}
	for _, c := range cases {
		p, err := f.svc.PlanPropagation(ctx, src.ID, c.scope, c.set)
		if err != nil {
			t.Fatal(err)
		}
		if p.Count() != c.count || p.Articles != c.articles || p.Candidates != c.nc {
			t.Errorf("%s: count %d articles %d candidates %d, want %d %d %d", c.scope, p.Count(), p.Articles, p.Candidates, c.count, c.articles, c.nc)
		}
	}
	p, _ := f.svc.PlanPropagation(ctx, src.ID, ScopeArchive, "")
	created, err := f.svc.Propagate(ctx, "bob", p)
	if err != nil || len(created) != p.Count() {
		t.Fatalf("propagate: %d %v", len(created), err)
	}
	for _, a := range created {
		if a.EntityID != f.iran.ID || a.Type != "GPE" || a.Annotator != "bob" {
			t.Errorf("created %+v", a)
		}
	}
	if again, _ := f.svc.PlanPropagation(ctx, src.ID, ScopeArchive, ""); again.Count() != 0 {
		t.Errorf("second propagation would add %d", again.Count())
	}
	if _, err := f.store.Undo(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if again, _ := f.svc.PlanPropagation(ctx, src.ID, ScopeArchive, ""); again.Count() != p.Count() {
		t.Errorf("after one undo the plan has %d, want %d", again.Count(), p.Count())
	}
	if _, err := f.svc.PlanPropagation(ctx, src.ID, ScopeSet, ""); err == nil {
		t.Error("set scope without a set accepted")
	}
	if _, err := f.svc.PlanPropagation(ctx, src.ID, "galaxy", ""); err == nil {
		t.Error("unknown scope accepted")
	}
}

func TestPropagateQuoteAndClaim(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// An unlinked annotation propagates its folded quote, clitics and
	// harakat allowed, but not another word (وزراء, "ministers").
	src := f.tag(t, f.article, "وزير الخارجية", 0, "PER", "")
	st, _ := f.store.AddArticles(ctx, []model.Article{{Text: "وقال وزيرُ الخارجية ولوزير الخارجية إن وزراء الخارجية اجتمعوا."}})
	p, err := f.svc.PlanPropagation(ctx, src.ID, ScopeArchive, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Count() != 2 {
		t.Fatalf("quote propagation: %+v", p.Annotations)
	}
	for _, a := range p.Annotations {
		if a.ArticleID != st[0].ID || a.EntityID != "" || a.Type != "PER" {
			t.Errorf("%+v", a)
		}
	}
	claim := f.tag(t, f.article, "إيران وراء الهجوم", 0, "CLAIM", "")
	if _, err := f.svc.PlanPropagation(ctx, claim.ID, ScopeArticle, ""); !errors.Is(err, ErrClaim) {
		t.Errorf("claim: %v", err)
	}
}

func TestIndexPhrasesAgreeWithMatcher(t *testing.T) {
	for _, name := range []string{"ايران", "القاهره", "تل ابيب", "iran air", "باكو"} {
		toks := foldedTokens(name)
		phrases := IndexPhrases(toks)
		if len(phrases) < 2 && toks[0][0] >= 0xD8 {
			t.Errorf("%s: no clitic forms", name)
		}
		g := NewGazetteer([]model.Entity{{ID: "x", Type: "GPE", Name: name}})
		for _, p := range phrases {
			text := strings.Join(p, " ")
			got := g.Find(text)
			if len(got) != 1 {
				t.Errorf("index form %q of %q is not matched: %+v", text, name, got)
			}
		}
	}
}

func TestGazetteerImportAndBuild(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	csv := "\uFEFFname,type,aliases,wikidata\n" +
		"ايران,GPE,Persia|IRAN,Q794\n" + // merges with إيران
		"طهران,GPE,Tehran;Teheran,Q3616\n" +
		"\"Cohen, Eli\",PER,إيلي كوهين,\n"
	ents, err := ReadGazetteerCSV(strings.NewReader(csv))
	if err != nil || len(ents) != 3 || len(ents[1].Aliases) != 2 || ents[2].Name != "Cohen, Eli" {
		t.Fatalf("read: %+v %v", ents, err)
	}
	res, err := f.svc.ImportGazetteer(ctx, "alice", ents)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Created || res[0].EntityID != f.iran.ID || !res[1].Created || !res[2].Created {
		t.Errorf("import: %+v", res)
	}
	if _, err := ReadGazetteerCSV(strings.NewReader(",GPE\n")); err == nil {
		t.Error("row without a name accepted")
	}
	// Build: unlinked mentions grouped by type and folded quote.
	f.tag(t, f.article, "وزير الخارجية", 0, "PER", "")
	f.tag(t, f.article, "الحكومة", 0, "ORG", "")
	arts, _ := f.store.ListArticles(ctx, storage.ListOptions{})
	second := arts[1].ID
	f.tag(t, second, "إيران", 0, "GPE", "") // joins the existing Iran entity
	res, err = f.svc.BuildGazetteer(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("build: %+v", res)
	}
	var linkedIran bool
	for _, r := range res {
		if r.Linked != 1 {
			t.Errorf("build: %+v", r)
		}
		if r.EntityID == f.iran.ID {
			linkedIran = true
		}
	}
	if !linkedIran {
		t.Errorf("unlinked إيران did not join the Iran entity: %+v", res)
	}
	if un, _ := f.store.UnlinkedAnnotations(ctx); len(un) != 0 {
		t.Errorf("%d still unlinked", len(un))
	}
	if _, err := f.store.Undo(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if un, _ := f.store.UnlinkedAnnotations(ctx); len(un) != 3 {
		t.Errorf("undo: %d unlinked, want 3", len(un))
	}
}

func TestForSet(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	set, err := f.store.CreateSet(ctx, "alice", model.Set{Name: "s"})
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := f.store.ListArticles(ctx, storage.ListOptions{})
	if err := f.store.AddToSet(ctx, "alice", set.ID, arts[1].ID, arts[3].ID); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.ForSet(ctx, set.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The fourth article mentions nobody, so only the second is listed.
	if len(got) != 1 || len(got[arts[1].ID]) != 3 {
		t.Fatalf("for set: %+v", got)
	}
	totals := Totals(got)
	sum := 0
	for i, tot := range totals {
		sum += tot.Mentions
		if tot.Articles != 1 || (i > 0 && tot.Mentions > totals[i-1].Mentions) {
			t.Errorf("totals not by mentions, most first: %+v", totals)
		}
	}
	if sum != 3 {
		t.Errorf("totals sum to %d, want 3: %+v", sum, totals)
	}
	// Rejecting one entity everywhere is one undoable action.
	n, err := f.svc.RejectEverywhere(ctx, "alice", got, totals[0].ID)
	if err != nil || n != totals[0].Mentions {
		t.Fatalf("reject everywhere: %d %v", n, err)
	}
	if again, _ := f.svc.ForSet(ctx, set.ID); len(OfEntity(again[arts[1].ID], totals[0].ID)) != 0 {
		t.Error("rejected entity still suggested in the set")
	}
	if _, err := f.store.Undo(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if again, _ := f.svc.ForSet(ctx, set.ID); len(again[arts[1].ID]) != 3 {
		t.Errorf("after undo: %+v", again)
	}
}
