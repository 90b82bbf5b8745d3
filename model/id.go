// Package model holds Daftar's domain types and their validation. It imports
// nothing else of the project, so every other package can depend on it.
package model

import (
	"fmt"

	"github.com/google/uuid"
)

// NewID returns a fresh UUIDv7 as a string. Version 7 ids sort by creation
// time, which keeps B-tree inserts local and listings stable.
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system's random source fails; nothing
		// sensible can continue then.
		panic(fmt.Sprintf("model: cannot generate UUIDv7: %v", err))
	}
	return id.String()
}

// ValidID reports whether s is a UUID in canonical textual form.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
