package ingest

import (
	"bytes"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/model"

	"golang.org/x/text/encoding/charmap"
)

const arPage = `<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>وزير الخارجية يزور باكو لبحث التعاون | شبكة الاختبار</title>
<meta property="og:title" content="وزير الخارجية يزور باكو لبحث التعاون">
<meta property="og:site_name" content="شبكة الاختبار">
<meta property="article:published_time" content="2024-03-04T09:30:00+04:00">
<meta name="author" content="مكتب باكو">
<link rel="canonical" href="https://example.com/ar/baku-visit">
<script>var tracking = "لا تستورد هذا";</script>
<style>.ad{color:red}</style>
</head>
<body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/world">العالم</a></li></ul></nav>
<article>
<h1>وزير الخارجية يزور باكو لبحث التعاون</h1>
<p>باكو - وصل وزير الخارجية إلى العاصمة الأذربيجانية صباح الاثنين في زيارة تستمر يومين، وقال إن المحادثات ستتناول التعاون في مجال الطاقة والنقل.</p>
<p>وأضاف الوزير في مؤتمر صحفي أن البلدين يعملان على <strong>اتفاق جديد</strong> قبل نهاية العام، مشيرا إلى أن حجم التبادل التجاري تضاعف خلال السنوات الخمس الماضية.</p>
<p>ومن المقرر أن يلتقي الوزير رئيس الوزراء غدا قبل أن يتوجه إلى العاصمة الجورجية تبليسي في إطار جولة إقليمية.</p>
</article>
<aside><h3>الأكثر قراءة</h3><ul><li>خبر لا علاقة له بالموضوع</li></ul></aside>
<footer>جميع الحقوق محفوظة — مشاركة : فيسبوك | تويتر</footer>
</body>
</html>`

const arPageText = "وزير الخارجية يزور باكو لبحث التعاون\n\n" +
	"باكو - وصل وزير الخارجية إلى العاصمة الأذربيجانية صباح الاثنين في زيارة تستمر يومين، وقال إن المحادثات ستتناول التعاون في مجال الطاقة والنقل.\n\n" +
	"وأضاف الوزير في مؤتمر صحفي أن البلدين يعملان على اتفاق جديد قبل نهاية العام، مشيرا إلى أن حجم التبادل التجاري تضاعف خلال السنوات الخمس الماضية.\n\n" +
	"ومن المقرر أن يلتقي الوزير رئيس الوزراء غدا قبل أن يتوجه إلى العاصمة الجورجية تبليسي في إطار جولة إقليمية."

func TestHTML(t *testing.T) {
	it := readFileItem(t, "page.html", []byte(arPage), Options{})
	a := mustArticles(t, it, 1)[0]
	checkText(t, a, arPageText)
	checkMeta(t, a, meta{Title: arTitle, Source: "شبكة الاختبار", URL: "https://example.com/ar/baku-visit", Author: "مكتب باكو",
		Published: "2024-03-04T09:30:00+04:00", Place: "باكو", Language: "ar"})

	// Declared windows-1256 in a meta tag, no BOM.
	page := strings.Replace(arPage, `<meta charset="utf-8">`, `<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">`, 1)
	it = readFileItem(t, "legacy.htm", encodeWith(t, charmap.Windows1256, page), Options{})
	a = mustArticles(t, it, 1)[0]
	checkText(t, a, arPageText)
	if len(it.Warnings) != 0 {
		t.Errorf("warnings %q", it.Warnings)
	}

	// A saved page with no charset at all, in windows-1256: detected.
	page = strings.Replace(arPage, `<meta charset="utf-8">`, ``, 1)
	it = readFileItem(t, "nocharset.html", encodeWith(t, charmap.Windows1256, page), Options{})
	checkText(t, mustArticles(t, it, 1)[0], arPageText)

	// An English page with a byline element, JSON-LD date, no canonical.
	en := `<html><head><title>Talks resume - Test Wire</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ministers agree to resume border talks","datePublished":"2024-03-04","author":{"@type":"Person","name":"Jane Roe"}}</script></head>
<body><div class="content"><p>` + enBody + ` The talks had been suspended since the autumn after a series of incidents along the border, and diplomats from both sides said they hoped for progress.</p>
<p>Observers from the region welcomed the decision, calling it a first step toward a lasting settlement of the dispute over the frontier.</p></div></body></html>`
	a = mustArticles(t, readFileItem(t, "en.html", []byte(en), Options{}), 1)[0]
	if a.Title != enTitle || a.Author != "Jane Roe" || a.Published != "2024-03-04" || a.Place != "PARIS" || a.URL != "" || a.Language != "" {
		t.Errorf("metadata %+v", a)
	}

	wantErr(t, readFileItem(t, "scripts.html", []byte(`<html><head><script>alert(1)</script></head><body><script>document.write("x")</script></body></html>`), Options{}), "no article text found")
	wantErr(t, readFileItem(t, "empty.html", nil, Options{}), "empty file")
	// Deep nesting is refused before the parser's quadratic cost bites.
	for _, n := range []int{600, 5000} {
		deep := "<html><body>" + strings.Repeat("<div>", n) + "<p>" + enBody + "</p>" + strings.Repeat("</div>", n) + "</body></html>"
		wantErr(t, readFileItem(t, "deep.html", []byte(deep), Options{}), "HTML nested deeper than 512 levels")
	}
}

func TestDOCX(t *testing.T) {
	body := `<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Talks in Baku</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:bidi/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
		`<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve">قال الوزير </w:t></w:r><w:r><w:rPr><w:rtl/></w:rPr><w:t>إن</w:t></w:r>` +
		`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="2"/></w:r>` +
		`<w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve"> المحادثات مثمرة.</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>Line two</w:t><w:tab/><w:t>after a tab</w:t></w:r></w:p>` +
		`<w:p><w:r><w:delText>deleted words</w:delText></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r><w:ins><w:r><w:t>Inserted and kept</w:t></w:r></w:ins></w:p>` +
		`<w:p></w:p>` +
		`<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Country</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Capital</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>أذربيجان</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>باكو</w:t></w:r></w:p><w:p><w:r><w:t>(Baku)</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><w:t>Last paragraph</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r><w:r><w:t>.</w:t></w:r></w:p>`
	notes := `<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
		`<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> بيان صادر في 3 مارس 2024.</w:t></w:r></w:p></w:footnote>`
	core := `<dc:title>Memo: talks in Baku</dc:title><dc:creator>Research Desk</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-05T09:00:00Z</dcterms:created>`
	data := makeDOCX(t, body, notes, core)
	it := readFileItem(t, "memo.docx", data, Options{})
	a := mustArticles(t, it, 1)[0]
	want := "Talks in Baku\n\n" +
		"قال الوزير إن[1] المحادثات مثمرة.\n\n" +
		"Line one\nLine two\tafter a tab\n\n" +
		"Inserted and kept\n\n" +
		"Country\tCapital\nأذربيجان\tباكو (Baku)\n\n" +
		"Last paragraph[2].\n\n" +
		"[1] بيان صادر في 3 مارس 2024."
	checkText(t, a, want)
	checkMeta(t, a, meta{Title: "Memo: talks in Baku", Author: "Research Desk", Published: "2024-03-05T09:00:00Z"})
	if it.Format != "docx" {
		t.Errorf("format %q", it.Format)
	}

	// No core.xml: the paragraph styled Title is the title; --format docx on
	// a file with another extension.
	a = mustArticles(t, readFileItem(t, "memo.bin", makeDOCX(t, body, "", ""), Options{Format: "docx"}), 1)[0]
	if a.Title != "Talks in Baku" || a.Author != "" {
		t.Errorf("title %q author %q", a.Title, a.Author)
	}

	wantErr(t, readFileItem(t, "text.docx", []byte("just some text pretending to be a document"), Options{}), "not a valid DOCX file (the content is plain text)")
	wantErr(t, readFileItem(t, "cut.docx", data[:len(data)/2], Options{}), "not a valid DOCX file (ZIP archive truncated or damaged)")
	wantErr(t, readFileItem(t, "nodoc.docx", makeZip(t, zipFile{"word/other.xml", []byte("<x/>")}), Options{}), "no word/document.xml")
	wantErr(t, readFileItem(t, "badxml.docx", makeZip(t, zipFile{"word/document.xml", []byte("<w:document><w:body><w:p>")}), Options{}), "word/document.xml")
	deep := strings.Repeat("<w:ins>", 2000) + strings.Repeat("</w:ins>", 2000)
	wantErr(t, readFileItem(t, "deep.docx", makeDOCX(t, deep, "", ""), Options{}), "nested deeper than 1000")
	bomb := makeZip(t, zipFile{"word/document.xml", bytes.Repeat([]byte("<w:p/>"), 5<<20)})
	wantErr(t, readFileItem(t, "bomb.docx", bomb, Options{}), "(ZIP bomb?)")
}

func TestPDF(t *testing.T) {
	data := makePDF("Border talks (test)", "Test Desk", []string{
		"Ministers agree to resume border talks",
		"",
		"GENEVA - Foreign ministers agreed on Monday to resume",
		"border talks, officials said.",
	})
	it := readFileItem(t, "talks.pdf", data, Options{})
	a := mustArticles(t, it, 1)[0]
	checkText(t, a, "Ministers agree to resume border talks\n\nGENEVA - Foreign ministers agreed on Monday to resume border talks, officials said.")
	checkMeta(t, a, meta{Title: "Border talks (test)", Author: "Test Desk", Published: "2024-03-05T10:15:00Z", Place: "GENEVA"})
	wantErr(t, readFileItem(t, "cut.pdf", data[:200], Options{}), "not a readable PDF")
	wantErr(t, readFileItem(t, "fake.pdf", []byte("plain text, not a PDF"), Options{}), "not a valid PDF file (the content is plain text)")
	if !junkPDFTitle("Microsoft Word - memo.docx") || junkPDFTitle("Border talks") {
		t.Error("junkPDFTitle")
	}
}

func TestPDFDate(t *testing.T) {
	for in, want := range map[string]string{
		"D:20240305101500Z":       "2024-03-05T10:15:00Z",
		"D:20190925081217+02'00'": "2019-09-25T08:12:17+02:00",
		"D:20190925081217-05'30":  "2019-09-25T08:12:17-05:30",
		"D:20190925":              "2019-09-25",
		"5 March 2024":            "5 March 2024",
	} {
		if got := pdfDate(in); got != want {
			t.Errorf("pdfDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPDFText(t *testing.T) {
	// Presentation forms fold; superscripts and other compatibility
	// characters do not; lines of a block join; pages become paragraphs.
	in := "\uFEDF\uFE8E\uFEE3 \uFEFB\nx\u00B2 \uFB01le\f\ufeffnext page\n"
	want := "لام لا x\u00B2 file\n\nnext page"
	if got := joinPDFLines(foldPresentationForms(in)); got != want {
		t.Errorf("pdf text = %q, want %q", got, want)
	}
}

func TestLogicalOrder(t *testing.T) {
	logical := "قال معهد ستوكهولم (SIPRI) إن المبيعات تجاوزت 740 مليون دولار بين 2017 و2019.\nوأضاف التقرير أن «الطلب» ارتفع."
	// What a PDF storing glyphs in display order gives pdftotext; the
	// transformation is its own inverse.
	visual := logicalOrder(logical)
	if !strings.Contains(visual, "SIPRI") || !strings.Contains(visual, "740") || strings.HasPrefix(visual, "قال") {
		t.Fatalf("visual form %q", visual)
	}
	if got := logicalOrder(visual); got != logical {
		t.Errorf("round trip:\n got %q\nwant %q", got, logical)
	}
	text := strings.Repeat(logical+"\n", 3)
	if visualOrderArabic(text) || !visualOrderArabic(logicalOrder(text)) {
		t.Error("visualOrderArabic")
	}
}

func TestCSV(t *testing.T) {
	csvData := "العنوان,النص,المصدر,الرابط,التاريخ,الكاتب\r\n" +
		"قمة في باكو,\"باكو - اجتمع القادة اليوم في العاصمة.\r\nوأكدوا على أهمية \"\"الحوار\"\" بين البلدين.\",وكالة الاختبار,https://example.com/1,2024/03/05,سارة أحمد\r\n" +
		"Border talks,\"BAKU — Talks resumed on Monday, officials said.\",Test Wire,https://example.com/2,05/03/2024,John Doe\r\n" +
		",\"Sommet à Genève. Les ministres se sont réunis jeudi.\",Le Journal,,mars 2024,\r\n" +
		"empty row,,,,,\r\n"
	it := readFileItem(t, "articles.csv", []byte("\uFEFF"+csvData), Options{})
	arts := mustArticles(t, it, 3)
	checkText(t, arts[0], "باكو - اجتمع القادة اليوم في العاصمة.\nوأكدوا على أهمية \"الحوار\" بين البلدين.")
	checkMeta(t, arts[0], meta{Title: "قمة في باكو", Source: "وكالة الاختبار", URL: "https://example.com/1", Author: "سارة أحمد", Published: "2024-03-05", Place: "باكو"})
	checkMeta(t, arts[1], meta{Title: "Border talks", Source: "Test Wire", URL: "https://example.com/2", Author: "John Doe", Published: "2024-03-05", Place: "BAKU"})
	checkMeta(t, arts[2], meta{Title: "Sommet à Genève.", Source: "Le Journal", Published: "2024-03"})
	if len(it.Warnings) != 1 || it.Warnings[0] != "row 4 (line 6): no text; row skipped" {
		t.Errorf("warnings %q", it.Warnings)
	}

	// Semicolons, a language column, --map by another name, TSV.
	semi := "Headline;Story;Lang;Outlet name\n" + enTitle + ";\"" + enBody + "\";EN-gb;Wire\n"
	a := mustArticles(t, readFileItem(t, "s.csv", []byte(semi), Options{Map: map[string]string{"source": "outlet name"}}), 1)[0]
	checkMeta(t, a, meta{Title: enTitle, Source: "Wire", Place: "PARIS", Language: "en-GB"})
	tsv := "title\ttext\tlanguage\n" + frTitle + "\t" + frBody + "\tFrench\n"
	it = readFileItem(t, "f.tsv", []byte(tsv), Options{})
	a = mustArticles(t, it, 1)[0]
	checkText(t, a, frBody)
	checkMeta(t, a, meta{Title: frTitle, Place: "GENÈVE", Language: "fr"})
	if it.Format != "tsv" {
		t.Errorf("format %q", it.Format)
	}

	// A cp1256 CSV from Excel.
	it = readFileItem(t, "excel.csv", encodeWith(t, charmap.Windows1256, "العنوان,النص\n"+arTitle+","+arBody+"\n"), Options{})
	checkText(t, mustArticles(t, it, 1)[0], arBody)

	wantErr(t, readFileItem(t, "q.csv", []byte("title,body\n\"ok\",\"fine\"\n\"broken,\"this quote never closes\nmore,rows\n"), Options{}), "quote on line 3")
	wantErr(t, readFileItem(t, "q2.csv", []byte("title,body\n\"ok\",\"fine\"\nx,\"open quote\nnever closed\n"), Options{}), "unbalanced quote in the record starting on line 3")
	wantErr(t, readFileItem(t, "ragged.csv", []byte("title,body\na,b\nc,d,e\n"), Options{}), "line 3 has a different number of fields than the header (2)")
	wantErr(t, readFileItem(t, "notext.csv", []byte("name,age\na,1\n"), Options{}), "no text column (name one with --map text=COLUMN); columns are: name, age")
	wantErr(t, readFileItem(t, "badmap.csv", []byte("title,body\na,b\n"), Options{Map: map[string]string{"text": "content"}}), `no column "content" (mapped to text)`)
	wantErr(t, readFileItem(t, "head.csv", []byte("title,body\n"), Options{}), "no rows with text")
}

func TestJSON(t *testing.T) {
	jsonl := `{"headline": "Talks resume", "body": {"text": "BAKU — Talks resumed on Monday.\nBoth sides were hopeful."}, "meta": {"outlet": "Test Wire", "published": "2024-03-05T10:00:00Z", "lang": "en", "link": "https://example.com/1"}, "authors": [{"name": "Jane Roe"}, {"name": "John Doe"}]}` + "\n\n" +
		`{"headline": "قمة في باكو", "body": {"text": "` + arBody + `"}, "meta": {"outlet": "وكالة الاختبار", "published": 1709632800, "lang": "ar"}}` + "\n"
	opts := Options{Map: map[string]string{"text": "body.text", "Source": "meta.outlet"}}
	it := readFileItem(t, "a.jsonl", []byte(jsonl), opts)
	arts := mustArticles(t, it, 2)
	checkText(t, arts[0], "BAKU — Talks resumed on Monday.\nBoth sides were hopeful.")
	checkMeta(t, arts[0], meta{Title: "Talks resume", Source: "Test Wire", URL: "https://example.com/1", Author: "Jane Roe, John Doe", Published: "2024-03-05T10:00:00Z", Place: "BAKU", Language: "en"})
	checkMeta(t, arts[1], meta{Title: "قمة في باكو", Source: "وكالة الاختبار", Published: "2024-03-05T10:00:00Z", Place: "باكو", Language: "ar"})
	if it.Format != "jsonl" {
		t.Errorf("format %q", it.Format)
	}

	// A JSON array and an object holding the list; paragraphs as a list.
	arr := `[{"title": "` + frTitle + `", "content": ["` + frBody + `", "Deuxième paragraphe."], "date": "12/05/2023", "author": "Le Desk"}]`
	a := mustArticles(t, readFileItem(t, "a.json", []byte(arr), Options{}), 1)[0]
	checkText(t, a, frBody+"\n\nDeuxième paragraphe.")
	checkMeta(t, a, meta{Title: frTitle, Author: "Le Desk", Published: "2023-05-12", Place: "GENÈVE"})
	obj := `{"count": 1, "articles": [{"text": "` + enBody + `", "url": "https://example.com/x"}]}`
	a = mustArticles(t, readFileItem(t, "o.json", []byte(obj), Options{}), 1)[0]
	checkMeta(t, a, meta{Title: "Foreign ministers agreed on Monday to resume border talks.", URL: "https://example.com/x", Place: "PARIS"})

	wantErr(t, readFileItem(t, "m.jsonl", []byte("{\"title\":\"good\",\"text\":\"line one\"}\n{\"title\": \"bad\", \"text\": \n{\"title\":\"also good\",\"text\":\"line three\"}\n"), Options{}), "line 2: invalid JSON")
	wantErr(t, readFileItem(t, "arr.jsonl", []byte("{\"text\":\"a\"}\n[1,2]\n"), Options{}), "line 2 is not a JSON object")
	wantErr(t, readFileItem(t, "b.json", []byte("[{\"text\": \"a\"},\n{\"text\": }]"), Options{}), "invalid JSON at line 2")
	wantErr(t, readFileItem(t, "k.json", []byte(`[{"foo": "bar"}]`), Options{}), "no records with text (name the text key with --map text=KEY; keys of the first record: foo)")
	wantErr(t, readFileItem(t, "deep.json", []byte(strings.Repeat("[", 500)+strings.Repeat("]", 500)), Options{}), "nested deeper than 200")
}

func TestBundle(t *testing.T) {
	b := bundle.New()
	b.Articles = append(b.Articles, model.Article{ID: model.NewID(), Title: "t", Text: "text", SHA256: model.Fingerprint("text")})
	var buf bytes.Buffer
	if err := bundle.Write(&buf, b); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x.daftar.json", "x.json"} {
		it := readFileItem(t, name, buf.Bytes(), Options{})
		if it.Err != nil || it.Bundle == nil || it.Format != "daftar-bundle" || len(it.Bundle.Articles) != 1 || it.Articles != nil {
			t.Errorf("%s: %+v", name, it)
		}
	}
	wantErr(t, readFileItem(t, "y.json", []byte(`{"format": "daftar-bundle", "version": 99, "offsets": "codepoint"}`), Options{}), "bundle version 99 is not supported")
	wantErr(t, readFileItem(t, "z.json", []byte(`{"foo": 1}`), Options{Format: "bundle"}), `not a valid Daftar bundle: json: unknown field "foo"`)
}

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>نشرة الاختبار</title>
<link>https://example.com/</link>
<atom:link href="https://example.com/feed" rel="self"/>
<language>ar</language>
<item>
<title>وزير الخارجية يزور باكو</title>
<link>https://example.com/ar/1</link>
<atom:link href="https://example.com/other" rel="related"/>
<pubDate>Mon, 04 Mar 2024 09:30:00 +0400</pubDate>
<dc:creator>مكتب باكو</dc:creator>
<description>ملخص قصير.</description>
<content:encoded><![CDATA[<p>باكو - وصل وزير الخارجية إلى العاصمة.</p><p>وقال إن المحادثات <b>مثمرة</b>.</p>]]></content:encoded>
</item>
<item>
<title>Talks resume &amp; hopes rise</title>
<guid isPermaLink="true">https://example.com/en/2</guid>
<pubDate>Tue, 5 Mar 2024 08:00:00 GMT</pubDate>
<author>desk@example.com (Jane Roe)</author>
<description>&lt;p&gt;BAKU — Talks resumed on Tuesday.&lt;br&gt;Both sides were hopeful.&lt;/p&gt;</description>
</item>
<item><title>No content at all</title></item>
</channel>
</rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<title>Le Fil du Test</title>
<author><name>Rédaction</name></author>
<entry>
<title type="html">Sommet &lt;em&gt;régional&lt;/em&gt; à Genève</title>
<link rel="alternate" href="https://example.com/fr/1"/>
<link rel="enclosure" href="https://example.com/fr/1.mp3"/>
<id>urn:test:1</id>
<published>2023-05-12T10:00:00+02:00</published>
<updated>2023-05-13T10:00:00+02:00</updated>
<summary>Résumé.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>GENÈVE — Les ministres se sont réunis jeudi.</p><p>« Un pas important », a dit la présidente.</p></div></content>
</entry>
<entry xml:lang="en">
<title>Short one</title>
<link href="https://example.com/en/2"/>
<updated>2023-05-14</updated>
<author><name>Jane Roe</name></author>
<summary type="text">Only a summary &amp; nothing else.</summary>
</entry>
</feed>`

func TestFeeds(t *testing.T) {
	it := readFileItem(t, "feed.xml", []byte(rssFeed), Options{})
	arts := mustArticles(t, it, 2)
	if it.Format != "rss" || len(it.Warnings) != 1 || it.Warnings[0] != "item 3: no content; skipped" {
		t.Errorf("format %q warnings %q", it.Format, it.Warnings)
	}
	checkText(t, arts[0], "باكو - وصل وزير الخارجية إلى العاصمة.\n\nوقال إن المحادثات مثمرة.")
	checkMeta(t, arts[0], meta{Title: "وزير الخارجية يزور باكو", Source: "نشرة الاختبار", URL: "https://example.com/ar/1", Author: "مكتب باكو", Published: "2024-03-04T09:30:00+04:00", Place: "باكو"})
	checkText(t, arts[1], "BAKU — Talks resumed on Tuesday.\nBoth sides were hopeful.")
	checkMeta(t, arts[1], meta{Title: "Talks resume & hopes rise", Source: "نشرة الاختبار", URL: "https://example.com/en/2", Author: "Jane Roe", Published: "2024-03-05T08:00:00Z", Place: "BAKU"})

	it = readFileItem(t, "feed.atom", []byte(atomFeed), Options{})
	arts = mustArticles(t, it, 2)
	if it.Format != "atom" {
		t.Errorf("format %q", it.Format)
	}
	checkText(t, arts[0], "GENÈVE — Les ministres se sont réunis jeudi.\n\n« Un pas important », a dit la présidente.")
	checkMeta(t, arts[0], meta{Title: "Sommet régional à Genève", Source: "Le Fil du Test", URL: "https://example.com/fr/1", Author: "Rédaction", Published: "2023-05-12T10:00:00+02:00", Place: "GENÈVE"})
	checkText(t, arts[1], "Only a summary & nothing else.")
	checkMeta(t, arts[1], meta{Title: "Short one", Source: "Le Fil du Test", URL: "https://example.com/en/2", Author: "Jane Roe", Published: "2023-05-14", Language: "en"})

	// A feed in windows-1256 declared in the XML prolog.
	legacy := strings.Replace(rssFeed, `encoding="UTF-8"`, `encoding="windows-1256"`, 1)
	legacy = strings.ReplaceAll(legacy, "—", "-")
	it = readFileItem(t, "legacy.rss", encodeWith(t, charmap.Windows1256, legacy), Options{})
	checkText(t, mustArticles(t, it, 2)[0], "باكو - وصل وزير الخارجية إلى العاصمة.\n\nوقال إن المحادثات مثمرة.")

	wantErr(t, readFileItem(t, "other.xml", []byte(`<?xml version="1.0"?><note><to>x</to></note>`), Options{}), "XML file is not an RSS or Atom feed")
	wantErr(t, readFileItem(t, "bad.rss", []byte(`<rss><channel><item><title>x</title><description>y`), Options{}), "feed XML is damaged")
	wantErr(t, readFileItem(t, "none.rss", []byte(`<rss><channel><title>x</title></channel></rss>`), Options{}), "feed has no items with text")
}

func TestDetect(t *testing.T) {
	tests := []struct{ name, data, format string }{
		{"a.TXT", "hello", "txt"},
		{"noext", "hello there", "txt"},
		{"page.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"},
		{"noext", "\uFEFF<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">", "rss"},
		{"noext", "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "atom"},
		{"noext", "{\"a\":1}\n{\"a\":2}\n", "jsonl"},
		{"noext", "[{\"a\":1}]", "json"},
		{"x.ndjson", "{}", "jsonl"},
		{"x.markdown", "# x", "md"},
		{"x.bin", "%PDF-1.4\n", "pdf"},
	}
	for _, tc := range tests {
		got, err := detectFormat(tc.name, []byte(tc.data), "")
		if err != nil || got != tc.format {
			t.Errorf("detectFormat(%q, %q) = %q, %v; want %q", tc.name, tc.data, got, err, tc.format)
		}
	}
	if _, err := detectFormat("old.doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, ""); err == nil || !strings.Contains(err.Error(), "legacy Office") {
		t.Errorf("OLE file: %v", err)
	}
	if f, err := detectFormat("sheet", makeZip(t, zipFile{"xl/workbook.xml", []byte("<x/>")}), ""); err != nil || f != "xlsx" {
		t.Errorf("xlsx: %q, %v", f, err)
	}
	if err := (Options{Format: "csv", Map: map[string]string{"Title": "h"}}).Validate(); err != nil {
		t.Error(err)
	}
	if err := (Options{Format: "docs"}).Validate(); err == nil {
		t.Error("bad format accepted")
	}
	if err := (Options{Map: map[string]string{"titel": "h"}}).Validate(); err == nil {
		t.Error("bad map field accepted")
	}
}
