package cli

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"daftar/model"
)

// UndoOutput is the JSON form of `undo`: the history entries the undo wrote.
type UndoOutput struct {
	Actor   string               `json:"actor"`
	Entries []model.HistoryEntry `json:"entries"`
}

// runUndo reverts the caller's most recent action, as the app's Undo does,
// so a command's changes (adjudicate, propagate, an import) can be taken
// back from the command line.
func runUndo(e *env, args []string) (code int) {
	fs := e.newFlags("undo")
	asJSON := fs.Bool("json", false, "print the changes written as JSON")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	store, err := e.open(writing)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	actor := Actor()
	entries, err := store.Undo(e.ctx, actor)
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", actor, err))
	}
	if *asJSON {
		return e.writeJSON(UndoOutput{Actor: actor, Entries: entries})
	}
	kinds := map[string]int{}
	for _, en := range entries {
		kinds[en.ObjectKind]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
	}
	fmt.Fprintf(e.stdout, "undone: the last action of %s (%s)\n", actor, strings.Join(parts, ", "))
	return ExitOK
}
