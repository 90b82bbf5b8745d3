//go:build unix

package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A folder import reads regular files and links to regular files inside
// the folder; links out of it, links to folders, broken links and special
// files are skipped and reported.
func TestFolderSkipsLinksOutAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	outside := writeFile(t, t.TempDir(), "secret.txt", []byte(frText))
	writeFile(t, dir, "a.txt", []byte(enText()))
	for name, target := range map[string]string{
		"b-inside.txt":  filepath.Join(dir, "a.txt"),
		"c-outside.txt": outside,
		"d-folder":      filepath.Dir(outside),
		"e-broken.txt":  filepath.Join(dir, "gone.txt"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "f-pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	items, err := collect(t, context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, itemLine(t, it, filepath.Base(it.Path)))
	}
	want := []string{
		"a.txt " + enTitle,
		"b-inside.txt " + enTitle,
		"c-outside.txt skipped: symbolic link to " + outside + ", outside the folder",
		"d-folder skipped: symbolic link to a folder, not followed",
		"e-broken.txt skipped: broken symbolic link",
		"f-pipe skipped: not a regular file (named pipe)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n, err := Total([]string{dir}); n != len(want) || err != nil {
		t.Errorf("Total = %d, %v; want %d", n, err, len(want))
	}

	// Asked to, the import follows links out of the folder.
	items, err = collect(t, context.Background(), []string{dir}, Options{FollowLinks: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(want) || itemLine(t, items[2], "c") != "c "+frTitle {
		t.Errorf("following links: %d items, the third %+v", len(items), items[2])
	}
}
