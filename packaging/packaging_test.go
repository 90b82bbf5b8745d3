package packaging

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestNumericVersion(t *testing.T) {
	for in, want := range map[string][4]uint16{
		"0.1.0":             {0, 1, 0, 0},
		"1.2":               {1, 2, 0, 0},
		"2.10.3-14-gabcdef": {2, 10, 3, 14},
		"3.0.0-rc1":         {3, 0, 0, 0},
	} {
		got, err := NumericVersion(in)
		if err != nil || got != want {
			t.Errorf("NumericVersion(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "v1.2.3", "1.2.3.4", "1.x", "70000.1"} {
		if _, err := NumericVersion(bad); err == nil {
			t.Errorf("NumericVersion(%q) accepted", bad)
		}
	}
}

func TestRenderRC(t *testing.T) {
	var b bytes.Buffer
	if err := RenderRC(&b, `FILEVERSION {{.Numeric}} "{{.Version}}"`, "1.4.2-3-gdeadbee"); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != `FILEVERSION 1,4,2,3 "1.4.2-3-gdeadbee"` {
		t.Errorf("rendered %q", got)
	}
}

// The icons decode at the size their name says, and the .ico directory
// points at each PNG with its size.
func TestWriteIcons(t *testing.T) {
	dir := t.TempDir()
	if err := WriteIcons(filepath.Join("..", "assets", "icon.png"), dir, "x"); err != nil {
		t.Fatal(err)
	}
	for _, size := range IconSizes {
		f, err := os.Open(filepath.Join(dir, "hicolor", fmt.Sprintf("%dx%d", size, size), "apps", "x.png"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != size || cfg.Height != size {
			t.Errorf("%d: %dx%d, %v", size, cfg.Width, cfg.Height, err)
		}
	}
	ico, err := os.ReadFile(filepath.Join(dir, "x.ico"))
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	n := int(le.Uint16(ico[4:]))
	if le.Uint16(ico[2:]) != 1 || n != 7 {
		t.Fatalf("ico header: type %d, %d images; want icon, 7", le.Uint16(ico[2:]), n)
	}
	for i := range n {
		e := ico[6+16*i:]
		size, off := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		cfg, err := png.DecodeConfig(bytes.NewReader(ico[off : off+size]))
		want := IconSizes[i]
		if err != nil || cfg.Width != want || int(e[0]) != want%256 {
			t.Errorf("ico image %d: %dx%d (entry says %d), %v; want %d", i, cfg.Width, cfg.Height, e[0], err, want)
		}
	}
}

// A Go program linked for Windows without -H windowsgui opens a console;
// with it but without a resource .syso it has no icon. Both are refused.
func TestCheckWindowsGUIRefuses(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ ldflags, want string }{
		{"", "subsystem 3"},
		{"-H windowsgui", "no resources"},
	} {
		exe := filepath.Join(dir, "p.exe")
		cmd := exec.Command("go", "build", "-ldflags", c.ldflags, "-o", exe, src)
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		err := CheckWindowsGUI(exe, "1.0.0")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), exe) {
			t.Errorf("ldflags %q: %v; want an error naming the file and %q", c.ldflags, err, c.want)
		}
	}
	if err := CheckWindowsGUI(src, "1.0.0"); err == nil {
		t.Error("a Go source file passed as an executable")
	}
}
