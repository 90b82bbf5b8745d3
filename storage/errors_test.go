package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"daftar/model"
)

// Constraint failures are told apart by SQLite's result code, not by the
// driver's wording, and come back as sentinels callers can test.
func TestConstraintErrorsAreSentinels(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ids := mustAdd(t, s, article("One", "نص المقال الأول."))
	st, err := s.CreateSet(ctx, "alice", model.Set{Name: "Baku"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateSet(ctx, "alice", model.Set{Name: "Baku"}); !errors.Is(err, ErrExists) {
		t.Errorf("second set of the same name: %v, want ErrExists", err)
	}
	if err := s.AddToSet(ctx, "alice", st.ID, model.NewID()); !errors.Is(err, ErrMissingRef) {
		t.Errorf("missing member: %v, want ErrMissingRef", err)
	}
	a := model.Annotation{ID: model.NewID(), ArticleID: ids[0], Kind: model.KindEntity, Type: "PER", Start: 0, End: 2,
		Quote: "نص", EntityID: model.NewID(), Annotator: "alice"}
	if err := insertAnnotation(ctx, s.db, &a); !errors.Is(err, ErrMissingRef) || !strings.Contains(err.Error(), a.ID) {
		t.Errorf("annotation of a missing entity: %v, want ErrMissingRef naming it", err)
	}
	if err := s.RejectSuggestion(ctx, "alice", Rejection{ArticleID: ids[0], EntityID: model.NewID(), Start: 0, End: 2}); !errors.Is(err, ErrNotFound) {
		t.Errorf("rejection of a missing entity: %v, want ErrNotFound", err)
	}
}

func TestSentence(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("create set \"X\": a set named \"X\" already exists"), "Create set \"X\": a set named \"X\" already exists."},
		{errors.New("ready?"), "Ready?"},
		{fmt.Errorf("إيران: %w", ErrMissingRef), "إيران: does not exist."},
	} {
		if got := Sentence(c.err); got != c.want {
			t.Errorf("Sentence(%v) = %q, want %q", c.err, got, c.want)
		}
	}
	// A real driver error: writing through a read-only connection.
	ctx := context.Background()
	conn, err := newTestStore(t).db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO sets(id, name, query, note, created_at) VALUES ('a','b','','','')`)
	if got := Sentence(err); !strings.HasPrefix(got, "The archive is read-only") {
		t.Errorf("read-only write: %q (from %v)", got, err)
	}
}

// Exported methods say what they were doing when the archive failed, and
// leave errors that already explain themselves alone.
func TestErrorsSayWhatWasBeingDone(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	id := model.NewID()
	if _, err := s.Entity(ctx, id); !errors.Is(err, ErrNotFound) || err.Error() != "entity "+id+": not found" {
		t.Errorf("missing entity: %q, want it unprefixed", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateSet(ctx, "alice", model.Set{Name: "Baku"})
	if err == nil || !strings.HasPrefix(err.Error(), `create set "Baku": `) {
		t.Errorf("create set on a closed archive: %v, want it to name the set", err)
	}
}
