package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The Arabic PDFs in testdata hold text we wrote (pdf-arabic-visual.txt):
// lam-alef ligatures (لا، الأ، الإ، السلام), Latin words and digits.
// pdf-arabic-twocol.pdf is LibreOffice 7.4's export of
// pdf-arabic-twocol.fodt (soffice --headless --convert-to pdf): two
// right-to-left columns, glyphs in logical order, ToUnicode maps.
// pdf-arabic-visual.pdf is pango-view's (cairo) rendering of the text file
// (pango-view --rtl --width=220 --font="DejaVu Sans 10"), which stores
// Arabic glyphs in display order, as Firefox's "print to PDF" does.
// pdftotext splits words in both ("الفق رة", "ال وزير") and reverses
// lam-alef ("األولى"); see the commit message.
var arabicPDFParas = []string{
	"الفقرة الأولى: قال الوزير إن الاتفاق لا يزال ممكنا وإن السلام هو الهدف.",
	"الفقرة الثانية: أعلن معهد SIPRI أن الإنفاق بلغ 740 مليون دولار في عام 2019 وفق التقرير.",
	"Paragraph three: officials in Geneva said the talks resume on 12 March.",
	"الفقرة الرابعة: أكد الأمين العام أن الإعلان صدر في جنيف بعد المحادثات الطويلة.",
}

func TestPDFArabic(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "pdf-arabic-visual.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(strings.TrimSpace(string(src)), "\n\n"); strings.Join(got, "|") != strings.Join(arabicPDFParas, "|") {
		t.Fatalf("testdata text changed: %q", got)
	}
	body := strings.Join(arabicPDFParas, "\n\n")

	it := readFileItem(t, "twocol.pdf", readTestdata(t, "pdf-arabic-twocol.pdf"), Options{})
	a := mustArticles(t, it, 1)[0]
	checkText(t, a, "محادثات الحدود في جنيف\n\n"+body)
	if a.Title != "محادثات الحدود" || a.Author != "مكتب الاختبار" {
		t.Errorf("title %q author %q", a.Title, a.Author)
	}
	if len(it.Warnings) != 0 {
		t.Errorf("warnings %q", it.Warnings)
	}

	it = readFileItem(t, "visual.pdf", readTestdata(t, "pdf-arabic-visual.pdf"), Options{})
	checkText(t, mustArticles(t, it, 1)[0], body)
	if len(it.Warnings) != 1 || !strings.Contains(it.Warnings[0], "visual order") {
		t.Errorf("warnings %q", it.Warnings)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPDFErrors(t *testing.T) {
	data := makePDF("Locked", "Desk", []string{"secret text"})
	// A standard security handler whose user password is not empty: the
	// O and U entries do not match the empty password.
	enc := strings.Replace(string(data), "/Info 6 0 R >>",
		"/Info 6 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <"+strings.Repeat("5a", 32)+"> /U <"+strings.Repeat("a5", 32)+"> >> /ID [<0102030405060708090a0b0c0d0e0f10><0102030405060708090a0b0c0d0e0f10>] >>", 1)
	wantErr(t, readFileItem(t, "locked.pdf", []byte(enc), Options{}), "PDF is encrypted (it needs a password)")
	wantErr(t, readFileItem(t, "empty.pdf", makePDF("", "", nil), Options{}), "PDF has no text layer")
	wantErr(t, readFileItem(t, "garbage.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 300)...), Options{}), "not a readable PDF (damaged or truncated)")
}

// TestPDFCancel: a cancelled import stops PDFium in the middle of a file.
func TestPDFCancel(t *testing.T) {
	lines := make([]string, 60000)
	for i := range lines {
		lines[i] = "many short lines of text to keep PDFium busy"
	}
	data := makePDF("", "", lines)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, _, err := parsePDF(ctx, data)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took effect after %v", d)
	}
	// The engine still works after an instance was killed.
	if _, _, err := parsePDF(context.Background(), makePDF("", "", []string{"after"})); err != nil {
		t.Errorf("after cancel: %v", err)
	}
}

// BenchmarkPDFPage extracts one page: the two test PDFs and a dense page of
// 44 Latin lines; reports pages/s. The engine is started before timing.
func BenchmarkPDFPage(b *testing.B) {
	lines := make([]string, 44)
	for i := range lines {
		lines[i] = "Foreign ministers agreed on Monday to resume border talks, officials said."
		if i%6 == 5 {
			lines[i] = ""
		}
	}
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"twocol-arabic", readTestdata(b, "pdf-arabic-twocol.pdf")},
		{"visual-arabic", readTestdata(b, "pdf-arabic-visual.pdf")},
		{"dense-latin", makePDF("", "", lines)},
	} {
		b.Run(c.name, func(b *testing.B) {
			if _, err := pdfPool(); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, _, err := parsePDF(context.Background(), c.data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkPDFStart starts the engine and reads one page: compiling PDFium
// (cold), and loading the compiled code from the disk cache (cached). Run
// with -benchtime=1x: a cold start takes seconds.
func BenchmarkPDFStart(b *testing.B) {
	data := readTestdata(b, "pdf-arabic-twocol.pdf")
	start := func(b *testing.B, dir string) {
		pool, err := newPDFPool(dir)
		if err != nil {
			b.Fatal(err)
		}
		defer pool.Close()
		inst, err := pool.GetInstanceWithContext(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		defer inst.Close()
		if _, _, err := pdfExtract(context.Background(), inst, data); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			start(b, "")
		}
	})
	b.Run("cached", func(b *testing.B) {
		dir := b.TempDir()
		start(b, dir) // fills the cache; b.Loop starts the timer after it
		for b.Loop() {
			start(b, dir)
		}
	})
}
