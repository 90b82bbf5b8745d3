package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkJSONL parses a 1,000-line JSONL file (about 1.5 KB per article)
// into articles; reports articles/s.
func BenchmarkJSONL(b *testing.B) {
	var sb strings.Builder
	const n = 1000
	for i := 0; i < n; i++ {
		rec := map[string]any{
			"headline": fmt.Sprintf("%s %d", arTitle, i),
			"text":     strings.Repeat(arBody+" ", 5) + fmt.Sprint(i) + "\n" + strings.Repeat(enBody+" ", 3),
			"meta":     map[string]any{"outlet": "وكالة الاختبار", "date": "2024-03-05", "link": fmt.Sprintf("https://example.com/%d", i)},
		}
		line, _ := json.Marshal(rec)
		sb.Write(line)
		sb.WriteByte('\n')
	}
	p := writeFile(b, b.TempDir(), "bench.jsonl", []byte(sb.String()))
	b.SetBytes(int64(sb.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		items := ReadFile(context.Background(), p, Options{})
		if items[0].Err != nil || len(items[0].Articles) != n {
			b.Fatal(items[0].Err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkHTML extracts a news page of about 20 KB (navigation, ads,
// scripts, asides and eight paragraphs); reports pages/s.
func BenchmarkHTML(b *testing.B) {
	var body strings.Builder
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&body, "<p>%s %s</p>\n", arBody, strings.Repeat(enBody+" ", 2))
	}
	nav := strings.Repeat(`<li><a href="/section">قسم</a></li>`, 40)
	page := strings.Replace(arPage, "<article>", `<div class="ad">إعلان</div><ul class="menu">`+nav+`</ul><script>`+strings.Repeat("var x=1;", 300)+`</script><article>`, 1)
	page = strings.Replace(page, "</article>", body.String()+"</article>", 1)
	p := writeFile(b, b.TempDir(), "page.html", []byte(page))
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		items := ReadFile(context.Background(), p, Options{})
		if items[0].Err != nil {
			b.Fatal(items[0].Err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
