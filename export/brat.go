package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"daftar/model"
	"daftar/textnorm"
)

// bratValue turns a free value (a verdict like "mostly true") into a brat
// attribute value: brat splits .ann lines and annotation.conf on white
// space and punctuation, so only letters, digits, _ and - survive.
func bratValue(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, strings.TrimSpace(s))
}

// oneLine makes free text safe for the last field of an .ann line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// bratFragments splits a span at line breaks and TABs: brat draws a span
// line by line and stores a multi-line span as fragments "s1 e1;s2 e2"
// whose text is joined by single spaces, and its loader splits .ann lines
// at TABs, so a T line's text can hold neither; it compares that text with
// the fragments' text joined by spaces.
func bratFragments(t *textnorm.Index, start, end int) [][2]int {
	var frags [][2]int
	fs := -1
	for i := start; i < end; i++ {
		c := t.Slice(i, i+1)
		nl := c == "\n" || c == "\t" || c == "\r"
		if nl && fs >= 0 {
			frags = append(frags, [2]int{fs, i})
			fs = -1
		} else if !nl && fs < 0 {
			fs = i
		}
	}
	if fs >= 0 {
		frags = append(frags, [2]int{fs, end})
	}
	return frags
}

// writeBrat writes <article id>.txt and .ann per article, annotation.conf,
// visual.conf and README.txt.
func (j *job) writeBrat(fs files) error {
	verdicts := slices.Clone(model.Verdicts)
	var stances []string
	for _, an := range j.d.Annotations {
		if an.Verdict != "" && !slices.Contains(verdicts, an.Verdict) {
			verdicts = append(verdicts, an.Verdict)
		}
		if an.Stance != "" && !slices.Contains(stances, an.Stance) {
			stances = append(stances, an.Stance)
		}
	}
	var b strings.Builder
	for i := range j.d.Articles {
		a := &j.d.Articles[i]
		t, anns, err := j.article(a)
		if err != nil {
			return err
		}
		w, err := fs.create(a.ID + ".txt")
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, a.Text); err != nil {
			return err
		}
		b.Reset()
		j.bratAnn(&b, t, anns)
		if w, err = fs.create(a.ID + ".ann"); err != nil {
			return err
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		if err := j.tick(); err != nil {
			return err
		}
	}
	w, err := fs.create("annotation.conf")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, j.bratConf(verdicts, stances)); err != nil {
		return err
	}
	if w, err = fs.create("visual.conf"); err != nil {
		return err
	}
	b.Reset()
	b.WriteString("[labels]\n\n[drawing]\n")
	for _, lt := range j.d.Schema {
		fmt.Fprintf(&b, "%s\tbgColor:%s\n", lt.Name, lt.Colour)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if w, err = fs.create("README.txt"); err != nil {
		return err
	}
	b.Reset()
	b.WriteString(bratReadme)
	for i := range j.d.Articles {
		fmt.Fprintf(&b, "  %s  %s\n", j.d.Articles[i].ID, oneLine(j.d.Articles[i].Title))
	}
	_, err = io.WriteString(w, b.String())
	return err
}

const bratReadme = `Daftar brat standoff export
===========================

One <article id>.txt (the canonical text, UTF-8, LF line ends) and one
<article id>.ann per article, plus annotation.conf and visual.conf: put the
folder under brat's data directory.

Offsets in .ann files count Unicode code points of the .txt from 0, end
exclusive: brat is Python 3 and counts str characters, which are code points.
A span that crosses a line break or holds a TAB is written as fragments
("s1 e1;s2 e2"), split there, as brat itself does for line breaks; its text
field joins them with a space (a TAB would end the field).

  T  a span: type, offsets, text
  A  Verdict / Stance of a claim (spaces in values become _)
  N  the linked entity: Wikidata:Q... when known, and always Daftar:<entity id>
  R  Claimant / Target of a claim, to a mention of that entity in the same
     article (nearest one); when the article has no such mention the
     claimant or target is named in the note instead
  #  AnnotatorNotes: the annotation's note, then claim attribution and date

Files:
`

func (j *job) bratAnn(b *strings.Builder, t *textnorm.Index, anns []model.Annotation) {
	tid := make(map[string]int, len(anns))
	for k, an := range anns {
		tid[an.ID] = k + 1
		frags := bratFragments(t, an.Start, an.End)
		parts := make([]string, len(frags))
		texts := make([]string, len(frags))
		for x, f := range frags {
			parts[x] = strconv.Itoa(f[0]) + " " + strconv.Itoa(f[1])
			texts[x] = t.Slice(f[0], f[1])
		}
		fmt.Fprintf(b, "T%d\t%s %s\t%s\n", k+1, an.Type, strings.Join(parts, ";"), oneLine(strings.Join(texts, " ")))
	}
	na, nn, nr, nnote := 0, 0, 0, 0
	// nearest mention of an entity in this article, for R lines
	mention := func(entityID string, near model.Annotation) int {
		best, bestDist := 0, 0
		for k, an := range anns {
			if an.EntityID != entityID || an.ID == near.ID {
				continue
			}
			d := 0
			if an.End <= near.Start {
				d = near.Start - an.End
			} else if an.Start >= near.End {
				d = an.Start - near.End
			}
			if best == 0 || d < bestDist {
				best, bestDist = k+1, d
			}
		}
		return best
	}
	for k, an := range anns {
		T := k + 1
		if an.Verdict != "" {
			na++
			fmt.Fprintf(b, "A%d\tVerdict T%d %s\n", na, T, bratValue(an.Verdict))
		}
		if an.Stance != "" {
			na++
			fmt.Fprintf(b, "A%d\tStance T%d %s\n", na, T, bratValue(an.Stance))
		}
		if an.EntityID != "" {
			name := ""
			if e := j.entity(an.EntityID); e != nil {
				name = e.Name
				if e.Wikidata != "" {
					nn++
					fmt.Fprintf(b, "N%d\tReference T%d Wikidata:%s\t%s\n", nn, T, e.Wikidata, oneLine(name))
				}
			}
			nn++
			fmt.Fprintf(b, "N%d\tReference T%d Daftar:%s\t%s\n", nn, T, an.EntityID, oneLine(name))
		}
		var notes []string
		if an.Note != "" {
			notes = append(notes, an.Note)
		}
		rel := func(role, id string) {
			if id == "" {
				return
			}
			if m := mention(id, an); m > 0 {
				nr++
				fmt.Fprintf(b, "R%d\t%s Arg1:T%d Arg2:T%d\n", nr, role, T, m)
				return
			}
			notes = append(notes, strings.ToLower(role)+": "+j.entityName(id)+" (Daftar:"+id+")")
		}
		rel("Claimant", an.ClaimantID)
		for _, id := range an.TargetIDs {
			rel("Target", id)
		}
		if an.Attribution != "" {
			notes = append(notes, "attribution: "+an.Attribution)
		}
		if an.ClaimDate != "" {
			notes = append(notes, "claim date: "+an.ClaimDate)
		}
		if len(notes) > 0 {
			nnote++
			fmt.Fprintf(b, "#%d\tAnnotatorNotes T%d\t%s\n", nnote, T, oneLine(strings.Join(notes, "; ")))
		}
	}
}

func (j *job) bratConf(verdicts, stances []string) string {
	var ents, claims []string
	for _, lt := range j.d.Schema {
		if lt.Kind == model.KindClaim {
			claims = append(claims, lt.Name)
		} else {
			ents = append(ents, lt.Name)
		}
	}
	var b strings.Builder
	b.WriteString("# Daftar label schema. Offsets in .ann files are Unicode code points.\n[entities]\n")
	for _, lt := range j.d.Schema {
		b.WriteString(lt.Name + "\n")
	}
	b.WriteString("\n[relations]\n")
	if len(claims) > 0 && len(ents) > 0 {
		fmt.Fprintf(&b, "Claimant\tArg1:%s, Arg2:%s\n", strings.Join(claims, "|"), strings.Join(ents, "|"))
		fmt.Fprintf(&b, "Target\tArg1:%s, Arg2:%s\n", strings.Join(claims, "|"), strings.Join(ents, "|"))
	}
	b.WriteString("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n")
	b.WriteString("\n[events]\n\n[attributes]\n")
	if len(claims) > 0 {
		vals := func(vs []string) string {
			out := make([]string, 0, len(vs))
			for _, v := range vs {
				if bv := bratValue(v); bv != "" && !slices.Contains(out, bv) {
					out = append(out, bv)
				}
			}
			return strings.Join(out, "|")
		}
		fmt.Fprintf(&b, "Verdict\tArg:%s, Value:%s\n", strings.Join(claims, "|"), vals(verdicts))
		if len(stances) > 0 {
			fmt.Fprintf(&b, "Stance\tArg:%s, Value:%s\n", strings.Join(claims, "|"), vals(stances))
		}
	}
	return b.String()
}
