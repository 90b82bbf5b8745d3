package corpusgen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestDeterministicAndMixed(t *testing.T) {
	a, b := New(7), New(7)
	langs := map[string]int{}
	seen := map[string]bool{}
	for range 60 {
		x, y := a.Next(), b.Next()
		if x != y {
			t.Fatal("same seed gave different articles")
		}
		if seen[x.Text] {
			t.Fatal("generated a duplicate text")
		}
		seen[x.Text] = true
		if n := len(x.Text); n < 2500 || n > 4500 {
			t.Errorf("article of %d bytes, want about 3 KB", n)
		}
		if !utf8.ValidString(x.Text) || x.Title == "" {
			t.Errorf("bad article %+v", x)
		}
		langs[x.Language]++
	}
	if langs["ar"] != 30 || langs["en"]+langs["fr"] != 30 || langs["fr"] == 0 {
		t.Errorf("language mix %v, want half Arabic, the rest English and French", langs)
	}
}

func TestWriteJSONL(t *testing.T) {
	var buf bytes.Buffer
	if err := New(1).WriteJSONL(&buf, 25); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var a Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		n++
	}
	if n != 25 {
		t.Fatalf("%d lines, want 25", n)
	}
}
