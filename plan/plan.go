// Package plan decides what a write to the archive will do before anything
// is written: which records to add, update, leave unchanged or skip, and
// why. Deciding is pure (what the archive holds and what comes in, in; a
// Plan, out), so the rules are tested without a database, and a dry run or
// an import preview shows the same Plan that storage then applies in one
// transaction. Bundle merging and entity seeding plan here; REFI-QDA import
// and adjudication are meant to as well.
package plan

import "daftar/model"

// Action is what a plan does with one record.
type Action string

// Actions.
const (
	Add       Action = "add"       // not in the archive: insert it
	Update    Action = "update"    // in the archive with other content: replace it
	Unchanged Action = "unchanged" // in the archive already (or newer there): leave it
	Skip      Action = "skip"      // not written: invalid, or merged into another record (Into)
)

// Change is the fate of one record. New is the copy to write (or that was
// considered); Old the archive's copy an update replaces, for the history.
type Change[T any] struct {
	Action Action `json:"action"`
	ID     string `json:"id"`
	Reason string `json:"reason"`
	// Into is the stored record this one is merged into instead of being
	// written (an article whose text the archive holds under another id).
	Into string `json:"into,omitempty"`
	New  T      `json:"new"`
	Old  *T     `json:"old,omitempty"`
}

// SetChange is a set's fate and the members it gains. New carries no
// members: a set is recorded without them and each membership on its own.
type SetChange struct {
	Change[model.Set]
	NewMembers []string `json:"new_members,omitempty"`
}

// Plan is every change one write makes, in the order it makes them.
type Plan struct {
	// Schema is the archive's label schema with the incoming types it
	// lacked; nil when no type is new.
	Schema      model.Schema               `json:"schema,omitempty"`
	Articles    []Change[model.Article]    `json:"articles,omitempty"`
	Entities    []Change[model.Entity]     `json:"entities,omitempty"`
	Annotations []Change[model.Annotation] `json:"annotations,omitempty"`
	Sets        []SetChange                `json:"sets,omitempty"`
}

// Key names an incoming record: its kind ("article", "entity",
// "annotation", "set") and id.
type Key struct{ Kind, ID string }
