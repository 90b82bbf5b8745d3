package export

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"daftar/model"
)

// CoNLL/BIO: one "token<TAB>tag" per line, a blank line between sentences,
// "-DOCSTART-<TAB>O" and a blank line before each article (the CoNLL-2003
// convention most NER trainers accept). There are no offsets, so no unit.
// A token has one tag per column, so overlapping annotations cannot all be
// written: Options.Layers gives each type of the schema its own column (as
// nested NER corpora do), and whatever still overlaps is left out, counted
// in Counts, and listed in <out>.left-out.tsv.

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

// bioSpans picks the spans one BIO column can express: no overlaps.
// Entity mentions win over claims (a claim usually contains the mentions),
// then the earlier start, then the longer span. It returns the kept spans
// by start and the others in their order.
func bioSpans(anns []model.Annotation) (kept, dropped []model.Annotation) {
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
	for _, an := range order {
		if slices.ContainsFunc(kept, func(k model.Annotation) bool { return an.Start < k.End && k.Start < an.End }) {
			dropped = append(dropped, an)
		} else {
			kept = append(kept, an)
		}
	}
	slices.SortFunc(kept, func(x, y model.Annotation) int { return cmp.Compare(x.Start, y.Start) })
	return kept, dropped
}

// conllLayer is one tag column over one article: its spans, and per code
// point 1 + the index of the span holding it.
type conllLayer struct {
	spans  []model.Annotation
	inside []int
	prev   int // span of the previous token, for B- vs I-
}

// writeCoNLLFiles writes the CoNLL file and, when annotations had to be
// left out, <out>.left-out.tsv listing them (a stale one is removed when
// none were).
func (j *job) writeCoNLLFiles(out string) error {
	var left []model.Annotation
	if err := writeFile(out, func(w io.Writer) (err error) { left, err = j.writeCoNLL(w); return err }); err != nil {
		return err
	}
	side := out + ".left-out.tsv"
	if len(left) == 0 {
		if err := os.Remove(side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	ids := make([]string, len(left))
	for i, an := range left {
		ids[i] = an.ID
	}
	err := writeFile(side, func(w io.Writer) error {
		io.WriteString(w, "annotation_id\tarticle_id\ttype\tstart_cp\tend_cp\tquote\n")
		for _, an := range left {
			fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%s\n", an.ID, an.ArticleID, an.Type, an.Start, an.End, oneLine(an.Quote))
		}
		return nil
	})
	if err != nil {
		os.Remove(out)
		return err
	}
	j.leftOut = ids
	j.notes = append(j.notes, fmt.Sprintf("%d annotations overlap others in their tag column and are not in the CoNLL file (listed in %s): %s",
		len(ids), filepath.Base(side), strings.Join(ids, ", ")))
	return nil
}

// writeCoNLL writes the tags and returns the annotations left out.
func (j *job) writeCoNLL(w io.Writer) ([]model.Annotation, error) {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
		defer bw.Flush()
	}
	// Column names ride on the -DOCSTART- line, which readers skip.
	docstart := "-DOCSTART-\tO\n\n"
	var types []string
	if j.opts.Layers {
		for _, lt := range j.d.Schema {
			types = append(types, lt.Name)
		}
		docstart = "-DOCSTART-\t" + strings.Join(types, "\t") + "\n\n"
	}
	var left []model.Annotation
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		_, anns, err := j.article(a)
		if err != nil {
			return nil, err
		}
		rs := []rune(a.Text)
		groups := [][]model.Annotation{anns}
		if j.opts.Layers {
			groups = make([][]model.Annotation, len(types))
			for _, an := range anns {
				k := slices.Index(types, an.Type)
				if k < 0 {
					return nil, fmt.Errorf("export: annotation %s has type %q, which is not in the schema", an.ID, an.Type)
				}
				groups[k] = append(groups[k], an)
			}
		}
		cuts := map[int]bool{}
		layers := make([]conllLayer, len(groups))
		for g, group := range groups {
			kept, dropped := bioSpans(group)
			left = append(left, dropped...)
			l := conllLayer{spans: kept, inside: make([]int, len(rs)+1)}
			for k, sp := range kept {
				cuts[sp.Start], cuts[sp.End] = true, true
				for x := sp.Start; x < sp.End; x++ {
					l.inside[x] = k + 1
				}
			}
			layers[g] = l
		}
		bw.WriteString(docstart)
		toks := tokenize(rs, cuts)
		lines := 0
		for x, tk := range toks {
			bw.WriteString(string(rs[tk.s:tk.e]))
			for g := range layers {
				l := &layers[g]
				tag := "O"
				if k := l.inside[tk.s]; k > 0 {
					if k == l.prev {
						tag = "I-" + l.spans[k-1].Type
					} else {
						tag = "B-" + l.spans[k-1].Type
					}
					l.prev = k
				} else {
					l.prev = 0
				}
				bw.WriteByte('\t')
				bw.WriteString(tag)
			}
			bw.WriteByte('\n')
			lines++
			// A sentence ends after . ! ? ؟ and at line breaks, never inside
			// a tagged span (U.S., a multi-line name).
			if x+1 < len(toks) {
				next := toks[x+1]
				sameSpan := slices.ContainsFunc(layers, func(l conllLayer) bool {
					return l.inside[tk.s] != 0 && l.inside[next.s] == l.inside[tk.s]
				})
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
			return nil, err
		}
	}
	return left, bw.Flush()
}
