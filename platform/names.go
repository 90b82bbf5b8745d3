package platform

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes is the longest file name component most file systems take
// (NTFS counts 255 UTF-16 units, ext4 and APFS 255 bytes; bytes are the
// stricter for Arabic).
const MaxNameBytes = 255

// CheckName says why name cannot be a file or folder name on every system
// Daftar runs on (an archive or export folder travels between them), or
// nil. name is one component, not a path.
func CheckName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Errorf("%q is not a file name", name)
	case !utf8.ValidString(name):
		return fmt.Errorf("%q is not valid UTF-8", name)
	case len(name) > MaxNameBytes:
		return fmt.Errorf("file name %.40q… is longer than %d bytes", name, MaxNameBytes)
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " "):
		return fmt.Errorf("file name %q ends in a dot or a space, which Windows drops", name)
	case Reserved(name):
		return fmt.Errorf("file name %q is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"/\|?*`, r) {
			return fmt.Errorf("file name %q holds %q, which Windows does not allow", name, r)
		}
	}
	return nil
}

// Reserved reports whether name is a Windows device name: CON, PRN, AUX,
// NUL, COM1-9, LPT1-9 (also with ¹²³), in any case, with or without an
// extension ("nul.txt" is the device too) or trailing spaces before it.
func Reserved(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) >= 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		d := base[3:]
		return d == "¹" || d == "²" || d == "³" || len(d) == 1 && d[0] >= '1' && d[0] <= '9'
	}
	return false
}

// Fold is the key under which Windows (case-insensitive) and macOS (also
// normalization-insensitive) treat two file names as one.
func Fold(name string) string {
	return norm.NFC.String(cases.Fold().String(norm.NFD.String(name)))
}
