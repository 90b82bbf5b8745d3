package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"golang.org/x/term"

	"daftar/platform"
	"daftar/seal"
	"daftar/storage"
)

// listFlag collects a repeatable flag's values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// lockFlags are the export flags that encrypt the output.
type lockFlags struct {
	to, toFiles    listFlag
	passphrase     *bool
	passphraseFile *string
}

func addLockFlags(fs *flag.FlagSet) *lockFlags {
	l := &lockFlags{}
	fs.Var(&l.to, "encrypt-to", "encrypt to this age public key (age1…; repeatable)")
	fs.Var(&l.toFiles, "recipients-file", "encrypt to every age public key in this file, one a line (repeatable)")
	l.passphrase = fs.Bool("passphrase", false, "encrypt with a passphrase, read from $DAFTAR_PASSPHRASE, --passphrase-file or the terminal")
	l.passphraseFile = fs.String("passphrase-file", "", "read the passphrase from the first line of this file (implies --passphrase)")
	return l
}

func (l *lockFlags) on() bool {
	return len(l.to) > 0 || len(l.toFiles) > 0 || *l.passphrase || *l.passphraseFile != ""
}

// recipients returns whom the export is encrypted to; a usage problem is
// reported as such.
func (l *lockFlags) recipients(e *env) ([]age.Recipient, error) {
	if (len(l.to) > 0 || len(l.toFiles) > 0) && (*l.passphrase || *l.passphraseFile != "") {
		return nil, errUsage("give public keys or a passphrase, not both")
	}
	if len(l.to) > 0 || len(l.toFiles) > 0 {
		return seal.Recipients(l.to, l.toFiles)
	}
	p, err := e.passphrase(*l.passphraseFile, "Passphrase: ", true)
	if err != nil {
		return nil, err
	}
	return seal.Passphrase(p)
}

type errUsage string

func (e errUsage) Error() string { return string(e) }

// passphrase reads a passphrase from file, else $DAFTAR_PASSPHRASE, else
// the terminal without echo, asking with prompt (twice when confirm). Never from the command
// line, where it would stay in the shell's history and the process list.
func (e *env) passphrase(file, prompt string, confirm bool) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", err
		}
		defer f.Close()
		line, err := bufio.NewReader(f).ReadString('\n')
		if line = strings.TrimRight(line, "\r\n"); line == "" {
			return "", fmt.Errorf("%s: no passphrase on its first line", file)
		}
		return line, nil
	}
	if p := os.Getenv("DAFTAR_PASSPHRASE"); p != "" {
		return p, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errors.New("no passphrase: set DAFTAR_PASSPHRASE, give --passphrase-file, or run in a terminal")
	}
	ask := func(prompt string) (string, error) {
		if isTerminal(e.stderr) {
			prompt = "\r\033[K" + prompt // over the progress line
		}
		fmt.Fprint(e.stderr, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	p, err := ask(prompt)
	if err != nil {
		return "", err
	}
	if p == "" {
		return "", errors.New("empty passphrase")
	}
	if confirm {
		again, err := ask("Again: ")
		if err != nil {
			return "", err
		}
		if again != p {
			return "", errors.New("the passphrases differ")
		}
	}
	return p, nil
}

// unlocker opens encrypted bundles on import: with the identity files
// given, else with a passphrase.
func (e *env) unlocker(identities []string, passphraseFile string) func(path string) ([]age.Identity, error) {
	return func(path string) ([]age.Identity, error) {
		if len(identities) == 0 {
			p, err := e.passphrase(passphraseFile, "Passphrase for "+filepath.Base(path)+": ", false)
			if err != nil {
				return nil, err
			}
			return seal.PassphraseIdentity(p)
		}
		var ids []age.Identity
		for _, path := range identities {
			got, err := seal.Identities(path)
			if err != nil {
				return nil, err
			}
			ids = append(ids, got...)
		}
		return ids, nil
	}
}

// runKeygen writes a new age key pair: the secret key to --out (readable by
// the user only) or standard output, the public key, to give to those who
// encrypt for you, to standard output or error.
func runKeygen(e *env, args []string) (code int) {
	fs := e.newFlags("keygen")
	out := fs.String("out", "", "write the secret key to this new file (mode 0600) instead of standard output")
	if !e.parseOnlyFlags(fs, args) {
		return ExitUsage
	}
	secret, public, err := seal.NewKey()
	if err != nil {
		return e.fail(err)
	}
	if *out == "" {
		fmt.Fprint(e.stdout, secret)
		fmt.Fprintln(e.stderr, "Public key:", public)
		return ExitOK
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return e.fail(fmt.Errorf("keygen: %w (an existing key is never overwritten)", err))
	}
	_, err = f.WriteString(secret)
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(*out)
		return e.fail(fmt.Errorf("keygen: %w", err))
	}
	fmt.Fprintf(e.stdout, "Secret key written to %s; keep it, it opens what is encrypted to you.\nPublic key: %s\n", *out, public)
	return ExitOK
}

// sealedBackup writes an age-encrypted consistent copy of the archive to
// path. The plain copy SQLite makes first lives in a private (0700) temporary
// folder, removed however the backup ends; the encrypted file is written
// under a temporary name beside path and renamed when complete.
func (e *env) sealedBackup(fs *flag.FlagSet, store *storage.Store, lock *lockFlags, path string) int {
	rs, err := lock.recipients(e)
	if err != nil {
		if u := errUsage(""); errors.As(err, &u) {
			return e.usageError(fs, "%s", err)
		}
		return e.fail(err)
	}
	if _, err := os.Lstat(path); err == nil {
		return e.fail(fmt.Errorf("backup %s: file exists", path))
	}
	tmp, remove, err := platform.PrivateTemp("backup")
	if err != nil {
		return e.fail(fmt.Errorf("backup %s: %w", path, err))
	}
	defer remove()
	plain := filepath.Join(tmp, "archive.db")
	if err := store.Backup(e.ctx, plain); err != nil {
		return e.fail(err)
	}
	if err := sealFile(plain, path, rs); err != nil {
		return e.fail(fmt.Errorf("backup %s: %w", path, err))
	}
	fmt.Fprintf(e.stdout, "encrypted backup written to %s (open it with age -d, or daftar keygen's key)\n", path)
	return ExitOK
}

// sealFile encrypts the file src to dst through a temporary file beside dst.
func sealFile(src, dst string, rs []age.Recipient) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(out.Name())
		}
	}()
	w, err := seal.Encrypt(out, rs)
	if err != nil {
		return err
	}
	if _, err = io.Copy(w, in); err != nil {
		return err
	}
	if err = errors.Join(w.Close(), out.Sync(), out.Close()); err != nil {
		return err
	}
	return os.Rename(out.Name(), dst)
}
