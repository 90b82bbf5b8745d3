//go:build automation

// A test-only automation hook, compiled in only with -tags automation
// (scripts/e2e.sh builds so): normal builds have none of it
// (automation_off.go). With DAFTAR_AUTOMATION=<file> set, the app
//
//   - writes <file> five times a second: one line per visible text, button,
//     entry and icon button of the window, topmost layer (dialog) first, as
//     "x y w h<TAB>name" in window pixels, so the script clicks a widget by
//     its text instead of by fixed coordinates;
//   - appends to <file>.latency, every 20 ms, "unix-ms latency-µs": how long
//     a fyne.Do callback waited for the UI goroutine, the delay any input
//     event or progress update sees at that moment.

package app

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"daftar/app/bidientry"
)

func startAutomation(ui *UI) {
	path := os.Getenv("DAFTAR_AUTOMATION")
	if path == "" {
		return
	}
	go func() {
		// A window rebuilt (Apply now of the interface language) starts its
		// own writer: this one stops with its window.
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ui.ctx.Done():
				return
			case <-tick.C:
			}
			var lines []string
			fyne.DoAndWait(func() { lines = widgetRects(ui.win.Canvas()) })
			tmp := path + ".tmp"
			if os.WriteFile(tmp, []byte(strings.Join(lines, "")), 0o644) == nil {
				os.Rename(tmp, path)
			}
		}
	}()
	latencyOnce.Do(func() { go sampleLatency(path + ".latency") })
}

// latencyOnce keeps one sampler across rebuilt windows.
var latencyOnce sync.Once

// sampleLatency measures the wait of one fyne.Do callback every 20 ms.
func sampleLatency(path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	w := bufio.NewWriter(f)
	for {
		start := time.Now()
		ran := make(chan time.Duration, 1)
		fyne.Do(func() { ran <- time.Since(start) })
		wait := <-ran
		fmt.Fprintf(w, "%d %d\n", start.UnixMilli(), wait.Microseconds())
		w.Flush()
		time.Sleep(20 * time.Millisecond)
	}
}

// widgetRects lists the named objects of the canvas, topmost layer first.
func widgetRects(c fyne.Canvas) []string {
	var out []string
	scale := c.Scale()
	overlays := c.Overlays().List()
	for i := len(overlays) - 1; i >= 0; i-- {
		out = walkRects(overlays[i], fyne.Position{}, fullClip(), scale, out)
	}
	return walkRects(c.Content(), fyne.Position{}, fullClip(), scale, out)
}

type clipRect struct{ x0, y0, x1, y1 float32 }

func fullClip() clipRect { return clipRect{-1e9, -1e9, 1e9, 1e9} }

// walkRects appends o's name (if it has one) and its children's, with
// positions relative to the window; only what lies inside the scroll
// areas around it counts as visible.
func walkRects(o fyne.CanvasObject, parent fyne.Position, clip clipRect, scale float32, out []string) []string {
	if o == nil || !o.Visible() {
		return out
	}
	pos := parent.Add(o.Position())
	size := o.Size()
	name := ""
	switch x := o.(type) {
	case *widget.Button:
		name = x.Text
		if name == "" && x.Icon != nil {
			name = "icon:" + x.Icon.Name()
		}
	case *dialogButton:
		name = x.Text
	case *widget.Entry:
		name = "entry:" + x.PlaceHolder
	case *dialogEntry:
		name = "entry:" + x.PlaceHolder
	case *bidientry.Entry:
		name = "entry:" + x.PlaceHolder
	case *bidientry.SelectEntry:
		name = "entry:" + x.PlaceHolder
	case *bidiSelect:
		name = "select:" + x.Selected
	case *widget.Select:
		name = "select:" + x.Selected
	case *widget.Label:
		name = x.Text
	case *bidiLabel:
		name = x.Text
	case *bidiText:
		name = x.Text
	case *canvas.Text:
		name = x.Text
	}
	cx, cy := pos.X+size.Width/2, pos.Y+size.Height/2
	if name = strings.Join(strings.Fields(name), " "); name != "" && cx >= clip.x0 && cx <= clip.x1 && cy >= clip.y0 && cy <= clip.y1 {
		out = append(out, fmt.Sprintf("%d %d %d %d\t%s\n",
			int(pos.X*scale), int(pos.Y*scale), int(size.Width*scale), int(size.Height*scale), name))
	}
	if _, ok := o.(fyne.Scrollable); ok {
		clip = clipRect{max(clip.x0, pos.X), max(clip.y0, pos.Y), min(clip.x1, pos.X+size.Width), min(clip.y1, pos.Y+size.Height)}
	}
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	}
	for _, ch := range children {
		out = walkRects(ch, pos, clip, scale, out)
	}
	return out
}
