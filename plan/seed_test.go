package plan

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"daftar/model"
)

// ids hands out predictable ids for new entities.
func ids() func() string {
	n := 0
	return func() string {
		n++
		return fmt.Sprintf("0190a000-0000-7000-8000-%012d", n)
	}
}

func TestSeed(t *testing.T) {
	iran := ent(idE, "GPE", "إيران", t1)
	iran.Wikidata = "Q794"
	for _, c := range []struct {
		name     string
		existing []model.Entity
		seeds    []model.Entity
		want     []SeedResult
		actions  []Action
		aliases  [][]string // of each changed entity, in order
	}{
		{"new entity, aliases folded once", nil,
			[]model.Entity{{Type: "gpe", Name: " إيران ", Aliases: []model.Alias{{Name: "ايران"}, {Name: "Iran"}, {Name: "iran"}}}},
			[]SeedResult{{EntityID: "0190a000-0000-7000-8000-000000000001", Name: "إيران", Type: "GPE", Created: true}},
			[]Action{Add}, [][]string{{"Iran"}}},
		{"same folded name merges", []model.Entity{iran},
			[]model.Entity{{Type: "GPE", Name: "إِيرَان", Aliases: []model.Alias{{Name: "Iran", Lang: "en"}}}},
			[]SeedResult{{EntityID: idE, Name: "إيران", Type: "GPE", AliasesAdded: 1}},
			[]Action{Update}, [][]string{{"Iran"}}},
		{"same Wikidata id merges", []model.Entity{iran},
			[]model.Entity{{Type: "GPE", Name: "Persia", Wikidata: "Q794"}},
			[]SeedResult{{EntityID: idE, Name: "إيران", Type: "GPE", AliasesAdded: 1}},
			[]Action{Update}, [][]string{{"Persia"}}},
		{"merge without news", []model.Entity{iran},
			[]model.Entity{{Type: "GPE", Name: "ايران"}},
			[]SeedResult{{EntityID: idE, Name: "إيران", Type: "GPE"}},
			[]Action{Unchanged}, [][]string{{}}},
		{"another type is another entity", []model.Entity{iran},
			[]model.Entity{{Type: "ORG", Name: "إيران"}},
			[]SeedResult{{EntityID: "0190a000-0000-7000-8000-000000000001", Name: "إيران", Type: "ORG", Created: true}},
			[]Action{Add}, [][]string{{}}},
		{"seeds merge with each other", nil,
			[]model.Entity{{Type: "PER", Name: "Eli Cohen"}, {Type: "PER", Name: "eli  cohen", Aliases: []model.Alias{{Name: "إيلي كوهين"}}}},
			[]SeedResult{{EntityID: "0190a000-0000-7000-8000-000000000001", Name: "Eli Cohen", Type: "PER", Created: true},
				{EntityID: "0190a000-0000-7000-8000-000000000001", Name: "Eli Cohen", Type: "PER", AliasesAdded: 1}},
			[]Action{Add}, [][]string{{"إيلي كوهين"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			seeds := make([]EntitySeed, len(c.seeds))
			for i, e := range c.seeds {
				seeds[i] = EntitySeed{Entity: e}
			}
			existing := append([]model.Entity(nil), c.existing...)
			p, got, err := Seed(Registry{Schema: model.DefaultSchema(), Entities: existing}, seeds, t2, ids())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("results %+v, want %+v", got, c.want)
			}
			var actions []Action
			var aliases [][]string
			for _, ch := range p.Entities {
				actions = append(actions, ch.Action)
				names := []string{}
				for _, a := range ch.New.Aliases {
					names = append(names, a.Name)
				}
				aliases = append(aliases, names)
				if ch.Action == Update && (!ch.New.UpdatedAt.Equal(t2) || ch.Old == nil || len(ch.Old.Aliases) != len(c.existing[0].Aliases)) {
					t.Errorf("update %+v from %+v: not stamped or without the stored copy", ch.New, ch.Old)
				}
			}
			if !reflect.DeepEqual(actions, c.actions) || !reflect.DeepEqual(aliases, c.aliases) {
				t.Errorf("changes %v with aliases %q, want %v with %q", actions, aliases, c.actions, c.aliases)
			}
			if !reflect.DeepEqual(existing, c.existing) {
				t.Error("Seed changed the entities it was given")
			}
		})
	}
}

func TestSeedLinks(t *testing.T) {
	mention := model.Annotation{ID: idN, ArticleID: idA, Kind: model.KindEntity, Type: "GPE", Start: 0, End: 5, Quote: "إيران", UpdatedAt: t1}
	linked := mention
	linked.ID, linked.EntityID = idB, idC
	claim := mention
	claim.ID, claim.Kind, claim.Type = idS, model.KindClaim, "CLAIM"
	reg := Registry{Schema: model.DefaultSchema(), Links: map[string]model.Annotation{idN: mention, idB: linked, idS: claim}}
	seeds := []EntitySeed{
		{Entity: model.Entity{Type: "GPE", Name: "إيران"}, Link: []string{idN, idB, idS}},
		{Entity: model.Entity{Type: "GPE", Name: "Iran"}, Link: []string{idN}}, // linked by the first seed already
	}
	p, res, err := Seed(reg, seeds, t2, ids())
	if err != nil {
		t.Fatal(err)
	}
	var actions []Action
	for _, c := range p.Annotations {
		actions = append(actions, c.Action)
	}
	if want := []Action{Update, Skip, Skip, Skip}; !reflect.DeepEqual(actions, want) {
		t.Errorf("link actions %v, want %v", actions, want)
	}
	if c := p.Annotations[0]; c.New.EntityID != res[0].EntityID || !c.New.UpdatedAt.Equal(t2) || c.Old == nil || c.Old.EntityID != "" {
		t.Errorf("link %+v (old %+v)", c.New, c.Old)
	}
	if res[0].Linked != 1 || res[1].Linked != 0 {
		t.Errorf("linked %d and %d, want 1 and 0", res[0].Linked, res[1].Linked)
	}
}

func TestSeedRejectsBadSeeds(t *testing.T) {
	reg := Registry{Schema: model.DefaultSchema()}
	for _, e := range []model.Entity{{Type: "GPE", Name: "«»"}, {Type: "WEAPON", Name: "x"}} {
		if _, _, err := Seed(reg, []EntitySeed{{Entity: e}}, t2, ids()); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("seed %+v: %v, want ErrInvalid", e, err)
		}
	}
}
