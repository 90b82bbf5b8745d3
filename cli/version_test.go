package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// --version is what installers, package managers and people try first; it
// must print what the version command prints, with no archive opened.
func TestVersionFlag(t *testing.T) {
	old := Version
	Version = "9.8.7-test"
	t.Cleanup(func() { Version = old })
	db := filepath.Join(t.TempDir(), "a.db")
	code, flagOut, errOut := run(t, db, "--version")
	if code != ExitOK || errOut != "" {
		t.Fatalf("--version: exit %d, stderr %q", code, errOut)
	}
	_, cmdOut, _ := run(t, db, "version")
	if flagOut != cmdOut || !strings.HasPrefix(flagOut, "daftar 9.8.7-test ") {
		t.Errorf("--version printed %q, version printed %q", flagOut, cmdOut)
	}
}
