package layout

import (
	"bytes"
	"fmt"

	"daftar/assets"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
)

// Face indexes the four faces of a Fonts.
type Face uint8

const (
	ArabicRegular Face = iota
	ArabicBold
	LatinRegular
	LatinBold
	numFaces
)

// Fonts is the set of faces the layout chooses from by script: an Arabic
// face for Arabic script and a Latin face for everything else, each in
// regular and bold. A *font.Face keeps caches, so a Fonts must not be used
// from two goroutines at once.
type Fonts struct {
	faces  [numFaces]*font.Face
	ascent [numFaces]float32 // in em
	descnt [numFaces]float32 // in em, positive
	upem   [numFaces]float32
}

// NewFonts parses the four TrueType/OpenType fonts.
func NewFonts(arabicRegular, arabicBold, latinRegular, latinBold []byte) (*Fonts, error) {
	f := &Fonts{}
	for i, data := range [][]byte{arabicRegular, arabicBold, latinRegular, latinBold} {
		face, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("layout: parsing font %d: %w", i, err)
		}
		f.faces[i] = face
		upem := float32(face.Upem())
		f.upem[i] = upem
		if ext, ok := face.FontHExtents(); ok {
			f.ascent[i] = ext.Ascender / upem
			f.descnt[i] = -ext.Descender / upem
		} else {
			f.ascent[i], f.descnt[i] = 0.9, 0.3
		}
	}
	return f, nil
}

// DefaultFonts returns the embedded Noto Naskh Arabic and Noto Sans faces.
func DefaultFonts() (*Fonts, error) {
	return NewFonts(assets.NotoNaskhArabicRegular, assets.NotoNaskhArabicBold,
		assets.NotoSansRegular, assets.NotoSansBold)
}

// Face returns the go-text face, for drawing glyph outlines.
func (f *Fonts) Face(i Face) *font.Face { return f.faces[i] }

// pick chooses the face for a rune whose (resolved) script is s: the face for
// the script when it has the glyph, otherwise the other family if that one
// has it.
func (f *Fonts) pick(r rune, s language.Script, bold bool) Face {
	first, second := LatinRegular, ArabicRegular
	if s == language.Arabic {
		first, second = ArabicRegular, LatinRegular
	}
	if bold {
		first++
		second++
	}
	if _, ok := f.faces[first].NominalGlyph(r); ok {
		return first
	}
	if _, ok := f.faces[second].NominalGlyph(r); ok {
		return second
	}
	return first
}

// clone returns Fonts over the same parsed fonts with fresh faces: a
// *font.Font is safe for concurrent use, a *font.Face is not.
func (f *Fonts) clone() *Fonts {
	c := *f
	for i, face := range f.faces {
		c.faces[i] = font.NewFace(face.Font)
	}
	return &c
}
