package packaging

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
)

// CheckWindowsGUI verifies what a double-clicked Daftar.exe needs: a PE32+
// amd64 image for the GUI subsystem (no console window), with an icon and
// a version resource whose strings name the product and carry version.
func CheckWindowsGUI(path, version string) error {
	return checkPE(path, version, true)
}

// CheckInstaller verifies the installer the same way, for any machine
// type (NSIS's stub is a 32-bit program that installs 64-bit Daftar).
func CheckInstaller(path, version string) error {
	return checkPE(path, version, false)
}

func checkPE(path, version string, wantAMD64 bool) error {
	f, err := pe.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	defer f.Close()
	var subsystem uint16
	var dirs []pe.DataDirectory
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		subsystem, dirs = oh.Subsystem, oh.DataDirectory[:min(oh.NumberOfRvaAndSizes, 16)]
	case *pe.OptionalHeader32:
		if wantAMD64 {
			return fmt.Errorf("%s: a PE32 image, want PE32+", path)
		}
		subsystem, dirs = oh.Subsystem, oh.DataDirectory[:min(oh.NumberOfRvaAndSizes, 16)]
	default:
		return fmt.Errorf("%s: no optional header", path)
	}
	if wantAMD64 && f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("%s: machine %#x, want amd64", path, f.Machine)
	}
	if subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return fmt.Errorf("%s: subsystem %d, want %d (Windows GUI: no console window)", path, subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	rsrc, base, err := resourceSection(f, dirs)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	types, err := dirEntries(rsrc, 0)
	if err != nil {
		return fmt.Errorf("%s: resources: %v", path, err)
	}
	for _, want := range []struct {
		id   uint32
		name string
	}{{rtIcon, "icon"}, {rtGroupIcon, "icon group"}, {rtVersion, "version"}} {
		if _, ok := types[want.id]; !ok {
			return fmt.Errorf("%s: no %s resource", path, want.name)
		}
	}
	info, err := firstLeaf(rsrc, base, types[rtVersion])
	if err != nil {
		return fmt.Errorf("%s: version resource: %v", path, err)
	}
	for _, s := range []string{"ProductName", "Daftar", "CompanyName", "FileVersion", "ProductVersion", version} {
		if !bytes.Contains(info, utf16le(s)) {
			return fmt.Errorf("%s: version resource has no %q", path, s)
		}
	}
	return nil
}

// resourceSection returns the bytes of the section holding the resource
// directory, starting at the directory, and the directory's RVA.
func resourceSection(f *pe.File, dirs []pe.DataDirectory) ([]byte, uint32, error) {
	if len(dirs) <= pe.IMAGE_DIRECTORY_ENTRY_RESOURCE || dirs[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE].VirtualAddress == 0 {
		return nil, 0, errors.New("no resources")
	}
	dd := dirs[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE]
	for _, s := range f.Sections {
		if dd.VirtualAddress >= s.VirtualAddress && dd.VirtualAddress < s.VirtualAddress+s.VirtualSize {
			data, err := s.Data()
			if err != nil {
				return nil, 0, err
			}
			off := dd.VirtualAddress - s.VirtualAddress
			if int(off) >= len(data) {
				return nil, 0, errors.New("resource directory outside its section")
			}
			return data[off:], dd.VirtualAddress, nil
		}
	}
	return nil, 0, errors.New("resource directory in no section")
}

// dirEntries reads the IMAGE_RESOURCE_DIRECTORY at off: entry id (or name
// offset) -> the entry's OffsetToData word.
func dirEntries(rsrc []byte, off uint32) (map[uint32]uint32, error) {
	if int(off)+16 > len(rsrc) {
		return nil, errors.New("truncated directory")
	}
	le := binary.LittleEndian
	n := int(le.Uint16(rsrc[off+12:])) + int(le.Uint16(rsrc[off+14:]))
	if int(off)+16+8*n > len(rsrc) {
		return nil, errors.New("truncated directory entries")
	}
	entries := make(map[uint32]uint32, n)
	for i := range n {
		e := rsrc[int(off)+16+8*i:]
		entries[le.Uint32(e)] = le.Uint32(e[4:])
	}
	return entries, nil
}

// firstLeaf follows the first entry of each level (name, then language)
// down to a data entry and returns its bytes.
func firstLeaf(rsrc []byte, base, entry uint32) ([]byte, error) {
	const subdir = 1 << 31
	for entry&subdir != 0 {
		entries, err := dirEntries(rsrc, entry&^subdir)
		if err != nil {
			return nil, err
		}
		if len(entries) == 0 {
			return nil, errors.New("empty directory")
		}
		next := ^uint32(0)
		for _, v := range entries {
			next = min(next, v) // any entry will do; take a stable one
		}
		entry = next
	}
	if int(entry)+8 > len(rsrc) {
		return nil, errors.New("truncated data entry")
	}
	le := binary.LittleEndian
	rva, size := le.Uint32(rsrc[entry:]), le.Uint32(rsrc[entry+4:])
	start := rva - base
	if rva < base || int(start)+int(size) > len(rsrc) {
		return nil, errors.New("data outside the resource section")
	}
	return rsrc[start : start+size], nil
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}
