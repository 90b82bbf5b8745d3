package export

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"daftar/bundle"
	"daftar/model"
	"daftar/platform"
)

// benchData generates nArticles articles of mixed Arabic and English prose
// (about 2,500 code points each, with an emoji so UTF-16 differs) and
// perArticle annotations on each, linked to a pool of entities.
func benchData(b *testing.B, nArticles, perArticle int) *bundle.Bundle {
	b.Helper()
	sentence := "قال المتحدث باسم وزارة الخارجية في بيروت إن الوفد سيصل الأسبوع المقبل 😀 and officials in Lisbon confirmed the talks. "
	var sb strings.Builder
	for sb.Len() < 4000 {
		sb.WriteString(sentence)
	}
	base := strings.TrimSpace(sb.String())
	word := "بيروت"
	wordLen := model.RuneLen(word)
	// code point offsets of every occurrence of the word
	var offs []int
	for i, cp := 0, 0; i < len(base); {
		if strings.HasPrefix(base[i:], word) {
			offs = append(offs, cp)
		}
		_, size := rune(base[i]), 1
		for size < 4 && i+size < len(base) && base[i+size]&0xC0 == 0x80 {
			size++
		}
		i += size
		cp++
	}
	d := &bundle.Bundle{Schema: model.DefaultSchema()}
	for e := 0; e < 200; e++ {
		d.Entities = append(d.Entities, model.Entity{ID: model.NewID(), Type: "GPE", Name: fmt.Sprintf("Beirut %d", e), Wikidata: "Q3820"})
	}
	now := time.Now()
	for i := 0; i < nArticles; i++ {
		text := fmt.Sprintf("%d. %s", i, base)
		shift := model.RuneLen(fmt.Sprintf("%d. ", i))
		a := model.Article{ID: model.NewID(), Title: fmt.Sprintf("مقال %d", i), Text: text, Language: "ar", Direction: model.RTL,
			SHA256: model.Fingerprint(text), Source: "Bench", URL: fmt.Sprintf("https://example.org/%d", i), ImportedAt: now}
		d.Articles = append(d.Articles, a)
		for k := 0; k < perArticle; k++ {
			s := offs[k%len(offs)] + shift
			an := model.Annotation{ID: model.NewID(), ArticleID: a.ID, Kind: model.KindEntity, Type: "GPE", Start: s, End: s + wordLen, Quote: word,
				EntityID: d.Entities[k%len(d.Entities)].ID, Annotator: "bench", CreatedAt: now, UpdatedAt: now, Note: "=check"}
			d.Annotations = append(d.Annotations, an)
		}
	}
	return d
}

func benchWrite(b *testing.B, d *bundle.Bundle, opts Options, name string) {
	b.ResetTimer()
	c0 := platform.CPUTime()
	for i := 0; i < b.N; i++ {
		opts.Out = filepath.Join(b.TempDir(), name)
		if err := Write(context.Background(), d, opts, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((platform.CPUTime()-c0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkCSV100k: 100,000 annotations (1,000 articles × 100) to a CSV folder.
func BenchmarkCSV100k(b *testing.B) {
	benchWrite(b, benchData(b, 1000, 100), Options{Format: "csv", BOM: true}, "csv")
}

// BenchmarkBundle10k: a Daftar bundle (json) of 10,000 articles with 10
// annotations each.
func BenchmarkBundle10k(b *testing.B) {
	benchWrite(b, benchData(b, 10000, 10), Options{Format: "json"}, "b.json")
}

// BenchmarkCSV100kZip: the same to a ZIP (one file instead of ~1,000).
func BenchmarkCSV100kZip(b *testing.B) {
	benchWrite(b, benchData(b, 1000, 100), Options{Format: "csv", BOM: true}, "csv.zip")
}
