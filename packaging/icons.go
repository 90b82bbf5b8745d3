// Package packaging holds what turns Daftar's build into installable
// packages: the icon sizes desktops and Windows want, the check that a
// Windows executable carries its icon and version resource, and the test
// that lints the release workflow. The package definitions themselves
// (nfpm, NSIS, .desktop, AppStream) are the files beside this one; `make
// dist` drives them.
package packaging

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// IconSizes are the hicolor theme sizes a Linux desktop looks up, largest
// last; the Windows .ico takes those up to 256.
var IconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// Resize scales the square source icon to size×size.
func Resize(src image.Image, size int) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

// WriteIcons decodes the PNG at srcPath and writes, under dir,
// hicolor/SIZExSIZE/apps/NAME.png for every size in IconSizes and NAME.ico
// (sizes up to 256, PNG-compressed entries, as Windows Vista and later
// read them).
func WriteIcons(srcPath, dir, name string) error {
	f, err := os.Open(srcPath)
	if err != nil {
		return err
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %v", srcPath, err)
	}
	if b := src.Bounds(); b.Dx() != b.Dy() || b.Dx() < 256 {
		return fmt.Errorf("%s: icon is %dx%d, want a square of at least 256", srcPath, b.Dx(), b.Dy())
	}
	var icoImages [][]byte
	for _, size := range IconSizes {
		var buf bytes.Buffer
		if err := png.Encode(&buf, Resize(src, size)); err != nil {
			return err
		}
		out := filepath.Join(dir, "hicolor", fmt.Sprintf("%dx%d", size, size), "apps", name+".png")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return err
		}
		if size <= 256 {
			icoImages = append(icoImages, buf.Bytes())
		}
	}
	return os.WriteFile(filepath.Join(dir, name+".ico"), ICO(icoImages, IconSizes), 0o644)
}

// ICO packs PNG images (sizes[i] pixels square) into a .ico file.
func ICO(pngs [][]byte, sizes []int) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, 0))                 // reserved
	b.Write(le.AppendUint16(nil, 1))                 // type: icon
	b.Write(le.AppendUint16(nil, uint16(len(pngs)))) // count
	offset := 6 + 16*len(pngs)
	for i, p := range pngs {
		dim := byte(sizes[i] % 256) // 0 means 256
		b.Write([]byte{dim, dim, 0, 0})
		b.Write(le.AppendUint16(nil, 1))  // colour planes
		b.Write(le.AppendUint16(nil, 32)) // bits per pixel
		b.Write(le.AppendUint32(nil, uint32(len(p))))
		b.Write(le.AppendUint32(nil, uint32(offset)))
		offset += len(p)
	}
	for _, p := range pngs {
		b.Write(p)
	}
	return b.Bytes()
}
