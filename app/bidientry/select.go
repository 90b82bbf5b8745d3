package bidientry

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SelectEntry is an Entry with a drop-down of suggested values, like
// widget.SelectEntry: the user picks one or types another.
type SelectEntry struct {
	Entry
	options []string
	button  *widget.Button
	menu    *widget.PopUpMenu // the drop-down while shown
}

// NewSelectEntry returns a single-line entry offering options.
func NewSelectEntry(options []string) *SelectEntry {
	s := &SelectEntry{options: options}
	s.outer = s
	s.ExtendBaseWidget(s)
	return s
}

// SetOptions replaces the values offered.
func (s *SelectEntry) SetOptions(options []string) { s.options = options }

// CreateRenderer adds the drop-down button to the entry's renderer.
func (s *SelectEntry) CreateRenderer() fyne.WidgetRenderer {
	s.button = widget.NewButtonWithIcon("", theme.MenuDropDownIcon(), s.showOptions)
	s.button.Importance = widget.LowImportance
	s.inset = s.button.MinSize().Width
	return &selectRenderer{renderer: s.Entry.CreateRenderer().(*renderer), s: s}
}

func (s *SelectEntry) showOptions() {
	c := fyne.CurrentApp().Driver().CanvasForObject(s)
	if c == nil || len(s.options) == 0 {
		return
	}
	items := make([]*fyne.MenuItem, len(s.options))
	for i, o := range s.options {
		items[i] = fyne.NewMenuItem(o, func() { s.SetText(o) })
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s).AddXY(0, s.Size().Height)
	s.menu = widget.NewPopUpMenu(fyne.NewMenu("", items...), c)
	s.menu.ShowAtPosition(pos)
	s.menu.Resize(fyne.NewSize(s.Size().Width, s.menu.MinSize().Height))
}

type selectRenderer struct {
	*renderer
	s *SelectEntry
}

func (r *selectRenderer) Layout(size fyne.Size) {
	r.renderer.Layout(size)
	b := r.s.button
	bs := b.MinSize()
	border := theme.InputBorderSize()
	b.Resize(fyne.NewSize(bs.Width, size.Height-2*border))
	b.Move(fyne.NewPos(size.Width-bs.Width-border, border))
	r.objects = append(r.objects, b)
}

func (r *selectRenderer) Refresh() {
	r.Layout(r.s.Size())
	r.text.Refresh()
	r.s.button.Refresh()
	canvas.Refresh(r.s)
}

func (r *selectRenderer) MinSize() fyne.Size {
	return r.renderer.MinSize().AddWidthHeight(r.s.inset, 0)
}
