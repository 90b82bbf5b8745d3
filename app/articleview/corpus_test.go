package articleview

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusArticle is the project's reference article. It lives in the shared
// folder beside the repository and is not copied into it.
const corpusArticle = "../../../shared/corpus/000_decb7cdc42e1d4d6.txt"

// TestCorpusArticle checks the acceptance criteria on the real
// article: right-aligned, "باكو -" at the right end of the first line,
// "بين 2017 و2019" in reading order, the final full stop at the left end of
// its line, and a drag over "يوآف غالانت" selecting exactly it.
func TestCorpusArticle(t *testing.T) {
	data, err := os.ReadFile(corpusArticle)
	if err != nil {
		t.Skipf("reference article not available (%v): it is in the shared folder beside the repository", err)
	}
	text := string(data)
	v, w := newView(t, 700, 500, text)
	if dir := os.Getenv("ARTICLEVIEW_OCR_DIR"); dir != "" {
		f, err := os.Create(filepath.Join(dir, "corpus.png"))
		if err == nil {
			png.Encode(f, w.Canvas().Capture())
			f.Close()
		}
	}
	para := v.doc.Paragraphs[0]
	line0 := para.Lines()[0]
	right := line0.Runs[len(line0.Runs)-1]
	rc := right.Clusters[len(right.Clusters)-1]
	if rc.Start != 0 || rc.X1 < v.laidW-0.5 {
		t.Errorf("rightmost cluster of line 1 is [%d,%d) at x1 %v, want offset 0 flush right at %v", rc.Start, rc.End, rc.X1, v.laidW)
	}
	bs, be := offsets(t, text, "باكو")
	ds, de := offsets(t, text, "-")
	if b, d := v.doc.SpanRects(bs, be), v.doc.SpanRects(ds, de); len(b) != 1 || len(d) != 1 || d[0].X+d[0].W > b[0].X+0.01 || d[0].Y != b[0].Y {
		t.Errorf("dash %v not just left of باكو %v", d, b)
	}

	// "بين 2017 و2019": بين rightmost, then 2017, then و, then 2019.
	s, _ := offsets(t, text, "بين 2017 و2019")
	parts := [][2]int{{s, s + 3}, {s + 4, s + 8}, {s + 9, s + 10}, {s + 10, s + 14}}
	prevX := float32(1e9)
	prevY := float32(-1)
	for _, p := range parts {
		rs := v.doc.SpanRects(p[0], p[1])
		if len(rs) != 1 {
			t.Fatalf("%q: %d rects", string([]rune(text)[p[0]:p[1]]), len(rs))
		}
		if prevY >= 0 && rs[0].Y != prevY {
			t.Fatalf("بين 2017 و2019 is split across lines at this width")
		}
		if rs[0].X+rs[0].W > prevX+0.01 {
			t.Errorf("%q at x %v is not left of the previous part (%v)", string([]rune(text)[p[0]:p[1]]), rs[0].X, prevX)
		}
		prevX, prevY = rs[0].X, rs[0].Y
	}

	// The article's final full stop is the leftmost cluster of its line.
	stop := len([]rune(strings.TrimRight(strings.Split(text, "\n")[0], " "))) - 1
	if []rune(text)[stop] != '.' {
		t.Fatalf("offset %d is %q, not the full stop", stop, string([]rune(text)[stop]))
	}
	last := para.Lines()[len(para.Lines())-1]
	if c := last.Runs[0].Clusters[0]; c.Start != stop {
		t.Errorf("leftmost cluster of the last line is [%d,%d), want the full stop at %d", c.Start, c.End, stop)
	}

	// A drag over "يوآف غالانت" selects exactly its code points.
	ys, ye := offsets(t, text, "يوآف غالانت")
	drag(v, pointIn(t, v, ys, 0.9), pointIn(t, v, ye-1, 0.1), 6)
	if gs, ge := v.Selection(); gs != ys || ge != ye {
		t.Errorf("drag over يوآف غالانت selected [%d,%d) %q, want [%d,%d)", gs, ge, v.SelectedText(), ys, ye)
	}
}
