package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

var (
	errEmpty  = errors.New("empty file")
	errBinary = errors.New("not a text file (binary content)")
)

// decodeText turns the bytes of a text-based file into UTF-8: by BOM (UTF-8,
// UTF-16 LE/BE), as UTF-8 when it is (mostly) valid, else by guessing among
// the legacy code pages researchers meet (Windows-1256, ISO-8859-6,
// Windows-1252/ISO-8859-1) with a letter-plausibility score. Invalid UTF-8 is
// replaced by U+FFFD and reported where; a guessed code page is reported too,
// since it is a guess.
func decodeText(data []byte) (string, []string, error) {
	if len(data) == 0 {
		return "", nil, errEmpty
	}
	var s string
	var warns []string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		s, warns = utf8Replace(data[3:], 3)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		s, warns = decodeUTF16(data[2:], false)
		if junkUTF16(s) {
			return "", nil, errBinary
		}
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s, warns = decodeUTF16(data[2:], true)
		if junkUTF16(s) {
			return "", nil, errBinary
		}
	default:
		if le, ok := bomlessUTF16(data); ok {
			s, warns = decodeUTF16(data, !le)
			warns = append(warns, "no byte order mark; read as UTF-16 "+map[bool]string{true: "LE", false: "BE"}[le])
			break
		}
		if looksBinary(data) {
			return "", nil, errBinary
		}
		if utf8.Valid(data) {
			s = string(data)
			break
		}
		if mostlyUTF8(data) {
			s, warns = utf8Replace(data, 0)
			break
		}
		var name string
		var ok bool
		s, name, ok = guessLegacy(data)
		if !ok {
			return "", nil, errBinary
		}
		warns = append(warns, "not UTF-8; decoded as "+name+" (detected)")
	}
	if strings.TrimSpace(strings.Trim(s, "\uFEFF\x00")) == "" {
		return "", warns, errEmpty
	}
	if binaryText(s) {
		return "", nil, errBinary
	}
	return s, warns, nil
}

// junkUTF16: binary data after a UTF-16 byte order mark decodes to code
// points, but many are unpaired surrogates, private use or unassigned.
func junkUTF16(s string) bool {
	n, junk := 0, 0
	for _, r := range s {
		n++
		if r == utf8.RuneError || unicode.Is(unicode.Co, r) || !unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			junk++
		}
	}
	return junk*20 > n
}

// binaryText applies the binary rule to decoded text, which catches binary
// data that happened to start with a UTF-16 byte order mark.
func binaryText(s string) bool {
	n, ctl := 0, 0
	for _, r := range s {
		n++
		if r == 0 {
			return true
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' && r != 0x1B && r != 0x1A || r == 0x7F {
			ctl++
		}
	}
	return ctl > 2 && ctl*100 > n
}

// looksBinary: NUL bytes, or more than 1% C0 control bytes other than the
// ones text uses (tab, LF, CR, FF, VT, ESC, SUB).
func looksBinary(data []byte) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, b := range data {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1B && b != 0x1A || b == 0x7F {
			ctl++
		}
	}
	return ctl > 2 && ctl*100 > len(data)
}

// utf8Replace replaces invalid sequences by U+FFFD and says where the first
// ones were (line and byte offset in the file, counted from 0).
func utf8Replace(data []byte, base int) (string, []string) {
	if utf8.Valid(data) {
		return string(data), nil
	}
	var b strings.Builder
	b.Grow(len(data))
	var places []string
	count, line := 0, 1
	lastBad := -2
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			// One U+FFFD per bad byte (as Go's decoder does); a run of bad
			// bytes is reported as one place.
			if i != lastBad+1 {
				count++
				if len(places) < 3 {
					places = append(places, fmt.Sprintf("line %d, byte %d", line, base+i))
				}
			}
			lastBad = i
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		if r == '\n' {
			line++
		}
		b.WriteRune(r)
		i += size
	}
	msg := "invalid UTF-8 at " + places[0]
	if count > 1 {
		msg = fmt.Sprintf("invalid UTF-8 at %d places (%s", count, strings.Join(places, "; "))
		if count > len(places) {
			msg += "; ..."
		}
		msg += ")"
	}
	return b.String(), []string{msg + " replaced by U+FFFD"}
}

// mostlyUTF8: valid multi-byte sequences clearly outnumber bad bytes, so the
// file is UTF-8 with damage rather than a legacy code page (whose high bytes
// seldom form valid UTF-8 sequences).
func mostlyUTF8(data []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			bad++
		case size > 1:
			multi++
		}
		i += size
	}
	return multi >= 2*bad && multi > 0
}

func decodeUTF16(data []byte, bigEndian bool) (string, []string) {
	var warns []string
	if len(data)%2 == 1 {
		warns = append(warns, "UTF-16 text has an odd number of bytes; last byte dropped")
		data = data[:len(data)-1]
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	rs := utf16.Decode(u)
	bad := 0
	for i, r := range rs {
		if r == utf8.RuneError && u[i] != 0xFFFD {
			bad++
		}
	}
	if bad > 0 {
		warns = append(warns, fmt.Sprintf("%d unpaired UTF-16 surrogates replaced by U+FFFD", bad))
	}
	return string(rs), warns
}

// bomlessUTF16 spots UTF-16 without a byte order mark (some Windows tools
// write it): NULs in one byte position of most pairs and never in the other.
func bomlessUTF16(data []byte) (littleEndian, ok bool) {
	n := len(data)
	if n < 8 || n%2 != 0 {
		return false, false
	}
	if n > 4096 {
		n = 4096
	}
	even, odd := 0, 0
	for i := 0; i+1 < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*5 > pairs && even == 0:
		return true, true
	case even*5 > pairs && odd == 0:
		return false, true
	}
	return false, false
}

type legacyCharset struct {
	name string
	enc  encoding.Encoding
}

// Tried in this order; a later one must score strictly higher to win.
var legacyCharsets = []legacyCharset{
	{"windows-1252", charmap.Windows1252},
	{"windows-1256", charmap.Windows1256},
	{"iso-8859-6", charmap.ISO8859_6},
}

func guessLegacy(data []byte) (string, string, bool) {
	best, bestName, bestScore := "", "", 0
	for i, cs := range legacyCharsets {
		s, err := cs.enc.NewDecoder().Bytes(data)
		if err != nil {
			continue
		}
		sc := plausibility(string(s))
		if i == 0 || sc > bestScore {
			best, bestName, bestScore = string(s), cs.name, sc
		}
	}
	if bestName == "windows-1252" && !bytes.ContainsFunc(data, func(r rune) bool { return r >= 0x80 && r <= 0x9F }) {
		bestName = "iso-8859-1/windows-1252"
	}
	// Mostly non-letters even in the best reading: binary, not text.
	letters, other := 0, 0
	for _, r := range best {
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r):
			letters++
		case unicode.IsSpace(r):
		default:
			other++
		}
	}
	return best, bestName, letters > 0 && letters >= 2*other
}

// plausibility scores a decoding by how word-like its words are: one script
// per word, Arabic words often starting with ال, harakat only after letters,
// Latin words with few accented letters, no replacement or control characters.
func plausibility(s string) int {
	score := 0
	var word []rune
	flush := func() {
		if len(word) == 0 {
			return
		}
		score += wordScore(word)
		word = word[:0]
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsMark(r) {
			word = append(word, r)
			continue
		}
		flush()
		switch {
		case r == utf8.RuneError:
			score -= 20
		case unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f':
			score -= 20
		case unicode.Is(unicode.Sc, r) || unicode.Is(unicode.So, r) || r == '¬' || r == '¦' || r == '¯' || r == '¸' || r == '¹' || r == '³' || r == '²' || r == '¶' || r == '¤':
			score -= 2
		}
	}
	flush()
	return score
}

func isHaraka(r rune) bool { return r >= 0x064B && r <= 0x0652 }

func wordScore(w []rune) int {
	arabic, latin, nonASCII, marksOut := 0, 0, 0, 0
	for i, r := range w {
		switch {
		case unicode.Is(unicode.Arabic, r):
			if isHaraka(r) || r == 'ـ' {
				if i == 0 || isHaraka(w[i-1]) {
					marksOut++
				}
			} else {
				arabic++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
			if r >= 0x80 {
				nonASCII++
			}
		}
	}
	n := len(w)
	switch {
	case arabic > 0 && latin > 0:
		return -5 * n
	case arabic > 0:
		sc := n - 5*marksOut
		if n >= 3 && w[0] == 'ا' && w[1] == 'ل' {
			sc += 3
		}
		return sc
	case latin > 0:
		if nonASCII <= 1 || nonASCII*3 <= n {
			return n
		}
		return -2 * n
	}
	return -n
}
