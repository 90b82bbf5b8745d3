package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// newBidiButton is a button whose text (a quote, a name, a path) is drawn
// by bidiLabel over a stock button, which keeps the button's tap, hover
// and focus; widget.Button draws its text with stock text.
func newBidiButton(text string, icon fyne.Resource, tapped func()) fyne.CanvasObject {
	b := widget.NewButton("", tapped)
	var lead fyne.CanvasObject
	if icon != nil {
		lead = widget.NewIcon(icon)
	}
	return container.NewStack(b, container.NewPadded(container.NewBorder(nil, nil, lead, nil, newFitBidiLabel(text))))
}
