package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bidiSelect replaces widget.Select, whose button and pop-up menu draw the
// options with stock text (an Arabic source name with a number comes out
// in the wrong order). Same fields and methods as widget.Select, so a
// screen swaps one for the other; the choice and the options are drawn by
// bidiLabel. Keys: Space or Enter on the focused select opens the list,
// Up/Down move in it, Enter picks, Escape closes it.
type bidiSelect struct {
	widget.DisableableWidget
	Options     []string
	Selected    string
	PlaceHolder string
	OnChanged   func(string)

	button *dialogButton
	label  *bidiLabel
	pop    *widget.PopUp
	list   *widget.List
	hi     int // the option Up/Down is on in the open list
}

// selectMaxWidth caps how wide the longest option makes a select.
const selectMaxWidth = 280

func newBidiSelect(options []string, changed func(string)) *bidiSelect {
	s := &bidiSelect{Options: options, OnChanged: changed, PlaceHolder: "(Select one)"}
	s.ExtendBaseWidget(s)
	return s
}

func (s *bidiSelect) CreateRenderer() fyne.WidgetRenderer {
	s.button = newDialogButton("", nil, s.open)
	s.label = newBidiLabel(s.shown())
	icon := widget.NewIcon(theme.MenuDropDownIcon())
	r := &bidiSelectRenderer{s: s, objects: []fyne.CanvasObject{
		container.NewStack(s.button, container.NewBorder(nil, nil, nil, icon, s.label))}}
	return r
}

// shown is the text on the button.
func (s *bidiSelect) shown() string {
	if s.Selected == "" {
		return s.PlaceHolder
	}
	return s.Selected
}

// SetSelected picks an option (or any text, as widget.Select allows) and
// calls OnChanged when it changes.
func (s *bidiSelect) SetSelected(text string) {
	if text == s.Selected {
		return
	}
	s.Selected = text
	s.Refresh()
	if s.OnChanged != nil {
		s.OnChanged(text)
	}
}

// SetSelectedIndex picks the option at i (out of range: nothing).
func (s *bidiSelect) SetSelectedIndex(i int) {
	if i >= 0 && i < len(s.Options) {
		s.SetSelected(s.Options[i])
	}
}

// SelectedIndex returns the index of the choice, or -1.
func (s *bidiSelect) SelectedIndex() int { return slices.Index(s.Options, s.Selected) }

// ClearSelected shows the placeholder again.
func (s *bidiSelect) ClearSelected() { s.SetSelected("") }

// SetOptions replaces the options.
func (s *bidiSelect) SetOptions(options []string) {
	s.Options = options
	s.Refresh()
}

// open shows the options under the select.
func (s *bidiSelect) open() {
	c := fyne.CurrentApp().Driver().CanvasForObject(s)
	if c == nil || s.Disabled() || len(s.Options) == 0 {
		return
	}
	s.hi = max(s.SelectedIndex(), 0)
	s.list = widget.NewList(func() int { return len(s.Options) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(theme.Color(theme.ColorNameFocus))
			return container.NewStack(bg, newBidiLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			st := o.(*fyne.Container)
			st.Objects[0].(*canvas.Rectangle).Hidden = id != s.hi
			st.Objects[1].(*bidiLabel).SetText(s.Options[id])
		})
	s.list.OnSelected = func(id widget.ListItemID) { s.pick(id) }
	s.pop = widget.NewPopUp(s.list, c)
	row := newBidiLabel("").MinSize().Height + theme.Padding()
	h := min(float32(len(s.Options))*row+theme.Padding(), 320)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s)
	s.pop.Resize(fyne.NewSize(max(s.Size().Width, 200), h))
	s.pop.ShowAtPosition(pos.AddXY(0, s.Size().Height))
	s.list.ScrollTo(s.hi)
	l := &keyLayer{cancel: s.closeList, confirm: func() { s.pick(s.hi) }, other: s.moveKey}
	pushKeys(c, l, s.pop)
	c.Unfocus() // the keys go to the layer, not to the button behind
}

// moveKey moves the highlight in the open list.
func (s *bidiSelect) moveKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown:
		s.hi = min(s.hi+1, len(s.Options)-1)
	case fyne.KeyUp:
		s.hi = max(s.hi-1, 0)
	default:
		return false
	}
	s.list.ScrollTo(s.hi)
	s.list.Refresh()
	return true
}

func (s *bidiSelect) pick(id int) {
	s.closeList()
	s.SetSelectedIndex(id)
}

func (s *bidiSelect) closeList() {
	if s.pop != nil {
		s.pop.Hide()
		s.pop = nil
	}
}

type bidiSelectRenderer struct {
	s       *bidiSelect
	objects []fyne.CanvasObject
}

func (r *bidiSelectRenderer) Layout(size fyne.Size) { r.objects[0].Resize(size) }

func (r *bidiSelectRenderer) MinSize() fyne.Size {
	w := float32(0)
	for _, o := range append([]string{r.s.PlaceHolder}, r.s.Options...) {
		runs, _ := visualRuns(o)
		w = max(w, runsWidth(runs, theme.TextSize(), fyne.TextStyle{}))
	}
	m := r.objects[0].MinSize()
	return fyne.NewSize(max(m.Width, min(w, selectMaxWidth)+theme.IconInlineSize()+4*theme.Padding()), m.Height)
}

func (r *bidiSelectRenderer) Refresh() {
	r.s.label.SetText(r.s.shown())
	if r.s.Disabled() {
		r.s.button.Disable()
	} else {
		r.s.button.Enable()
	}
	r.objects[0].Refresh()
}

func (r *bidiSelectRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *bidiSelectRenderer) Destroy()                     {}
