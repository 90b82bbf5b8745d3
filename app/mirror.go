package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"daftar/i18n"
)

// Mirroring for a right-to-left interface (Arabic). Fyne lays everything
// out left to right; these helpers swap what Daftar places itself: side
// panels, the sides of bars, the toolbar's order, label alignment. What
// Fyne draws on its own (tab bar, menus, forms, check boxes, progress bars,
// scroll bars) stays as it is: README lists it.

// border is container.NewBorder with left and right swapped in a
// right-to-left interface.
func border(top, bottom, left, right fyne.CanvasObject, center ...fyne.CanvasObject) *fyne.Container {
	if i18n.RTL() {
		left, right = right, left
	}
	return container.NewBorder(top, bottom, left, right, center...)
}

// hSplit is container.NewHSplit with the leading pane on the right in a
// right-to-left interface; offset is the leading pane's share.
func hSplit(leading, trailing fyne.CanvasObject, offset float64) *container.Split {
	if i18n.RTL() {
		s := container.NewHSplit(trailing, leading)
		s.Offset = 1 - offset
		return s
	}
	s := container.NewHSplit(leading, trailing)
	s.Offset = offset
	return s
}

// toolbar is widget.NewToolbar, in a right-to-left interface with its
// items in reverse order at the right edge.
func toolbar(items ...widget.ToolbarItem) fyne.CanvasObject {
	if !i18n.RTL() {
		return widget.NewToolbar(items...)
	}
	items = slices.Clone(items)
	slices.Reverse(items)
	return container.NewBorder(nil, nil, nil, widget.NewToolbar(items...))
}

// textLeading is the alignment where a line of text starts: the right
// edge in a right-to-left interface.
func textLeading() fyne.TextAlign {
	if i18n.RTL() {
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}
