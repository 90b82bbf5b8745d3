#!/usr/bin/env bash
# bench-search.sh [N] — archive search latency of Daftar side by side with
# the sqlite3 shell running the same FTS5 MATCH on the same index rows, and
# with grep -c over the same corpus written as one file per article.
#
#   scripts/bench-search.sh            # 10,000 articles
#   scripts/bench-search.sh 100000     # the issue's size (building takes a while, then it is kept)
#
# Environment: DAFTAR_BENCH_DIR (work folder, default /tmp/daftar-bench-N),
# RUNS (grep repetitions per query, default 5), SHELL_RUNS (sqlite3
# repetitions per query inside one shell session, default 7); both after
# one warm-up run, medians reported.
#
# What is compared, per query:
#   daftar  Store.Search: parse + count + top 50 of all matches by bm25 +
#           load texts + spans and snippets (median of the benchmark's runs
#           of that query; GO_RUNS runs of each, default 40)
#   sqlite3 the shell on a copy of the same index rows (shell.db):
#           SELECT count(*) and the top 50 rowids by the
#           same bm25 over the same MATCH expression, ranking every match
#           ("all"), the median "Run Time: real" of both statements; no
#           texts, spans or snippets; "ratio" is daftar / sqlite3.
#   grep    grep -rcF WORD over corpus/ (median wall time); grep does no
#           folding or stemming, so its counts differ for Arabic words,
#           and it ignores the query's other words. RUNS=0 skips it.
set -euo pipefail

N=${1:-${DAFTAR_BENCH_ARTICLES:-10000}}
RUNS=${RUNS:-5}
SHELL_RUNS=${SHELL_RUNS:-7}
WORK=${DAFTAR_BENCH_DIR:-/tmp/daftar-bench-$N}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK"

command -v sqlite3 >/dev/null || { echo "sqlite3 shell not installed (Debian: apt-get install sqlite3)" >&2; exit 1; }

echo "== building/using an archive of $N articles in $WORK"
(cd "$ROOT" && DAFTAR_BENCH_ARTICLES=$N DAFTAR_BENCH_DB="$WORK/archive.db" DAFTAR_BENCH_EXPORT="$WORK" \
	go test -run '^$' -bench '^BenchmarkSearch$' -benchtime "$((15 * ${GO_RUNS:-40}))x" -timeout 3h ./storage/) | tee "$WORK/go-bench.txt"

# The archive's index is FTS5 with contentless_delete=1 (SQLite >= 3.43).
# The shell gets a copy of the same index rows in a plain contentless FTS5
# table (same tokenizer, same columns, same bm25), whatever its version.
SHELLDB="$WORK/shell.db"
if [ ! -s "$SHELLDB" ]; then
	echo "== loading the same index rows into $SHELLDB"
	rm -f "$SHELLDB"
	sqlite3 "$SHELLDB" <<-SQL
		CREATE VIRTUAL TABLE article_fts USING fts5(title_fold, text_fold, title_stem, text_stem,
		    content = '', tokenize = 'unicode61 remove_diacritics 0');
		CREATE TABLE staging(rowid_ INTEGER, title_fold TEXT, text_fold TEXT, title_stem TEXT, text_stem TEXT);
		.import --csv --skip 1 $WORK/fts.csv staging
		INSERT INTO article_fts(rowid, title_fold, text_fold, title_stem, text_stem)
		    SELECT rowid_, title_fold, text_fold, title_stem, text_stem FROM staging;
		DROP TABLE staging;
		INSERT INTO article_fts(article_fts) VALUES('optimize');
		VACUUM;
	SQL
fi
echo "== sqlite3 $(sqlite3 --version | awk '{print $1}') ranks $SHELLDB"

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "-"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}}'; }
now_ms() { date +%s%N | awk '{printf "%.3f\n", $1/1e6}'; }

RANK="bm25(article_fts, 10.0, 4.0, 3.0, 1.0)"
# shell_ms DB SQL...: median over SHELL_RUNS (after one warm-up run) of the
# summed "Run Time: real" of the statements, in one shell session. .timer
# only reports when the SQL comes on standard input.
shell_ms() {
	local db=$1
	shift
	local script=".timer on"$'\n' n=$#
	for _ in $(seq $((SHELL_RUNS + 1))); do
		for stmt in "$@"; do script+="$stmt"$'\n'; done
	done
	printf '%s' "$script" | sqlite3 "$db" 2>&1 |
		awk -v n="$n" '/^Run Time/ {s += $4; k++; if (k % n == 0) {if (k > n) print s * 1000; s = 0}}' | median
}
printf '\n%10s %12s %13s %7s %10s %12s %10s   %s\n' "matches" "daftar p50" "sqlite3 all" "ratio" "sqlite3 n" "grep -c" "grep n" "query"
while IFS=$'\t' read -r q expr word; do
	e=${expr//\'/\'\'}
	m="article_fts MATCH '$e'"
	count=$(sqlite3 "$SHELLDB" "SELECT count(*) FROM article_fts WHERE $m;")
	# The same MATCH, every match ranked by the same bm25, with the count.
	all_ms=$(shell_ms "$SHELLDB" "SELECT count(*) FROM article_fts WHERE $m;" \
		"SELECT rowid FROM article_fts WHERE $m ORDER BY $RANK LIMIT 50;")
	# grep over the files: wall time including process start, median of
	# RUNS after a warm-up run.
	gtimes=()
	ghits=0
	for i in $(seq $((RUNS > 0 ? RUNS + 1 : 0))); do
		t0=$(now_ms)
		ghits=$(grep -rcF -- "$word" "$WORK/corpus" | grep -vc ':0$' || true)
		t1=$(now_ms)
		[ "$i" -gt 1 ] && gtimes+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f\n", b-a}')")
	done
	grep_ms=$(printf '%s\n' "${gtimes[@]}" | median)
	daftar_ms=$(awk -F'\t' -v q="$q" '$1 == q {print $3}' "$WORK/daftar.tsv")
	daftar_n=$(awk -F'\t' -v q="$q" '$1 == q {print $2}' "$WORK/daftar.tsv")
	ratio=$(awk -v a="$daftar_ms" -v b="$all_ms" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	printf '%10s %9s ms %10.2f ms %6sx %10s %9s ms %10s   %s\n' "$daftar_n" "$daftar_ms" "$all_ms" "$ratio" "$count" "$grep_ms" "$ghits" "$q"
done <"$WORK/queries.tsv"
echo
grep -E 'p50-ms|p99-ms' "$WORK/go-bench.txt" || true
echo "(nproc: $(nproc); daftar figures are the Go benchmark's per-query medians over all its runs)"
