package ingest

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"
)

// The fixtures below are written for these tests in the documented shape of
// each export; their text is fictional.

// nexisArticleText is one Nexis Uni article as its DOCX and text exports lay
// it out, one paragraph a line.
func nexisArticleText(title, source, date, byline, lang string, body ...string) []string {
	ls := []string{title, source, date, "Copyright 2019 " + source + " All Rights Reserved", "Section: WORLD; Pg. 4",
		"Length: 312 words", "Byline: " + byline, "Body"}
	ls = append(ls, body...)
	return append(ls, "Classification", "Language: "+lang, "Publication-Type: Newspaper", "Subject: ELECTIONS (90%)",
		"Load-Date: March 5, 2019", "End of Document")
}

var nexisCover = []string{"User Name: = researcher", "Date and Time: March 6, 2019 10:12 AM EST", "Job Number: 1234",
	"Documents (3)", "1. Harbour reopens after storm", "Client/Matter: -None-", "Search Terms: harbour", "Search Type: Terms and Connectors"}

func nexisBatch() []string {
	var ls []string
	ls = append(ls, nexisCover...)
	ls = append(ls, nexisArticleText("Harbour reopens after storm", "The Coastal Ledger", "March 3, 2019 Sunday", "Jane Doe", "ENGLISH",
		"The harbour reopened on Sunday.", "Fishermen returned to the quay by noon.")...)
	ls = append(ls, nexisArticleText("إعادة فتح الميناء بعد العاصفة", "صحيفة الساحل", "March 4, 2019 Monday 6:35 PM GMT", "سارة علي", "ARABIC",
		"أعيد فتح الميناء يوم الأحد بعد توقف دام ثلاثة أيام.", "وعاد الصيادون إلى الرصيف.")...)
	// A broken article in the middle: no Body, no Length, no Byline.
	ls = append(ls, "Untitled fragment", "Some stray text", "End of Document")
	ls = append(ls, nexisArticleText("Le port rouvre", "Le Courrier du Port", "March 5, 2019 Tuesday", "Paul Martin", "FRENCH",
		"Le port a rouvert mardi.")...)
	return ls
}

func nexisDOCXBody(lines []string) string {
	var sb strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&sb, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, html.EscapeString(l))
	}
	return sb.String()
}

func checkNexisBatch(t *testing.T, it Item) {
	t.Helper()
	if it.Format != "nexis" {
		t.Fatalf("format %q, want nexis", it.Format)
	}
	arts := mustArticles(t, it, 3)
	checkMeta(t, arts[0], meta{Title: "Harbour reopens after storm", Source: "The Coastal Ledger", Author: "Jane Doe", Published: "2019-03-03", Language: "en"})
	checkText(t, arts[0], "The harbour reopened on Sunday.\n\nFishermen returned to the quay by noon.")
	checkMeta(t, arts[1], meta{Title: "إعادة فتح الميناء بعد العاصفة", Source: "صحيفة الساحل", Author: "سارة علي", Published: "2019-03-04", Language: "ar"})
	checkText(t, arts[1], "أعيد فتح الميناء يوم الأحد بعد توقف دام ثلاثة أيام.\n\nوعاد الصيادون إلى الرصيف.")
	checkMeta(t, arts[2], meta{Title: "Le port rouvre", Source: "Le Courrier du Port", Author: "Paul Martin", Published: "2019-03-05", Language: "fr"})
	for _, want := range []string{"Section: WORLD; Pg. 4", "Length: 312 words", "Load-Date: March 5, 2019", "Copyright: 2019 The Coastal Ledger All Rights Reserved"} {
		if !strings.Contains(arts[0].Notes, want) {
			t.Errorf("notes %q lack %q", arts[0].Notes, want)
		}
	}
	for _, a := range arts {
		if strings.Contains(a.Text, "Load-Date") || strings.Contains(a.Text, "Classification") || strings.Contains(a.Text, "Copyright") {
			t.Errorf("boilerplate left in the body: %q", a.Text)
		}
	}
	if len(it.Warnings) != 1 || !strings.Contains(it.Warnings[0], `article 3 ("Untitled fragment") skipped: no Body, Length or Byline line`) {
		t.Errorf("warnings %q, want one naming article 3", it.Warnings)
	}
}

func TestNexisDOCXSplitsArticles(t *testing.T) {
	it := readFileItem(t, "nexis-batch.docx", makeDOCX(t, nexisDOCXBody(nexisBatch()), "", ""), Options{})
	checkNexisBatch(t, it)
}

func TestNexisTextExport(t *testing.T) {
	// The text export has blank lines between paragraphs and CRLF ends.
	it := readFileItem(t, "nexis-batch.txt", []byte(strings.Join(nexisBatch(), "\r\n\r\n")), Options{})
	checkNexisBatch(t, it)
}

func TestLexisNexisAcademicText(t *testing.T) {
	doc := `Download Request: Selected Items: 1-2
Time Of Request: Monday, March 6, 2019  10:12:00

Terms: harbour

Source: The Coastal Ledger
Project ID: None

                              1 of 2 DOCUMENTS

                              The Coastal Ledger

                           March 3, 2019 Sunday
                              Final Edition

Harbour reopens after storm

BYLINE: Jane Doe

SECTION: WORLD; Pg. 4

LENGTH: 312 words

The harbour reopened on Sunday.

Fishermen returned to the quay by noon.

LANGUAGE: ENGLISH

LOAD-DATE: March 5, 2019

                    Copyright 2019 The Coastal Ledger
                              All Rights Reserved

                              2 of 2 DOCUMENTS

                              صحيفة الساحل

                           March 4, 2019 Monday

إعادة فتح الميناء

LENGTH: 120 words

أعيد فتح الميناء.

LANGUAGE: ARABIC

LOAD-DATE: March 5, 2019
`
	it := readFileItem(t, "academic.txt", []byte(doc), Options{})
	if it.Format != "nexis" {
		t.Fatalf("format %q", it.Format)
	}
	arts := mustArticles(t, it, 2)
	checkMeta(t, arts[0], meta{Title: "Harbour reopens after storm", Source: "The Coastal Ledger", Author: "Jane Doe", Published: "2019-03-03", Language: "en"})
	checkText(t, arts[0], "The harbour reopened on Sunday.\n\nFishermen returned to the quay by noon.")
	if len(it.Warnings) != 0 {
		t.Errorf("warnings %q: the cover is not an article", it.Warnings)
	}
	checkMeta(t, arts[1], meta{Title: "إعادة فتح الميناء", Source: "صحيفة الساحل", Published: "2019-03-04", Language: "ar"})
	checkText(t, arts[1], "أعيد فتح الميناء.")
}

func TestNexisWithNoReadableArticleFails(t *testing.T) {
	doc := "Title\nSource\nEnd of Document\nOther\nLength: 3 words\nEnd of Document\n"
	wantErr(t, readFileItem(t, "broken.txt", []byte(doc), Options{}), "Nexis Uni export with no readable article (article 1")
}

func TestPlainTextMentioningEndOfDocumentStaysOneArticle(t *testing.T) {
	doc := "A note on exports\n\nThe last line of each article says\nEnd of Document\nand nothing else.\n"
	it := readFileItem(t, "note.txt", []byte(doc), Options{})
	if it.Format != "txt" || len(mustArticles(t, it, 1)) != 1 {
		t.Errorf("format %q, want txt", it.Format)
	}
}

// factivaHTML writes the HTML export: one <div class="article xxArticle">
// per article with a table of tag rows.
func factivaHTML(arts ...[][2]string) []byte {
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Factiva</title></head><body>`)
	for _, a := range arts {
		sb.WriteString(`<div class="article enArticle"><p></p><table border="0">`)
		for _, f := range a {
			var val strings.Builder
			for _, p := range strings.Split(f[1], "\n\n") {
				fmt.Fprintf(&val, `<p class="articleParagraph enarticleParagraph">%s</p>`, html.EscapeString(p))
			}
			fmt.Fprintf(&sb, `<tr><td class="index" align="right" valign="top"><b>%s</b>&nbsp;</td><td>%s</td></tr>`, f[0], val.String())
		}
		sb.WriteString(`</table></div><br/>`)
	}
	sb.WriteString(`</body></html>`)
	return []byte(sb.String())
}

var (
	factivaEN = [][2]string{{"HD", "Harbour reopens after storm"}, {"BY", "Jane Doe"}, {"WC", "312 words"}, {"PD", "3 March 2019"},
		{"SN", "The Coastal Ledger"}, {"SC", "COLEDG"}, {"LA", "English"}, {"CY", "(c) 2019 The Coastal Ledger"},
		{"LP", "The harbour reopened on Sunday."}, {"TD", "Fishermen returned to the quay by noon.\n\nTrade resumed."},
		{"NS", "gdis : Disasters"}, {"RE", "medz : Mediterranean"}, {"AN", "Document COLEDG0020190303ef3300001"}}
	factivaAR = [][2]string{{"HD", "إعادة فتح الميناء بعد العاصفة"}, {"WC", "95 words"}, {"PD", "4 March 2019"},
		{"SN", "صحيفة الساحل"}, {"LA", "Arabic"}, {"LP", "أعيد فتح الميناء يوم الأحد."}, {"TD", "وعاد الصيادون إلى الرصيف."},
		{"AN", "Document SAHIL00020190304ef3400002"}}
	factivaBroken = [][2]string{{"HD", "Index entry without text"}, {"PD", "5 March 2019"}, {"SN", "Wire"}, {"AN", "Document WIRE000020190305ef3500003"}}
	factivaFR     = [][2]string{{"HD", "Le port rouvre"}, {"BY", "Paul Martin"}, {"PD", "5 mars 2019"}, {"SN", "Le Courrier du Port"},
		{"LA", "Français"}, {"TD", "Le port a rouvert mardi."}, {"AN", "Document COUPOR0020190305ef3500004"}}
)

func checkFactiva(t *testing.T, it Item) {
	t.Helper()
	if it.Format != "factiva" {
		t.Fatalf("format %q, want factiva", it.Format)
	}
	arts := mustArticles(t, it, 3)
	checkMeta(t, arts[0], meta{Title: "Harbour reopens after storm", Source: "The Coastal Ledger", Author: "Jane Doe", Published: "2019-03-03", Language: "en"})
	checkText(t, arts[0], "The harbour reopened on Sunday.\n\nFishermen returned to the quay by noon.\n\nTrade resumed.")
	for _, want := range []string{"Factiva AN: COLEDG0020190303ef3300001", "Word count: 312 words", "Subjects: gdis : Disasters", "Copyright: (c) 2019 The Coastal Ledger"} {
		if !strings.Contains(arts[0].Notes, want) {
			t.Errorf("notes %q lack %q", arts[0].Notes, want)
		}
	}
	if arts[0].DocID != "factiva:COLEDG0020190303ef3300001" {
		t.Errorf("doc id %q", arts[0].DocID)
	}
	checkMeta(t, arts[1], meta{Title: "إعادة فتح الميناء بعد العاصفة", Source: "صحيفة الساحل", Published: "2019-03-04", Language: "ar"})
	checkText(t, arts[1], "أعيد فتح الميناء يوم الأحد.\n\nوعاد الصيادون إلى الرصيف.")
	checkMeta(t, arts[2], meta{Title: "Le port rouvre", Source: "Le Courrier du Port", Author: "Paul Martin", Published: "2019-03-05", Language: "fr"})
	if len(it.Warnings) != 1 || !strings.Contains(it.Warnings[0], `article 3 ("Index entry without text") skipped: no body text`) {
		t.Errorf("warnings %q", it.Warnings)
	}
}

func TestFactivaHTMLSplitsArticles(t *testing.T) {
	it := readFileItem(t, "factiva.html", factivaHTML(factivaEN, factivaAR, factivaBroken, factivaFR), Options{})
	checkFactiva(t, it)
}

func TestFactivaTextExport(t *testing.T) {
	var sb strings.Builder
	for _, a := range [][][2]string{factivaEN, factivaAR, factivaBroken, factivaFR} {
		for _, f := range a {
			if f[0] == "HD" || f[0] == "PD" {
				fmt.Fprintf(&sb, "%s\t%s\n", f[0], f[1]) // tag and value on one line
				continue
			}
			fmt.Fprintf(&sb, "%s\n%s\n\n", f[0], f[1])
		}
		sb.WriteString("\n\n")
	}
	it := readFileItem(t, "factiva.txt", []byte(sb.String()), Options{})
	checkFactiva(t, it)
}

func TestFactivaTextProseIsNotATag(t *testing.T) {
	doc := "HD\nPort news\n\nPD\n3 March 2019\n\nTD\nBoats came back.\n\nIN the afternoon, they left.\n\nIN\ti1 : Shipping\n\nAN\nDocument X1\n"
	arts := mustArticles(t, readFileItem(t, "one.txt", []byte(doc), Options{}), 1)
	checkText(t, arts[0], "Boats came back.\n\nIN the afternoon, they left.")
	if !strings.Contains(arts[0].Notes, "Industries: i1 : Shipping") {
		t.Errorf("notes %q", arts[0].Notes)
	}
}

func TestForcedFormatReadsExport(t *testing.T) {
	// A Factiva page without the AN row is not detected, but --format
	// factiva reads it; --format nexis on a CSV is refused.
	data := factivaHTML(factivaEN[:len(factivaEN)-1])
	if it := readFileItem(t, "page.html", data, Options{}); it.Format != "html" {
		t.Errorf("detected as %q, want html", it.Format)
	}
	it := readFileItem(t, "page.html", data, Options{Format: "factiva"})
	if mustArticles(t, it, 1)[0].Title != "Harbour reopens after storm" {
		t.Errorf("title %q", it.Articles[0].Title)
	}
	wantErr(t, readFileItem(t, "x.csv", []byte("title,text\nT,Hello\n"), Options{Format: "nexis"}), "a Nexis Uni export is read from DOCX, RTF, PDF, HTML or text, not csv")
}

const proquestDoc = `Report Information from ProQuest
March 06 2019 10:12
____________________________________________________________

Harbour reopens after storm

Author: Doe, Jane

Publication info: The Coastal Ledger ; Port Town [Port Town]. 03 Mar 2019: 4.

ProQuest document link

Full text: The harbour reopened on Sunday.

Fishermen returned to the quay by noon.

Title: Harbour reopens after storm

Author: Doe, Jane

Publication title: The Coastal Ledger

Pages: 4

Publication date: Mar 3, 2019

Section: World

Language of publication: English

ProQuest document ID: 2188000001

Document URL: https://www.proquest.com/docview/2188000001

Copyright: Copyright The Coastal Ledger Mar 3, 2019

____________________________________________________________

Title: Record without text

Publication title: Wire

Publication date: Mar 4, 2019

ProQuest document ID: 2188000002

____________________________________________________________

إعادة فتح الميناء

Full text: أعيد فتح الميناء يوم الأحد.

وعاد الصيادون إلى الرصيف.

Title: إعادة فتح الميناء

Publication title: صحيفة الساحل

Publication date: Mar 4, 2019

Language of publication: Arabic

ProQuest document ID: 2188000003

Document URL: https://www.proquest.com/docview/2188000003

____________________________________________________________

Contact ProQuest
`

func TestProQuestTextExport(t *testing.T) {
	it := readFileItem(t, "proquest.txt", []byte(proquestDoc), Options{})
	if it.Format != "proquest" {
		t.Fatalf("format %q", it.Format)
	}
	arts := mustArticles(t, it, 2)
	checkMeta(t, arts[0], meta{Title: "Harbour reopens after storm", Source: "The Coastal Ledger", Author: "Doe, Jane",
		URL: "https://www.proquest.com/docview/2188000001", Published: "2019-03-03", Language: "en"})
	checkText(t, arts[0], "The harbour reopened on Sunday.\n\nFishermen returned to the quay by noon.")
	if !strings.Contains(arts[0].Notes, "ProQuest document ID: 2188000001") || arts[0].DocID != "proquest:2188000001" {
		t.Errorf("notes %q, doc id %q", arts[0].Notes, arts[0].DocID)
	}
	checkMeta(t, arts[1], meta{Title: "إعادة فتح الميناء", Source: "صحيفة الساحل",
		URL: "https://www.proquest.com/docview/2188000003", Published: "2019-03-04", Language: "ar"})
	checkText(t, arts[1], "أعيد فتح الميناء يوم الأحد.\n\nوعاد الصيادون إلى الرصيف.")
	if len(it.Warnings) != 1 || !strings.Contains(it.Warnings[0], `article 2 ("Record without text") skipped: no body text`) {
		t.Errorf("warnings %q", it.Warnings)
	}
}

// benchBody is a body of about 600 words in eight paragraphs.
func benchBody(i int) []string {
	var ps []string
	for j := range 8 {
		ps = append(ps, fmt.Sprintf("%s %d.%d %s", strings.Repeat("أعيد فتح الميناء يوم الأحد بعد توقف دام ثلاثة أيام. ", 6), i, j, strings.Repeat("The harbour reopened. ", 5)))
	}
	return ps
}

// BenchmarkNexisDOCX100 reads a 100-article Nexis Uni DOCX; reports ms per file.
func BenchmarkNexisDOCX100(b *testing.B) {
	lines := append([]string{}, nexisCover...)
	for i := range 100 {
		lines = append(lines, nexisArticleText(fmt.Sprintf("Harbour story %d", i), "صحيفة الساحل", "March 3, 2019 Sunday", "Jane Doe", "ARABIC", benchBody(i)...)...)
	}
	p := writeFile(b, b.TempDir(), "nexis-100.docx", makeDOCX(b, nexisDOCXBody(lines), "", ""))
	benchBatch(b, p, "nexis")
}

// BenchmarkFactivaHTML100 reads a 100-article Factiva HTML export.
func BenchmarkFactivaHTML100(b *testing.B) {
	var arts [][][2]string
	for i := range 100 {
		a := append([][2]string{}, factivaAR...)
		a[0] = [2]string{"HD", fmt.Sprintf("Harbour story %d", i)}
		a[5] = [2]string{"LP", strings.Join(benchBody(i)[:2], "\n\n")}
		a[6] = [2]string{"TD", strings.Join(benchBody(i)[2:], "\n\n")}
		arts = append(arts, a)
	}
	p := writeFile(b, b.TempDir(), "factiva-100.html", factivaHTML(arts...))
	benchBatch(b, p, "factiva")
}

func benchBatch(b *testing.B, p, format string) {
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		items := ReadFile(context.Background(), p, Options{})
		if items[0].Err != nil || items[0].Format != format || len(items[0].Articles) != 100 {
			b.Fatalf("%v %q %d", items[0].Err, items[0].Format, len(items[0].Articles))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
}

func TestFactivaLanguageFromArticleClass(t *testing.T) {
	row := func(tag, v string) string { return "<tr><td><b>" + tag + "</b></td><td>" + v + "</td></tr>" }
	page := `<html><body><div class="article frArticle"><table>` + row("HD", "Le port rouvre") + row("TD", "Le port a rouvert.") + row("AN", "Document A1") +
		`</table></div><div class="article"><table>` + row("HD", "Sans langue") + row("TD", "Texte.") + row("AN", "Document A2") +
		`</table></div><div class="article enArticle"><table>` + row("HD", "Labelled") + row("LA", "Arabic") + row("TD", "نص.") + row("AN", "Document A3") +
		`</table></div></body></html>`
	arts := mustArticles(t, readFileItem(t, "f.html", []byte(page), Options{}), 3)
	if arts[0].Language != "fr" || arts[1].Language != "" || arts[2].Language != "ar" {
		t.Errorf("languages %q, %q, %q; want fr from the class, none, ar from LA over the class", arts[0].Language, arts[1].Language, arts[2].Language)
	}
}
