// Package platform holds what differs between Linux, macOS and Windows and
// is not GUI: where Daftar keeps its data (the OS data folder, or beside the
// executable in portable mode) and the file names it may create. The GUI's
// platform differences (shortcuts, the macOS menu) are in app/shortcuts.go.
package platform

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// PortableMarker is the file or folder that, beside the executable, makes
// Daftar portable: the archive and the settings then live beside the
// executable (inside the folder when the marker is a folder), so Daftar and
// its archive can travel together on a USB stick.
const PortableMarker = "daftar-portable"

// ArchiveName is the archive's file name inside the data folder.
const ArchiveName = "archive.db"

// Dirs says where Daftar keeps its data.
type Dirs struct {
	Data     string // the archive and, in portable mode, the settings
	Portable bool
}

// Archive is the default archive file.
func (d Dirs) Archive() string { return filepath.Join(d.Data, ArchiveName) }

// Locate finds the data folder: beside the executable when a PortableMarker
// is there, else the OS data folder.
func Locate() (Dirs, error) {
	exe, err := os.Executable()
	if err == nil {
		if exe, err = filepath.EvalSymlinks(exe); err == nil {
			if dir, ok := portableDir(filepath.Dir(exe)); ok {
				return Dirs{Data: dir, Portable: true}, nil
			}
		}
	}
	data, err := dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		return Dirs{}, err
	}
	return Dirs{Data: data}, nil
}

// portableDir reports the data folder of a portable Daftar whose executable
// is in exeDir: the marker folder itself, or the marker file's folder. A
// macOS app is a folder whose executable sits in Daftar.app/Contents/MacOS,
// so there the marker may also sit beside Daftar.app.
func portableDir(exeDir string) (string, bool) {
	dirs := []string{exeDir}
	if app := filepath.Dir(filepath.Dir(exeDir)); strings.HasSuffix(exeDir, filepath.Join("Contents", "MacOS")) && strings.HasSuffix(app, ".app") {
		dirs = append(dirs, filepath.Dir(app))
	}
	for _, dir := range dirs {
		marker := filepath.Join(dir, PortableMarker)
		if fi, err := os.Stat(marker); err == nil {
			if fi.IsDir() {
				return marker, true
			}
			return dir, true
		}
	}
	return "", false
}

// dataDir is Daftar's folder in the OS data folder: $XDG_DATA_HOME (else
// ~/.local/share) on Linux and other Unix systems, ~/Library/Application
// Support on macOS, %AppData% (the roaming profile) on Windows.
func dataDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	var base string
	switch goos {
	case "windows":
		base = getenv("AppData")
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return "", err
		}
		base = filepath.Join(h, "Library", "Application Support")
	default:
		// XDG says a relative $XDG_DATA_HOME is invalid and must be ignored
		// (a Unix path: "/" tells, whatever system runs the tests).
		if base = getenv("XDG_DATA_HOME"); !strings.HasPrefix(base, "/") {
			h, err := home()
			if err != nil {
				return "", err
			}
			base = filepath.Join(h, ".local", "share")
		}
	}
	if base == "" {
		return "", errors.New("cannot find the user data folder; give --db or set DAFTAR_DB")
	}
	return filepath.Join(base, "daftar"), nil
}
