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
	// Ctrl+C cancels the context: the undo is one transaction and rolls
	// back, so an interrupted undo changes nothing.
	var progress func(done, total int)
	if isTerminal(e.stderr) {
		progress = func(done, total int) { fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] undoing", done, total) }
	}
	entries, err := store.UndoProgress(e.ctx, actor, progress)
	if progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
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
