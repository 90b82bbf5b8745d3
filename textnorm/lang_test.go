package textnorm

import (
	"strings"
	"testing"
)

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ want, text string }{
		{"ar", "التقى وزير الدفاع اليوم رئيس الدولة في زيارة تستمر يومين وتهدف إلى تعزيز التعاون بين البلدين في مجالات الأمن والطاقة."},
		{"ar", "قال المتحدث إن الحكومة ستعلن عن خطة جديدة للمياه، وإن الوزارة تعمل مع الشركات المحلية على تنفيذها. Reuters"},
		{"fa", "وزیر دفاع این کشور روز پنجشنبه با رئیس جمهور دیدار کرد و درباره همکاری های نظامی گفتگو کرد."},
		{"fa", "گزارش‌ها نشان می‌دهد که قیمت‌ها در ماه گذشته افزایش یافته است و مردم نگران هستند."},
		{"ur", "وزیر دفاع نے جمعرات کو صدر سے ملاقات کی اور دونوں ملکوں کے درمیان تعاون پر بات چیت ہوئی۔"},
		{"en", "The defence minister met the president on Thursday during a two-day visit that was aimed at strengthening cooperation between the two countries."},
		{"fr", "Le ministre de la Défense a rencontré jeudi le président lors d'une visite de deux jours qui vise à renforcer la coopération entre les deux pays."},
		{"de", "Der Verteidigungsminister hat sich am Donnerstag mit dem Präsidenten getroffen, um die Zusammenarbeit der beiden Länder zu stärken, und es wurde über die Sicherheit gesprochen."},
		{"es", "El ministro de Defensa se reunió el jueves con el presidente durante una visita de dos días que tiene como objetivo fortalecer la cooperación entre los dos países."},
		{"tr", "Savunma bakanı perşembe günü cumhurbaşkanı ile bir araya geldi ve iki ülke arasındaki işbirliğini güçlendirmek için görüştü; bu ziyaret iki gün sürecek ve çok önemli olarak görülüyor."},
		{"id", "Menteri pertahanan bertemu dengan presiden pada hari Kamis dalam kunjungan dua hari yang bertujuan untuk memperkuat kerja sama antara kedua negara itu."},
		{"ru", "Министр обороны встретился в четверг с президентом во время двухдневного визита, направленного на укрепление сотрудничества."},
		{"el", "Ο υπουργός Άμυνας συναντήθηκε την Πέμπτη με τον πρόεδρο."},
		{"he", "שר הביטחון נפגש ביום חמישי עם הנשיא."},
		{"", "12345 !!! ..."},
		{"", ""},
		{"", "zzz qqq xxx"},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%.40q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDirection(t *testing.T) {
	tests := []struct{ want, text string }{
		{"rtl", "قال وزير الدفاع إن IDF و NATO ستجتمعان في 2024"},
		{"ltr", "The minister said «إيران» twice."},
		{"ltr", "123 456"},
		{"ltr", ""},
		{"rtl", "שלום עולם"},
	}
	for _, tt := range tests {
		if got := Direction(tt.text); got != tt.want {
			t.Errorf("Direction(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParagraphDirection(t *testing.T) {
	tests := []struct{ want, p string }{
		{"rtl", "«إيران» said the minister"},           // first strong is Arabic
		{"ltr", "2019: IDF قال"},                       // digits are weak; I is strong L
		{"ltr", "\u2067إيران\u2069 said the minister"}, // isolate skipped (P2)
		{"rtl", "\u2066Hello\u2069 قال"},               // isolate skipped
		{"rtl", "\u2067\u2066abc\u2069\u2069 بيان"},    // nested isolates
		{"ltr", "... 123"},                             // no strong: default
		{"ltr", "\u2067إيران"},                         // unterminated isolate hides all
		{"rtl", "بيان\nEnglish paragraph after"},       // stops at the paragraph end
	}
	for _, tt := range tests {
		if got := ParagraphDirection(tt.p); got != tt.want {
			t.Errorf("ParagraphDirection(%q) = %q, want %q", tt.p, got, tt.want)
		}
	}
	if FirstStrongDirection("12 - 3") != "" {
		t.Error("FirstStrongDirection of neutrals must be empty")
	}
}

func TestSimHash(t *testing.T) {
	story := `التقى وزير الدفاع اليوم الخميس رئيس الدولة في زيارة تستمر يومين وتهدف إلى تعزيز التعاون بين البلدين
	اللذين يتقاسمان حدودا طويلة مع جار ثالث في وقت يتصاعد فيه التوتر في المنطقة. وأفادت الوزارة بأن الوزير والرئيس
	ناقشا مختلف المستجدات الإقليمية والعالمية وسبل تعزيز العلاقات في مواجهة التحديات المشتركة، مضيفة أنه تم التطرق
	أيضا إلى مجالات التعاون الأمني والصناعي. ولفتت إلى أن المناقشة استندت إلى الاجتماع السابق الذي عقد بين القادة
	هذا العام في إطار مؤتمر دولي للأمن. وتابعت أن الوزير أعرب عن تقديره للرئيس على قيادته والتزامه الشخصي بتعميق
	الروابط بين البلدين، بدءا بافتتاح السفارة في العاصمة، مضيفة أن الجانبين أكدا على الأهداف المشتركة لمزيد من الأمن
	والتبادل التجاري والثقافي في السنوات المقبلة.`
	edited := strings.Replace(story, "اليوم الخميس", "يوم الخميس الماضي", 1)
	edited = strings.Replace(edited, "في السنوات المقبلة.", "في السنوات المقبلة. (وكالات)", 1)
	edited = strings.ReplaceAll(edited, "الإقليمية", "الاقليميه") + " مشاركة :"
	other := `The city council approved a new budget for public libraries on Monday, adding evening hours in
	three districts and funding a program that lends laptops to students. Critics said the plan ignores
	the backlog of repairs at older branches, while supporters argued that access matters more than buildings.
	The vote was seven to two, and the new hours begin next month after staff are hired.`
	h1, h2, h3 := SimHash(story), SimHash(edited), SimHash(other)
	t.Logf("edited %.3f, unrelated %.3f", Similarity(h1, h2), Similarity(h1, h3))
	if s := Similarity(h1, h2); s < 0.85 {
		t.Errorf("edited copy similarity %.2f < 0.85", s)
	}
	if s := Similarity(h1, h3); s > 0.75 {
		t.Errorf("unrelated similarity %.2f > 0.75", s)
	}
	if Similarity(h1, h1) != 1 {
		t.Error("self similarity is not 1")
	}
	// Folding makes spelling variants identical.
	if SimHash("الإِسْرَائِيلِيُّ قال اليوم") != SimHash("الاسرائيلي قال اليوم") {
		t.Error("vocalization changes the hash")
	}
	if SimHash("") != 0 || SimHash("a") == 0 {
		t.Error("short texts")
	}
}
