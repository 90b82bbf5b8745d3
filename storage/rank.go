package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"daftar/query"
	"daftar/textnorm"
)

// Ranking: every match of a query is ordered by bm25 exactly as SQLite's
// FTS5 defines it (fts5_aux.c: k1 1.2, b 0.75, IDF floored at 1e-6, the
// row's length D summed over the four columns, column weights query.Rank),
// ties by import order. SQLite computes it at about 0.5 µs a row in this
// build, but most of that cost is reading each row's length from the
// index's docsize table: without that table (columnsize=0) FTS5's bm25
// takes D = -4, which makes every row's score an upper bound of its true
// one (a smaller D only raises a bm25 term). So ranking has two phases:
//
//  1. SQLite orders all matches by that bound, which costs a tenth of bm25;
//  2. Go computes the true score of matches in bound order, from the folded
//     and stemmed forms of their text (the tokens FTS5 indexed), and stops
//     when the next bound is below the page's last true score: no row left
//     can reach the page.
//
// The result is the page a full bm25 sort gives; a test compares both.

const bm25K1, bm25B = 1.2, 0.75

// rankWeights are the column weights of query.Rank, in column order
// title_fold, text_fold, title_stem, text_stem.
var rankWeights = [4]float64{10, 4, 3, 1}

// boundSlack absorbs rounding differences between SQLite's arithmetic and
// ours (the same formula, but log may round differently).
const boundSlack = 1e-9

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

// boundHolds reports whether FTS5's score with D = -4 bounds the true one
// from above: with fewer than 3 tokens a row on average, the denominator
// of a matched phrase (weight at least 1) could turn negative.
func (sc *scorer) boundHolds() bool {
	return 1+bm25K1*(1-bm25B+bm25B*-4/sc.avgdl) > 0
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

// better orders by score, then by import order (bm25 ties: the older
// first, as ORDER BY score, rowid did).
func better(a, b rankedRow) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.seq < b.seq
}

// rankBatch is how many matches phase 2 scores at a time (a variable for
// tests, which stop after every row).
var rankBatch = 64

// rankAll returns the matches ranked offset to offset+limit: seqs and
// scores (-bm25, higher is better).
func (s *Store) rankAll(ctx context.Context, from, cond string, qargs []any, expr string, limit, offset int) ([]rankedRow, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	type scored struct {
		sc  *scorer
		err error
	}
	scDone := make(chan scored, 1)
	go func() {
		sc, err := newScorer(ctx, s.db, expr)
		scDone <- scored{sc, err}
	}()
	rows, err := conn.QueryContext(ctx, `SELECT article_fts.rowid, `+query.Rank+` AS bound FROM `+from+` WHERE `+cond+` ORDER BY bound`, qargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var sc *scorer
	want := offset + limit
	var top []rankedRow // the best want rows so far, best first
	batch := make([]int64, 0, rankBatch)
	var next float64 // the bound of the first row not yet scored
	more := true
	for more {
		batch = batch[:0]
		for len(batch) < rankBatch {
			if !rows.Next() {
				more = false
				break
			}
			var seq int64
			var bound float64
			if err := rows.Scan(&seq, &bound); err != nil {
				return nil, err
			}
			next = -bound
			batch = append(batch, seq)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if sc == nil {
			r := <-scDone
			if r.err != nil {
				return nil, r.err
			}
			sc = r.sc
		}
		scoredRows, err := s.scoreRows(ctx, sc, batch)
		if err != nil {
			return nil, err
		}
		for _, r := range scoredRows {
			if len(top) < want || better(r, top[len(top)-1]) {
				i := sort.Search(len(top), func(i int) bool { return better(r, top[i]) })
				top = append(top, rankedRow{})
				copy(top[i+1:], top[i:])
				top[i] = r
				if len(top) > want {
					top = top[:want]
				}
			}
		}
		// Rows come in order of their bound: once the last one read cannot
		// beat the page's last row, no later one can.
		if sc.boundHolds() && len(top) == want && next*(1+boundSlack) < top[len(top)-1].score {
			break
		}
	}
	if offset >= len(top) {
		return nil, nil
	}
	return top[offset:], nil
}

// scoreRows computes the true scores of the articles seqs, on two
// goroutines: folding and stemming their text is most of the work.
func (s *Store) scoreRows(ctx context.Context, sc *scorer, seqs []int64) ([]rankedRow, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	type doc struct {
		seq         int64
		title, text string
	}
	docs, err := queryRows(ctx, s.db, `SELECT seq, title, text FROM articles WHERE seq IN (SELECT value FROM json_each(?))`, []any{jsonInts(seqs)},
		func(rows *sql.Rows) (doc, error) {
			var d doc
			err := rows.Scan(&d.seq, &d.title, &d.text)
			return d, err
		})
	if err != nil {
		return nil, err
	}
	out := make([]rankedRow, len(docs))
	one := func(i int) {
		cols := indexColumns(docs[i].title, docs[i].text)
		out[i] = rankedRow{docs[i].seq, sc.score(&cols)}
	}
	var wg sync.WaitGroup
	half := len(docs) / 2
	wg.Go(func() {
		for i := half; i < len(docs); i++ {
			one(i)
		}
	})
	for i := 0; i < half; i++ {
		one(i)
	}
	wg.Wait()
	return out, nil
}
