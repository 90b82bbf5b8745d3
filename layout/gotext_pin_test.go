package layout

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/go-text/typesetting/bidi"
)

// pinnedGoText is the go-text/typesetting whose private bidi.Runs.levels
// runLevels reads (v0.3.5 exposes per-rune levels nowhere else).
const pinnedGoText = "v0.3.5"

// The reflection in runLevels depends on go-text's internals: an upgrade
// must fail here, not quietly fall back to run levels that merge 1 and 3.
func TestGoTextLevelsPinned(t *testing.T) {
	// Test binaries carry no module versions; go.mod says which is built.
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	version := ""
	for _, line := range strings.Split(string(mod), "\n") {
		f := strings.Fields(line)
		for i := 0; i+1 < len(f); i++ {
			if f[i] == "github.com/go-text/typesetting" {
				version = f[i+1]
			}
		}
	}
	if version != pinnedGoText {
		t.Fatalf("go.mod requires go-text/typesetting %q, runLevels was checked against %s: see whether bidi now exports per-rune levels (use that and drop the reflection), else check that Runs still has levels []Level, then update pinnedGoText", version, pinnedGoText)
	}
	f, ok := reflect.TypeFor[bidi.Runs]().FieldByName("levels")
	if !ok || f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Int8 {
		t.Fatalf("bidi.Runs has no levels []int8-like field (found %v): runLevels would fall back to run levels", f.Type)
	}
}

// An isolate inside a right-to-left paragraph sits at level 3, next to
// level 1: go-text's runs merge the two, only the per-rune levels tell them
// apart.
func TestRunLevelsKeepsLevelsOfOneDirection(t *testing.T) {
	text := []rune("مرحبا \u2067عربي\u2069")
	var r resolver
	levels, base := r.levels(text, RTL)
	if base != 1 {
		t.Fatalf("paragraph level %d, want 1", base)
	}
	for i, want := range map[int]int8{0: 1, 7: 3, 10: 3} {
		if levels[i] != want {
			t.Errorf("level of %q = %d, want %d (levels %v)", text[i], levels[i], want, levels)
		}
	}
}
