// Package assets holds the files embedded in the binary.
//
// The fonts are embedded so that every machine draws the same pixels: Fyne's bundled
// Noto Sans has no Arabic glyphs and system fallback differs between machines.
// This file exposes raw bytes only (no Fyne import) so that non-GUI packages such
// as layout can use the fonts; wrap them with fyne.NewStaticResource where needed.
package assets

import _ "embed"

// Noto Naskh Arabic (SIL OFL 1.1, see fonts/OFL.txt): Arabic-script text.
var (
	//go:embed fonts/NotoNaskhArabic-Regular.ttf
	NotoNaskhArabicRegular []byte
	//go:embed fonts/NotoNaskhArabic-Bold.ttf
	NotoNaskhArabicBold []byte
)

// Noto Sans (SIL OFL 1.1, see fonts/OFL.txt): Latin and everything else.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	NotoSansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	NotoSansBold []byte
)
