package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"daftar/model"
)

// A large undo shows its progress in a dialog whose Cancel leaves the
// archive as it was; the undo after it completes and closes the dialog.
func TestLargeUndoShowsProgressAndCancels(t *testing.T) {
	ui, store := newTestUI(t)
	loadSamples(t, ui)
	ctx := context.Background()
	var src model.Annotation
	for _, r := range ui.library.rows {
		anns, err := store.Annotations(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(anns) > 0 && anns[0].Kind != model.KindClaim {
			src = anns[0]
			break
		}
	}
	src.ID, src.TargetIDs = "", nil
	n := 3 * revertDialogAt
	if _, err := store.CreateAnnotations(ctx, ui.actor, slices.Repeat([]model.Annotation{src}, n)); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, store)
	count := func() int {
		got, err := store.Annotations(ctx, src.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	total := count()

	tapped := false
	act(ui, func() {
		ui.revert("Undo", func(ctx context.Context, actor string, progress func(int, int)) ([]model.HistoryEntry, error) {
			return store.UndoProgress(ctx, actor, func(done, total int) {
				progress(done, total)
				if done >= revertDialogAt && !tapped {
					tapped = true
					ui.do(func() {
						top := ui.win.Canvas().Overlays().Top()
						if top == nil {
							t.Error("no progress dialog during a large undo")
							return
						}
						test.Tap(buttonIn(top, "Cancel"))
					})
				}
			})
		})
	})
	ui.wait()
	if !tapped {
		t.Fatal("the undo never got to the cancel")
	}
	if got := snapshot(t, store); got != before {
		t.Fatal("a cancelled undo changed the archive")
	}
	if s := ui.status.Text; !strings.Contains(s, "cancelled") {
		t.Errorf("status after cancel %q", s)
	}
	if holds(ui, func() bool { return ui.win.Canvas().Overlays().Top() != nil }) {
		t.Error("the progress dialog stays open after the cancel")
	}

	act(ui, ui.undo)
	ui.wait()
	if got := count(); got != total-n {
		t.Fatalf("after the undo the article has %d annotations, want %d", got, total-n)
	}
	if holds(ui, func() bool { return ui.win.Canvas().Overlays().Top() != nil }) {
		t.Error("the progress dialog stays open after the undo")
	}
}

// openRevertProgress shows the progress dialog of a large undo
// (TestDialogKeys). Its cancel stands for the revert it stops, which ends
// by closing the dialog; it fails when the dialog closes without the
// Cancel action.
func openRevertProgress(t *testing.T, ui *UI) {
	p := &revertProgress{ui: ui, what: "Undo"}
	p.cancel = func() {
		if !strings.HasPrefix(p.msg.Text, "Cancelling") {
			t.Error("the progress dialog closed without cancelling the undo")
		}
		p.close()
	}
	act(ui, func() { p.show(revertDialogAt, 2*revertDialogAt) })
}
