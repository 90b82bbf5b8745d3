package app

import "fyne.io/fyne/v2"

// Cell templates for lists, tables and trees: every cell of the window is
// a bidiLabel, so names and quotes keep their order in any direction.

// bidiCell is a list, table or tree cell.
func bidiCell() fyne.CanvasObject { return newBidiLabel("") }

// bidiHeader is a table header cell.
func bidiHeader() fyne.CanvasObject { return newBoldBidiLabel("") }

// setCell sets the text of a cell made by bidiCell or bidiHeader.
func setCell(o fyne.CanvasObject, text string) { o.(*bidiLabel).SetText(text) }
