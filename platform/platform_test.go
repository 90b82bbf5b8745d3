package platform

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestDataDir(t *testing.T) {
	noHome := func() (string, error) { return "", errors.New("no home") }
	home := func() (string, error) { return "/home/rana", nil }
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name, goos string
		env        map[string]string
		home       func() (string, error)
		want       string // "" means an error
	}{
		{"linux XDG", "linux", map[string]string{"XDG_DATA_HOME": "/data/x"}, noHome, filepath.Join("/data/x", "daftar")},
		{"linux default", "linux", nil, home, filepath.Join("/home/rana", ".local", "share", "daftar")},
		{"linux relative XDG is ignored", "linux", map[string]string{"XDG_DATA_HOME": "rel"}, home, filepath.Join("/home/rana", ".local", "share", "daftar")},
		{"linux no home", "linux", nil, noHome, ""},
		{"freebsd is XDG too", "freebsd", map[string]string{"XDG_DATA_HOME": "/x"}, noHome, filepath.Join("/x", "daftar")},
		{"macOS", "darwin", map[string]string{"XDG_DATA_HOME": "/ignored"}, home, filepath.Join("/home/rana", "Library", "Application Support", "daftar")},
		{"macOS no home", "darwin", nil, noHome, ""},
		{"windows", "windows", map[string]string{"AppData": `C:\Users\Rana\AppData\Roaming`}, noHome, filepath.Join(`C:\Users\Rana\AppData\Roaming`, "daftar")},
		{"windows without AppData", "windows", nil, home, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := dataDir(tc.goos, env(tc.env), tc.home)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("got %q, want an error", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestPortableDir(t *testing.T) {
	plain := t.TempDir()
	if d, ok := portableDir(plain); ok {
		t.Fatalf("no marker: got portable %q", d)
	}

	withFile := t.TempDir()
	if err := os.WriteFile(filepath.Join(withFile, PortableMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if d, ok := portableDir(withFile); !ok || d != withFile {
		t.Fatalf("marker file: got %q, %v; want %q", d, ok, withFile)
	}

	withDir := t.TempDir()
	marker := filepath.Join(withDir, PortableMarker)
	if err := os.Mkdir(marker, 0o755); err != nil {
		t.Fatal(err)
	}
	if d, ok := portableDir(withDir); !ok || d != marker {
		t.Fatalf("marker folder: got %q, %v; want %q", d, ok, marker)
	}
	// Beside a macOS app bundle.
	usb := t.TempDir()
	exeDir := filepath.Join(usb, "Daftar.app", "Contents", "MacOS")
	if err := os.MkdirAll(exeDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if d, ok := portableDir(exeDir); ok {
		t.Fatalf("app bundle without marker: got portable %q", d)
	}
	if err := os.WriteFile(filepath.Join(usb, PortableMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if d, ok := portableDir(exeDir); !ok || d != usb {
		t.Fatalf("marker beside Daftar.app: got %q, %v; want %q", d, ok, usb)
	}

	if got, want := (Dirs{Data: marker}).Archive(), filepath.Join(marker, ArchiveName); got != want {
		t.Fatalf("Archive() = %q, want %q", got, want)
	}
}

// Locate answers from the OS data folder when no marker sits beside the
// test binary (go test builds it in a fresh folder).
func TestLocateWithoutMarker(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("AppData", os.Getenv("XDG_DATA_HOME"))
	d, err := Locate()
	if err != nil {
		t.Fatal(err)
	}
	if d.Portable || filepath.Base(d.Data) != "daftar" {
		t.Fatalf("Locate() = %+v, want the OS data folder's daftar", d)
	}
}
