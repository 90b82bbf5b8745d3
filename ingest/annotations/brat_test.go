package annotations

import (
	"strings"
	"testing"
)

func TestReadBratFragments(t *testing.T) {
	txt := "Portland\nCity Council met. New York and Boston"
	ann := "T1\tORG 0 8;9 21\tPortland City Council\n" +
		"T2\tGPE 27 30;35 39\tNew York\n" + // "New" + "York"? no: gap " York and " is not blank
		"#1\tAnnotatorNotes T1\tmerged\n" +
		"A1\tVerdict T1 false\nR1\tX Arg1:T1 Arg2:T2\n"
	doc, err := ReadBrat(strings.NewReader(txt), strings.NewReader(ann))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Spans) != 3 {
		t.Fatalf("%+v", doc.Spans)
	}
	if sp := doc.Spans[0]; sp.Start != 0 || sp.End != 21 || sp.Quote != "Portland\nCity Council" || sp.Note != "merged" {
		t.Errorf("merged: %+v", sp)
	}
	if sp := doc.Spans[1]; sp.Start != 27 || sp.End != 30 || !strings.Contains(sp.Note, "fragment 1 of 2") {
		t.Errorf("split: %+v", sp)
	}
	for _, bad := range []string{"T1\tPER 0 99\tx\n", "T1\tPER 5 2\tx\n", "T1\tPER a b\tx\n", "T1\n", "T1\tPER 0 3;1 2\tx\n"} {
		if _, err := ReadBrat(strings.NewReader(txt), strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
