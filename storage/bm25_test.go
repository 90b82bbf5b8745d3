package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"daftar/textnorm"
)

// A bm25 written from FTS5's definition (fts5_aux.c: k1 1.2, b 0.75, IDF
// floored at 1e-6, the row's length D summed over the four columns, column
// weights query.Rank), computed in Go from the tokens the index holds: the
// brute force that search's ranking is compared with.

const bm25K1, bm25B = 1.2, 0.75

// rankWeights are the column weights of query.Rank, in column order
// title_fold, text_fold, title_stem, text_stem.
var rankWeights = [4]float64{10, 4, 3, 1}

// phrase is one quoted string of an FTS5 expression: tokens that must
// follow each other, the last one a prefix when prefix is set.
type phrase struct {
	tokens []string
	prefix bool
}

// phrasesOf lists the phrases of an expression made by query.FTS5, in
// order (FTS5 numbers them the same way).
func phrasesOf(expr string) []phrase {
	var out []phrase
	for i := 0; i < len(expr); i++ {
		if expr[i] != '"' {
			continue
		}
		var sb strings.Builder
		for i++; i < len(expr); i++ {
			if expr[i] == '"' {
				if i+1 < len(expr) && expr[i+1] == '"' {
					sb.WriteByte('"')
					i++
					continue
				}
				break
			}
			sb.WriteByte(expr[i])
		}
		p := phrase{prefix: i+1 < len(expr) && expr[i+1] == '*'}
		for _, t := range textnorm.Tokens(sb.String()) {
			p.tokens = append(p.tokens, t.Text)
		}
		out = append(out, p)
	}
	return out
}

// count returns how often p occurs in toks (overlapping occurrences too,
// as FTS5 counts instances).
func (p phrase) count(toks []string) int {
	n := 0
	for i := 0; i+len(p.tokens) <= len(toks); i++ {
		if p.at(toks[i:]) {
			n++
		}
	}
	return n
}

func (p phrase) at(toks []string) bool {
	last := len(p.tokens) - 1
	for j, want := range p.tokens {
		if j == last && p.prefix {
			if !strings.HasPrefix(toks[j], want) {
				return false
			}
		} else if toks[j] != want {
			return false
		}
	}
	return true
}

// scorer computes bm25 for one query over the archive.
type scorer struct {
	phrases []phrase
	idf     []float64
	avgdl   float64
}

// newScorer reads the statistics bm25 needs: the row count and token total
// of the index (its averages record) and, per phrase, how many rows hold it.
func newScorer(ctx context.Context, q querier, expr string) (*scorer, error) {
	nRow, nToken, err := indexTotals(ctx, q)
	if err != nil {
		return nil, err
	}
	sc := &scorer{phrases: phrasesOf(expr)}
	if nRow > 0 {
		sc.avgdl = float64(nToken) / float64(nRow)
	}
	for _, p := range sc.phrases {
		expr := `"` + strings.ReplaceAll(strings.Join(p.tokens, " "), `"`, `""`) + `"`
		if p.prefix {
			expr += "*"
		}
		var nHit int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM article_fts WHERE article_fts MATCH ?`, expr).Scan(&nHit); err != nil {
			return nil, err
		}
		idf := math.Log((float64(nRow) - float64(nHit) + 0.5) / (float64(nHit) + 0.5))
		if idf <= 0 {
			idf = 1e-6
		}
		sc.idf = append(sc.idf, idf)
	}
	return sc, nil
}

// score is -bm25 (higher is better) of a row whose indexed columns hold
// these tokens; the arithmetic is FTS5's, term by term.
func (sc *scorer) score(cols *[4][]string) float64 {
	d := 0
	for _, c := range cols {
		d += len(c)
	}
	score := 0.0
	for i, p := range sc.phrases {
		freq := 0.0
		for c, toks := range cols {
			freq += float64(p.count(toks)) * rankWeights[c]
		}
		score += sc.idf[i] * ((freq * (bm25K1 + 1.0)) / (freq + bm25K1*(1-bm25B+bm25B*float64(d)/sc.avgdl)))
	}
	return score
}

// indexColumns returns the tokens FTS5 indexed for an article.
func indexColumns(title, text string) [4][]string {
	var cols [4][]string
	for i, s := range indexForms(title, text) {
		toks := textnorm.Tokens(s)
		cols[i] = make([]string, len(toks))
		for j, t := range toks {
			cols[i][j] = t.Text
		}
	}
	return cols
}

// indexTotals reads the FTS5 averages record (rowid 1 of article_fts_data):
// the number of rows, then the token total of each column, as varints;
// empty while the index is.
func indexTotals(ctx context.Context, q querier) (nRow, nToken int64, err error) {
	var rec []byte
	err = q.QueryRowContext(ctx, `SELECT block FROM article_fts_data WHERE id = 1`).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && len(rec) == 0) { // an empty index
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	vals := make([]int64, 0, 5)
	for len(rec) > 0 {
		v, n := sqliteVarint(rec)
		if n == 0 {
			return 0, 0, fmt.Errorf("search index: averages record is damaged")
		}
		vals = append(vals, v)
		rec = rec[n:]
	}
	if len(vals) != 1+len(rankWeights) {
		return 0, 0, fmt.Errorf("search index: averages record holds %d values, want %d", len(vals), 1+len(rankWeights))
	}
	for _, v := range vals[1:] {
		nToken += v
	}
	return vals[0], nToken, nil
}

// sqliteVarint decodes SQLite's variable-length integer (big-endian, 7
// bits a byte, the ninth byte whole); n is 0 when b is cut short.
func sqliteVarint(b []byte) (v int64, n int) {
	var u uint64
	for i := 0; i < 9; i++ {
		if i == len(b) {
			return 0, 0
		}
		if i == 8 {
			return int64(u<<8 | uint64(b[i])), 9
		}
		u = u<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return int64(u), i + 1
		}
	}
	return 0, 0
}

// rankedRow is a match with its true score.
type rankedRow struct {
	seq   int64
	score float64
}

// better orders by score, then by import order.
func better(a, b rankedRow) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.seq < b.seq
}
