package ingest

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Database exports hold many articles in one file. They come in ordinary
// containers (DOCX, HTML, plain text) and are recognised by their content;
// the item's Format then names the database instead of the container.
const (
	fmtNexis    = "nexis"
	fmtFactiva  = "factiva"
	fmtProQuest = "proquest"
)

var batchLabels = map[string]string{fmtNexis: "Nexis Uni", fmtFactiva: "Factiva", fmtProQuest: "ProQuest"}

// FormatLabel names a format for people: "Nexis Uni" for nexis, else the
// format itself.
func FormatLabel(format string) string {
	if l, ok := batchLabels[format]; ok {
		return l
	}
	return format
}

// IsBatch reports whether a format is a multi-article database export.
func IsBatch(format string) bool {
	_, ok := batchLabels[format]
	return ok
}

// tline is one non-blank line of an export; para says a blank line came
// before it, so paragraphs survive when the body is put back together.
type tline struct {
	s    string
	para bool
}

func textLines(s string) []tline {
	var out []tline
	blank := true
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.TrimSuffix(l, "\r"))
		if l == "" {
			blank = true
			continue
		}
		out = append(out, tline{l, blank})
		blank = false
	}
	return out
}

// joinLines rebuilds text from lines: a blank line where there was one.
func joinLines(ls []tline) string {
	var sb strings.Builder
	for i, l := range ls {
		if i > 0 {
			if l.para {
				sb.WriteString("\n\n")
			} else {
				sb.WriteString("\n")
			}
		}
		sb.WriteString(l.s)
	}
	return sb.String()
}

const skippedMark = " skipped: "

// SkippedArticles counts the warnings of an export that name an article
// left out because it did not parse.
func SkippedArticles(warns []string) int {
	n := 0
	for _, w := range warns {
		if strings.HasPrefix(w, "article ") && strings.Contains(w, skippedMark) {
			n++
		}
	}
	return n
}

// batchResult gathers the articles of an export; an article that does not
// parse becomes a warning naming its number and title, and the rest stay.
type batchResult struct {
	drafts []draft
	warns  []string
}

func (r *batchResult) add(n int, d draft, err error) {
	if err != nil {
		what := fmt.Sprintf("article %d", n)
		if t := cleanLine(d.title); t != "" {
			what += fmt.Sprintf(" (%q)", trimTitle(t))
		}
		r.warns = append(r.warns, what+skippedMark+err.Error())
		return
	}
	d.where = fmt.Sprintf("article %d", n)
	r.drafts = append(r.drafts, d)
}

func (r *batchResult) done(kind string) ([]draft, []string, error) {
	if len(r.drafts) == 0 {
		if len(r.warns) > 0 {
			return nil, nil, fmt.Errorf("%s export with no readable article (%s)", batchLabels[kind], r.warns[0])
		}
		return nil, nil, fmt.Errorf("%s export with no article in it", batchLabels[kind])
	}
	return r.drafts, r.warns, nil
}

// noteLines keeps metadata that has no field as "Key: value" lines.
type noteLines []string

func (n *noteLines) add(key, value string) {
	if v := cleanLine(value); v != "" {
		*n = append(*n, key+": "+v)
	}
}

func (n noteLines) String() string { return strings.Join(n, "\n") }

// keyValue splits "Key: value" with a key of letters, spaces, - and /.
var keyValueRe = regexp.MustCompile(`^([A-Za-z][A-Za-z /-]{0,30}?)\s*:\s*(.*)$`)

func keyValue(s string) (key, value string, ok bool) {
	m := keyValueRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return strings.ToLower(m[1]), strings.TrimSpace(m[2]), true
}

// batchDate reads a database's date line: "March 3, 2019 Sunday",
// "March 3, 2019 Sunday 6:35 PM GMT", "3 March 2019".
var trailingTimeRe = regexp.MustCompile(`(?i)\s+\d{1,2}:\d{2}(:\d{2})?.*$`)

func batchDate(s string) (string, bool) {
	s = trailingTimeRe.ReplaceAllString(strings.TrimSpace(s), "")
	if utf8.RuneCountInString(s) > 40 {
		return "", false
	}
	return normalizeDate(s)
}

// firstValue keeps what comes before a ";" ("ENGLISH; ENGLISH").
func firstValue(s string) string {
	before, _, _ := strings.Cut(s, ";")
	return strings.TrimSpace(before)
}

var errNoBody = errors.New("no body text")

// readBatch reads the text of a DOCX, RTF or text file as a database export
// when want names one (forced with --format) or, if sniff, when its content
// shows one. ok is false when the text is not read as an export.
func readBatch(text, want string, sniff bool) (kind string, drafts []draft, warns []string, ok bool, err error) {
	lines := textLines(text)
	kind = want
	if kind == "" && sniff {
		switch {
		case looksNexis(lines):
			kind = fmtNexis
		case looksFactivaText(lines):
			kind = fmtFactiva
		case looksProQuest(lines):
			kind = fmtProQuest
		}
	}
	switch kind {
	case fmtNexis:
		drafts, warns, err = parseNexis(lines)
	case fmtFactiva:
		drafts, warns, err = parseFactivaText(lines)
	case fmtProQuest:
		drafts, warns, err = parseProQuest(lines)
	default:
		return "", nil, nil, false, nil
	}
	return kind, drafts, warns, true, err
}
