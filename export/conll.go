package export

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strings"
	"unicode"

	"daftar/model"
)

// CoNLL/BIO: one "token<TAB>tag" per line, a blank line between sentences,
// "-DOCSTART-<TAB>O" and a blank line before each article (the CoNLL-2003
// convention most NER trainers accept). There are no offsets, so no unit.

// token is a run of code points [s, e) of an article.
type token struct{ s, e int }

// wordRune reports runes that belong inside a word: letters (Arabic
// tatweel is a letter), combining marks (harakat), digits, and the zero
// width (non-)joiners Persian writes inside words.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '\u200C' || r == '\u200D'
}

// joiner reports punctuation kept inside a word when letters or digits are
// on both sides: al-Assad, O'Brien, 2.5, 1,000.
func joiner(r rune) bool {
	return r == '-' || r == '\'' || r == '’' || r == '.' || r == ',' || r == '٫' || r == '٬'
}

// tokenize splits text into words and single punctuation marks, and also
// at every cut in cuts (annotation starts and ends). Cutting at span
// boundaries is what separates an Arabic proclitic (و ب ل ك ف ال and their
// combinations, as in وبباكو) from a tagged name when the annotator left it
// out of the span; a span that includes the proclitic keeps it.
func tokenize(rs []rune, cuts map[int]bool) []token {
	var toks []token
	n := len(rs)
	i := 0
	for i < n {
		r := rs[i]
		if unicode.IsSpace(r) || r == '\uFEFF' {
			i++
			continue
		}
		if !wordRune(r) {
			toks = append(toks, token{i, i + 1})
			i++
			continue
		}
		s := i
		for i < n {
			if i > s && cuts[i] {
				break
			}
			if wordRune(rs[i]) {
				i++
				continue
			}
			if joiner(rs[i]) && i+1 < n && wordRune(rs[i+1]) && !cuts[i] && !cuts[i+1] &&
				(rs[i] != '.' && rs[i] != ',' && rs[i] != '٫' && rs[i] != '٬' || unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])) {
				i++
				continue
			}
			break
		}
		toks = append(toks, token{s, i})
	}
	return toks
}

// sentenceEnd reports punctuation that ends a sentence.
func sentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '…', '۔', '。':
		return true
	}
	return false
}

// bioSpans picks the spans BIO can express: no overlaps. Entity mentions
// win over claims (a claim usually contains the mentions), then the earlier
// start, then the longer span.
func bioSpans(anns []model.Annotation) []model.Annotation {
	order := slices.Clone(anns)
	slices.SortStableFunc(order, func(x, y model.Annotation) int {
		xk, yk := 0, 0
		if x.Kind == model.KindClaim {
			xk = 1
		}
		if y.Kind == model.KindClaim {
			yk = 1
		}
		return cmp.Or(cmp.Compare(xk, yk), cmp.Compare(x.Start, y.Start), cmp.Compare(y.End-y.Start, x.End-x.Start))
	})
	var kept []model.Annotation
	for _, an := range order {
		if !slices.ContainsFunc(kept, func(k model.Annotation) bool { return an.Start < k.End && k.Start < an.End }) {
			kept = append(kept, an)
		}
	}
	slices.SortFunc(kept, func(x, y model.Annotation) int { return cmp.Compare(x.Start, y.Start) })
	return kept
}

func (j *job) writeCoNLL(w io.Writer) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
		defer bw.Flush()
	}
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		_, anns, err := j.article(a)
		if err != nil {
			return err
		}
		rs := []rune(a.Text)
		spans := bioSpans(anns)
		cuts := map[int]bool{}
		inside := make([]int, len(rs)+1) // 1 + index into spans, per code point
		for k, sp := range spans {
			cuts[sp.Start], cuts[sp.End] = true, true
			for x := sp.Start; x < sp.End; x++ {
				inside[x] = k + 1
			}
		}
		bw.WriteString("-DOCSTART-\tO\n\n")
		toks := tokenize(rs, cuts)
		prev := 0 // span of the previous token, for B- vs I-
		lines := 0
		for x, tk := range toks {
			tag := "O"
			if k := inside[tk.s]; k > 0 {
				if k == prev {
					tag = "I-" + spans[k-1].Type
				} else {
					tag = "B-" + spans[k-1].Type
				}
				prev = k
			} else {
				prev = 0
			}
			bw.WriteString(string(rs[tk.s:tk.e]))
			bw.WriteByte('\t')
			bw.WriteString(tag)
			bw.WriteByte('\n')
			lines++
			// A sentence ends after . ! ? ؟ and at line breaks, never inside
			// a tagged span (U.S., a multi-line name).
			if x+1 < len(toks) {
				next := toks[x+1]
				sameSpan := inside[tk.s] != 0 && inside[next.s] == inside[tk.s]
				end := tk.e-tk.s == 1 && sentenceEnd(rs[tk.s])
				brk := strings.ContainsRune(string(rs[tk.e:next.s]), '\n')
				if (end || brk) && !sameSpan {
					bw.WriteByte('\n')
					lines = 0
				}
			}
		}
		if lines > 0 {
			bw.WriteByte('\n')
		}
		if err := j.tick(); err != nil {
			return err
		}
	}
	return bw.Flush()
}
