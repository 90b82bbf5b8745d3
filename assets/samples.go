package assets

import _ "embed"

// SamplesBundle is the sample corpus offered on an empty archive: short
// fictional news stories in Arabic, English and French, written for Daftar,
// with entity mentions and claims already tagged, as a Daftar bundle.
//
//go:embed samples/samples.json
var SamplesBundle []byte
