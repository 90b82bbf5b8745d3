package ingest

import (
	"regexp"
	"strings"
)

// parseMarkdown strips Markdown syntax to the text a reader sees: headings
// lose their #, emphasis and code markers go, links keep their text, images
// their alt text, list bullets become "•", rules and link definitions are
// dropped, fenced code is kept verbatim. YAML front matter gives metadata;
// the first heading is the title.
func parseMarkdown(s string) draft {
	var d draft
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	lines = frontMatter(lines, &d)
	out := make([]string, 0, len(lines))
	inFence, fence := false, ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if inFence {
			if strings.HasPrefix(t, fence) {
				inFence = false
				continue
			}
			out = append(out, l)
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inFence, fence = true, t[:3]
			continue
		}
		if m := mdHeading.FindStringSubmatch(l); m != nil {
			h := mdInline(m[1])
			if d.title == "" {
				d.title = h
			}
			out = append(out, h)
			continue
		}
		// Setext heading: the line under it is === or ---.
		if i+1 < len(lines) && t != "" && mdSetext.MatchString(lines[i+1]) && !mdList.MatchString(l) {
			h := mdInline(t)
			if d.title == "" {
				d.title = h
			}
			out = append(out, h)
			i++
			continue
		}
		if mdRule.MatchString(l) || mdLinkDef.MatchString(l) || mdTableSep.MatchString(l) {
			out = append(out, "")
			continue
		}
		l = mdQuote.ReplaceAllString(l, "")
		l = mdList.ReplaceAllString(l, "${1}• ")
		if mdTableRow.MatchString(l) {
			cells := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), "|")
			for j := range cells {
				cells[j] = strings.TrimSpace(cells[j])
			}
			l = strings.Join(cells, "\t")
		}
		out = append(out, mdInline(l))
	}
	d.text = strings.Join(out, "\n")
	return d
}

var (
	mdHeading  = regexp.MustCompile(`^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$`)
	mdSetext   = regexp.MustCompile(`^ {0,3}(=+|-{2,})\s*$`)
	mdRule     = regexp.MustCompile(`^ {0,3}([-*_])(\s*[-*_]){2,}\s*$`)
	mdLinkDef  = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s+\S+.*$`)
	mdTableSep = regexp.MustCompile(`^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$`)
	mdTableRow = regexp.MustCompile(`^\s*\|.*\|\s*$`)
	mdQuote    = regexp.MustCompile(`^ {0,3}(>\s?)+`)
	mdList     = regexp.MustCompile(`^(\s*)[-*+]\s+`)
	mdComment  = regexp.MustCompile(`<!--.*?-->`)
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])`)
	mdAutolink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdStrong   = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmStar   = regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`)
	mdEmUnder  = regexp.MustCompile(`(^|[^\p{L}\p{N}_])_(\S(?:[^_]*?\S)?)_($|[^\p{L}\p{N}_])`)
	mdStrike   = regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`)
	mdEscape   = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>~])")
)

// mdInline strips inline syntax outside code spans.
func mdInline(s string) string {
	// Escaped characters are hidden in the private use area first so that
	// "\*" is not read as emphasis, then restored.
	s = mdEscape.ReplaceAllStringFunc(s, func(m string) string { return string(rune(0xF0000) + rune(m[1])) })
	parts := strings.Split(s, "`")
	for i := range parts {
		if i%2 == 1 && i < len(parts)-1 {
			continue // inside a code span: verbatim
		}
		p := parts[i]
		p = mdComment.ReplaceAllString(p, "")
		p = mdImage.ReplaceAllString(p, "$1")
		p = mdLink.ReplaceAllString(p, "$1")
		p = mdAutolink.ReplaceAllString(p, "$1")
		p = mdStrong.ReplaceAllString(p, "$2")
		p = mdEmStar.ReplaceAllString(p, "$1")
		p = mdEmUnder.ReplaceAllString(p, "$1$2$3")
		p = mdStrike.ReplaceAllString(p, "$1")
		parts[i] = p
	}
	if len(parts)%2 == 0 { // an unmatched backtick stays
		parts[len(parts)-2] += "`" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	s = strings.Join(parts, "")
	return strings.Map(func(r rune) rune {
		if r >= 0xF0000 && r < 0xF0080 {
			return r - 0xF0000
		}
		return r
	}, s)
}

// frontMatter reads a YAML front matter block (--- ... ---) of simple
// "key: value" lines into d and returns the lines after it.
func frontMatter(lines []string, d *draft) []string {
	if len(lines) < 2 || strings.TrimSpace(strings.TrimPrefix(lines[0], "\uFEFF")) != "---" {
		return lines
	}
	end := -1
	for i := 1; i < len(lines) && i < 60; i++ {
		t := strings.TrimSpace(lines[i])
		if t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return lines
	}
	for _, l := range lines[1:end] {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "title":
			d.title = v
		case "author", "authors", "byline":
			d.author = strings.Trim(v, "[]")
		case "date", "published", "pubdate":
			d.published = v
		case "source", "outlet", "publisher":
			d.source = v
		case "url", "link", "canonical":
			d.url = v
		case "lang", "language":
			d.language = v
		case "place", "dateline":
			d.place = v
		}
	}
	return lines[end+1:]
}
