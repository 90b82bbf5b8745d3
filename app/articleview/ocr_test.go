package articleview

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOCRReadsLogicalOrder renders an Arabic paragraph and has tesseract
// read it back: a correct right-to-left rendering comes back in logical
// order, a mirrored or left-to-right one does not.
func TestOCRReadsLogicalOrder(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract not on PATH: install tesseract-ocr and tesseract-ocr-ara to run the OCR check")
	}
	v, w := newView(t, 900, 360, storyAR)
	v.SetFontSize(30)
	img := w.Canvas().Capture()
	path := filepath.Join(t.TempDir(), "ocr.png")
	if dir := os.Getenv("ARTICLEVIEW_OCR_DIR"); dir != "" {
		path = filepath.Join(dir, "ocr.png") // keep the image to look at
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("tesseract", path, "-", "-l", "ara+eng")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("tesseract failed (is tesseract-ocr-ara installed?): %v", err)
	}
	got := string(out)
	t.Logf("OCR: %s", got)
	// Words in their logical order; each must come after the previous one.
	words := []string{"باكو", "أعلن", "مسؤولون", "العاصمة", "افتتاح", "معرض", "دولي", "للكتاب", "ناشر", "الزوار", "المعرض", "الشهر"}
	pos, found := 0, 0
	for _, word := range words {
		i := strings.Index(got[pos:], word)
		if i < 0 {
			t.Logf("%q not read after offset %d", word, pos)
			continue
		}
		found++
		pos += i + len(word)
	}
	if found < len(words)-2 {
		t.Errorf("only %d of %d words read back in logical order", found, len(words))
	}
}
