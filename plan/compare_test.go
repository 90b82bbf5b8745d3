package plan

import (
	"testing"

	"daftar/model"
)

func TestUnits(t *testing.T) {
	coders := []string{"amal", "badr"}
	anns := []model.Annotation{
		coded("amal", "r1", 0, 3, "PER"), coded("badr", "r2", 0, 3, "per"), // agreed
		coded("amal", "r3", 5, 9, "ORG"), coded("badr", "r4", 7, 12, "ORG"), coded("amal", "r5", 11, 14, "LOC"), // one chain of overlaps
		coded("badr", "r6", 20, 22, "PER"),                                   // amal marked nothing
		coded("carim", "r7", 30, 33, "PER"),                                  // not a coder: no unit
		coded("gold", "g1", 6, 8, "ORG"), coded("gold", "g2", 40, 41, "PER"), // g1 in the second unit, g2 in none
	}
	units := Units(anns, coders, "gold")
	type want struct {
		start, end int
		amal, badr int
		gold       int
		agreed     bool
	}
	wants := []want{{0, 3, 1, 1, 0, true}, {5, 14, 2, 1, 1, false}, {20, 22, 0, 1, 0, false}}
	if len(units) != len(wants) {
		t.Fatalf("%d units, want %d: %+v", len(units), len(wants), units)
	}
	for i, w := range wants {
		u := units[i]
		got := want{u.Start, u.End, len(u.Versions[0]), len(u.Versions[1]), len(u.Gold), u.Agreed}
		if got != w {
			t.Errorf("unit %d: %+v, want %+v", i, got, w)
		}
	}
}

func TestResolve(t *testing.T) {
	coders := []string{"amal", "badr"}
	anns := []model.Annotation{
		coded("amal", "r1", 5, 9, "ORG"), coded("badr", "r2", 5, 12, "ORG"), coded("badr", "r3", 10, 13, "LOC"),
		coded("amal", "r4", 10, 13, "LOC"),
		coded("gold", "g1", 5, 12, "ORG"), coded("gold", "g2", 10, 13, "LOC"),
	}
	u := Units(anns, coders, "gold")[0]
	opt := AdjudicateOptions{As: "gold", Decider: "lead", At: t1, NewID: ids()}

	// Accept amal's version: her ORG replaces the gold ORG from badr's; the
	// LOC both marked stays as it is.
	add, del, err := Resolve(u, u.Versions[0], "accepted", opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(del) != 1 || del[0] != "g1" || len(add) != 1 {
		t.Fatalf("add %+v, delete %v: want amal's ORG in place of g1", add, del)
	}
	a := add[0]
	p := a.Provenance
	if a.Annotator != "gold" || a.Start != 5 || a.End != 9 || p == nil || p.Rule != "accepted" || p.DecidedBy != "lead" ||
		!p.DecidedAt.Equal(t1) || len(p.From) != 1 || p.From[0] != (model.Source{Coder: "amal", ID: "r1"}) {
		t.Errorf("added %+v, provenance %+v", a, p)
	}

	// An edited copy of badr's ORG, retyped.
	edited := u.Versions[1][0]
	edited.End, edited.Type, edited.Quote = 8, "PER", "xxx"
	add, del, _ = Resolve(u, []model.Annotation{edited, u.Versions[1][1]}, "edited", opt)
	if len(add) != 1 || add[0].Type != "PER" || add[0].End != 8 || add[0].Provenance.From[0].ID != "r2" || len(del) != 1 {
		t.Errorf("edit: add %+v, delete %v", add, del)
	}

	// Reject: the layer's spans in the unit go.
	add, del, _ = Resolve(u, nil, "rejected", opt)
	if len(add) != 0 || len(del) != 2 {
		t.Errorf("reject: add %+v, delete %v", add, del)
	}

	if _, _, err := Resolve(u, nil, "accepted", AdjudicateOptions{}); err == nil {
		t.Error("no layer name: no error")
	}
}
