// Package cli implements Daftar's command line: the same binary as the GUI,
// calling the same functions, so that every capability can be scripted.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"sort"
	"strings"

	"daftar/platform"
	"daftar/storage"
)

// Version is the program version, set at build time with
// -ldflags "-X daftar/cli.Version=...".
var Version = "0.1.0-dev"

// Exit statuses.
const (
	ExitOK    = 0
	ExitFail  = 1 // something failed (each failure was reported on stderr)
	ExitUsage = 2 // the command line was wrong
)

// env is what a command runs with.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	dbPath string
}

type command struct {
	name    string
	summary string
	usage   string
	run     func(e *env, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"import", "import files and folders", "import [--set NAME] [--format F] [--map FIELD=COLUMN]... [--skip-invalid] [--follow-links] [--identity KEY]... [--passphrase-file F] [--json] PATH...", runImport},
		{"list", "list articles", "list [--set NAME] [--sort imported|published|title|source|annotations] [--desc] [--limit N] [--json]", runList},
		{"show", "show an article with its annotations", "show [--json] ARTICLE-ID", runShow},
		{"search", "search the archive", "search [--limit N] [--lang L] [--source S] [--from DATE] [--to DATE] [--set NAME] [--type T] [--entity ID] [--verdict V] [--json] QUERY", runSearch},
		{"suggest", "list untagged mentions of registry entities in an article or a set", "suggest [--json] ARTICLE-ID | --set NAME", runSuggest},
		{"propagate", "tag every occurrence of an annotation's entity or quote", "propagate [--scope article|set|archive] [--set NAME] [--dry-run] [--json] ANNOTATION-ID", runPropagate},
		{"gazetteer", "seed the entity registry from a CSV file or from annotations", "gazetteer import [--json] FILE.csv | gazetteer build [--json]", runGazetteer},
		{"export", "export articles and annotations", "export --format FORMAT [--set NAME] [--query Q] [--types T,T] [--annotators A,A] [--offsets codepoint|utf16] [--no-bom] [--review-url URL] [--unverified] [--layers] [--redact LIST] [--encrypt-to KEY]... [--recipients-file F]... [--passphrase] [--passphrase-file F] --out PATH", runExport},
		{"assign", "split a set among coders and write one bundle per coder", "assign --set NAME --coders A,B[,C...] [--overlap SHARE] [--seed N] [--json] --out DIR", runAssign},
		{"agreement", "measure inter-coder agreement on a set", "agreement --set NAME [--annotators A,B] [--types T,T] [--assigned] [--resamples N] [--seed N] [--csv FILE] [--json]", runAgreement},
		{"adjudicate", "add spans at least K coders agree on to the gold layer", "adjudicate --set NAME --min-agree K [--annotators A,B] [--as NAME] [--dry-run] [--json]", runAdjudicate},
		{"undo", "take back your last action (as $DAFTAR_USER), like Undo in the app", "undo [--json]", runUndo},
		{"keygen", "make an age key pair for encrypted bundles", "keygen [--out FILE]", runKeygen},
		{"stats", "count what the archive holds", "stats [--json]", runStats},
		{"check", "verify the archive's integrity and every annotation's quote", "check", runCheck},
		{"reindex", "rebuild the search index", "reindex", runReindex},
		{"backup", "write a consistent copy of the archive", "backup [--encrypt-to KEY]... [--recipients-file F]... [--passphrase] [--passphrase-file F] PATH", runBackup},
		{"restore", "list the automatic backups, or put one in the archive's place", "restore --list [--json] | restore [BACKUP]", runRestore},
		{"version", "print the version", "version", runVersion},
	}
}

// ErrNoCommand is returned by Parse when no command was given: the caller
// opens the GUI then.
var ErrNoCommand = errors.New("no command")

// Global is what comes before the command: the archive path.
type Global struct {
	DB   string
	Args []string // the command and its arguments
}

// Parse reads the global flags. It returns ErrNoCommand when only global
// flags were given and flag.ErrHelp after printing help for -h.
func Parse(args []string, stderr io.Writer) (*Global, error) {
	fs := flag.NewFlagSet("daftar", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "archive file (default $DAFTAR_DB, else the user data folder)")
	version := fs.Bool("version", false, "print the version (same as the version command)")
	fs.Usage = func() { usage(stderr) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	g := &Global{DB: *db, Args: fs.Args()}
	if *version {
		g.Args = []string{"version"}
	}
	if len(g.Args) == 0 {
		return g, ErrNoCommand
	}
	return g, nil
}

// ArchivePath resolves --db, $DAFTAR_DB and the default location (beside
// the executable in portable mode, else the OS data folder).
func ArchivePath(db string) (string, error) {
	if db != "" {
		return db, nil
	}
	if p := os.Getenv("DAFTAR_DB"); p != "" {
		return p, nil
	}
	d, err := platform.Locate()
	if err != nil {
		return "", err
	}
	return d.Archive(), nil
}

// Run runs one command line (without the program name) and returns the
// exit status.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g, err := Parse(args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, ErrNoCommand):
		usage(stderr)
		return ExitUsage
	case err != nil:
		return ExitUsage
	}
	return RunCommand(ctx, g, stdout, stderr)
}

// RunCommand runs the command of an already parsed command line.
func RunCommand(ctx context.Context, g *Global, stdout, stderr io.Writer) int {
	name := g.Args[0]
	if name == "help" || name == "-h" || name == "--help" {
		usage(stdout)
		return ExitOK
	}
	for _, c := range commands {
		if c.name == name {
			e := &env{ctx: ctx, stdout: stdout, stderr: stderr, dbPath: g.DB}
			return c.run(e, g.Args[1:])
		}
	}
	fmt.Fprintf(stderr, "daftar: unknown command %q (run 'daftar help')\n", name)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Daftar — an offline workbench for reading, tagging and exporting news articles.")
	fmt.Fprintln(w, "\nUsage: daftar [--db PATH]                 open the GUI")
	fmt.Fprintln(w, "       daftar [--db PATH] open ARTICLE-ID  open the GUI on that article")
	fmt.Fprintln(w, "       daftar [--db PATH] COMMAND [FLAGS]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'daftar COMMAND -h' for a command's flags. Exit status: 0 ok, 1 something failed, 2 usage error.")
}

// newFlags makes a command's flag set, with --db accepted there too.
func (e *env) newFlags(c string) *flag.FlagSet {
	fs := flag.NewFlagSet("daftar "+c, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.dbPath, "db", e.dbPath, "archive file")
	for _, cmd := range commands {
		if cmd.name == c {
			fs.Usage = func() {
				fmt.Fprintf(e.stderr, "Usage: daftar %s\n", cmd.usage)
				fs.PrintDefaults()
			}
		}
	}
	return fs
}

// parse parses flags that may stand before, between or after positional
// arguments ("show ID --json" as well as "show --json ID").
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseOnlyFlags parses the command line of a command that takes flags but
// no arguments; false means it was wrong (and has been reported).
func (e *env) parseOnlyFlags(fs *flag.FlagSet, args []string) bool {
	pos, err := parse(fs, args)
	if err != nil {
		return false
	}
	if len(pos) > 0 {
		e.usageError(fs, "unexpected argument %q", pos[0])
		return false
	}
	return true
}

// usageError reports a wrong command line and returns ExitUsage.
func (e *env) usageError(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return ExitUsage
}

// fail reports an error on one line and returns ExitFail.
func (e *env) fail(err error) int {
	fmt.Fprintln(e.stderr, "daftar:", oneLine(err.Error()))
	return ExitFail
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// closeStore closes the archive, whose last checkpoint writes the
// write-ahead log into the file; when that fails it is reported and a
// command that succeeded so far fails. Deferred with the command's result.
func (e *env) closeStore(store *storage.Store, code *int) {
	if err := store.BackupProblem(); err != nil {
		fmt.Fprintln(e.stderr, "daftar: warning: automatic backup failed:", oneLine(err.Error()))
	}
	if err := store.Close(); err != nil {
		e.fail(fmt.Errorf("close archive %s: %w", store.Path(), err))
		if *code == ExitOK {
			*code = ExitFail
		}
	}
}

// How a command uses the archive.
type access int

const (
	reading  access = iota // must exist; a read-only archive will do
	writing                // must exist and be writable
	creating               // writes, and makes the archive when missing
)

// open opens the archive for a command. Only commands that write may
// create one (and say so on stderr): a mistyped --db given to a command
// that reads must fail, not leave an empty archive behind.
func (e *env) open(how access) (*storage.Store, error) {
	path, err := ArchivePath(e.dbPath)
	if err != nil {
		return nil, err
	}
	var store *storage.Store
	if how == creating {
		store, err = storage.Open(e.ctx, path)
	} else {
		store, err = storage.OpenExisting(e.ctx, path)
	}
	if err != nil {
		return nil, err
	}
	if why := store.ReadOnly(); how != reading && why != "" {
		store.Close()
		return nil, fmt.Errorf("archive %s cannot be written: %s", path, why)
	}
	if store.Created() {
		fmt.Fprintf(e.stderr, "daftar: created archive at %s\n", path)
	}
	return store, nil
}

// writeJSON prints v as indented JSON; --json output is part of the
// documented interface (docs/cli.md).
func (e *env) writeJSON(v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return e.fail(err)
	}
	return ExitOK
}

// Actor is the name recorded on annotations and history entries made from
// the command line: $DAFTAR_USER, else the OS user name.
func Actor() string {
	if a := os.Getenv("DAFTAR_USER"); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// mapFlag collects repeated FIELD=COLUMN flags.
type mapFlag map[string]string

func (m mapFlag) String() string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func (m mapFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
		return fmt.Errorf("want FIELD=COLUMN, got %q", s)
	}
	m[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
