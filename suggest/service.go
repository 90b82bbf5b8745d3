package suggest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"daftar/model"
	"daftar/storage"
	"daftar/textnorm"
)

// Archive is what the service reads and writes of an archive;
// *storage.Store is one.
type Archive interface {
	Article(ctx context.Context, id string) (*model.Article, error)
	ArticleTexts(ctx context.Context, ids []string, fn func(id, text string) error) error
	CandidateArticles(ctx context.Context, phrases [][]string, setID string) ([]string, error)
	SetMembers(ctx context.Context, setID string) ([]string, error)

	Entities(ctx context.Context) ([]model.Entity, error)
	RegistryChangedSince(ctx context.Context, since int64) (latest int64, changed bool, err error)
	SeedEntities(ctx context.Context, actor string, seeds []storage.EntitySeed) ([]storage.SeedResult, error)

	Annotation(ctx context.Context, id string) (*model.Annotation, error)
	Annotations(ctx context.Context, articleID string) ([]model.Annotation, error)
	UnlinkedAnnotations(ctx context.Context) ([]model.Annotation, error)
	AnnotationsOf(ctx context.Context, ids []string) (map[string][]model.Annotation, error)
	CreateAnnotations(ctx context.Context, actor string, anns []model.Annotation) ([]model.Annotation, error)

	RejectedSuggestions(ctx context.Context, articleID string) ([]storage.Rejection, error)
	RejectedIn(ctx context.Context, ids []string) (map[string][]storage.Rejection, error)
	RejectedForEntity(ctx context.Context, entityID string) ([]storage.Rejection, error)
	RejectSuggestions(ctx context.Context, actor string, rs []storage.Rejection) error
}

// Service gives the GUI and the command line suggestions and propagation
// over one archive. It caches the registry's gazetteer and rebuilds it when
// the history shows an entity change. Safe for concurrent use.
type Service struct {
	store Archive

	mu  sync.Mutex
	gaz *Gazetteer
	seq int64 // history entry the cached gazetteer is current with
}

// NewService returns a service over an open archive.
func NewService(st Archive) *Service { return &Service{store: st} }

// Gazetteer returns the registry's gazetteer, rebuilding it after any
// entity change.
func (s *Service) Gazetteer(ctx context.Context) (*Gazetteer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gaz != nil {
		latest, changed, err := s.store.RegistryChangedSince(ctx, s.seq)
		if err != nil {
			return nil, err
		}
		if !changed {
			s.seq = latest
			return s.gaz, nil
		}
	}
	// Read the history position first: a change made while the registry is
	// read shows up as newer on the next call.
	latest, _, err := s.store.RegistryChangedSince(ctx, 1<<62)
	if err != nil {
		return nil, err
	}
	ents, err := s.store.Entities(ctx)
	if err != nil {
		return nil, err
	}
	s.gaz, s.seq = NewGazetteer(ents), latest
	return s.gaz, nil
}

func toRejected(rs []storage.Rejection) []Rejected {
	out := make([]Rejected, len(rs))
	for i, r := range rs {
		out[i] = Rejected{EntityID: r.EntityID, Start: r.Start, End: r.End}
	}
	return out
}

// ForArticle returns the suggestions for one article in text order:
// mentions of registry entities that are not annotated yet and were not
// rejected.
func (s *Service) ForArticle(ctx context.Context, articleID string) ([]Suggestion, error) {
	g, err := s.Gazetteer(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.store.Article(ctx, articleID)
	if err != nil {
		return nil, err
	}
	anns, err := s.store.Annotations(ctx, articleID)
	if err != nil {
		return nil, err
	}
	rej, err := s.store.RejectedSuggestions(ctx, articleID)
	if err != nil {
		return nil, err
	}
	return g.Suggest(a.Text, anns, toRejected(rej)), nil
}

// ForSet returns the suggestions of every member of a set, by article id
// (members without suggestions are left out), matching on every core.
func (s *Service) ForSet(ctx context.Context, setID string) (map[string][]Suggestion, error) {
	g, err := s.Gazetteer(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := s.store.SetMembers(ctx, setID)
	if err != nil {
		return nil, err
	}
	anns, err := s.store.AnnotationsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	rej, err := s.store.RejectedIn(ctx, ids)
	if err != nil {
		return nil, err
	}
	found, err := s.findAll(ctx, g, ids)
	if err != nil {
		return nil, err
	}
	out := map[string][]Suggestion{}
	for id, f := range found {
		if sg := Filter(f, anns[id], toRejected(rej[id])); len(sg) > 0 {
			out[id] = sg
		}
	}
	return out, nil
}

// EntityTotal counts the suggestions of one entity across articles.
type EntityTotal struct {
	EntityRef
	Mentions int `json:"mentions"`
	Articles int `json:"articles"`
}

// Totals sums suggestions by article (ForSet's result) up by entity, the
// entity with most mentions first.
func Totals(byArticle map[string][]Suggestion) []EntityTotal {
	idx := map[string]int{}
	var out []EntityTotal
	for _, sugs := range byArticle {
		seen := map[string]bool{}
		for _, sg := range sugs {
			i, ok := idx[sg.ID]
			if !ok {
				i = len(out)
				idx[sg.ID] = i
				out = append(out, EntityTotal{EntityRef: sg.EntityRef})
			}
			out[i].Mentions++
			if !seen[sg.ID] {
				seen[sg.ID] = true
				out[i].Articles++
			}
		}
	}
	slices.SortFunc(out, func(a, b EntityTotal) int {
		if c := cmp.Compare(b.Mentions, a.Mentions); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}

// AcceptEverywhere accepts one entity's suggestions in every article of
// byArticle (ForSet's result) as one undoable action.
func (s *Service) AcceptEverywhere(ctx context.Context, actor string, byArticle map[string][]Suggestion, entityID string) ([]model.Annotation, error) {
	var anns []model.Annotation
	for id, sugs := range byArticle {
		for _, sg := range OfEntity(sugs, entityID) {
			a, err := sg.Annotation(id)
			if err != nil {
				return nil, err
			}
			anns = append(anns, a)
		}
	}
	if len(anns) == 0 {
		return nil, nil
	}
	return s.store.CreateAnnotations(ctx, actor, anns)
}

// RejectEverywhere rejects one entity's suggestions in every article of
// byArticle as one undoable action, and returns how many there were.
func (s *Service) RejectEverywhere(ctx context.Context, actor string, byArticle map[string][]Suggestion, entityID string) (int, error) {
	var rs []storage.Rejection
	for id, sugs := range byArticle {
		for _, sg := range OfEntity(sugs, entityID) {
			rs = append(rs, storage.Rejection{ArticleID: id, EntityID: sg.ID, Start: sg.Start, End: sg.End})
		}
	}
	return len(rs), s.store.RejectSuggestions(ctx, actor, rs)
}

// Accept creates the annotations of the given suggestions of one article as
// one user action: a single undo (storage.Store.Undo) takes them all back.
func (s *Service) Accept(ctx context.Context, actor, articleID string, sugs ...Suggestion) ([]model.Annotation, error) {
	if len(sugs) == 0 {
		return nil, nil
	}
	anns := make([]model.Annotation, len(sugs))
	for i, sg := range sugs {
		a, err := sg.Annotation(articleID)
		if err != nil {
			return nil, err
		}
		anns[i] = a
	}
	return s.store.CreateAnnotations(ctx, actor, anns)
}

// AcceptEntity accepts every current suggestion of one entity in an article
// ("accept all of Iran"), as one undoable action.
func (s *Service) AcceptEntity(ctx context.Context, actor, articleID, entityID string) ([]model.Annotation, error) {
	sugs, err := s.ForArticle(ctx, articleID)
	if err != nil {
		return nil, err
	}
	return s.Accept(ctx, actor, articleID, OfEntity(sugs, entityID)...)
}

// Reject remembers that the given suggestions of one article are wrong, so
// they are not suggested again, as one undoable action. For a name shared
// by several entities only the suggested reading is rejected; the next one
// may then be suggested. Store.ForgetRejections takes a rejection back.
func (s *Service) Reject(ctx context.Context, actor, articleID string, sugs ...Suggestion) error {
	rs := make([]storage.Rejection, len(sugs))
	for i, sg := range sugs {
		rs[i] = storage.Rejection{ArticleID: articleID, EntityID: sg.ID, Start: sg.Start, End: sg.End}
	}
	return s.store.RejectSuggestions(ctx, actor, rs)
}

// RejectEntity rejects every current suggestion of one entity in an
// article and returns how many there were.
func (s *Service) RejectEntity(ctx context.Context, actor, articleID, entityID string) (int, error) {
	sugs, err := s.ForArticle(ctx, articleID)
	if err != nil {
		return 0, err
	}
	mine := OfEntity(sugs, entityID)
	return len(mine), s.Reject(ctx, actor, articleID, mine...)
}

// OfEntity keeps the suggestions of one entity.
func OfEntity(sugs []Suggestion, entityID string) []Suggestion {
	var out []Suggestion
	for _, sg := range sugs {
		if sg.ID == entityID {
			out = append(out, sg)
		}
	}
	return out
}

// Scope is where propagation looks.
type Scope string

const (
	ScopeArticle Scope = "article" // the annotation's own article
	ScopeSet     Scope = "set"     // the members of a set
	ScopeArchive Scope = "archive" // every article
)

// Plan is a propagation worked out but not applied: the preview.
type Plan struct {
	Source model.Annotation `json:"source"`
	Scope  Scope            `json:"scope"`
	SetID  string           `json:"set_id,omitempty"`
	// Candidates is how many articles the search index proposed and were
	// checked; Articles how many get at least one new annotation.
	Candidates  int                `json:"candidates"`
	Articles    int                `json:"articles"`
	Annotations []model.Annotation `json:"annotations"`
}

// Count is the number of annotations the plan creates.
func (p *Plan) Count() int { return len(p.Annotations) }

// ErrClaim is returned when asked to propagate a claim: claims are
// statements, not names, and are never copied elsewhere.
var ErrClaim = errors.New("claims are not propagated; propagate an entity mention")

// quoteEntity is the id of the pseudo-entity that stands for an unlinked
// annotation's quote during propagation. Not a UUID, so never a real id.
const quoteEntity = "quote"

// PlanPropagation works out "tag all occurrences" of an annotation: every
// untagged, unrejected mention of its entity (or, when it links none, of its
// exact quote, folded) in the scope, with the same type and entity link.
// Articles are found through the archive's index first, so the archive
// scope reads only articles that contain a name.
func (s *Service) PlanPropagation(ctx context.Context, annotationID string, scope Scope, setID string) (*Plan, error) {
	src, err := s.store.Annotation(ctx, annotationID)
	if err != nil {
		return nil, err
	}
	if src.Kind == model.KindClaim {
		return nil, ErrClaim
	}
	switch scope {
	case "", ScopeArticle:
		scope = ScopeArticle
	case ScopeSet:
		if setID == "" {
			return nil, errors.New("propagation to a set needs the set")
		}
	case ScopeArchive:
	default:
		return nil, fmt.Errorf("unknown scope %q (want article, set or archive)", scope)
	}
	plan := &Plan{Source: *src, Scope: scope, SetID: setID, Annotations: []model.Annotation{}}
	g, err := s.Gazetteer(ctx)
	if err != nil {
		return nil, err
	}
	target := src.EntityID
	var rejected []storage.Rejection
	if target != "" {
		if _, ok := g.Entity(target); !ok {
			return nil, fmt.Errorf("entity %s: %w", target, storage.ErrNotFound)
		}
		if rejected, err = s.store.RejectedForEntity(ctx, target); err != nil {
			return nil, err
		}
	} else {
		target = quoteEntity
		g = g.With(model.Entity{ID: quoteEntity, Type: src.Type, Name: src.Quote})
		if _, ok := g.Entity(quoteEntity); !ok {
			return nil, fmt.Errorf("the quote %q is too short to propagate", src.Quote)
		}
	}
	g = g.Focus(target)

	var ids []string
	if scope == ScopeArticle {
		ids = []string{src.ArticleID}
	} else {
		var phrases [][]string
		for _, n := range g.Names(target) {
			phrases = append(phrases, IndexPhrases(n)...)
		}
		if ids, err = s.store.CandidateArticles(ctx, phrases, setID); err != nil {
			return nil, err
		}
	}
	plan.Candidates = len(ids)
	existing, err := s.store.AnnotationsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	rejByArticle := map[string][]Rejected{}
	for _, r := range rejected {
		rejByArticle[r.ArticleID] = append(rejByArticle[r.ArticleID], Rejected{EntityID: r.EntityID, Start: r.Start, End: r.End})
	}
	found, err := s.findAll(ctx, g, ids)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, f := range found {
		total += len(f)
	}
	plan.Annotations = make([]model.Annotation, 0, total) // an upper bound: one allocation
	for _, id := range ids {
		anns := existing[id]
		if target == quoteEntity {
			anns = asQuoteMentions(anns, src.Type)
		}
		n := len(plan.Annotations)
		for _, sg := range Filter(found[id], anns, rejByArticle[id]) {
			if !mentions(sg, target) {
				continue
			}
			a, err := sg.annotationAs(id, src.Type, src.EntityID)
			if err != nil {
				return nil, err
			}
			plan.Annotations = append(plan.Annotations, a)
		}
		if len(plan.Annotations) > n {
			plan.Articles++
		}
	}
	return plan, nil
}

// asQuoteMentions marks the unlinked annotations of the propagated type as
// mentions of the quote pseudo-entity, so Filter skips their spans.
func asQuoteMentions(anns []model.Annotation, typ string) []model.Annotation {
	out := make([]model.Annotation, len(anns))
	copy(out, anns)
	for i := range out {
		if out[i].EntityID == "" && strings.EqualFold(out[i].Type, typ) {
			out[i].EntityID = quoteEntity
		}
	}
	return out
}

func mentions(sg Suggestion, id string) bool {
	if sg.ID == id {
		return true
	}
	for _, o := range sg.Others {
		if o.ID == id {
			return true
		}
	}
	return false
}

// findAll matches the listed articles on all cores.
func (s *Service) findAll(ctx context.Context, g *Gazetteer, ids []string) (map[string][]Suggestion, error) {
	type job struct{ id, text string }
	type result struct {
		id    string
		found []Suggestion
	}
	jobs := make(chan job, 64)
	results := make(chan result, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j.id, g.Find(j.text)}
			}
		}()
	}
	out := make(map[string][]Suggestion, len(ids))
	done := make(chan struct{})
	go func() {
		for r := range results {
			if len(r.found) > 0 {
				out[r.id] = r.found
			}
		}
		close(done)
	}()
	err := s.store.ArticleTexts(ctx, ids, func(id, text string) error {
		select {
		case jobs <- job{id, text}:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(jobs)
	wg.Wait()
	close(results)
	<-done
	return out, err
}

// Propagate applies a plan with one storage.Store.CreateAnnotations call:
// one user action, so one Undo takes every created annotation back.
func (s *Service) Propagate(ctx context.Context, actor string, p *Plan) ([]model.Annotation, error) {
	if len(p.Annotations) == 0 {
		return nil, nil
	}
	return s.store.CreateAnnotations(ctx, actor, p.Annotations)
}

// IndexPhrases returns the token sequences under which a name (folded
// tokens) appears in the archive's folded index: itself, and with every
// proclitic combination the matcher accepts glued to its first token
// (وايران, لايران, وبايران, ...; للقاهره for القاهره). The index holds
// such words as single tokens, so these exact forms find every candidate
// article without the over-reach of stems (which also find الإيرانية).
func IndexPhrases(name []string) [][]string {
	if len(name) == 0 {
		return nil
	}
	out := [][]string{name}
	first := name[0]
	if len(first) < 2 || first[0] < 0xD8 || first[0] > 0xDB {
		return out
	}
	add := func(form string) {
		p := append([]string{form}, name[1:]...)
		out = append(out, p)
	}
	for _, c := range conjunctions {
		if c != "" {
			add(c + first)
		}
		for _, p := range prepositions {
			add(c + p + first)
			if p == "ل" && strings.HasPrefix(first, "ال") {
				add(c + "ل" + first[len("ا"):]) // ل + القاهره = للقاهره
			}
		}
	}
	return out
}

// foldedTokens folds a name and splits it into index tokens.
func foldedTokens(name string) []string { return textnorm.TokenStrings(textnorm.Fold(name)) }
