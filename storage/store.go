// Package storage is the only package that speaks SQL. An archive is one
// SQLite file: articles, annotations, entities, sets, the label schema, the
// history of changes and a search index over folded text.
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"daftar/model"

	"modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered step; sql runs first, then post (if any) in the
// same transaction, for steps that need Go (such as filling the search index).
type migration struct {
	version int
	name    string
	sql     string
	post    func(ctx context.Context, tx *sql.Tx) error
}

// postSteps holds the Go parts of migrations, by version.
var postSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	2: reindexAll,
}

func loadMigrations() ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must start with a number and _", e.Name())
		}
		body, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body), post: postSteps[v]})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations are not numbered 1..n: %s", m.name)
		}
	}
	return ms, nil
}

// SchemaVersion is the archive version this build writes.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		panic(err) // embedded files are fixed at build time; tests catch this
	}
	return len(ms)
}

// Store is an open archive. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	// readOnly says why the archive was opened read-only, "" if it was not.
	readOnly string
	created  bool

	// simhashes indexes every article's simhash for near-duplicate checks;
	// loaded on first use (nil before) and kept in step by AddArticles.
	simMu     sync.Mutex
	simhashes *simIndex

	// checkpoints asks the checkpointer goroutine to copy the write-ahead
	// log into the archive; Close closes closing and waits on checkpointed.
	checkpoints  chan struct{}
	closing      chan struct{}
	closeOnce    sync.Once
	checkpointed chan struct{}

	// backupMu serialises automatic backups; bg counts backup work still
	// running. problemMu guards backupErr, the last one's failure
	// (BackupProblem), and onProblem, who is told of one.
	backupMu sync.Mutex
	bg       sync.WaitGroup

	names entityNames // SearchEntities' folded registry (entities_search.go)

	problemMu sync.Mutex
	backupErr error
	onProblem func(error)
}

type simEntry struct {
	id   string
	hash uint64
}

// ErrNewerArchive is returned when the file was written by a newer Daftar.
var ErrNewerArchive = errors.New("archive was created by a newer version of Daftar")

// ErrBusy is returned when another program, such as a second Daftar, kept
// the archive locked for longer than busyTimeout. Windows locks files
// harder than Linux, so the likely cause there is named in the message.
var ErrBusy = errors.New("the archive is in use by another program (another Daftar?) and stayed locked; try again when it has finished")

// busyTimeout is how long a write waits for another program's write.
var busyTimeout = 10 * time.Second

// busy turns SQLite's "database is locked" into ErrBusy naming the archive.
func (s *Store) busy(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == sqliteBusy || se.Code()&0xff == sqliteLocked) {
		return fmt.Errorf("%s: %w", s.path, ErrBusy)
	}
	return err
}

// SQLite's primary result codes for a lock held by another connection.
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// ErrNotFound is returned when a requested record does not exist.
var ErrNotFound = errors.New("not found")

// Open opens (creating if needed) the archive at path and migrates it to the
// current schema. An archive newer than this build is refused untouched.
// An archive that cannot be written is opened read-only (ReadOnly says why).
func Open(ctx context.Context, path string) (*Store, error) { return open(ctx, path, true) }

// OpenExisting is Open for callers that only read: it never creates an
// archive, so a mistyped path is refused (ErrNoArchive) instead of leaving
// an empty archive there.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, false)
}

func open(ctx context.Context, path string, create bool) (*Store, error) {
	if path == "" {
		return nil, errors.New("no archive path given")
	}
	acc, err := checkAccess(path, create)
	if err != nil {
		return nil, err
	}
	unclean := uncleanShutdown(path)
	if acc.fresh {
		if err := createFile(path); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	// journal_mode is not set here: it is stored in the file, so setting it
	// on connect would rewrite a newer or foreign file that Open then refuses.
	// migrate switches the archive to WAL once the file is known to be ours.
	// Automatic checkpoints are off: SQLite would run them inside the
	// commit that fills the log, so a large write (propagation, import)
	// would wait for its data to be copied twice. Store.checkpointer does it
	// in the background after each write instead. Reads are not memory
	// mapped: that saved about 0.5 s of propagating over 100,000 articles
	// but put the archive's pages in the GUI's resident memory (790 MB
	// instead of 240 MB with a 100,000-article archive). Each connection
	// of the pool has its own page cache, and every one that has served as
	// the writer of a long import fills it, at about twice its nominal size
	// in the C allocator: 16 MiB each kept a 650 MB import's peak at
	// under 200 MB where 64 MiB each took it to 393 MB.
	for _, p := range []string{"foreign_keys(1)", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()), "synchronous(NORMAL)", "cache_size(-16384)",
		"wal_autocheckpoint(0)", fmt.Sprintf("journal_size_limit(%d)", walLimit)} {
		q.Add("_pragma", p)
	}
	// Immediate transactions take the write lock at BEGIN, so two writers
	// wait on busy_timeout instead of failing with SQLITE_BUSY mid-way.
	q.Set("_txlock", "immediate")
	acc.params(q)
	db, err := sql.Open("sqlite", "file:"+uriPath.Replace(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	db.SetMaxOpenConns(max(4, runtime.NumCPU()))
	s := &Store{db: db, path: path, readOnly: acc.readOnly, created: acc.fresh, checkpoints: make(chan struct{}, 1), closing: make(chan struct{}), checkpointed: make(chan struct{})}
	go s.checkpointer()
	if unclean {
		if err := s.quickCheck(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		if err := s.busy(err); errors.Is(err, ErrBusy) {
			return nil, err
		}
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	s.autoBackup(ctx, "open")
	return s, nil
}

// uriPath escapes what SQLite's file: URIs would read as syntax: without
// it an archive in a folder such as "Research #2" silently lands in a file
// named "Research " instead. Backslashes and drive letters pass as they are.
var uriPath = strings.NewReplacer("%", "%25", "#", "%23", "?", "%3f")

// checkpointer copies committed writes from the write-ahead log into the
// archive file, one request at a time, until Close. PASSIVE checkpoints
// never block readers or writers; what a reader still needs stays in the
// log for the next round. Errors are left to the next round too: the log
// holds the data safely until then, and closing the last connection
// checkpoints it all.
func (s *Store) checkpointer() {
	defer close(s.checkpointed)
	for {
		select {
		case <-s.closing:
			return
		case <-s.checkpoints:
			s.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}
		// Many small commits in a row (importing one article at a time)
		// share a checkpoint instead of each paying for one.
		select {
		case <-s.closing:
			return
		case <-time.After(checkpointPause):
		}
	}
}

// checkpointPause is the least time between two background checkpoints.
const checkpointPause = 250 * time.Millisecond

// walLimit bounds the write-ahead log. Background PASSIVE checkpoints never
// catch up with a continuous import (the log grew to 18 GB beside a 5.4 GB
// archive of 1,000,000 articles), so a write that leaves a larger log
// copies the rest of it into the archive and empties it (a TRUNCATE
// checkpoint) before returning: the log then stays under walLimit plus one
// transaction. Most of the copy was done by the background checkpoints.
var walLimit int64 = 128 << 20

// boundLog empties the write-ahead log when it exceeds walLimit. Readers
// that keep the log in use longer than half a second make it give up until
// the next write: a write must not wait on a reader.
func (s *Store) boundLog(ctx context.Context) {
	if fi, err := os.Stat(s.path + "-wal"); err != nil || fi.Size() < walLimit {
		return
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 500`); err != nil {
		return
	}
	// Through Exec the driver does not run the checkpoint to its end; its
	// result row says whether readers stopped it (busy), which the next
	// write retries.
	var busy, logFrames, copied int
	conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &copied)
	// The connection returns to the pool with its timeout restored, or is
	// dropped.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout.Milliseconds())); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// Close waits for a running checkpoint and closes the archive.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	<-s.checkpointed
	s.bg.Wait()
	return s.db.Close()
}

// Path is the archive's file name.
func (s *Store) Path() string { return s.path }

// ReadOnly says why the archive was opened read-only; "" when it can be
// written.
func (s *Store) ReadOnly() string { return s.readOnly }

// Created reports whether Open made a new archive.
func (s *Store) Created() bool { return s.created }

// writable refuses a write to a read-only archive with the reason, before
// SQLite refuses it with "attempt to write a readonly database".
func (s *Store) writable() error {
	if s.readOnly != "" {
		return fmt.Errorf("%s: %w because %s", s.path, ErrReadOnly, s.readOnly)
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("not a Daftar archive or unreadable: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("%w (archive version %d, this build knows %d): update Daftar to open it", ErrNewerArchive, current, len(ms))
	}
	if current == 0 {
		// A non-empty file without our version is someone else's database.
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return fmt.Errorf("not a Daftar archive or unreadable: %w", err)
		}
		if n > 0 {
			return errors.New("not a Daftar archive (it has tables but no Daftar version)")
		}
	}
	if s.readOnly != "" {
		if current < len(ms) {
			return fmt.Errorf("archive version %d must be upgraded to %d, which needs write access: %s", current, len(ms), s.readOnly)
		}
		return nil
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA journal_mode = WAL"); err != nil {
		return fmt.Errorf("switch to WAL: %w", err)
	}
	if current > 0 && current < len(ms) {
		s.autoBackup(ctx, fmt.Sprintf("migrate%d", current))
	}
	for _, m := range ms[current:] {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if m.post != nil {
				if err := m.post(ctx, tx); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if m.version == 1 {
				if err := writeSchema(ctx, tx, model.DefaultSchema()); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in one transaction: every multi-row write goes through here so
// that a failure or a crash leaves nothing half-written.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.writable(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.busy(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.busy(err)
	}
	if err := tx.Commit(); err != nil {
		return s.busy(err)
	}
	s.boundLog(ctx)
	select {
	case s.checkpoints <- struct{}{}:
	default: // one is pending already and will include this write
	}
	return nil
}

// now is the timestamp stored on records: UTC, millisecond precision, so it
// round-trips exactly through text columns and JSON.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}
