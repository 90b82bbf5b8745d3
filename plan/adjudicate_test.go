package plan

import (
	"strings"
	"testing"

	"daftar/model"
)

// coded makes coder's annotation rec over [start, end) of idA.
func coded(coder, rec string, start, end int, typ string) model.Annotation {
	return model.Annotation{ID: rec, ArticleID: idA, Kind: model.KindEntity, Type: typ, Start: start, End: end,
		Quote: strings.Repeat("x", end-start), Annotator: coder}
}

func adjudicateOpts(k int) AdjudicateOptions {
	return AdjudicateOptions{Coders: []string{"amal", "badr", "carim"}, MinAgree: k, As: "gold", Decider: "lead", At: t1, NewID: ids()}
}

func TestAdjudicateMinAgree(t *testing.T) {
	anns := []model.Annotation{
		coded("amal", "r1", 0, 3, "PER"), coded("badr", "r2", 0, 3, "per"), coded("carim", "r3", 0, 3, "PER"), // 3 of 3
		coded("amal", "r4", 5, 9, "ORG"), coded("badr", "r5", 5, 9, "ORG"), coded("carim", "r6", 5, 9, "LOC"), // 2 ORG, 1 LOC
		coded("amal", "r7", 12, 15, "LOC"), coded("badr", "r8", 12, 16, "LOC"), // ends differ: no match
		coded("amal", "r9", 20, 22, "PER"), coded("amal", "r10", 20, 22, "PER"), // one coder twice counts once
		coded("dina", "r11", 20, 22, "PER"), // not a chosen coder
	}
	changes, err := Adjudicate(anns, adjudicateOpts(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 {
		t.Fatalf("%d changes, want the PER at 0-3 and the ORG at 5-9: %+v", len(changes), changes)
	}
	per, org := changes[0], changes[1]
	if per.Action != Add || per.New.Type != "PER" || per.New.Annotator != "gold" || per.ID == "" || per.New.ID != per.ID {
		t.Errorf("PER change %+v", per)
	}
	if want := "3 of 3 coders agree"; !strings.HasPrefix(per.Reason, want) {
		t.Errorf("PER reason %q, want %q", per.Reason, want)
	}
	for _, frag := range []string{"from amal=r1, badr=r2, carim=r3", "decided by lead at 2026-01-01T00:00:00Z", "at least 2 required"} {
		if !strings.Contains(per.New.Note, frag) {
			t.Errorf("provenance note %q lacks %q", per.New.Note, frag)
		}
	}
	if org.Action != Add || org.New.Type != "ORG" || !strings.Contains(org.New.Note, "amal=r4, badr=r5") || strings.Contains(org.New.Note, "r6") {
		t.Errorf("ORG change %+v", org)
	}

	changes, _ = Adjudicate(anns, adjudicateOpts(3))
	if len(changes) != 1 || changes[0].New.Start != 0 {
		t.Errorf("at least 3 of 3: %d changes, want only the PER at 0-3", len(changes))
	}
}

func TestAdjudicateIdempotentAndConflicts(t *testing.T) {
	anns := []model.Annotation{coded("amal", "r1", 0, 3, "PER"), coded("badr", "r2", 0, 3, "PER")}
	first, err := Adjudicate(anns, adjudicateOpts(2))
	if err != nil || len(first) != 1 || first[0].Action != Add {
		t.Fatalf("first run: %+v %v", first, err)
	}
	second, _ := Adjudicate(append(anns, first[0].New), adjudicateOpts(2))
	if len(second) != 1 || second[0].Action != Unchanged || second[0].ID != first[0].ID {
		t.Errorf("second run over the written layer: %+v, want unchanged %s", second, first[0].ID)
	}

	// Four coders, two say PER and two ORG on one span: neither is taken.
	opt := adjudicateOpts(2)
	opt.Coders = append(opt.Coders, "dina")
	tie := []model.Annotation{coded("amal", "r1", 0, 3, "PER"), coded("badr", "r2", 0, 3, "PER"),
		coded("carim", "r3", 0, 3, "ORG"), coded("dina", "r4", 0, 3, "ORG")}
	changes, _ := Adjudicate(tie, opt)
	if len(changes) != 2 || changes[0].Action != Skip || changes[1].Action != Skip || !strings.Contains(changes[0].Reason, "conflict") {
		t.Errorf("tie: %+v, want both skipped as a conflict", changes)
	}
	// amal and badr marked the span both PER and ORG: both types agreed on.
	both := append(tie[:2:2], coded("amal", "r5", 0, 3, "ORG"), coded("badr", "r6", 0, 3, "ORG"))
	changes, _ = Adjudicate(both, opt)
	if len(changes) != 2 || changes[0].Action != Add || changes[1].Action != Add {
		t.Errorf("two coders marking both types: %+v, want both added", changes)
	}
}

func TestAdjudicateClaimFields(t *testing.T) {
	a, b := coded("amal", "r1", 0, 3, "CLAIM"), coded("badr", "r2", 0, 3, "CLAIM")
	for _, x := range []*model.Annotation{&a, &b} {
		x.Kind, x.ClaimantID, x.TargetIDs = model.KindClaim, idE, []string{idN, idS}
	}
	a.Verdict, b.Verdict = "false", "misleading"
	a.Stance, b.Stance = "against", "against"
	changes, err := Adjudicate([]model.Annotation{a, b}, adjudicateOpts(2))
	if err != nil || len(changes) != 1 {
		t.Fatal(changes, err)
	}
	g := changes[0].New
	if g.Kind != model.KindClaim || g.ClaimantID != idE || len(g.TargetIDs) != 2 || g.Stance != "against" || g.Verdict != "" {
		t.Errorf("gold claim %+v: want shared claimant, targets and stance, no verdict (coders differ)", g)
	}
}

func TestAdjudicateRefuses(t *testing.T) {
	for _, opt := range []AdjudicateOptions{
		{Coders: []string{"amal", "badr"}, MinAgree: 3, As: "gold"},
		{Coders: []string{"amal", "badr"}, MinAgree: 1, As: "gold"},
		{Coders: []string{"amal", "gold"}, MinAgree: 2, As: "gold"},
		{Coders: []string{"amal", "badr"}, MinAgree: 2},
	} {
		if _, err := Adjudicate(nil, opt); err == nil {
			t.Errorf("Adjudicate with %+v did not fail", opt)
		}
	}
}
