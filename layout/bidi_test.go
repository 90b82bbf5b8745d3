package layout

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// bidiCharacterTestPath finds Unicode's BidiCharacterTest.txt: Debian's
// unicode-data package first, then the copy shipped in go-text's module.
func bidiCharacterTestPath(t *testing.T) string {
	candidates := []string{"/usr/share/unicode/BidiCharacterTest.txt"}
	if gomod := os.Getenv("GOMODCACHE"); gomod != "" {
		candidates = append(candidates, filepath.Join(gomod, "github.com/go-text/typesetting@v0.3.5/bidi/test/BidiCharacterTest.txt"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, "go/pkg/mod/github.com/go-text/typesetting@v0.3.5/bidi/test/BidiCharacterTest.txt"))
	}
	for _, p := range candidates {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("BidiCharacterTest.txt not found: install Debian's unicode-data package (apt-get install unicode-data)")
	return ""
}

// TestBidiCharacterConformance runs our bidi resolution, rule L1 on the line
// and our rule L2 reordering over every case of BidiCharacterTest.txt and
// compares paragraph level, levels and visual order.
func TestBidiCharacterConformance(t *testing.T) {
	path := bidiCharacterTestPath(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	var r resolver
	total, passed := 0, 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || text[0] == '#' {
			continue
		}
		fields := strings.Split(text, ";")
		if len(fields) != 5 {
			t.Fatalf("line %d: %d fields", line, len(fields))
		}
		var runes []rune
		for _, h := range strings.Fields(fields[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("line %d: %v", line, err)
			}
			runes = append(runes, rune(v))
		}
		dir := []Direction{LTR, RTL, Auto}[fields[1][0]-'0']
		wantBase, _ := strconv.Atoi(fields[2])
		wantLevels := strings.Fields(fields[3])
		wantOrder := strings.Fields(fields[4])
		total++

		levels, base := r.levels(runes, dir)
		applyL1(runes, levels, base)
		ok := int(base) == wantBase
		for i, w := range wantLevels {
			if w == "x" {
				continue
			}
			if strconv.Itoa(int(levels[i])) != w {
				ok = false
			}
		}
		var got []string
		for _, i := range visualOrder(levels) {
			if !removedByX9(runes[i]) {
				got = append(got, strconv.Itoa(i))
			}
		}
		if strings.Join(got, " ") != strings.Join(wantOrder, " ") {
			ok = false
		}
		if ok {
			passed++
		} else if total-passed <= 5 {
			t.Errorf("line %d: %s: base %d levels %v order %v; want base %d levels %v order %v",
				line, fields[0], base, levels, got, wantBase, wantLevels, wantOrder)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("BidiCharacterTest (%s): %d/%d cases pass", path, passed, total)
	if passed != total {
		t.Errorf("%d of %d cases fail", total-passed, total)
	}
	if total < 90000 {
		t.Errorf("only %d cases read", total)
	}
}

func TestVisualOrder(t *testing.T) {
	// levels 1 3 2 (possible with embeddings) must not be treated as one
	// odd run: that is why we need exact levels from go-text.
	got := visualOrder([]int8{1, 3, 2})
	want := []int{1, 2, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("visualOrder(1 3 2) = %v, want %v", got, want)
		}
	}
}
