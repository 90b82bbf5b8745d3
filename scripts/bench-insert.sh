#!/usr/bin/env bash
# Inserting N generated articles (default 10,000): Daftar's AddArticles
# against the floor, the sqlite3 shell loading the same rows into a plain
# FTS5 table in one transaction.
#
#   scripts/bench-insert.sh [N]
#
# The floor does less than Daftar: sqlite3 indexes title and text once with
# the unicode61 tokenizer; Daftar also stores the article row (with sha256
# and simhash for dedupe), folds and stems the text in Go and indexes four
# columns (folded and stemmed title and text).
set -euo pipefail

n=${1:-10000}
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "bench-insert: sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

echo "generating $n articles ..." >&2
go run ./tools/gencorpus -n "$n" >"$tmp/articles.jsonl"
# JSONL -> one JSON array, for sqlite3's json_each(readfile(...)).
sed '1s/^/[/; $!s/$/,/; $s/$/]/' "$tmp/articles.jsonl" >"$tmp/articles.json"
bytes=$(wc -c <"$tmp/articles.jsonl")

echo "sqlite3: loading into a fresh FTS5 table ..." >&2
t0=$(now)
sqlite3 "$tmp/floor.db" <<SQL >/dev/null
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE VIRTUAL TABLE t USING fts5(title, text);
BEGIN;
INSERT INTO t(title, text)
  SELECT json_extract(value, '\$.title'), json_extract(value, '\$.text')
  FROM json_each(readfile('$tmp/articles.json'));
COMMIT;
SQL
t1=$(now)
rows=$(sqlite3 "$tmp/floor.db" 'SELECT count(*) FROM t')
[ "$rows" -eq "$n" ] || { echo "bench-insert: sqlite3 loaded $rows rows, want $n" >&2; exit 1; }
floor=$(awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { print n / (b - a) }')

echo "go: BenchmarkAddArticles ($n articles, 1,000 per call; 10,000 one per call) ..." >&2
gobench=$(DAFTAR_BENCH_INSERT_ARTICLES=$n go test -run '^$' -bench 'AddArticles' -benchtime 1x -count 1 -timeout 3h ./storage/)
metric() { echo "$gobench" | awk -v name="$1" -v unit="$2" '$1 ~ name { for (i = 1; i < NF; i++) if ($(i+1) == unit) print $i }'; }
batch1000=$(metric 'batch=1000-' articles/s)
batch1=$(metric 'batch=1-' articles/s)

printf '\n%d articles, %d bytes of JSONL, %s cores, load average %s\n' "$n" "$bytes" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %12s\n' "what" "articles/s"
printf '%-58s %12.0f\n' "sqlite3 shell, FTS5(title, text), one transaction (floor)" "$floor"
printf '%-58s %12.0f   (%.2fx the floor)\n' "daftar AddArticles, 1,000 per call ($n articles)" "$batch1000" "$(awk -v a="$batch1000" -v b="$floor" 'BEGIN { print a / b }')"
printf '%-58s %12.0f\n' "  first tenth of the articles" "$(metric 'batch=1000-' first-tenth-articles/s)"
printf '%-58s %12.0f\n' "  last tenth of the articles" "$(metric 'batch=1000-' last-tenth-articles/s)"
printf '%-58s %12.0f\n' "  largest write-ahead log after a call (MB)" "$(metric 'batch=1000-' wal-max-MB)"
printf '%-58s %12.0f\n' "daftar AddArticles, 1 per call (at most 10,000 articles)" "$batch1"
