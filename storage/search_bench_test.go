package storage

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"daftar/query"
	"daftar/textnorm"
)

// benchQueries are 1–3 word queries over the generated corpus (corpusgen's
// vocabulary): frequent and rare words, names, a phrase, a prefix, mixed
// scripts. The second column is the word grep looks for in the comparison.
var benchQueries = [][2]string{
	{"ايران", "إيران"},
	{"اسرائيل", "إسرائيل"},
	{"غالانت", "غالانت"},
	{"وزير الدفاع", "وزير"},
	{`"وزير الدفاع"`, "وزير الدفاع"},
	{"اذربيجان تعاون", "أذربيجان"},
	{"السفارة الإسرائيلية هجوم", "السفارة"},
	{"الحكومة", "الحكومة"},
	{"النفط*", "النفط"},
	{"Gallant", "Gallant"},
	{"embassy attack", "embassy"},
	{"nuclear agreement talks", "nuclear"},
	{"Iran OR Tehran", "Iran"},
	{"pétrole", "pétrole"},
	{"ministre -Bakou", "ministre"},
}

// benchArchivePath returns an archive of n generated articles, built once
// and kept (DAFTAR_BENCH_DB, or a file in the temp folder named by n and
// schema version) because 100,000 articles take minutes to import.
func benchArchivePath(b *testing.B, n int) string {
	b.Helper()
	path := os.Getenv("DAFTAR_BENCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("daftar-search-bench-v%d-%d.db", SchemaVersion(), n))
	}
	ctx := context.Background()
	if s, err := Open(ctx, path); err == nil {
		have := 0
		s.db.QueryRow(`SELECT count(*) FROM articles`).Scan(&have)
		s.Close()
		if have == n {
			return path
		}
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	const batch = 1000
	arts := corpusArticles(20240601, n)
	for i := 0; i < n; i += batch {
		if _, err := s.AddArticles(ctx, arts[i:min(i+batch, n)]); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built %s: %d articles in %v", path, n, time.Since(start).Round(time.Second))
	return path
}

func benchArticles() int {
	if v, err := strconv.Atoi(os.Getenv("DAFTAR_BENCH_ARTICLES")); err == nil && v > 0 {
		return v
	}
	return 2000
}

// BenchmarkSearch runs the queries in turn (top 50 with snippets and
// spans, as the GUI asks) and reports the latency percentiles over all of
// them. DAFTAR_BENCH_ARTICLES sets the archive size (default 2000);
// DAFTAR_BENCH_EXPORT=dir also writes what scripts/bench-search.sh needs to
// compare with the sqlite3 shell and grep.
func BenchmarkSearch(b *testing.B) {
	n := benchArticles()
	path := benchArchivePath(b, n)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if dir := os.Getenv("DAFTAR_BENCH_EXPORT"); dir != "" {
		if err := exportBenchCorpus(ctx, s, dir); err != nil {
			b.Fatal(err)
		}
	}
	// Warm the page cache and the fold table.
	for _, q := range benchQueries {
		if _, err := s.Search(ctx, SearchRequest{Query: q[0]}); err != nil {
			b.Fatal(err)
		}
	}
	perQuery := make([][]time.Duration, len(benchQueries))
	hits := make([]int, len(benchQueries))
	all := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(benchQueries)
		t0 := time.Now()
		res, err := s.Search(ctx, SearchRequest{Query: benchQueries[k][0], Limit: 50})
		d := time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		hits[k] = res.Total
		all = append(all, d)
		perQuery[k] = append(perQuery[k], d)
	}
	b.StopTimer()
	b.ReportMetric(searchMillis(searchPercentile(all, 50)), "p50-ms")
	b.ReportMetric(searchMillis(searchPercentile(all, 99)), "p99-ms")
	var report strings.Builder
	fmt.Fprintf(&report, "query\tmatches\tp50_ms\tp99_ms\n")
	for k, q := range benchQueries {
		if len(perQuery[k]) == 0 {
			continue
		}
		fmt.Fprintf(&report, "%s\t%d\t%.2f\t%.2f\n", q[0], hits[k], searchMillis(searchPercentile(perQuery[k], 50)), searchMillis(searchPercentile(perQuery[k], 99)))
	}
	if b.N >= len(benchQueries) {
		b.Logf("%d articles, per query:\n%s", n, report.String())
		if dir := os.Getenv("DAFTAR_BENCH_EXPORT"); dir != "" {
			os.WriteFile(filepath.Join(dir, "daftar.tsv"), []byte(report.String()), 0o644)
		}
	}
}

func searchMillis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func searchPercentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

// exportBenchCorpus writes, for scripts/bench-search.sh: queries.tsv (user
// query, FTS5 expression, grep word), fts.csv (the index rows, for a sqlite3
// shell too old to open the archive's contentless_delete table) and
// corpus/*.txt (one file per article, for grep). Existing files are kept.
func exportBenchCorpus(ctx context.Context, s *Store, dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "corpus"), 0o755); err != nil {
		return err
	}
	var qs strings.Builder
	for _, q := range benchQueries {
		parsed, err := query.Parse(q[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(&qs, "%s\t%s\t%s\n", q[0], parsed.FTS5(), q[1])
	}
	if err := os.WriteFile(filepath.Join(dir, "queries.tsv"), []byte(qs.String()), 0o644); err != nil {
		return err
	}
	csvPath := filepath.Join(dir, "fts.csv")
	if _, err := os.Stat(csvPath); err == nil {
		return nil
	}
	f, err := os.Create(csvPath + ".tmp")
	if err != nil {
		return err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"rowid", "title_fold", "text_fold", "title_stem", "text_stem"})
	rows, err := s.db.QueryContext(ctx, `SELECT seq, title, text FROM articles ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var title, text string
		if err := rows.Scan(&seq, &title, &text); err != nil {
			return err
		}
		tf, xf := textnorm.Normalize(title).Text, textnorm.Normalize(text).Text
		w.Write([]string{strconv.FormatInt(seq, 10), tf, xf, textnorm.StemText(tf), textnorm.StemText(xf)})
		if err := os.WriteFile(filepath.Join(dir, "corpus", fmt.Sprintf("%07d.txt", seq)), []byte(title+"\n\n"+text+"\n"), 0o644); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.Rename(csvPath+".tmp", csvPath)
}
