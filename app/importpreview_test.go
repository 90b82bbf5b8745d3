package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"daftar/corpusgen"
)

// Two articles of a Nexis Uni text export, written for this test.
const previewNexis = `Harbour reopens after storm

The Coastal Ledger

March 3, 2019 Sunday

Length: 11 words

Body

The harbour reopened on Sunday after a week of repairs.

End of Document

إعادة فتح الميناء

صحيفة الساحل

March 4, 2019 Monday

Length: 8 words

Body

أعيد فتح الميناء يوم الأحد بعد أسبوع من الإصلاحات.

End of Document
`

func writePreviewFiles(t *testing.T) (nexis, warc string) {
	dir := t.TempDir()
	nexis, warc = filepath.Join(dir, "nexis-batch.txt"), filepath.Join(dir, "crawl.warc.gz")
	var b bytes.Buffer
	if err := corpusgen.New(9).WriteWARC(&b, 5, true); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(nexis, []byte(previewNexis), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(warc, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return nexis, warc
}

func previewDone(ui *UI) bool {
	p := ui.imports.pending
	if p == nil {
		return false
	}
	for _, r := range p.rows {
		if !r.done {
			return false
		}
	}
	return true
}

// The preview lists what each file holds, reads a file again when its
// format is changed, and imports with that format.
func TestImportPreview(t *testing.T) {
	ui, _ := newTestUI(t)
	nexis, warc := writePreviewFiles(t)
	act(ui, func() { ui.imports.preview([]string{nexis, warc}) })
	waitFor(t, ui, "the previews", func() bool { return previewDone(ui) })
	p := ui.imports.pending
	var got []string
	act(ui, func() { got = []string{p.rows[0].summary.Text, p.rows[1].summary.Text} })
	if got[0] != "Nexis Uni, 2 articles (2019-03-03 … 2019-03-04, 2 sources)" || !strings.HasPrefix(got[1], "warc, 5 articles (") {
		t.Errorf("summaries %q", got)
	}

	act(ui, func() { p.rows[0].format.SetSelected("txt") })
	waitFor(t, ui, "the new preview", func() bool { return previewDone(ui) })
	act(ui, func() { got = []string{p.rows[0].summary.Text} })
	if !strings.HasPrefix(got[0], "txt, 1 ") {
		t.Errorf("summary as text: %q", got[0])
	}

	act(ui, func() { test.Tap(p.start) })
	waitFor(t, ui, "the import", func() bool { return ui.imports.last != nil })
	rep := ui.imports.last
	if rep.Imported != 6 || rep.Failed != 0 || ui.imports.pending != nil {
		t.Fatalf("report %+v", rep)
	}
	for _, e := range rep.Entries {
		if strings.HasPrefix(e.Path, nexis) && e.Format != "txt" {
			t.Errorf("entry %+v not read as text", e)
		}
	}
}

// A folder is one row naming the formats found in it; Cancel closes the
// preview and imports nothing.
func TestImportPreviewFolderCancel(t *testing.T) {
	ui, store := newTestUI(t)
	nexis, _ := writePreviewFiles(t)
	act(ui, func() { ui.imports.preview([]string{filepath.Dir(nexis)}) })
	waitFor(t, ui, "the preview", func() bool { return previewDone(ui) })
	var p *importPreview
	act(ui, func() {
		p = ui.imports.pending
		if got := p.rows[0].summary.Text; !strings.HasPrefix(got, "Nexis Uni + warc, 7 articles (") {
			t.Errorf("folder summary %q", got)
		}
		p.close()
	})
	ui.wait()
	if ui.imports.pending != nil || ui.imports.last != nil || p.ctx.Err() == nil {
		t.Error("the preview is still open or imported")
	}
	if st, err := store.Stats(ui.ctx); err != nil || st.Articles != 0 {
		t.Errorf("articles stored: %+v (%v)", st, err)
	}
}
