package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/corpusgen"
	"daftar/model"
)

// corpusJSONL is n generated records, one per line.
func corpusJSONL(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := corpusgen.New(7).WriteJSONL(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readAll reads one file and returns its items.
func readAll(t *testing.T, name string, data []byte, opts Options) []Item {
	t.Helper()
	return ReadFile(context.Background(), writeFile(t, t.TempDir(), name, data), opts)
}

// A file far over MaxFileSize is streamed in batches of 1,000 articles,
// numbered, all read.
func TestStreamHasNoFileLimitAndBatches(t *testing.T) {
	data := corpusJSONL(t, 2500)
	items := readAll(t, "big.jsonl", data, Options{MaxFileSize: 1 << 10})
	total := 0
	for i, it := range items {
		if it.Err != nil || it.Part != i+1 {
			t.Fatalf("item %d: part %d, err %v", i, it.Part, it.Err)
		}
		total += len(it.Articles)
	}
	if total != 2500 || len(items) < 3 {
		t.Fatalf("%d items with %d articles, want 2500 articles in at least 3", len(items), total)
	}
	if got := items[len(items)-1].Articles; !strings.Contains(string(data), got[len(got)-1].Title) {
		t.Errorf("last article %q is not from the file", got[len(got)-1].Title)
	}
}

// A record over MaxRecordSize is skipped with a warning naming its line,
// and the records after it are read: in JSONL, JSON arrays and CSV.
func TestStreamSkipsRecordOverLimit(t *testing.T) {
	big := strings.Repeat("كلمة ", 400) // 4,000 bytes
	opts := Options{MaxRecordSize: 1000}
	cases := []struct{ name, data, warn string }{
		{"a.jsonl", fmt.Sprintf("{\"text\":\"one story\"}\n{\"text\":%q}\n{\"text\":\"three\"}\n", big),
			"record (line 2) is over the 1000 bytes limit for one record; skipped"},
		{"a.json", fmt.Sprintf("[{\"text\":\"one story\"},\n{\"text\":%q},\n{\"text\":\"three\"}]", big),
			"record 2 (line 2) is over the 1000 bytes limit for one record; skipped"},
		{"b.json", fmt.Sprintf("{\"meta\": 1, \"articles\": [{\"text\":\"one story\"},\n{\"text\":%q},\n{\"text\":\"three\"}]}", big),
			"record 2 (line 2) is over the 1000 bytes limit for one record; skipped"},
		{"a.csv", fmt.Sprintf("title,text\nA,one story\nB,\"%s\"\nC,three\n", big),
			"row 2 (line 3) is over the 1000 bytes limit for one record; skipped"},
	}
	for _, c := range cases {
		it := readFileItem(t, c.name, []byte(c.data), opts)
		arts := mustArticles(t, it, 2)
		if arts[0].Text != "one story" || arts[1].Text != "three" {
			t.Errorf("%s: texts %q, %q", c.name, arts[0].Text, arts[1].Text)
		}
		if len(it.Warnings) != 1 || it.Warnings[0] != c.warn {
			t.Errorf("%s: warnings %q, want %q", c.name, it.Warnings, c.warn)
		}
	}
}

// An error after batches were sent comes last and says how many records
// were sent; the batch being read when it came is dropped.
func TestStreamErrorAfterBatches(t *testing.T) {
	data := append(corpusJSONL(t, 1500), "{not json\n"...)
	items := readAll(t, "bad.jsonl", data, Options{})
	last, sent := items[len(items)-1], 0
	for _, it := range items[:len(items)-1] {
		sent += len(it.Articles)
	}
	// Batches close at 1,000 records or after a second, whichever is first.
	if sent == 0 || sent >= 1500 || last.Err == nil || len(last.Articles) != 0 {
		t.Fatalf("%d items, %d articles before the error %v", len(items), sent, last.Err)
	}
	if want := "line 1501: invalid JSON"; !strings.HasPrefix(last.Err.Error(), want) || !strings.HasSuffix(last.Err.Error(), fmt.Sprintf("(the %d records before were imported)", sent)) {
		t.Errorf("error %q", last.Err)
	}
}

// A Daftar bundle over MaxFileSize is read from the file as it is decoded.
func TestStreamBundleHasNoFileLimit(t *testing.T) {
	b := bundle.New()
	g := corpusgen.New(5)
	for range 20 {
		text := model.CanonicalText(g.Next().Text)
		b.Articles = append(b.Articles, model.Article{ID: model.NewID(), Title: "t", Text: text, SHA256: model.Fingerprint(text)})
	}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, b); err != nil {
		t.Fatal(err)
	}
	it := readFileItem(t, "team.json", buf.Bytes(), Options{MaxFileSize: 1 << 10})
	if it.Err != nil || it.Bundle == nil || len(it.Bundle.Articles) != 20 {
		t.Fatalf("bundle item: err %v, bundle %v", it.Err, it.Bundle != nil)
	}
}

// A file whose only record is over the limit fails saying so, not with a
// guess about its keys.
func TestStreamOnlyRecordOverLimit(t *testing.T) {
	data := fmt.Sprintf("{\"text\":%q}\n", strings.Repeat("word ", 300))
	it := readFileItem(t, "one.jsonl", []byte(data), Options{MaxRecordSize: 1000})
	wantErr(t, it, "no record read: 1 over the 1000 bytes limit for one record")
	if len(it.Warnings) != 1 || !strings.HasPrefix(it.Warnings[0], "record (line 1) is over") {
		t.Errorf("warnings %q", it.Warnings)
	}
}
