package storage

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"daftar/model"
)

// ErrExists is wrapped when a record would take a name another one has
// (two sets of the same name).
var ErrExists = errors.New("already exists")

// ErrMissingRef is wrapped when a record refers to another that is not in
// the archive (an annotation's entity, a set member's article).
var ErrMissingRef = errors.New("does not exist")

// sqliteCode is the extended SQLite result code behind err, 0 when err
// does not come from SQLite. The driver turns extended codes on.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

func isUniqueViolation(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func isForeignKeyViolation(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// Sentence turns an error from the archive into a sentence for the status
// bar: the archive's own conditions (busy, full, damaged, read-only) in
// words rather than driver text, anything else as its message with a
// capital letter and a full stop.
func Sentence(err error) string {
	if err == nil {
		return ""
	}
	switch sqliteCode(err) & 0xff { // the primary code
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return "The archive is busy: another program is writing to it. Try again in a moment."
	case sqlite3.SQLITE_FULL:
		return "The disk is full: the archive could not be written. Free some space and try again."
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return "The archive file is damaged. Run `daftar check` and restore a backup if it reports problems."
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		return "The archive is read-only: it cannot be changed from here."
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		return "The archive file could not be read or written (a disk or permission problem)."
	}
	msg := strings.TrimSpace(err.Error())
	if msg == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}

// wrapOp, deferred by the exported methods, says what was being done when
// *err happened. Errors that already name their record and reason (this
// package's sentinels, model.ErrInvalid, the user's query, a rejected
// bundle) are left as they are: a prefix would say the same thing twice.
func wrapOp(err *error, format string, args ...any) {
	if *err == nil || explained(*err) {
		return
	}
	*err = fmt.Errorf(format+": %w", append(args, *err)...)
}

func explained(err error) bool {
	var invalidBundle *InvalidBundleError
	for _, sentinel := range []error{ErrNotFound, ErrExists, ErrMissingRef, model.ErrInvalid, ErrNothingToUndo, ErrNothingToRedo} {
		if errors.Is(err, sentinel) {
			return true
		}
	}
	return IsQueryError(err) || errors.As(err, &invalidBundle)
}
