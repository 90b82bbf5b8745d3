package app

import (
	"fyne.io/fyne/v2/lang"

	"daftar/i18n"
	"daftar/importer"
	"daftar/model"

	"time"

	"runtime"
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

// msgKey marks a string that is translated where it is shown (a table's
// column titles, made before the language is chosen), so the translation
// test finds it; it is gettext's N_.
func msgKey(s string) string { return s }

// untranslate maps a translated choice back to its key, for choices stored
// or compared by their English name.
func untranslate(shown string, keys ...string) string {
	for _, k := range keys {
		if lang.L(k) == shown {
			return k
		}
	}
	return shown
}

// articleCount is "1 article", "2 articles".
func articleCount(n int) string {
	return lang.N("{{.Count}} articles", n, map[string]any{"Count": i18n.Int(n)})
}

// displayDate shows an archive's full ISO date (YYYY-MM-DD) in the
// interface language; a partial date (YYYY, YYYY-MM) is shown as stored.
func displayDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	switch {
	case err != nil:
		return iso
	case i18n.RTL():
		// A RIGHT-TO-LEFT MARK first: "2 مارس 2019" starts with a digit,
		// and a label would lay it out left to right.
		return "\u200f" + i18n.Date(t)
	}
	return i18n.Date(t)
}

// annotationCount is "1 annotation", "2 annotations".
func annotationCount(n int) string {
	return lang.N("{{.Count}} annotations", n, map[string]any{"Count": i18n.Int(n)})
}

// entityCount is "1 entity", "2 entities".
func entityCount(n int) string {
	return lang.N("{{.Count}} entities", n, map[string]any{"Count": i18n.Int(n)})
}

// importStatus is an import entry's status (importer's names) as the
// summary says it.
func importStatus(s string) string {
	switch s {
	case importer.StatusImported:
		return lang.L("imported")
	case importer.StatusDuplicate:
		return lang.L("duplicate")
	case importer.StatusFailed:
		return lang.L("failed")
	case importer.StatusMerged:
		return lang.L("merged")
	case importer.StatusAttached:
		return lang.L("attached")
	case importer.StatusSkipped:
		return lang.L("skipped")
	}
	return s
}

// mentionCount is "1 mention", "2 mentions".
func mentionCount(n int) string {
	return lang.N("{{.Count}} mentions", n, map[string]any{"Count": i18n.Int(n)})
}

// dateIsolate is displayDate in a directional isolate, so the date's parts
// stay in order inside a line of the other direction: right to left for
// an Arabic date (1 يونيو 2023), left to right otherwise.
func dateIsolate(iso string) string {
	if s := displayDate(iso); s != iso && i18n.RTL() {
		return "\u2067" + s + "\u2069"
	}
	return ltrIsolate(displayDate(iso))
}

// appItemLabel translates About and Settings… except on macOS, where Fyne's
// driver moves the items with exactly these English labels into the
// application menu (the system names them there).
func appItemLabel(s string) string {
	if runtime.GOOS == "darwin" {
		return s
	}
	return lang.L(s)
}

// columnTitle translates a table's column title; the title of a column of
// check boxes is empty and stays so.
func columnTitle(key string) string {
	if key == "" {
		return ""
	}
	return lang.L(key)
}
