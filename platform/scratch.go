package platform

import (
	"fmt"
	"os"
	"runtime"
)

// PrivateTemp makes a folder for scratch files under the system's temp
// folder that only this user can enter (mode 0700; on Windows the temp
// folder is the user's own already), and returns it with the function that
// removes it and all it holds. Callers defer the removal, so the scratch
// copy of an archive or an export is gone on success, failure and cancel.
func PrivateTemp(purpose string) (dir string, remove func(), err error) {
	dir, err = os.MkdirTemp("", "daftar-"+purpose+"-*")
	if err != nil {
		return "", nil, fmt.Errorf("private temp folder: %w", err)
	}
	remove = func() { os.RemoveAll(dir) }
	if runtime.GOOS == "windows" {
		return dir, remove, nil
	}
	// MkdirTemp asks for 0700 and the umask can only narrow it; checking
	// still catches a temp folder on a file system that ignores modes.
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() || info.Mode().Perm() != 0o700 {
		remove()
		if err == nil {
			err = fmt.Errorf("mode %v, want 0700", info.Mode().Perm())
		}
		return "", nil, fmt.Errorf("private temp folder %s: %w", dir, err)
	}
	return dir, remove, nil
}
