package app

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"daftar/model"
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

// newTypeRow makes a list row for an annotation or a suggestion: a bar in
// its type's colour beside a bidi-ordered label. setTypeRow fills it.
func newTypeRow() fyne.CanvasObject {
	bar := canvas.NewRectangle(color.Transparent)
	bar.SetMinSize(fyne.NewSize(6, 6))
	return border(nil, nil, bar, nil, newBidiLabel(""))
}

func setTypeRow(o fyne.CanvasObject, schema model.Schema, typeName, text string) {
	c := o.(*fyne.Container)
	t, _ := schema.Lookup(typeName)
	bar := c.Objects[1].(*canvas.Rectangle)
	bar.FillColor = parseColour(t.Colour)
	bar.Refresh()
	c.Objects[0].(*bidiLabel).SetText(text)
}
