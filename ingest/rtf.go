package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// maxRTFDepth bounds group nesting; Word writes a few dozen levels.
const maxRTFDepth = 1000

// rtfCharsets maps \fcharsetN to the Windows code page of single-byte text.
var rtfCharsets = map[int]int{0: 1252, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 238: 1250, 222: 874}

var rtfCodePages = map[int]*charmap.Charmap{
	1250: charmap.Windows1250, 1251: charmap.Windows1251, 1252: charmap.Windows1252, 1253: charmap.Windows1253,
	1254: charmap.Windows1254, 1255: charmap.Windows1255, 1256: charmap.Windows1256, 1257: charmap.Windows1257,
	1258: charmap.Windows1258, 874: charmap.Windows874, 437: charmap.CodePage437, 850: charmap.CodePage850,
	708: charmap.ISO8859_6, 10000: charmap.Macintosh,
}

// rtfSkip are destinations whose content is not text of the document.
var rtfSkip = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true, "object": true, "fldinst": true,
	"header": true, "headerl": true, "headerr": true, "headerf": true, "footer": true, "footerl": true, "footerr": true,
	"footerf": true, "listtable": true, "listoverridetable": true, "revtbl": true, "rsidtbl": true, "generator": true,
	"xmlnstbl": true, "themedata": true, "colorschememapping": true, "latentstyles": true, "datastore": true,
	"pgdsctbl": true, "filetbl": true, "nonshppict": true, "bkmkstart": true, "bkmkend": true,
}

type rtfState struct {
	skip bool
	uc   int // bytes to skip after \uN
	cp   int // code page of \'hh bytes
}

// rtfText turns an RTF document into plain text: paragraphs separated by
// blank lines, \uN escapes and \'hh bytes decoded (the bytes in the code
// page of the current font's \fcharset, else the document's \ansicpg), and
// the font table, styles, pictures, headers, field instructions and other
// destinations left out.
func rtfText(data []byte) (string, error) {
	if !strings.HasPrefix(string(data[:min(len(data), 5)]), "{\\rtf") {
		return "", errors.New("not an RTF document (no {\\rtf header)")
	}
	var out strings.Builder
	var pending []byte // \'hh bytes not yet decoded
	var high rune      // first half of a \uN surrogate pair
	st := rtfState{uc: 1, cp: 1252}
	var stack []rtfState
	defaultCP := 1252
	fontCP := map[int]int{} // \fN -> code page, from the font table
	font, inFontTbl := -1, 0
	skipN := 0 // characters still to skip after \uN
	flush := func() {
		if len(pending) == 0 {
			return
		}
		cm := rtfCodePages[st.cp]
		if cm == nil {
			cm = charmap.Windows1252
		}
		s, _ := cm.NewDecoder().Bytes(pending)
		out.Write(s)
		pending = pending[:0]
	}
	emit := func(s string) {
		if st.skip {
			return
		}
		flush()
		out.WriteString(s)
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '{':
			if len(stack) >= maxRTFDepth {
				return "", fmt.Errorf("RTF groups nested deeper than %d levels", maxRTFDepth)
			}
			stack = append(stack, st)
			skipN = 0
			continue
		case '}':
			if len(stack) == 0 {
				return "", errors.New("RTF has more } than {")
			}
			flush()
			st, stack = stack[len(stack)-1], stack[:len(stack)-1]
			if inFontTbl > 0 && len(stack) < inFontTbl {
				inFontTbl = 0
			}
			skipN = 0
			continue
		case '\r', '\n':
			continue
		}
		if c != '\\' {
			if skipN > 0 {
				skipN--
				continue
			}
			switch {
			case st.skip:
			case c >= 0x80:
				pending = append(pending, c) // 8-bit text written raw: the same code page as \'hh
			default:
				flush()
				out.WriteByte(c)
			}
			continue
		}
		// A control symbol or word.
		if i+1 >= len(data) {
			break
		}
		n := data[i+1]
		if !isASCIILetter(n) {
			i++
			switch n {
			case '\'':
				if i+2 >= len(data) {
					return "", errors.New("RTF ends inside a \\' escape")
				}
				b, err := strconv.ParseUint(string(data[i+1:i+3]), 16, 8)
				i += 2
				if err != nil {
					return "", fmt.Errorf("bad RTF escape \\'%s", data[i-1:i+1])
				}
				if skipN > 0 {
					skipN--
					continue
				}
				if !st.skip {
					pending = append(pending, byte(b))
				}
			case '*':
				// An optional destination: skipped unless it is one we read.
				st.skip = true
			case '~':
				emit("\u00a0")
			case '_':
				emit("\u2011")
			case '-':
			case '\\', '{', '}':
				if skipN > 0 {
					skipN--
					continue
				}
				emit(string(n))
			case '\r', '\n':
				emit("\n\n") // an escaped line end is \par
			}
			continue
		}
		j := i + 1
		for j < len(data) && isASCIILetter(data[j]) {
			j++
		}
		word := string(data[i+1 : j])
		k := j
		if k < len(data) && data[k] == '-' {
			k++
		}
		for k < len(data) && data[k] >= '0' && data[k] <= '9' {
			k++
		}
		param, hasParam := 0, k > j && !(k == j+1 && data[j] == '-')
		if hasParam {
			param, _ = strconv.Atoi(string(data[j:k]))
		}
		if k < len(data) && data[k] == ' ' {
			k++ // the delimiter space belongs to the control word
		}
		i = k - 1
		if word == "bin" && hasParam {
			i += max(param, 0)
			continue
		}
		if skipN > 0 && word != "u" {
			skipN--
			continue
		}
		switch word {
		case "ansicpg":
			defaultCP, st.cp = param, param
		case "fonttbl":
			inFontTbl = len(stack)
			st.skip = true
		case "f":
			if inFontTbl > 0 {
				font = param
			} else if cp, ok := fontCP[param]; ok {
				flush()
				st.cp = cp
			} else {
				flush()
				st.cp = defaultCP
			}
		case "fcharset":
			if inFontTbl > 0 && font >= 0 {
				if cp, ok := rtfCharsets[param]; ok {
					fontCP[font] = cp
				}
			}
		case "cpg":
			if inFontTbl > 0 && font >= 0 {
				fontCP[font] = param
			}
		case "uc":
			st.uc = param
		case "u":
			r := rune(param)
			if r < 0 {
				r += 65536
			}
			skipN = st.uc
			if st.skip {
				continue
			}
			switch {
			case utf16.IsSurrogate(r) && r < 0xDC00:
				high = r
			case utf16.IsSurrogate(r):
				emit(string(utf16.DecodeRune(high, r)))
				high = 0
			default:
				emit(string(r))
			}
		case "par", "sect", "page":
			emit("\n\n")
		case "line", "row":
			emit("\n")
		case "tab", "cell":
			emit("\t")
		case "emdash":
			emit("—")
		case "endash":
			emit("–")
		case "lquote":
			emit("‘")
		case "rquote":
			emit("’")
		case "ldblquote":
			emit("“")
		case "rdblquote":
			emit("”")
		case "bullet":
			emit("•")
		default:
			if rtfSkip[word] {
				st.skip = true
			}
		}
	}
	flush()
	if len(stack) > 0 {
		return "", errors.New("RTF ends inside an open group (file truncated?)")
	}
	return out.String(), nil
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
