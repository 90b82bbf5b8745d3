package plan

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"daftar/model"
)

// Fixed ids and times keep the tables readable.
const (
	idA = "0190a000-0000-7000-8000-00000000000a"
	idB = "0190a000-0000-7000-8000-00000000000b"
	idC = "0190a000-0000-7000-8000-00000000000c"
	idE = "0190a000-0000-7000-8000-00000000000e"
	idN = "0190a000-0000-7000-8000-0000000000a1"
	idS = "0190a000-0000-7000-8000-0000000000a5"
)

var (
	t1 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t2 = t1.Add(time.Hour)
)

func art(id, text string) model.Article { return model.Article{ID: id, Title: "t", Text: text} }

// emptyArchive holds the default schema and nothing else.
func emptyArchive() Archive {
	return Archive{Schema: model.DefaultSchema(), ArticleByFingerprint: map[string]string{}, ArticleTexts: map[string]string{},
		Entities: map[string]model.Entity{}, Annotations: map[string]model.Annotation{}, Sets: map[string]model.Set{},
		Members: map[string][]string{}}
}

// holding returns an archive that stores these articles.
func holding(arts ...model.Article) Archive {
	have := emptyArchive()
	for _, a := range arts {
		have.ArticleByFingerprint[model.Fingerprint(a.Text)] = a.ID
		have.ArticleTexts[a.ID] = a.Text
	}
	return have
}

type outcome struct {
	action Action
	into   string
}

func TestMergeArticles(t *testing.T) {
	for _, c := range []struct {
		name    string
		have    Archive
		in      []model.Article
		invalid map[Key]string
		want    []outcome
		err     string
	}{
		{"new", emptyArchive(), []model.Article{art(idA, "نص أول")}, nil, []outcome{{Add, ""}}, ""},
		{"same id and text", holding(art(idA, "نص أول")), []model.Article{art(idA, "نص أول")}, nil, []outcome{{Unchanged, ""}}, ""},
		{"text stored under another id", holding(art(idB, "نص أول")), []model.Article{art(idA, "نص أول")}, nil,
			[]outcome{{Skip, idB}}, ""},
		{"text twice in what comes in", emptyArchive(), []model.Article{art(idA, "نص"), art(idC, "نص")}, nil,
			[]outcome{{Add, ""}, {Skip, idA}}, ""},
		{"an invalid first copy does not keep the text", emptyArchive(), []model.Article{art("bad", "نص"), art(idC, "نص")},
			map[Key]string{{"article", "bad"}: "article id is not a UUID"}, []outcome{{Skip, ""}, {Add, ""}}, ""},
		{"text changed", holding(art(idA, "نص أول")), []model.Article{art(idA, "نص آخر")}, nil, nil, "another text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Merge(c.have, Incoming{Articles: c.in, Invalid: c.invalid})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []outcome
			for _, ch := range p.Articles {
				got = append(got, outcome{ch.Action, ch.Into})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func ent(id, typ, name string, updated time.Time) model.Entity {
	return model.Entity{ID: id, Type: typ, Name: name, Aliases: []model.Alias{}, CreatedAt: t1, UpdatedAt: updated}
}

func TestMergeEntities(t *testing.T) {
	stored := ent(idE, "GPE", "إيران", t1)
	withAlias := stored
	withAlias.Aliases = []model.Alias{{Name: "Iran", Lang: "en"}}
	for _, c := range []struct {
		name   string
		stored []model.Entity
		in     []model.Entity
		want   []Action
	}{
		{"new", nil, []model.Entity{stored}, []Action{Add}},
		{"same", []model.Entity{stored}, []model.Entity{stored}, []Action{Unchanged}},
		{"nil aliases are none", []model.Entity{stored}, []model.Entity{{ID: idE, Type: "GPE", Name: "إيران", CreatedAt: t1, UpdatedAt: t1}},
			[]Action{Unchanged}},
		{"type spelled otherwise", []model.Entity{stored}, []model.Entity{ent(idE, "gpe", "إيران", t1)}, []Action{Unchanged}},
		{"incoming as new", []model.Entity{stored}, []model.Entity{withAlias}, []Action{Update}},
		{"archive newer", []model.Entity{ent(idE, "GPE", "إيران", t2)}, []model.Entity{withAlias}, []Action{Unchanged}},
		{"twice: the second meets the first", nil, []model.Entity{stored, stored}, []Action{Add, Unchanged}},
	} {
		t.Run(c.name, func(t *testing.T) {
			have := emptyArchive()
			for _, e := range c.stored {
				have.Entities[e.ID] = e
			}
			p, err := Merge(have, Incoming{Entities: c.in})
			if err != nil {
				t.Fatal(err)
			}
			var got []Action
			for _, ch := range p.Entities {
				got = append(got, ch.Action)
				if ch.New.Type != "GPE" {
					t.Errorf("type %q not in the schema's spelling", ch.New.Type)
				}
				if ch.Action == Update && (ch.Old == nil || !reflect.DeepEqual(*ch.Old, c.stored[0])) {
					t.Errorf("update without the stored copy: %+v", ch.Old)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if _, err := Merge(emptyArchive(), Incoming{}); err != nil {
		t.Fatal(err)
	}
}

func TestMergeAnnotationsFollowDuplicateArticles(t *testing.T) {
	have := holding(art(idB, "نص أول"))
	mention := model.Annotation{ID: idN, ArticleID: idA, Kind: model.KindEntity, Type: "per", Start: 0, End: 2, Quote: "نص",
		Annotator: "alice", CreatedAt: t1, UpdatedAt: t1}
	p, err := Merge(have, Incoming{Articles: []model.Article{art(idA, "نص أول")}, Annotations: []model.Annotation{mention}})
	if err != nil {
		t.Fatal(err)
	}
	got := p.Annotations[0]
	if got.Action != Add || got.New.ArticleID != idB || got.New.Type != "PER" {
		t.Fatalf("annotation planned as %s on %s (%s), want add on %s (PER)", got.Action, got.New.ArticleID, got.New.Type, idB)
	}
	// Stored with an empty target list, incoming with none: the same.
	stored := got.New
	stored.TargetIDs = []string{}
	have.Annotations[idN] = stored
	p, err = Merge(have, Incoming{Articles: []model.Article{art(idA, "نص أول")}, Annotations: []model.Annotation{mention}})
	if err != nil {
		t.Fatal(err)
	}
	if a := p.Annotations[0].Action; a != Unchanged {
		t.Errorf("second merge: %s, want unchanged", a)
	}
}

func TestMergeSets(t *testing.T) {
	have := holding(art(idB, "نص أول"), art(idC, "نص ثان"))
	have.Sets[idS] = model.Set{ID: idS, Name: "Baku", CreatedAt: t1}
	have.Members[idS] = []string{idC}
	in := Incoming{
		Articles: []model.Article{art(idA, "نص أول")}, // stored as idB
		Sets: []model.Set{
			{ID: idS, Name: "Baku", CreatedAt: t1, ArticleIDs: []string{idA, idB, idC}},
			{ID: idE, Name: "New", CreatedAt: t1, ArticleIDs: []string{idC, idC}},
		},
	}
	p, err := Merge(have, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Sets) != 2 {
		t.Fatalf("%d set changes", len(p.Sets))
	}
	if c := p.Sets[0]; c.Action != Unchanged || !reflect.DeepEqual(c.NewMembers, []string{idB}) {
		t.Errorf("existing set: %s with new members %v, want unchanged with [%s]", c.Action, c.NewMembers, idB)
	}
	if c := p.Sets[1]; c.Action != Add || c.New.ArticleIDs != nil || !reflect.DeepEqual(c.NewMembers, []string{idC}) {
		t.Errorf("new set: %s %+v with new members %v", c.Action, c.New, c.NewMembers)
	}
}

func TestMergeSchema(t *testing.T) {
	have := emptyArchive()
	p, err := Merge(have, Incoming{Schema: model.Schema{{Name: "gpe", Kind: model.KindEntity, Colour: "#000000"}}})
	if err != nil || p.Schema != nil {
		t.Fatalf("known type: schema %v, %v; want no change", p.Schema, err)
	}
	weapon := model.LabelType{Name: "WEAPON", Kind: model.KindEntity, Colour: "#112233", Hotkey: "1"}
	p, err = Merge(have, Incoming{Schema: model.Schema{weapon}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Schema) != len(have.Schema)+1 {
		t.Fatalf("schema of %d types, want %d", len(p.Schema), len(have.Schema)+1)
	}
	if got := p.Schema[len(p.Schema)-1]; got.Name != "WEAPON" || got.Hotkey != "" {
		t.Errorf("added type %+v: its hotkey clashes with PER and should be cleared", got)
	}
	if len(have.Schema) != len(model.DefaultSchema()) {
		t.Error("Merge changed the archive's schema it was given")
	}
}

// applied returns the archive after p, as storage would leave it.
func applied(have Archive, p *Plan) Archive {
	for _, c := range p.Articles {
		if c.Action == Add {
			have.ArticleByFingerprint[model.Fingerprint(c.New.Text)] = c.ID
			have.ArticleTexts[c.ID] = c.New.Text
		}
	}
	for _, c := range p.Entities {
		if c.Action == Add || c.Action == Update {
			have.Entities[c.ID] = c.New
		}
	}
	for _, c := range p.Annotations {
		if c.Action == Add || c.Action == Update {
			have.Annotations[c.ID] = c.New
		}
	}
	for _, c := range p.Sets {
		if c.Action == Add {
			have.Sets[c.ID] = c.New
		}
		have.Members[c.ID] = append(have.Members[c.ID], c.NewMembers...)
	}
	return have
}

// Merging what was just merged changes nothing.
func TestMergeIsIdempotent(t *testing.T) {
	in := Incoming{
		Articles:    []model.Article{art(idA, "نص أول"), art(idB, "نص أول"), art(idC, "نص ثان")},
		Entities:    []model.Entity{ent(idE, "GPE", "إيران", t1)},
		Annotations: []model.Annotation{{ID: idN, ArticleID: idB, Kind: model.KindEntity, Type: "GPE", Start: 0, End: 2, Quote: "نص", EntityID: idE, CreatedAt: t1, UpdatedAt: t1}},
		Sets:        []model.Set{{ID: idS, Name: "Baku", CreatedAt: t1, ArticleIDs: []string{idB, idC}}},
	}
	have := emptyArchive()
	first, err := Merge(have, in)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Merge(applied(have, first), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{count(second.Articles, Add), count(second.Entities, Add), count(second.Entities, Update),
		count(second.Annotations, Add), count(second.Annotations, Update)} {
		if n != 0 {
			t.Fatalf("second merge writes again: %+v", second)
		}
	}
	if second.Sets[0].Action != Unchanged || second.Sets[0].NewMembers != nil {
		t.Errorf("second merge changes the set: %+v", second.Sets[0])
	}
}

func count[T any](cs []Change[T], a Action) int {
	n := 0
	for _, c := range cs {
		if c.Action == a {
			n++
		}
	}
	return n
}
