package app

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// clearRecentButton forgets the recent archives, whose paths tell whoever
// uses the computer next which projects exist and where.
func (s *settingsScreen) clearRecentButton() *widget.Button {
	b := widget.NewButtonWithIcon(lang.L("Clear recent archives"), theme.DeleteIcon(), nil)
	b.OnTapped = func() {
		s.ui.app.Preferences().RemoveValue(prefRecent)
		s.fillRecent()
		b.Disable()
	}
	if len(recentArchives(s.ui.app)) == 0 {
		b.Disable()
	}
	return b
}
