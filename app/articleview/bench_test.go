package articleview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// BenchmarkAddHighlight measures what adding one annotation costs the view
// on a long article: new rectangles for the viewport, no shaping or wrapping.
func BenchmarkAddHighlight(b *testing.B) {
	test.NewTempApp(b)
	text := strings.Repeat(storyAR+"\n", 200) // about 7,000 words
	v := New()
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(700, 600))
	v.SetDocument("t", "m", text)
	p := v.doc.Paragraphs[1]
	hs := []Highlight{{ID: "x", Start: p.Start() + 10, End: p.Start() + 40, Color: colPER}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hs[0].End = p.Start() + 40 + i%5
		v.SetAnnotations(hs)
	}
}

// BenchmarkScrollStep measures one scroll step over already laid-out text:
// rasters are reused or drawn from cached glyph masks, nothing is shaped.
func BenchmarkScrollStep(b *testing.B) {
	test.NewTempApp(b)
	text := strings.Repeat(storyAR+"\n", 200)
	v := New()
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(700, 600))
	v.SetDocument("t", "m", text)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.scroll.ScrollToOffset(fyne.NewPos(0, float32(i%200)*40))
		v.page.Refresh()
		w.Canvas().Capture()
	}
}
