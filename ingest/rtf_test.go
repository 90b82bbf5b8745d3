package ingest

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// rtfBytes writes s as \'hh escapes in a single-byte code page.
func rtfBytes(t *testing.T, cm *charmap.Charmap, s string) string {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
			continue
		}
		fmt.Fprintf(&sb, `\'%02x`, c)
	}
	return sb.String()
}

// rtfUnicode writes s as \uN escapes with a ? fallback (\uc1), as Word does.
func rtfUnicode(s string) string {
	var sb strings.Builder
	for _, u := range utf16Units(s) {
		if u < 0x80 {
			sb.WriteRune(rune(u))
			continue
		}
		fmt.Fprintf(&sb, `\u%d?`, int16(u))
	}
	return sb.String()
}

func utf16Units(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			out = append(out, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
			continue
		}
		out = append(out, uint16(r))
	}
	return out
}

const rtfHead = `{\rtf1\ansi\ansicpg1256\deff0{\fonttbl{\f0\fnil\fcharset178 Arial;}{\f1\froman\fcharset0 Times New Roman;}}` +
	`{\colortbl ;\red255\green0\blue0;}{\*\generator Writer 1.0;}{\info{\title Hidden title}{\author Nobody}}` + "\r\n"

func TestRTFCodePagesAndUnicode(t *testing.T) {
	doc := rtfHead +
		`\pard\rtlpar\f0\fs24 ` + rtfBytes(t, charmap.Windows1256, "باكو - أعلن الوزير اليوم أن المحادثات ستستمر.") + `\par` + "\r\n" +
		`\pard\f1 Caf\'e9 d\'e1 et ` + rtfUnicode("الميناء 🚢") + `, {\b gras}\~fin.\par` + "\r\n" +
		`{\*\fldinst HYPERLINK "http://example.org"}{\fldrslt lien}\line` +
		`{\pict\wmetafile8 0a0b0c0d}\tab x\{y\}\\z\par}`
	it := readFileItem(t, "note.rtf", []byte(doc), Options{})
	arts := mustArticles(t, it, 1)
	if it.Format != "rtf" {
		t.Errorf("format %q", it.Format)
	}
	checkText(t, arts[0], "باكو - أعلن الوزير اليوم أن المحادثات ستستمر.\n\nCafé dá et الميناء 🚢, gras\u00a0fin.\n\nlien\n\tx{y}\\z")
	if arts[0].Place != "باكو" {
		t.Errorf("place %q", arts[0].Place)
	}
}

func TestRTFDetectedWithoutExtension(t *testing.T) {
	it := readFileItem(t, "story", []byte(`{\rtf1\ansi Plain words here.\par}`), Options{})
	checkText(t, mustArticles(t, it, 1)[0], "Plain words here.")
}

func TestRTFBroken(t *testing.T) {
	wantErr(t, readFileItem(t, "cut.rtf", []byte(`{\rtf1\ansi{\f0 text`), Options{}), "RTF ends inside an open group")
	wantErr(t, readFileItem(t, "bad.rtf", []byte(`{\rtf1\ansi text\'zz}`), Options{}), `bad RTF escape \'zz`)
}

// rtfDoc writes lines as RTF paragraphs, non-ASCII as \uN escapes.
func rtfDoc(lines []string) []byte {
	var sb strings.Builder
	sb.WriteString(rtfHead)
	for _, l := range lines {
		sb.WriteString(`\pard\plain ` + rtfUnicode(l) + `\par` + "\r\n")
	}
	sb.WriteString("}")
	return []byte(sb.String())
}

func TestNexisRTFExport(t *testing.T) {
	checkNexisBatch(t, readFileItem(t, "nexis.rtf", rtfDoc(nexisBatch()), Options{}))
}

func TestFactivaRTFExport(t *testing.T) {
	var lines []string
	for _, a := range [][][2]string{factivaEN, factivaAR, factivaBroken, factivaFR} {
		for _, f := range a {
			lines = append(lines, f[0])
			lines = append(lines, strings.Split(f[1], "\n\n")...)
		}
	}
	checkFactiva(t, readFileItem(t, "factiva.rtf", rtfDoc(lines), Options{}))
}

func FuzzRTF(f *testing.F) {
	f.Add([]byte(rtfHead + `\f0 \'c8\'c7 \u1576? {\*\x y}\bin3 abc\par}`))
	f.Add(rtfDoc(nexisBatch()))
	f.Add([]byte(`{\rtf1{\u-10179?\u-8704?}\uc0\u55357\'ff\` + "\xff}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := rtfText(data)
		if err != nil {
			return
		}
		if _, ds, _, ok, err := readBatch(s, "", true); ok {
			if err == nil {
				checkDrafts(t, ds)
			}
			return
		}
		if d, err := textDraft(s, false); err == nil {
			checkDrafts(t, []draft{d})
		}
	})
}
