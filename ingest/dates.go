package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"daftar/model"
)

// normalizeDate turns the dates sources write into ISO 8601, keeping the
// precision given: "2019" stays a year, "May 2019" becomes "2019-05", an RSS
// RFC 822 date keeps its time and offset. Slash dates are read day first
// (12/05/2023 is 12 May, as in Arabic and French usage) unless the second
// number cannot be a month. Arabic-Indic and Persian digits are accepted.
// Solar Hijri and Hijri years are not converted: they are reported as not
// understood rather than stored wrong.
func normalizeDate(s string) (string, bool) {
	s = strings.TrimSpace(asciiDigits(s))
	if s == "" || len(s) > 80 {
		return "", false
	}
	if iso, ok := isoDate(s); ok {
		return iso, true
	}
	if iso, ok := numericDate(s); ok {
		return iso, true
	}
	if iso, ok := rfc822Date(s); ok {
		return iso, true
	}
	if iso, ok := wordDate(s); ok {
		return iso, true
	}
	if iso, ok := unixDate(s); ok {
		return iso, true
	}
	return "", false
}

func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
}

var isoRe = regexp.MustCompile(`^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?)?)?)?$`)

func isoDate(s string) (string, bool) {
	m := isoRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	if m[2] == "" {
		return checked(fmt.Sprintf("%04d", y))
	}
	mo, _ := strconv.Atoi(m[2])
	if m[3] == "" {
		return checked(fmt.Sprintf("%04d-%02d", y, mo))
	}
	d, _ := strconv.Atoi(m[3])
	date := fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	if m[4] == "" {
		return checked(date)
	}
	h, _ := strconv.Atoi(m[4])
	mi, _ := strconv.Atoi(m[5])
	sec := 0
	if m[6] != "" {
		sec, _ = strconv.Atoi(m[6])
	}
	zone := m[7]
	switch {
	case zone == "":
		if m[6] == "" {
			return checked(fmt.Sprintf("%sT%02d:%02d", date, h, mi))
		}
		return checked(fmt.Sprintf("%sT%02d:%02d:%02d", date, h, mi, sec))
	case strings.EqualFold(zone, "z") || zone == "UTC":
		zone = "Z"
	default:
		zone = strings.ReplaceAll(zone, ":", "")
		if len(zone) == 3 {
			zone += "00"
		}
		zone = zone[:3] + ":" + zone[3:]
	}
	// RFC 3339 needs seconds whenever there is an offset.
	return checked(fmt.Sprintf("%sT%02d:%02d:%02d%s", date, h, mi, sec, zone))
}

// checked makes sure the result is a real date (no month 13, no 31 June)
// that model.ValidDate accepts.
func checked(iso string) (string, bool) {
	if !model.ValidDate(iso) {
		return "", false
	}
	// Hijri (1445) and Solar Hijri (1402) years fall below this: they are
	// rejected rather than stored as Gregorian years.
	if y, _ := strconv.Atoi(iso[:4]); y < 1600 || y > 2200 {
		return "", false
	}
	return iso, true
}

var numRe = regexp.MustCompile(`^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)

func numericDate(s string) (string, bool) {
	m := numRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	c, _ := strconv.Atoi(m[3])
	var y, mo, d int
	switch {
	case len(m[1]) == 4: // 2023/07/26
		y, mo, d = a, b, c
	case len(m[3]) == 4 || len(m[3]) == 2:
		y, d, mo = c, a, b
		if len(m[3]) == 2 {
			y += 2000
			if y > time.Now().Year()+1 {
				y -= 100
			}
		}
		if mo > 12 && d <= 12 { // 07/26/2023: month first
			d, mo = mo, d
		}
	default:
		return "", false
	}
	date := fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	if m[4] == "" {
		return checked(date)
	}
	h, _ := strconv.Atoi(m[4])
	mi, _ := strconv.Atoi(m[5])
	if m[6] == "" {
		return checked(fmt.Sprintf("%sT%02d:%02d", date, h, mi))
	}
	sec, _ := strconv.Atoi(m[6])
	return checked(fmt.Sprintf("%sT%02d:%02d:%02d", date, h, mi, sec))
}

// Named zones of RFC 822 (and the ones feeds use anyway).
var zoneOffsets = map[string]string{
	"UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
	"CET": "+0100", "CEST": "+0200", "BST": "+0100", "IST": "+0530",
}

var rfc822Layouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Monday, 2 Jan 2006 15:04:05 -0700",
	"Monday, 02-Jan-06 15:04:05 -0700",
	"Mon Jan 2 15:04:05 -0700 2006",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006",
}

func rfc822Date(s string) (string, bool) {
	f := strings.Fields(strings.ReplaceAll(s, ",", ", "))
	if len(f) < 3 {
		return "", false
	}
	// Replace a trailing named zone by its offset; an unknown name is dropped
	// (Go would invent a zero offset for it).
	last := f[len(f)-1]
	if off, ok := zoneOffsets[strings.ToUpper(last)]; ok {
		f[len(f)-1] = off
	} else if len(last) >= 3 && len(last) <= 5 && isAllLetters(last) && strings.ToUpper(last) == last {
		f = f[:len(f)-1]
	}
	// Mon Jan 2 ... -0700 2006 has the zone before the year; leave it.
	t := strings.Join(f, " ")
	t = strings.ReplaceAll(t, ", ", ", ")
	t = strings.ReplaceAll(t, " ,", ",")
	for _, l := range rfc822Layouts {
		tm, err := time.Parse(l, t)
		if err != nil {
			continue
		}
		switch {
		case !strings.Contains(l, "15:04"):
			return checked(tm.Format("2006-01-02"))
		case !strings.Contains(l, "-0700"):
			return checked(tm.Format("2006-01-02T15:04:05"))
		}
		return checked(tm.Format(time.RFC3339))
	}
	return "", false
}

func isAllLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// Month names in English, French, Arabic (Egyptian/Gulf and Levantine) and
// Persian transliterations of the Gregorian months.
var monthNames = map[string]int{}

var multiWordMonths = map[string]int{
	"كانون الثاني": 1, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}

func init() {
	lists := [][]string{
		{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
		{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
		{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		{"janv", "févr", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "dec"},
		{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		{"ینایر", "فبرایر", "اذار", "ابريل", "ماي", "يونيه", "يوليه", "اغسطس", "سپتامبر", "اكتوبر", "نوفمبر", "دیسمبر"},
		{"ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"},
	}
	for _, l := range lists {
		for i, n := range l {
			if _, dup := monthNames[n]; !dup {
				monthNames[n] = i + 1
			}
		}
	}
	// Levantine names; the two-word ones are in multiWordMonths.
	for n, m := range map[string]int{"شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9} {
		monthNames[n] = m
	}
	monthNames["sept"] = 9
	monthNames["ابريل"] = 4
	monthNames["إبريل"] = 4
	monthNames["اكتوبر"] = 10
}

var weekdays = map[string]bool{
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"الاثنين": true, "الإثنين": true, "الثلاثاء": true, "الأربعاء": true, "الخميس": true, "الجمعة": true, "السبت": true, "الأحد": true,
	"le": true, "the": true, "of": true, "de": true, "في": true, "on": true, "يوم": true, "at": true, "à": true,
}

var timeRe = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?$`)

// wordDate reads "30 May 2023", "May 30, 2023", "30 mai 2023", "30 مايو 2023",
// "آذار 2023", "mars 2023" and an optional time "10:15".
func wordDate(s string) (string, bool) {
	s = strings.ToLower(s)
	for name, m := range multiWordMonths {
		s = strings.ReplaceAll(s, name, fmt.Sprintf(" m%02d ", m))
	}
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '،' || r == '/' || r == '-' || r == '.' || r == '\t'
	})
	year, month, day, h, mi, sec := 0, 0, 0, -1, 0, 0
	for _, f := range fields {
		if len(f) == 3 && f[0] == 'm' && f[1] >= '0' && f[1] <= '9' {
			month, _ = strconv.Atoi(f[1:])
			continue
		}
		if m, ok := monthNames[f]; ok {
			month = m
			continue
		}
		if weekdays[f] {
			continue
		}
		if tm := timeRe.FindStringSubmatch(f); tm != nil {
			h, _ = strconv.Atoi(tm[1])
			mi, _ = strconv.Atoi(tm[2])
			if tm[3] != "" {
				sec, _ = strconv.Atoi(tm[3])
			}
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(f, "th"), "er"))
		if err != nil {
			if strings.HasSuffix(f, "st") || strings.HasSuffix(f, "nd") || strings.HasSuffix(f, "rd") {
				n, err = strconv.Atoi(f[:len(f)-2])
			}
			if err != nil {
				return "", false // an unknown word: not a date we understand
			}
		}
		switch {
		case len(f) == 4 && year == 0:
			year = n
		case n >= 1 && n <= 31 && day == 0:
			day = n
		default:
			return "", false
		}
	}
	if year == 0 || month == 0 {
		return "", false
	}
	if day == 0 {
		return checked(fmt.Sprintf("%04d-%02d", year, month))
	}
	date := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
	if h < 0 {
		return checked(date)
	}
	return checked(fmt.Sprintf("%sT%02d:%02d:%02d", date, h, mi, sec))
}

// unixDate reads seconds (10 digits) or milliseconds (13 digits) since 1970.
func unixDate(s string) (string, bool) {
	if len(s) != 10 && len(s) != 13 {
		return "", false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return "", false
	}
	if len(s) == 13 {
		n /= 1000
	}
	return checked(time.Unix(n, 0).UTC().Format(time.RFC3339))
}
