package model

import "time"

// Action is what a history entry records.
type Action string

const (
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionDelete Action = "delete"
)

// HistoryEntry records one change to an annotation, entity or set: who made
// it, when, and the JSON of the object before and after (empty for create
// and delete respectively). Undo and provenance read these.
type HistoryEntry struct {
	Seq        int64     `json:"seq"`
	Group      string    `json:"group,omitempty"` // changes made as one user action share a group, undone together
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     Action    `json:"action"`
	ObjectKind string    `json:"object_kind"` // annotation, entity, set, set_member
	ObjectID   string    `json:"object_id"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
}
