package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Direction is the base writing direction of a text.
type Direction string

const (
	LTR Direction = "ltr"
	RTL Direction = "rtl"
)

// Article is one imported document. Text is canonical (see CanonicalText)
// and immutable once stored, since annotation offsets point into it.
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Author    string    `json:"author,omitempty"`
	Published string    `json:"published,omitempty"` // ISO 8601 date or date-time, possibly partial (2019, 2019-05)
	Place     string    `json:"place,omitempty"`     // dateline, e.g. "باكو"
	Language  string    `json:"language,omitempty"`  // BCP 47 code, e.g. "ar"
	Direction Direction `json:"direction,omitempty"`
	SHA256    string    `json:"sha256"`
	Origin    Origin    `json:"origin"`
	Notes     string    `json:"notes,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	// DocID is a news database's id of the article ("factiva:AN…",
	// "proquest:123"), used to skip a second download of it. Stored, but
	// not in bundles: readers of bundle version 1 refuse unknown fields.
	DocID string `json:"-"`
	// SimHash is a 64-bit locality-sensitive hash of the folded words, used to
	// flag near-duplicates; zero when not computed.
	SimHash    uint64    `json:"-"`
	ImportedAt time.Time `json:"imported_at"`
}

// Origin records where an article was imported from.
type Origin struct {
	File   string `json:"file,omitempty"`
	Format string `json:"format,omitempty"`
}

// ErrInvalid marks validation failures, so callers can tell bad records from
// I/O errors with errors.Is.
var ErrInvalid = errors.New("invalid")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Validate checks an article before it is stored.
func (a *Article) Validate() error {
	if !ValidID(a.ID) {
		return invalid("article id %q is not a UUID", a.ID)
	}
	if strings.TrimSpace(a.Text) == "" {
		return invalid("article %s has no text", a.ID)
	}
	if a.Text != CanonicalText(a.Text) {
		return invalid("article %s text is not canonical (NFC, LF, trimmed)", a.ID)
	}
	if a.SHA256 != "" && a.SHA256 != Fingerprint(a.Text) {
		return invalid("article %s sha256 does not match its text", a.ID)
	}
	if a.Direction != "" && a.Direction != LTR && a.Direction != RTL {
		return invalid("article %s direction %q is not ltr or rtl", a.ID, a.Direction)
	}
	if a.Published != "" && !ValidDate(a.Published) {
		return invalid("article %s published date %q is not ISO 8601", a.ID, a.Published)
	}
	return nil
}

var dateLayouts = []string{"2006", "2006-01", "2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339, time.RFC3339Nano}

// ValidDate accepts ISO 8601 dates from a year down to a full timestamp,
// because sources often give only a month or a year.
func ValidDate(s string) bool {
	for _, l := range dateLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}
