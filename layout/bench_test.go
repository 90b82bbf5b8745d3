package layout

import (
	"math/rand"
	"strings"
	"testing"
)

// arabicArticle generates a words-long Arabic article (paragraphs of about
// 120 words, some Latin names and numbers mixed in) from a fixed seed.
func arabicArticle(words int) string {
	vocab := strings.Fields("قال وزير الخارجية إن الحكومة تدرس اقتراحا جديدا لتعزيز التعاون الاقتصادي بين البلدين " +
		"وأضاف المتحدث باسم الوزارة أن المفاوضات مستمرة منذ أشهر في العاصمة وسط توتر إقليمي متصاعد " +
		"وأشارت تقارير صحفية إلى أن الاجتماع المقبل سيعقد في نهاية الشهر الجاري بحضور ممثلين عن المنظمات الدولية " +
		"مُحَمَّدٌ لا يَقْرَأُ الأخبار")
	extra := []string{"2019", "740", "(سيبري)", "Reuters", "«إيران»", "،", "."}
	r := rand.New(rand.NewSource(1))
	var b strings.Builder
	for i := 0; i < words; i++ {
		if i > 0 {
			if i%120 == 0 {
				b.WriteString(".\n")
			} else {
				b.WriteByte(' ')
			}
		}
		if r.Intn(15) == 0 {
			b.WriteString(extra[r.Intn(len(extra))])
		} else {
			b.WriteString(vocab[r.Intn(len(vocab))])
		}
	}
	b.WriteByte('.')
	return b.String()
}

func BenchmarkLayoutArticle10kWords(b *testing.B) {
	text := arabicArticle(10000)
	s := newShaper(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := s.NewDocument(text, Auto, false, 0.5)
		d.Layout(700, Style{Size: 16})
	}
}

func BenchmarkRewrap10kWords(b *testing.B) {
	d := newShaper(b).NewDocument(arabicArticle(10000), Auto, false, 0.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Layout(float32(600+i%2*100), Style{Size: 16})
	}
}

func BenchmarkSpanRects(b *testing.B) {
	d := newShaper(b).NewDocument(arabicArticle(10000), Auto, false, 0.5)
	d.Layout(700, Style{Size: 16})
	mid := d.Len() / 2
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(d.SpanRects(mid, mid+200)) == 0 {
			b.Fatal("no rects")
		}
	}
}

func BenchmarkHitTest(b *testing.B) {
	d := newShaper(b).NewDocument(arabicArticle(10000), Auto, false, 0.5)
	d.Layout(700, Style{Size: 16})
	h := d.Height()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.HitTest(float32(i%700), float32(i*7919%int(h)))
	}
}

func TestArabicArticleSize(t *testing.T) {
	if n := len(strings.Fields(arabicArticle(10000))); n < 10000 {
		t.Fatalf("%d words", n)
	}
}
