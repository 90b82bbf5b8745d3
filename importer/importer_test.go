package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"daftar/corpusgen"
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

// Entries ingest passes over (here a ZIP entry whose path leaves the
// archive and a symbolic link) are in the report with their reason, and
// counted apart from the files imported.
func TestRunReportsSkippedEntries(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		mode fs.FileMode
		body string
	}{
		{"../../etc/x.txt", 0o644, "A story that wants to leave the archive, written for this test."},
		{"story.txt", 0o644, "A story that stays where it belongs, written for this test."},
		{"passwd", fs.ModeSymlink | 0o777, "/etc/passwd"},
	} {
		h := &zip.FileHeader{Name: e.name}
		h.SetMode(e.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "mixed.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), openStore(t), []string{p}, Options{Actor: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 3 || rep.Imported != 1 || rep.Skipped != 2 || rep.Failed != 0 {
		t.Errorf("report %+v", rep)
	}
	want := map[string]string{p + "!../../etc/x.txt": "path leaves the archive", p + "!passwd": "symbolic link, not followed"}
	for _, e := range rep.Entries {
		if e.Status != StatusSkipped {
			continue
		}
		if want[e.Path] != e.Reason {
			t.Errorf("skipped %s: %q", e.Path, e.Reason)
		}
		delete(want, e.Path)
	}
	if len(want) > 0 {
		t.Errorf("not reported: %v", want)
	}
}

// An import cancelled after some batches of a streamed file keeps those
// batches whole; a rerun stores the rest and says how many were already in.
func TestRunCancelledKeepsBatchesAndResumes(t *testing.T) {
	store := openStore(t)
	var b bytes.Buffer
	if err := corpusgen.New(3).WriteJSONL(&b, 3500); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "stories.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	rep, err := Run(ctx, store, []string{path}, Options{Actor: "t"}, func(Progress) {
		if calls++; calls == 3 {
			cancel() // before the third batch is stored
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		st, err := store.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st.Articles
	}
	kept := count()
	if !rep.Cancelled || rep.Imported != kept || kept == 0 || kept >= 3500 {
		t.Fatalf("cancelled run: imported %d, archive holds %d", rep.Imported, kept)
	}
	if problems, _ := store.Check(context.Background()); len(problems) > 0 {
		t.Errorf("check after cancel: %v", problems)
	}
	rep, err = Run(context.Background(), store, []string{path}, Options{Actor: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cancelled || rep.Files != 1 || rep.Imported != 3500-kept || rep.Duplicates != kept || rep.Resumed != kept || count() != 3500 {
		t.Errorf("rerun: %d files, %d imported, %d duplicates, %d resumed; archive holds %d (first run kept %d)",
			rep.Files, rep.Imported, rep.Duplicates, rep.Resumed, count(), kept)
	}
}
