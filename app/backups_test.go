package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"daftar/model"
	"daftar/storage"
)

// addStories stores n short stories written for these tests, numbered from first.
func addStories(t *testing.T, s *storage.Store, first, n int) {
	t.Helper()
	var arts []model.Article
	for i := first; i < first+n; i++ {
		arts = append(arts, model.Article{Title: fmt.Sprintf("Story %d", i),
			Text: model.CanonicalText(fmt.Sprintf("خبر رقم %d عن سوق السمك في الميناء. Story %d about the fish market.", i, i))})
	}
	if _, err := s.AddArticles(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
}

// archiveWithBackup makes an archive of 3 stories in a temp folder whose
// automatic backup (taken on the second open) holds them, and returns it
// open with a 4th story added since.
func archiveWithBackup(t *testing.T) *storage.Store {
	t.Helper()
	t.Setenv(storage.BackupsEnv, "")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	for i := range 2 {
		s, err := storage.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			addStories(t, s, 1, 3)
		}
		s.Close() // waits for the backup taken on open
	}
	s, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	addStories(t, s, 4, 1)
	return s
}

func countArticles(t *testing.T, path string) int {
	t.Helper()
	s, err := storage.OpenExisting(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Articles
}

// buttonIn finds the button labelled text among o's objects.
// buttonIn finds the visible button labelled text in o: a stock button or
// a dialog's (dialogButton); nil if there is none.
func buttonIn(o fyne.CanvasObject, text string) fyne.Tappable {
	if o == nil {
		return nil
	}
	for _, c := range test.LaidOutObjects(o) {
		switch b := c.(type) {
		case *widget.Button:
			if b.Text == text && b.Visible() {
				return b
			}
		case *dialogButton:
			if b.Text == text && b.Visible() {
				return b
			}
		}
	}
	return nil
}

func TestSettingsListBackupsAndRestoreOne(t *testing.T) {
	store := archiveWithBackup(t)
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefAnnotator, "tester")
	ui := New(context.Background(), a, store, Options{})
	ui.wait()
	b := ui.settings.backups
	if !holds(ui, func() bool { return len(b.shown) == 1 && len(b.list.Objects) == 1 }) {
		t.Fatalf("listed %v, want the one backup", b.shown)
	}
	line := b.list.Objects[0].(*fyne.Container)
	var restore fyne.Tappable
	act(ui, func() {
		if text := line.Objects[0].(*bidiLabel).Text; !strings.Contains(text, "on open") || !strings.Contains(text, "MB") {
			t.Errorf("backup line %q does not say why it was taken and its size", text)
		}
		restore = buttonIn(line, "Restore…")
	})
	if restore == nil {
		t.Fatal("no Restore… button beside the backup")
	}
	act(ui, func() { test.Tap(restore) })
	var confirm fyne.Tappable
	act(ui, func() { confirm = buttonIn(ui.win.Canvas().Overlays().Top(), "Restore") })
	if confirm == nil {
		t.Fatal("no confirmation asked")
	}
	act(ui, func() { test.Tap(confirm) })
	if ui.restoreFrom != b.shown[0].Path || ui.reopen != store.Path() {
		t.Fatalf("restore of %q, reopen %q", ui.restoreFrom, ui.reopen)
	}

	// What Run does once the window has closed.
	ui.closeArchive()
	report := ui.restorePending()
	if n := countArticles(t, store.Path()); n != 3 {
		t.Fatalf("restored archive has %d articles, want the backup's 3", n)
	}
	next, err := storage.Open(context.Background(), store.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { next.Close() })
	ui2 := New(context.Background(), a, next, Options{})
	ui2.wait()
	act(ui2, func() { report(ui2) })
	act(ui2, func() {
		said := ""
		if top := ui2.win.Canvas().Overlays().Top(); top != nil {
			for _, o := range test.LaidOutObjects(top) {
				if l, ok := o.(*bidiText); ok {
					said += l.Text
				}
			}
		}
		if !strings.Contains(said, "Restored") || !strings.Contains(said, "restore.db") {
			t.Errorf("the new window says %q, want the restore and the saved copy named", said)
		}
	})
	backups, _ := storage.ListBackups(store.Path())
	if len(backups) != 2 || countArticles(t, backups[0].Path) != 4 {
		t.Errorf("backups after the restore %v, want the replaced 4-article archive kept first", backups)
	}
}

// A failed automatic backup shows in the status bar, and stays shown as a
// warning beside it and in the settings.
func TestBackupProblemIsShown(t *testing.T) {
	t.Setenv(storage.BackupsEnv, "")
	path := filepath.Join(t.TempDir(), "archive.db")
	s, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	addStories(t, s, 1, 2)
	s.Close()
	if err := os.WriteFile(storage.BackupDir(path), []byte("a file where the folder goes"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefAnnotator, "tester")
	ui := New(context.Background(), a, s, Options{})
	waitFor(t, ui, "the backup problem", func() bool {
		b := ui.settings.backups
		return strings.Contains(b.problem.Text, storage.BackupDir(path)) && b.warning.Visible()
	})
	act(ui, func() { test.Tap(ui.settings.backups.warning) })
	act(ui, func() {
		if top := ui.win.Canvas().Overlays().Top(); top == nil || ui.tabs.Selected().Text != tabSettings {
			t.Error("the warning shows neither the details nor the settings")
		}
	})
}

func TestClearRecentArchives(t *testing.T) {
	ui, _ := newTestUI(t)
	act(ui, func() {
		rememberArchive(ui.app, "/somewhere/fieldwork.db")
		ui.settings.fillRecent()
	})
	clear := ui.settings.clearRecentButton()
	act(ui, func() { test.Tap(clear) })
	if got := recentArchives(ui.app); len(got) != 0 || len(ui.settings.recent.Objects) != 0 || !clear.Disabled() {
		t.Errorf("after clearing: %v, %d buttons shown", got, len(ui.settings.recent.Objects))
	}
}

// damagedCopy copies the open archive s with its log to a new folder, as a
// crash leaves it, along with its backups, and damages the copy's pages.
func damagedCopy(t *testing.T, s *storage.Store) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, filepath.Base(s.Path()))
	copyInto(t, s.Path(), path)
	copyInto(t, s.Path()+"-wal", path+"-wal")
	if err := os.MkdirAll(storage.BackupDir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	backups, _ := storage.ListBackups(s.Path())
	for _, b := range backups {
		copyInto(t, b.Path, filepath.Join(storage.BackupDir(path), filepath.Base(b.Path)))
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	for off := int64(4096); off < info.Size(); off += 4096 {
		f.WriteAt([]byte(strings.Repeat("\x0d\xff", 6)), off) // every b-tree page header but the schema's
	}
	return path
}

func copyInto(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestDamagedArchiveOffersTheLatestGoodBackup(t *testing.T) {
	store := archiveWithBackup(t)
	path := damagedCopy(t, store)
	_, openErr := storage.Open(context.Background(), path)
	if !errors.Is(openErr, storage.ErrDamaged) {
		t.Fatalf("the damaged copy opened: %v", openErr)
	}
	a := test.NewTempApp(t)
	restored := 0
	d := newDamagedScreen(a, path, openErr, func() { restored++ })
	d.jobs.wait()
	if !strings.Contains(d.found.Text, "Latest good backup") || d.restore.Disabled() {
		t.Fatalf("offer %q, restore disabled %v", d.found.Text, d.restore.Disabled())
	}
	test.Tap(d.restore)
	d.jobs.wait()
	if restored != 1 {
		t.Fatalf("restored called %d times; shown %q", restored, d.found.Text)
	}
	if n := countArticles(t, path); n != 3 {
		t.Errorf("restored archive has %d articles, want the backup's 3", n)
	}
}

func TestDamagedArchiveWithoutBackups(t *testing.T) {
	store := archiveWithBackup(t)
	path := damagedCopy(t, store)
	if err := os.RemoveAll(storage.BackupDir(path)); err != nil {
		t.Fatal(err)
	}
	_, openErr := storage.Open(context.Background(), path)
	d := newDamagedScreen(test.NewTempApp(t), path, openErr, func() { t.Error("restored without a backup") })
	d.jobs.wait()
	if !strings.Contains(d.found.Text, "No good backup") || !d.restore.Disabled() {
		t.Errorf("offer %q, restore disabled %v", d.found.Text, d.restore.Disabled())
	}
}
