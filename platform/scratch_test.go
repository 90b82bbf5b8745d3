package platform

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestPrivateTemp(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, remove, err := PrivateTemp("backup")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != os.TempDir() {
		t.Errorf("%s is not in the temp folder %s", dir, os.TempDir())
	}
	info, err := os.Stat(dir)
	if err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o700) {
		t.Fatalf("stat %s: %v, %v", dir, info, err)
	}
	// A read-only file inside is removed too.
	if err := os.WriteFile(filepath.Join(dir, "archive.db"), []byte("scratch"), 0o400); err != nil {
		t.Fatal(err)
	}
	remove()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", dir, err)
	}
}
