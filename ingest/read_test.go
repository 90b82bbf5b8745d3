package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func collect(t *testing.T, ctx context.Context, paths []string, opts Options) ([]Item, error) {
	t.Helper()
	var items []Item
	err := Read(ctx, paths, opts, func(it Item) error {
		items = append(items, it)
		return nil
	})
	return items, err
}

func TestZip(t *testing.T) {
	inner := makeZip(t, zipFile{"d.txt", []byte(frText)})
	data := makeZip(t,
		zipFile{"sub/b.md", []byte("# " + enTitle + "\n\n" + enBody)},
		zipFile{"a.txt", []byte(arText)},
		zipFile{".hidden.txt", []byte("skip me")},
		zipFile{"__MACOSX/._a.txt", []byte("\x00\x05\x16\x07")},
		zipFile{"sub/", nil},
		zipFile{"c.csv", []byte("title,text\nx,y z\nw,v u\n")},
		zipFile{"nested.zip", inner},
		zipFile{"e.bin", []byte("\x00\x01\x02binary")},
	)
	p := writeFile(t, t.TempDir(), "batch.zip", data)
	items := ReadFile(context.Background(), p, Options{})
	var got []string
	for _, it := range items {
		s := strings.TrimPrefix(it.Path, p) + " " + it.Format
		if it.Err != nil {
			s += " ERR " + it.Err.Error()
		} else {
			s += fmt.Sprintf(" %d", len(it.Articles))
		}
		got = append(got, s)
	}
	want := []string{"!a.txt txt 1", "!c.csv csv 2", "!e.bin txt ERR not a text file (binary content)", "!nested.zip!d.txt txt 1", "!sub/b.md md 1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	a := items[0].Articles[0]
	checkText(t, a, arText)
	if a.Origin.File != p+"!a.txt" || a.Title != arTitle {
		t.Errorf("origin %+v title %q", a.Origin, a.Title)
	}
	if n, err := Total([]string{p}); n != 1 || err != nil {
		t.Errorf("Total = %d, %v", n, err)
	}

	// A ZIP detected by content, without the .zip name.
	items = ReadFile(context.Background(), writeFile(t, t.TempDir(), "download", inner), Options{})
	if len(items) != 1 || items[0].Err != nil || !strings.HasSuffix(items[0].Path, "download!d.txt") {
		t.Errorf("content-detected zip: %+v", items)
	}
}

func TestZipLimits(t *testing.T) {
	dir := t.TempDir()
	good := makeZip(t, zipFile{"a.txt", []byte(arText)}, zipFile{"b.txt", []byte(frText)})

	one := func(name string, data []byte, opts Options) []Item {
		return ReadFile(context.Background(), writeFile(t, dir, name, data), opts)
	}
	items := one("cut.zip", good[:len(good)-30], Options{})
	if len(items) != 1 {
		t.Fatalf("truncated: %+v", items)
	}
	wantErr(t, items[0], "not a valid ZIP archive (truncated or damaged)")

	// 20 MiB of one letter deflates about 1000:1.
	bomb := makeZip(t, zipFile{"ok.txt", []byte(enText())}, zipFile{"z.txt", bytes.Repeat([]byte("A"), 20<<20)})
	items = one("bomb.zip", bomb, Options{})
	if len(items) != 2 || items[0].Err != nil {
		t.Fatalf("bomb: %+v", items)
	}
	wantErr(t, items[1], "compression ratio")
	wantErr(t, items[1], "(ZIP bomb?)")

	// A header that lies about the size: caught while inflating.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "liar.txt", Method: zip.Deflate, CompressedSize64: 0, UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(deflate(t, bytes.Repeat([]byte("B"), 8<<20)))
	zw.Close()
	items = one("liar.zip", buf.Bytes(), Options{})
	if len(items) != 1 || items[0].Err == nil {
		t.Fatalf("lying header: %+v", items)
	}

	files := []zipFile{}
	for i := 0; i < 5; i++ {
		files = append(files, zipFile{fmt.Sprintf("f%d.txt", i), []byte(enText())})
	}
	items = one("many.zip", makeZip(t, files...), Options{MaxEntries: 3})
	if len(items) != 1 {
		t.Fatalf("entries: %+v", items)
	}
	wantErr(t, items[0], "ZIP archive has 5 entries, over the limit of 3")

	items = one("total.zip", makeZip(t, files...), Options{MaxDecompressed: int64(len(enText())*2 + 10)})
	if len(items) != 3 || items[0].Err != nil || items[1].Err != nil {
		t.Fatalf("total: %+v", items)
	}
	wantErr(t, items[2], "archive inflates to more than the")

	items = one("entry.zip", makeZip(t, zipFile{"big.txt", bytes.Repeat([]byte("word "), 100)}), Options{MaxFileSize: 100})
	wantErr(t, items[0], "entry is 500 bytes, over the 100 bytes limit")

	items = one("empty.zip", makeZip(t), Options{})
	wantErr(t, items[0], "ZIP archive has no files")

	// ZIPs in ZIPs in ZIPs... stop.
	z := makeZip(t, zipFile{"a.txt", []byte(enText())})
	for i := 0; i < 5; i++ {
		z = makeZip(t, zipFile{"in.zip", z})
	}
	items = one("deep.zip", z, Options{})
	wantErr(t, items[0], "nested more than 3 deep")
}

func enText() string { return enTitle + "\n\n" + enBody }

func deflate(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "x", Method: zip.Deflate})
	w.Write(data)
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := zr.File[0].OpenRaw()
	var out bytes.Buffer
	out.ReadFrom(rc)
	return out.Bytes()
}

// TestBatch: every kind of failure gives its message while the other files
// of the same Read still yield their articles, in a stable order.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	good := makeZip(t, zipFile{"a.txt", []byte(arText)})
	writeFile(t, dir, "01-ar.txt", []byte(arText))
	writeFile(t, dir, "02-binary.bin", []byte("\x7fELF\x00\x00\x01"))
	writeFile(t, dir, "03-truncated.zip", good[:len(good)/2])
	writeFile(t, dir, "04-bomb.zip", makeZip(t, zipFile{"z.txt", bytes.Repeat([]byte("A"), 8<<20)}))
	writeFile(t, dir, "05-unbalanced.csv", []byte("title,body\n\"ok\",\"fine\"\n\"broken,\"never closes\n"))
	writeFile(t, dir, "06-malformed.jsonl", []byte("{\"text\":\"a\"}\n{\"text\": \n"))
	writeFile(t, dir, "07-empty.txt", nil)
	writeFile(t, dir, "08-scripts.html", []byte("<html><head><script>x()</script></head><body><script>y()</script></body></html>"))
	writeFile(t, dir, "sub/09-fr.md", []byte(frText))
	writeFile(t, dir, ".git/config", []byte("hidden"))
	writeFile(t, dir, "sub/.DS_Store", []byte("hidden"))
	writeFile(t, dir, "sub/~$memo.docx", []byte("lock file"))
	extra := writeFile(t, t.TempDir(), "10-en.txt", []byte(enText()))

	paths := []string{dir, extra, filepath.Join(dir, "missing.txt")}
	if n, err := Total(paths[:2]); n != 10 || err != nil {
		t.Errorf("Total = %d, %v; want 10", n, err)
	}
	if _, err := Total(paths); err == nil {
		t.Error("Total of a missing path: no error")
	}
	items, err := collect(t, context.Background(), paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, err string }{
		{"01-ar.txt", ""},
		{"02-binary.bin", "not a text file (binary content)"},
		{"03-truncated.zip", "not a valid ZIP archive (truncated or damaged)"},
		{"04-bomb.zip!z.txt", "(ZIP bomb?)"},
		{"05-unbalanced.csv", "quote on line 3"},
		{"06-malformed.jsonl", "line 2: invalid JSON"},
		{"07-empty.txt", "empty file"},
		{"08-scripts.html", "no article text found"},
		{"09-fr.md", ""},
		{"10-en.txt", ""},
		{"missing.txt", ""}, // checked with errors.Is: the text differs by system
	}
	if len(items) != len(want) {
		for _, it := range items {
			t.Log(it.Path, it.Err)
		}
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for i, w := range want {
		it := items[i]
		if !strings.HasSuffix(filepath.ToSlash(it.Path), w.name) {
			t.Errorf("item %d is %s, want %s", i, it.Path, w.name)
		}
		switch {
		case w.name == "missing.txt":
			if !errors.Is(it.Err, fs.ErrNotExist) {
				t.Errorf("%s: error %v, want fs.ErrNotExist", it.Path, it.Err)
			}
		case w.err == "":
			mustArticles(t, it, 1)
		default:
			wantErr(t, it, w.err)
		}
	}

	// emit's error stops the walk and comes back.
	stop := errors.New("stop")
	n := 0
	err = Read(context.Background(), paths, Options{}, func(Item) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("emit error: %v after %d items", err, n)
	}
	// A cancelled context stops before any file.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	items, err = collect(t, ctx, paths, Options{})
	if !errors.Is(err, context.Canceled) || len(items) != 0 {
		t.Errorf("cancelled: %v, %d items", err, len(items))
	}
	// Cancelling from emit stops after the current file.
	ctx, cancel = context.WithCancel(context.Background())
	n = 0
	err = Read(ctx, paths, Options{}, func(Item) error { n++; cancel(); return nil })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancel in emit: %v after %d items", err, n)
	}

	// ReadFile on a folder reads it like Read.
	if got := ReadFile(context.Background(), dir, Options{}); len(got) != 9 {
		t.Errorf("ReadFile(dir): %d items", len(got))
	}
	// A hidden file named explicitly is read.
	if got := ReadFile(context.Background(), filepath.Join(dir, ".git", "config"), Options{}); len(got) != 1 || got[0].Err != nil {
		t.Errorf("explicit hidden file: %+v", got)
	}
}
