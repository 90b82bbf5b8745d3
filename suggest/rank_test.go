package suggest

import (
	"fmt"
	"testing"

	"daftar/model"
)

func TestRankEntitiesFolds(t *testing.T) {
	ents := []model.Entity{
		{ID: "a", Type: "GPE", Name: "إسرائيل"},
		{ID: "b", Type: "PER", Name: "Yoav Gallant", Aliases: []model.Alias{{Name: "يوآف غالانت", Lang: "ar"}}},
		{ID: "c", Type: "GPE", Name: "Baku"},
	}
	got := RankEntities(ents, "اسرائيل", "GPE")
	if len(got) != 1 || got[0].Entity.ID != "a" || !got[0].Exact {
		t.Errorf("hamza-less اسرائيل: %+v", got)
	}
	if got := RankEntities(ents, "يوأف غالانت", "PER"); len(got) != 1 || got[0].Entity.ID != "b" {
		t.Errorf("alias with another hamza: %+v", got)
	}
}

func TestRankEntitiesOrder(t *testing.T) {
	ents := []model.Entity{
		{ID: "contains", Type: "ORG", Name: "Port of Haifa Authority"},
		{ID: "other-type", Type: "ORG", Name: "Haifa"},
		{ID: "same-type", Type: "GPE", Name: "haifa"},
		{ID: "partial-type", Type: "GPE", Name: "Haifa Bay"},
		{ID: "none", Type: "GPE", Name: "Akko"},
	}
	got := RankEntities(ents, "Haifa", "gpe")
	var ids []string
	for _, m := range got {
		ids = append(ids, fmt.Sprintf("%s/%v", m.Entity.ID, m.Exact))
	}
	// Exact and of the type (4), exact (3), contains and of the type (2),
	// contains (1); the type compares without case.
	want := "[same-type/true other-type/true partial-type/false contains/false]"
	if fmt.Sprint(ids) != want {
		t.Errorf("got %v, want %s", ids, want)
	}
	if RankEntities(ents, "", "GPE") != nil {
		t.Error("an empty quote matched")
	}
}

func TestRankEntitiesAtMostEight(t *testing.T) {
	var ents []model.Entity
	for i := range 12 {
		ents = append(ents, model.Entity{ID: fmt.Sprint(i), Type: "PER", Name: fmt.Sprintf("Cohen %d", i)})
	}
	ents = append(ents, model.Entity{ID: "exact", Type: "PER", Name: "Cohen"})
	got := RankEntities(ents, "cohen", "PER")
	if len(got) != 8 || got[0].Entity.ID != "exact" || got[1].Entity.ID != "0" || got[7].Entity.ID != "6" {
		t.Errorf("got %d matches, first %+v", len(got), got)
	}
}
