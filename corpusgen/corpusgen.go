// Package corpusgen writes synthetic news articles for benchmarks and
// tests: about 3 KB each, alternating Arabic and Latin-script (English or
// French), built from word lists written for the project. The same seed
// always gives the same articles.
package corpusgen

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// Article is one generated article, in the field names Daftar's JSONL
// importer maps by default.
type Article struct {
	Title     string `json:"title"`
	Text      string `json:"text"`
	Source    string `json:"source"`
	Published string `json:"published"`
	Language  string `json:"language"`
}

var arabicWords = strings.Fields(`قال وزير الدفاع إن الحكومة ستعقد اجتماعا طارئا يوم الأحد لبحث الأزمة
مع الوفد الإيراني في باكو وأكد المتحدث باسم الخارجية أن المفاوضات مستمرة رغم الخلافات حول الاتفاق النووي
وأضاف المسؤول أن الجيش الإسرائيلي رفع حالة التأهب على الحدود الشمالية بعد الهجوم على السفارة
وذكرت وكالة الأنباء أن البرلمان صادق على الميزانية الجديدة بأغلبية كبيرة وسط احتجاجات في العاصمة
وأشار التقرير إلى ارتفاع أسعار النفط والغاز في الأسواق العالمية خلال الأسبوع الماضي
وقالت مصادر دبلوماسية إن الرئيس سيزور أذربيجان وتركيا الشهر المقبل لتوقيع اتفاقيات تعاون
والشركات الكبرى في قطاع الطاقة والتكنولوجيا والزراعة والصحة والتعليم والنقل`)

var arabicNames = strings.Fields(`غالانت علييف كوهين هرتسوغ إيران إسرائيل أذربيجان طهران القاهرة بيروت دمشق عمان الرياض`)

var englishWords = strings.Fields(`the minister said on Sunday that the government would hold an emergency
meeting to discuss the crisis with the delegation in Baku while the spokesman stressed that talks would
continue despite disagreements over the nuclear agreement officials added that the army raised its alert
level along the northern border after the attack on the embassy the news agency reported that parliament
approved the new budget by a large majority amid protests in the capital oil and gas prices rose on world
markets last week according to the report diplomatic sources said the president would visit next month`)

var frenchWords = strings.Fields(`le ministre a déclaré dimanche que le gouvernement tiendrait une réunion
d'urgence pour discuter de la crise avec la délégation à Bakou tandis que le porte-parole a souligné que
les négociations se poursuivraient malgré les désaccords sur l'accord nucléaire selon les responsables
l'armée a relevé son niveau d'alerte à la frontière après l'attaque contre l'ambassade le parlement a
approuvé le nouveau budget à une large majorité les prix du pétrole et du gaz ont augmenté`)

var latinNames = strings.Fields(`Gallant Aliyev Cohen Herzog Iran Israel Azerbaijan Tehran Cairo Beirut Damascus SIPRI`)

var sources = []string{"Wire Service", "Daily Record", "وكالة الأنباء", "الصحيفة اليومية", "Le Quotidien", "Evening Post"}

// Generator produces articles from a seed.
type Generator struct {
	rng *rand.Rand
	n   int
}

// New returns a generator; equal seeds give equal sequences.
func New(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, 0x6461667461720000))}
}

// Next returns the next article: even ones Arabic, odd ones Latin-script.
func (g *Generator) Next() Article {
	i := g.n
	g.n++
	lang, words, names := "ar", arabicWords, arabicNames
	if i%2 == 1 {
		lang, words, names = "en", englishWords, latinNames
		if i%6 == 5 {
			lang, words = "fr", frenchWords
		}
	}
	var b strings.Builder
	sentence := 0
	for b.Len() < 3000 {
		n := 8 + g.rng.IntN(12)
		for w := 0; w < n; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			if g.rng.IntN(7) == 0 {
				b.WriteString(names[g.rng.IntN(len(names))])
			} else {
				b.WriteString(words[g.rng.IntN(len(words))])
			}
		}
		if g.rng.IntN(4) == 0 {
			fmt.Fprintf(&b, " %d", 1990+g.rng.IntN(36))
		}
		b.WriteString(".")
		sentence++
		if sentence%4 == 0 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
	}
	// A serial number keeps every text distinct, so none is a duplicate.
	fmt.Fprintf(&b, "\n%s #%d", names[i%len(names)], i)
	title := strings.Join(strings.Fields(b.String())[:6], " ")
	return Article{
		Title:     title,
		Text:      strings.TrimSpace(b.String()),
		Source:    sources[i%len(sources)],
		Published: fmt.Sprintf("20%02d-%02d-%02d", 10+i%16, 1+i%12, 1+i%28),
		Language:  lang,
	}
}

// WriteJSONL writes n articles, one JSON object per line.
func (g *Generator) WriteJSONL(w io.Writer, n int) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for range n {
		if err := enc.Encode(g.Next()); err != nil {
			return err
		}
	}
	return nil
}
