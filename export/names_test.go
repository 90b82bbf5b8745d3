package export

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/model"
)

// Articles whose titles are Windows device names, hold forbidden
// characters or differ only in case each get their own files in every
// multi-file export, under names that are valid on every system.
func TestExportFileNamesArePortable(t *testing.T) {
	d := &bundle.Bundle{Schema: model.DefaultSchema()}
	for _, title := range []string{"Report", "REPORT", "report.", "CON", "nul.txt", `a<b>:"c"/d\e|f?g*`, "tab\there"} {
		d.Articles = append(d.Articles, model.Article{ID: model.NewID(), Title: title, Text: "Text of " + title + ".", Language: "en"})
	}
	for _, format := range []string{"brat", "csv"} {
		for _, out := range []string{format, format + ".zip"} {
			dest := write(t, d, Options{Format: format, Out: filepath.Join(t.TempDir(), out)})
			var names []string
			if strings.HasSuffix(out, ".zip") {
				zr, err := zip.OpenReader(dest)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range zr.File {
					names = append(names, f.Name)
				}
				zr.Close()
			} else {
				filepath.WalkDir(dest, func(p string, e os.DirEntry, err error) error {
					if err == nil && !e.IsDir() {
						rel, _ := filepath.Rel(dest, p)
						names = append(names, filepath.ToSlash(rel))
					}
					return err
				})
			}
			txts := 0
			for _, n := range names {
				if strings.HasSuffix(n, ".txt") && n != "README.txt" {
					txts++
				}
			}
			if txts != len(d.Articles) {
				t.Errorf("%s: %d article texts, want %d: %v", out, txts, len(d.Articles), names)
			}
		}
	}
}

func TestPortableRefusesBadAndCollidingNames(t *testing.T) {
	p := newPortable(&zipFiles{zw: zip.NewWriter(&bytes.Buffer{})})
	for _, ok := range []string{"texts/a.txt", "texts/b.txt", "README.txt"} {
		if _, err := p.create(ok); err != nil {
			t.Fatalf("create(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"texts/A.TXT", "readme.txt", "texts/nul.txt", "aux/x.txt", "texts/x.", "a:b.txt"} {
		if _, err := p.create(bad); err == nil {
			t.Errorf("create(%q): no error", bad)
		}
	}
}

// On Windows "nul.csv" is the null device: an export there would vanish.
func TestExportToDeviceNameOnWindows(t *testing.T) {
	d := &bundle.Bundle{Schema: model.DefaultSchema()}
	err := Write(context.Background(), d, Options{Format: "jsonl", Out: filepath.Join(t.TempDir(), "nul.jsonl")}, nil)
	if runtime.GOOS != "windows" {
		if err != nil {
			t.Fatalf("elsewhere nul.jsonl is an ordinary file: %v", err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), "device name") {
		t.Fatalf("got %v, want a device-name error", err)
	}
}
