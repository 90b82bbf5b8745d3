package ingest

import (
	"strings"
	"testing"
)

// A Nexis Uni PDF download: PDFium's text of it splits like the DOCX's.
func TestNexisPDF(t *testing.T) {
	lines := []string{
		"Harbour reopens after storm", "", "The Coastal Ledger", "", "March 3, 2019 Sunday", "", "Length: 12 words", "",
		"Byline: Jane Doe", "", "Body", "", "The harbour reopened on Sunday.", "", "Load-Date: March 5, 2019", "", "End of Document", "",
		"Bridge closes for repairs", "", "The Valley Times", "", "March 4, 2019 Monday", "", "Length: 7 words", "",
		"Body", "", "The bridge closed on Monday.", "", "Load-Date: March 5, 2019", "", "End of Document",
	}
	var short []string // one page holds them without the blank lines
	for _, l := range lines {
		if l != "" {
			short = append(short, l)
		}
	}
	it := readFileItem(t, "nexis.pdf", makePDF("Nexis Uni", "", short), Options{})
	if it.Format != "nexis" {
		t.Fatalf("format %q (err %v), want nexis", it.Format, it.Err)
	}
	arts := mustArticles(t, it, 2)
	checkMeta(t, arts[0], meta{Title: "Harbour reopens after storm", Source: "The Coastal Ledger", Author: "Jane Doe", Published: "2019-03-03"})
	checkText(t, arts[0], "The harbour reopened on Sunday.")
	checkMeta(t, arts[1], meta{Title: "Bridge closes for repairs", Source: "The Valley Times", Published: "2019-03-04"})
	if !strings.Contains(arts[1].Notes, "Length: 7 words") {
		t.Errorf("notes %q", arts[1].Notes)
	}
}
