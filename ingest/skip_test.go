package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
)

// Entries that would write outside the archive if unpacked, links and
// special files are not read, and each is reported with its reason.
func TestZipSkipsUnsafeEntries(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		mode fs.FileMode
		body string
	}{
		{"../../etc/x.txt", 0o644, "A story that wants to leave the archive."},
		{"/abs/y.txt", 0o644, "A story with an absolute path."},
		{`..\..\win.txt`, 0o644, "A story with Windows separators."},
		{"a.txt", 0o644, enText()},
		{"passwd", fs.ModeSymlink | 0o777, "/etc/passwd"},
		{"pipe", fs.ModeNamedPipe | 0o644, ""},
		{"dev", fs.ModeDevice | 0o644, ""},
	} {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(e.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "hostile.zip", buf.Bytes())
	var got []string
	for _, it := range ReadFile(context.Background(), p, Options{}) {
		got = append(got, itemLine(t, it, strings.TrimPrefix(it.Path, p+"!")))
	}
	want := []string{
		"../../etc/x.txt skipped: path leaves the archive",
		`..\..\win.txt skipped: path leaves the archive`,
		"/abs/y.txt skipped: path leaves the archive",
		"a.txt " + enTitle,
		"dev skipped: not a regular file (device)",
		"passwd skipped: symbolic link, not followed",
		"pipe skipped: not a regular file (named pipe)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// itemLine sums up an item as name and its first title, error or reason
// for being skipped.
func itemLine(t *testing.T, it Item, name string) string {
	t.Helper()
	switch {
	case it.Skipped != "":
		if it.Err != nil || len(it.Articles) > 0 {
			t.Errorf("%s: skipped entry carries %v and %d articles", it.Path, it.Err, len(it.Articles))
		}
		return name + " skipped: " + it.Skipped
	case it.Err != nil:
		return name + " error: " + it.Err.Error()
	}
	return name + " " + it.Articles[0].Title
}
