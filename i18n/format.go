package i18n

import (
	"strconv"
	"strings"
	"time"
)

// Arabic keeps the digits 0–9 (CLDR's "latn" numbering, as in the Maghreb
// locales) rather than the Arabic-Indic ٠–٩: the articles, queries and exports
// of the archive use 0–9, so a count or year on screen reads the same as the
// text it refers to and as what the researcher types into the search box.

// Int formats n with the language's digit grouping: 12,345 in English and
// Arabic, 12 345 (narrow no-break space) in French.
func Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if Current() == French {
		sep = "\u202f"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Float formats f with the given decimals and the language's decimal sign:
// 0.82 in English and Arabic, 0,82 in French.
func Float(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if Current() == French {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

var months = map[string][12]string{
	English: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	French:  {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	Arabic:  {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
}

// Date formats a day for the interface: 2 Mar 2019, 2 mars 2019, 2 مارس 2019.
// Exports keep ISO dates; this is for display only.
func Date(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + months[Current()][t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DateTime is Date with the time of day (24-hour clock in every language).
func DateTime(t time.Time) string {
	return Date(t) + " " + t.Format("15:04")
}
