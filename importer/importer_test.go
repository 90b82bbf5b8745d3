package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"daftar/storage"
)

func writeStories(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		text := fmt.Sprintf("قال المتحدث في المؤتمر رقم %d إن المفاوضات مستمرة مع الوفد.\n\nوأضاف أن الاجتماع المقبل سيعقد في العاصمة.", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("story%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func openStore(t *testing.T) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRunReportsProgressFillsLanguageAndSet(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	dir := writeStories(t, 5)
	var seen []Progress
	rep, err := Run(ctx, store, []string{dir}, Options{SetName: "talks", Actor: "t"}, func(p Progress) { seen = append(seen, p) })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 5 || rep.Failed != 0 || len(seen) != 5 || seen[4].Done != 5 || seen[4].Total != 5 {
		t.Fatalf("report %+v, progress %+v", rep, seen)
	}
	st, err := store.SetByName(ctx, "talks")
	if err != nil {
		t.Fatal(err)
	}
	members, _ := store.SetMembers(ctx, st.ID)
	if len(members) != 5 {
		t.Errorf("set has %d members, want 5", len(members))
	}
	a, _ := store.Article(ctx, rep.Entries[0].ID)
	if a.Language != "ar" || a.Direction != "rtl" {
		t.Errorf("language/direction %q/%q, want ar/rtl", a.Language, a.Direction)
	}
	// Again: all duplicates, and still members of the set.
	rep, err = Run(ctx, store, []string{dir}, Options{SetName: "talks", Actor: "t"}, nil)
	if err != nil || rep.Duplicates != 5 || rep.Imported != 0 {
		t.Fatalf("second run: %+v %v", rep, err)
	}
}

func TestRunCancelledKeepsWholeFiles(t *testing.T) {
	store := openStore(t)
	dir := writeStories(t, 10)
	ctx, cancel := context.WithCancel(context.Background())
	rep, err := Run(ctx, store, []string{dir}, Options{Actor: "t"}, func(p Progress) {
		if p.Done == 3 {
			cancel()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Cancelled || rep.Imported < 2 || rep.Imported > 3 {
		t.Fatalf("cancelled run: %+v", rep)
	}
	list, _ := store.ListArticles(context.Background(), storage.ListOptions{})
	if len(list) != rep.Imported {
		t.Errorf("archive holds %d articles, report says %d", len(list), rep.Imported)
	}
	if problems, _ := store.Check(context.Background()); len(problems) > 0 {
		t.Errorf("check after cancel: %v", problems)
	}
}
