package app

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"daftar/agreement"
	"daftar/model"
	"daftar/storage"
)

// codingGate blocks reading a set's coding until the read is cancelled.
type codingGate struct{ agreementStore }

func (codingGate) SpansOfSet(ctx context.Context, _ string) (*storage.SetCoding, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestAgreementTableInOverview(t *testing.T) {
	ui, store := newTestUI(t)
	importTestFiles(t, ui)
	ctx := context.Background()
	water := openTitled(t, ui, "وزارة المياه تعلن خطة طوارئ")
	buses := openTitled(t, ui, "Council approves new bus lanes")
	if _, err := store.CreateAnnotations(ctx, "lead", []model.Annotation{
		coderSpan(t, water, "amal", "PER", "أحمد سليمان"), coderSpan(t, water, "badr", "PER", "أحمد سليمان"),
		coderSpan(t, water, "amal", "ORG", "وزارة المياه في"), coderSpan(t, water, "badr", "ORG", "وزارة المياه في عمّان"),
		coderSpan(t, buses, "amal", "PER", "Jane Porter"), coderSpan(t, buses, "badr", "ORG", "city council"),
		coderSpan(t, buses, "gold", "PER", "Jane Porter"), // the gold layer is no coder
	}); err != nil {
		t.Fatal(err)
	}
	st, err := store.CreateSet(ctx, "lead", model.Set{Name: "study", ArticleIDs: []string{water.ID, buses.ID}})
	if err != nil {
		t.Fatal(err)
	}
	act(ui, func() { ui.showTab(tabOverview) })
	p := ui.overview.agree
	waitFor(t, ui, "the set chooser", func() bool { return len(p.sets.Options) == 1 })
	act(ui, func() {
		p.sets.SetSelected("study")
		p.compute()
	})
	waitFor(t, ui, "the agreement table", func() bool { return len(p.rows) > 0 && !p.bar.Visible() })

	coding, err := store.CodingOfSet(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, err := agreement.Compute(agreement.FromRecords(coding.Articles, coding.Annotations), agreement.Options{Coders: []string{"amal", "badr"}})
	if err != nil {
		t.Fatal(err)
	}
	act(ui, func() {
		if !strings.Contains(p.status.Text, "2 coders (amal, badr)") {
			t.Errorf("status %q, want the two coders without gold", p.status.Text)
		}
		r := p.rows[0]
		if r.Figure != "alpha" || !reflect.DeepEqual(r.Value, want.Overall.Alpha) || r.Value.CI == nil {
			t.Errorf("first row %+v, want overall alpha %+v with its interval", r, want.Overall.Alpha)
		}
		var scopes []string
		for _, r := range p.rows {
			scopes = append(scopes, r.Figure+" "+r.Scope)
		}
		all := strings.Join(scopes, "\n")
		for _, s := range []string{"cohen_kappa tokens", "alpha tokens, type PER", "f1_exact pair amal/badr"} {
			if !strings.Contains(all, s) {
				t.Errorf("no row %q in\n%s", s, all)
			}
		}
	})

	// Cancel while the set is read: the table says so and keeps its rows.
	act(ui, func() {
		p.store = codingGate{p.store}
		p.compute()
	})
	act(ui, func() {
		if !p.bar.Visible() {
			t.Error("no progress bar while computing")
		}
		p.stopRun()
	})
	waitFor(t, ui, "the cancellation", func() bool { return p.status.Text == "Cancelled." && !p.bar.Visible() })
	if n := len(p.rows); n == 0 {
		t.Error("cancelling dropped the last table")
	}
}
