package importer

import (
	"context"
	"testing"

	"daftar/model"
)

func TestTextStoresPastedArticle(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	text := "وزير الدفاع يزور باكو\n\nقال المتحدث في المؤتمر إن المفاوضات مستمرة مع الوفد، وأضاف أن الاجتماع المقبل سيعقد في العاصمة."
	rep, err := Text(ctx, store, text, Options{Actor: "t", SetName: "pasted"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 1 || rep.Imported != 1 || rep.Duplicates != 0 || rep.Failed != 0 || len(rep.Entries) != 1 {
		t.Fatalf("report %+v", rep)
	}
	e := rep.Entries[0]
	if e.Path != PastedPath || e.Format != "paste" || e.Status != StatusImported || e.ID == "" || e.Title != "وزير الدفاع يزور باكو" {
		t.Fatalf("entry %+v", e)
	}
	a, err := store.Article(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "ar" || a.Direction != model.RTL || a.Title != e.Title {
		t.Fatalf("article language %q direction %q title %q", a.Language, a.Direction, a.Title)
	}
	st, err := store.SetByName(ctx, "pasted")
	if err != nil {
		t.Fatal(err)
	}
	members, err := store.SetMembers(ctx, st.ID)
	if err != nil || len(members) != 1 || members[0] != e.ID {
		t.Fatalf("set members %v, %v", members, err)
	}

	// The same text again is a duplicate of the first.
	rep, err = Text(ctx, store, text+"\n", Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 0 || rep.Duplicates != 1 || rep.Entries[0].Status != StatusDuplicate || rep.Entries[0].DuplicateOf != e.ID {
		t.Fatalf("second paste %+v", rep)
	}

	// Empty text fails in the report, not as an error.
	rep, err = Text(ctx, store, " \n\t", Options{Actor: "t", SetName: "never"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 1 || rep.Entries[0].Status != StatusFailed || rep.Entries[0].Reason == "" {
		t.Fatalf("empty paste %+v", rep)
	}
	if _, err := store.SetByName(ctx, "never"); err == nil {
		t.Fatal("a failed paste created its set")
	}
}
