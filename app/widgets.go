package app

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// keySink is an invisible focusable widget that receives the reader's
// keyboard commands. The article view swallows keys while it has the focus,
// so the reader moves the focus here after every selection; copy and
// select-all are passed on to the view.
type keySink struct {
	widget.BaseWidget
	onRune     func(rune)
	onKey      func(*fyne.KeyEvent)
	onShortcut func(fyne.Shortcut)
	shift      bool // a Shift key is held (for Shift+arrow selection)
}

var (
	_ fyne.Focusable    = (*keySink)(nil)
	_ fyne.Shortcutable = (*keySink)(nil)
	_ desktop.Keyable   = (*keySink)(nil)
)

func newKeySink() *keySink {
	k := &keySink{}
	k.ExtendBaseWidget(k)
	return k
}

func (k *keySink) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (k *keySink) MinSize() fyne.Size { return fyne.Size{} }
func (k *keySink) FocusGained()       {}
func (k *keySink) FocusLost()         { k.shift = false }

func (k *keySink) TypedRune(r rune) {
	if k.onRune != nil {
		k.onRune(r)
	}
}

func (k *keySink) TypedKey(ev *fyne.KeyEvent) {
	if k.onKey != nil {
		k.onKey(ev)
	}
}

func (k *keySink) TypedShortcut(s fyne.Shortcut) {
	if k.onShortcut != nil {
		k.onShortcut(s)
	}
}

func (k *keySink) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		k.shift = true
	}
}

func (k *keySink) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		k.shift = false
	}
}

// parseColour reads a schema colour "#RRGGBB"; a malformed one gives grey,
// since the schema is validated when saved.
func parseColour(s string) color.NRGBA {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 {
		return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// shorten cuts a string to n code points for list rows.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// colourBar is a thin strip of a label type's colour, under its button.
func colourBar(hex string) *canvas.Rectangle {
	bar := canvas.NewRectangle(parseColour(hex))
	bar.SetMinSize(fyne.NewSize(4, 3))
	return bar
}
