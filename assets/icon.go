package assets

import _ "embed"

// IconPNG is the application icon (a notebook with the letter د), 512×512.
//
//go:embed icon.png
var IconPNG []byte
