package ingest

import (
	"regexp"
	"strings"

	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
)

// Factiva's "Full Article/Report plus Indexing" exports tag every field with
// a code: HD headline, BY byline, WC word count, PD date, SN source, SC
// source code, LA language, CY copyright, LP lead paragraphs, TD text, CO,
// IN, NS, RE company, industry, subject and region codes, AN accession
// number ("Document ABCD000020190303ef3300001"). In the HTML export each
// article is a <div class="article enArticle"> holding a table whose rows
// are <td><b>HD</b></td><td>value</td>; in the text and RTF exports the code
// starts a line and the value follows, on that line or the next ones.
var factivaTags = map[string]bool{
	"HD": true, "BY": true, "WC": true, "PD": true, "ET": true, "SN": true, "SC": true, "ED": true, "PG": true, "LA": true,
	"CY": true, "LP": true, "TD": true, "CO": true, "IN": true, "NS": true, "RE": true, "IPD": true, "IPC": true, "PUB": true,
	"AN": true, "SE": true, "CR": true, "CLM": true, "ART": true, "VOL": true, "RF": true, "CT": true,
}

// factivaNotes are the tags kept in the article's notes, in this order.
var factivaNotes = []struct{ tag, name string }{
	{"AN", "Factiva AN"}, {"WC", "Word count"}, {"SE", "Section"}, {"SC", "Source code"}, {"ED", "Edition"}, {"PG", "Page"},
	{"CY", "Copyright"}, {"CO", "Companies"}, {"IN", "Industries"}, {"NS", "Subjects"}, {"RE", "Regions"},
}

type factivaField struct{ tag, value string }

var factivaLineRe = regexp.MustCompile(`^([A-Z]{2,3})(?:[ \t]+(.*))?$`)

// looksFactivaText: HD, PD and AN tag lines.
func looksFactivaText(lines []tline) bool {
	seen := map[string]bool{}
	for _, l := range lines {
		if m := factivaLineRe.FindStringSubmatch(l.s); m != nil && factivaTags[m[1]] {
			seen[m[1]] = true
		}
		if seen["HD"] && seen["PD"] && seen["AN"] {
			return true
		}
	}
	return false
}

// parseFactivaText reads tag lines; a value runs to the next tag line.
func parseFactivaText(lines []tline) ([]draft, []string, error) {
	var fields []factivaField
	var val []tline
	tag := ""
	flush := func() {
		if tag != "" {
			fields = append(fields, factivaField{tag, joinLines(val)})
		}
		val = val[:0]
	}
	for _, l := range lines {
		if m := factivaLineRe.FindStringSubmatch(l.s); m != nil && factivaTags[m[1]] && !inBodyProse(tag, l.s, m[1]) {
			flush()
			tag = m[1]
			if v := strings.TrimSpace(m[2]); v != "" {
				val = append(val, tline{v, false})
			}
			continue
		}
		if tag != "" {
			if len(val) == 0 {
				l.para = false
			}
			val = append(val, l)
		}
	}
	flush()
	return factivaArticles(splitFactiva(fields, nil))
}

// inBodyProse: inside LP and TD a line such as "IN Brussels, ministers..."
// is prose, not the IN tag; a tag there stands alone or is followed by a
// tab or two spaces, as the exports write it.
func inBodyProse(cur, line, tag string) bool {
	if cur != "LP" && cur != "TD" || line == tag {
		return false
	}
	rest := line[len(tag):]
	return !strings.HasPrefix(rest, "\t") && !strings.HasPrefix(rest, "  ")
}

var factivaHTMLRe = regexp.MustCompile(`(?i)<td[^>]*>\s*(<b>)?\s*HD\s*(</b>)?(\s|&nbsp;|&#160;)*</td>`)

// looksFactivaHTML: a table row whose first cell is the HD tag.
func looksFactivaHTML(s string) bool {
	return factivaHTMLRe.MatchString(s) && strings.Contains(s, ">AN<")
}

// parseFactivaHTML reads the tagged table rows of every article.
func parseFactivaHTML(s string) ([]draft, []string, error) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, nil, err
	}
	var fields []factivaField
	var starts []int // field index where a <div class="article"> begins
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth || n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return
		}
		switch n.Data {
		case "div":
			if cl := htmlAttr(n, "class"); strings.HasPrefix(cl, "article") {
				starts = append(starts, len(fields))
				// "article arArticle" names the language when LA is missing.
				if m := articleLangRe.FindStringSubmatch(cl); m != nil {
					fields = append(fields, factivaField{classLang, m[1]})
				}
			}
		case "tr":
			if f, ok := factivaRow(n); ok {
				fields = append(fields, f)
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return factivaArticles(splitFactiva(fields, starts))
}

// classLang is the pseudo-tag of the language an article's <div> class gives.
const classLang = "class-lang"

var articleLangRe = regexp.MustCompile(`\barticle ([a-z]{2})Article\b`)

// factivaRow reads <tr><td>TAG</td><td>value</td></tr>.
func factivaRow(tr *html.Node) (factivaField, bool) {
	var cells []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
			cells = append(cells, c)
		}
	}
	if len(cells) < 2 {
		return factivaField{}, false
	}
	tag := strings.TrimSpace(render.InnerText(cells[0]))
	if !factivaTags[tag] {
		return factivaField{}, false
	}
	var parts []string
	for _, c := range cells[1:] {
		parts = append(parts, strings.TrimSpace(render.InnerText(c)))
	}
	return factivaField{tag, strings.Join(parts, "\n\n")}, true
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// splitFactiva groups fields into articles: at each article <div> when the
// HTML has them, else at each HD after the first.
func splitFactiva(fields []factivaField, starts []int) [][]factivaField {
	var out [][]factivaField
	if len(starts) > 0 {
		for i, s := range starts {
			end := len(fields)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			if end > s {
				out = append(out, fields[s:end])
			}
		}
		return out
	}
	var cur []factivaField
	for _, f := range fields {
		if f.tag == "HD" && len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, f)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func factivaArticles(arts [][]factivaField) ([]draft, []string, error) {
	var r batchResult
	for i, fs := range arts {
		d, err := factivaArticle(fs)
		r.add(i+1, d, err)
	}
	return r.done(fmtFactiva)
}

func factivaArticle(fs []factivaField) (draft, error) {
	v := map[string]string{}
	for _, f := range fs {
		if v[f.tag] == "" {
			v[f.tag] = strings.TrimSpace(f.value)
		}
	}
	d := draft{title: v["HD"], author: v["BY"], source: v["SN"], language: v["LA"]}
	if d.language == "" {
		d.language = v[classLang]
	}
	if iso, ok := batchDate(v["PD"]); ok {
		d.published = iso
	} else {
		d.published = v["PD"] // article() warns that it is not understood
	}
	var body []string
	for _, t := range []string{"LP", "TD"} {
		if v[t] != "" {
			body = append(body, v[t])
		}
	}
	d.text = strings.Join(body, "\n\n")
	v["AN"] = strings.TrimSpace(strings.TrimPrefix(v["AN"], "Document "))
	var notes noteLines
	for _, n := range factivaNotes {
		notes.add(n.name, v[n.tag])
	}
	d.notes = notes.String()
	if an := cleanLine(v["AN"]); an != "" {
		d.docID = "factiva:" + an
	}
	if d.text == "" {
		return d, errNoBody
	}
	return d, nil
}
