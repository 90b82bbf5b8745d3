package platform

import (
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	long := strings.Repeat("خ", 128) // 256 bytes
	tests := []struct {
		name string
		ok   bool
	}{
		{"archive.db", true},
		{"تقرير باكو.txt", true},
		{"019ad3f0-1111-7222-8333-444455556666.ann", true},
		{"CONSOLE.txt", true}, {"COM10", true}, {"LPT0.txt", true}, {"nul-and-void.txt", true}, {".hidden", true},
		{strings.Repeat("خ", 127), true},
		{"", false}, {".", false}, {"..", false},
		{"CON", false}, {"con", false}, {"Nul.txt", false}, {"nul.tar.gz", false}, {"AUX .txt", false},
		{"prn", false}, {"COM1", false}, {"com9.csv", false}, {"LPT5", false}, {"COM¹", false}, {"conin$", false},
		{"a<b", false}, {"a>b", false}, {"a:b", false}, {`a"b`, false}, {"a/b", false}, {`a\b`, false},
		{"a|b", false}, {"a?b", false}, {"a*b", false},
		{"tab\there", false}, {"bell\x07", false}, {"del\x7f", false},
		{"trailing.", false}, {"trailing ", false},
		{long, false},
		{"bad\xffutf8", false},
	}
	for _, tc := range tests {
		err := CheckName(tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("CheckName(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestFold(t *testing.T) {
	same := [][2]string{
		{"Report.TXT", "report.txt"},
		{"STRASSE", "strasse"},
		{"Café", "Cafe\u0301"}, // NFC and NFD: one name on macOS
		{"ÉTÉ", "été"},
	}
	for _, p := range same {
		if Fold(p[0]) != Fold(p[1]) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q; want equal", p[0], Fold(p[0]), p[1], Fold(p[1]))
		}
	}
	differ := [][2]string{{"إيران", "ايران"}, {"a.txt", "a.ann"}, {"report1", "report2"}}
	for _, p := range differ {
		if Fold(p[0]) == Fold(p[1]) {
			t.Errorf("Fold(%q) == Fold(%q); want different", p[0], p[1])
		}
	}
}
