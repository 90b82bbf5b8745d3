package storage

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"daftar/model"
)

func TestEntitiesByID(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	cohen := mustEntity(t, s, "PER", "إيلي كوهين", model.Alias{Name: "Eli Cohen", Lang: "en"}, model.Alias{Name: "كوهين"})
	iran := mustEntity(t, s, "GPE", "إيران")
	mustEntity(t, s, "GPE", "Israel") // not asked for
	got, err := s.EntitiesByID(ctx, []string{iran.ID, cohen.ID, iran.ID, model.NewID()})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d entities, want 2: %v", len(got), got)
	}
	for _, want := range []*model.Entity{cohen, iran} {
		one, err := s.Entity(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[want.ID], one) {
			t.Errorf("batch %+v\n  one %+v", got[want.ID], one)
		}
	}
	if got, err := s.EntitiesByID(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no ids: %v, %v", got, err)
	}
}

// BenchmarkEntitiesByID compares reading an article's linked entities (60
// here) one Entity call at a time with one EntitiesByID call.
func BenchmarkEntitiesByID(b *testing.B) {
	s := newTestStore(b)
	var ids []string
	for i := range 60 {
		ids = append(ids, mustEntity(b, s, "PER", fmt.Sprintf("Person %d", i), model.Alias{Name: fmt.Sprintf("P%d", i)}).ID)
	}
	ctx := context.Background()
	b.Run("one-at-a-time", func(b *testing.B) {
		for b.Loop() {
			for _, id := range ids {
				if _, err := s.Entity(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			if got, err := s.EntitiesByID(ctx, ids); err != nil || len(got) != len(ids) {
				b.Fatal(len(got), err)
			}
		}
	})
}
