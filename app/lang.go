package app

import (
	"fyne.io/fyne/v2/lang"

	"daftar/model"
)

// kindName is a history entry's object kind (storage's names) as the
// interface says it.
func kindName(kind string) string {
	switch kind {
	case "annotation":
		return lang.L("annotation")
	case "entity":
		return lang.L("entity")
	case "set":
		return lang.L("set")
	case "set_member":
		return lang.L("set member")
	case "rejection":
		return lang.L("rejected suggestion")
	}
	return kind
}

// historyChange says what one history entry changed, e.g. "set restored".
func historyChange(e model.HistoryEntry) string {
	data := map[string]any{"Kind": kindName(e.ObjectKind)}
	switch e.Action {
	case model.ActionCreate:
		return lang.L("{{.Kind}} restored", data)
	case model.ActionUpdate:
		return lang.L("{{.Kind}} changed", data)
	}
	return lang.L("{{.Kind}} removed", data)
}
