package app

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"daftar/model"
)

// gatedStore holds back one article's load until release is closed; then
// it answers as if the load's cancellation came too late.
type gatedStore struct {
	readerStore
	hold    string
	release chan struct{}
	batches atomic.Int32 // EntitiesByID calls
}

func (g *gatedStore) Article(ctx context.Context, id string) (*model.Article, error) {
	if id == g.hold {
		<-g.release
	}
	return g.readerStore.Article(context.WithoutCancel(ctx), id)
}

func (g *gatedStore) Annotations(ctx context.Context, articleID string) ([]model.Annotation, error) {
	return g.readerStore.Annotations(context.WithoutCancel(ctx), articleID)
}

func (g *gatedStore) EntitiesByID(ctx context.Context, ids []string) (map[string]*model.Entity, error) {
	g.batches.Add(1)
	return g.readerStore.EntitiesByID(context.WithoutCancel(ctx), ids)
}

// actUntil polls cond on the UI goroutine (without ui.wait, which a held
// load would block).
func actUntil(t *testing.T, ui *UI, what string, cond func() bool) {
	t.Helper()
	poll(t, what, func() bool { return holds(ui, cond) })
}

func TestStaleArticleLoadIsDropped(t *testing.T) {
	ui, _ := newTestUI(t)
	loadSamples(t, ui)
	older, newer := ui.library.rows[0], ui.library.rows[1]
	g := &gatedStore{readerStore: ui.reader.store, hold: older.ID, release: make(chan struct{})}
	act(ui, func() { ui.reader.store = g })

	act(ui, func() { ui.reader.open(older.ID, nil) })
	act(ui, func() { ui.reader.open(newer.ID, nil) })
	actUntil(t, ui, "the newer article", func() bool {
		return ui.reader.article != nil && ui.reader.article.ID == newer.ID
	})
	close(g.release) // the older load finishes last
	ui.wait()
	act(ui, func() {
		if got := ui.reader.article.ID; got != newer.ID {
			t.Errorf("the reader shows %q, want the newer %q", ui.reader.article.Title, newer.Title)
		}
		for _, a := range ui.reader.anns {
			if a.ArticleID != newer.ID {
				t.Errorf("annotation %s of another article shown", a.ID)
			}
		}
		if s := ui.status.Text; strings.Contains(s, "Error") {
			t.Errorf("status after a superseded load: %s", s)
		}
	})
	if n := g.batches.Load(); n != 2 {
		t.Errorf("%d entity reads for two loads, want one each", n)
	}
}

// A reload (after an import, say) while another article is loading loads
// that article, not the one still on screen.
func TestReloadDuringLoadKeepsTheNewArticle(t *testing.T) {
	ui, _ := newTestUI(t)
	loadSamples(t, ui)
	shown, next := ui.library.rows[0], ui.library.rows[1]
	act(ui, func() { ui.reader.open(shown.ID, nil) })
	waitFor(t, ui, "the first article", func() bool { return ui.reader.article != nil && ui.reader.article.ID == shown.ID })
	g := &gatedStore{readerStore: ui.reader.store, hold: next.ID, release: make(chan struct{})}
	act(ui, func() {
		ui.reader.store = g
		ui.reader.open(next.ID, nil)
		ui.reader.reload()
	})
	close(g.release)
	ui.wait()
	act(ui, func() {
		if got := ui.reader.article.ID; got != next.ID {
			t.Errorf("the reader shows %q, want %q", ui.reader.article.Title, next.Title)
		}
	})
}

func TestReaderLoadsLinkedEntities(t *testing.T) {
	ui, store := newTestUI(t)
	loadSamples(t, ui)
	ctx := context.Background()
	// The sample article with the most linked entities.
	var best string
	var want []string
	for _, r := range ui.library.rows {
		anns, err := store.Annotations(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range anns {
			for _, id := range append([]string{a.EntityID, a.ClaimantID}, a.TargetIDs...) {
				if id != "" && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		if len(ids) > len(want) {
			best, want = r.ID, ids
		}
	}
	if len(want) < 2 {
		t.Fatalf("the samples link %d entities in one article", len(want))
	}
	act(ui, func() { ui.reader.open(best, nil) })
	waitFor(t, ui, "the article", func() bool { return ui.reader.article != nil && ui.reader.article.ID == best })
	act(ui, func() {
		if len(ui.reader.entities) != len(want) {
			t.Errorf("%d entities loaded, want %d", len(ui.reader.entities), len(want))
		}
		for _, id := range want {
			e := ui.reader.entities[id]
			if e == nil || e.ID != id || e.Name == "" {
				t.Errorf("entity %s: %+v", id, e)
			}
		}
	})
}

func TestJobCounterWaitsWithoutPolling(t *testing.T) {
	var c jobCounter
	c.wait() // nothing in flight: returns at once
	c.start()
	c.start()
	released := make(chan struct{})
	go func() {
		c.wait()
		close(released)
	}()
	c.finish()
	select {
	case <-released:
		t.Fatal("wait returned with a job in flight")
	case <-time.After(20 * time.Millisecond):
	}
	c.finish()
	select {
	case <-released:
	case <-time.After(5 * time.Second):
		t.Fatal("wait did not return once the jobs finished")
	}
	c.start() // the counter is reusable after reaching zero
	c.finish()
	c.wait()
}
