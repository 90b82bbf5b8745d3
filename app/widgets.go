package app

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

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
