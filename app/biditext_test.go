package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// The library's result line with an Arabic query ending in a number: the
// query is isolated, so the count, the dash and the time keep their places
// and the query reads right to left inside it. Without the isolate the
// number and the dash came out on the wrong side of the query.
func TestResultLineVisualOrder(t *testing.T) {
	test.NewTempApp(t)
	line := answerInfo(libraryQuery{filtered: true, status: statusAny},
		&libraryAnswer{rows: nil, total: 2, parsed: "وزير الدفاع 2019"}, 10*time.Millisecond)
	runs, rtl := visualRuns(line)
	got := strings.Join(runs, "")
	want := "0 of 2 articles match for 2019 الدفاع وزير — 10ms"
	if got != want || rtl {
		t.Errorf("visual order %q (rtl %v), want %q", got, rtl, want)
	}
	bare, _ := visualRuns(strings.Map(dropBidiControls, line))
	if strings.Join(bare, "") == want {
		t.Error("the line reads right without the isolate too: the test checks nothing")
	}
}

// Wrapped lines of a right-to-left paragraph stay right to left, even a
// line that starts with a Latin word.
func TestWrapKeepsParagraphDirection(t *testing.T) {
	test.NewTempApp(t)
	lines := wrapBidi("قال Reuters إن الوزير زار المدينة\nThe minister visited", 90)
	if len(lines) < 3 {
		t.Fatalf("not wrapped: %v", lines)
	}
	last := lines[len(lines)-1]
	if last.rtl || last.text != "visited" && !strings.HasSuffix(last.text, "visited") {
		t.Errorf("the English paragraph's last line %+v", last)
	}
	for _, l := range lines {
		if strings.Contains(l.text, "Reuters") && !l.rtl {
			t.Errorf("%q lost its paragraph's direction", l.text)
		}
	}
}
