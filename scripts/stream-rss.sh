#!/usr/bin/env bash
# Peak memory of importing one big JSONL file: N generated articles (about
# 3 KB each, default 100,000, some 300 MB) imported into a fresh archive by
# `daftar import`, measured by GNU time. The file is streamed in batches of
# 1,000 records, so the peak should not grow with N.
#
#   scripts/stream-rss.sh [N]
set -euo pipefail

n=${1:-100000}
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "stream-rss: GNU time is not installed (apt-get install time)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/daftar" .
echo "generating $n articles ..." >&2
go run ./tools/gencorpus -n "$n" >"$tmp/articles.jsonl"
echo "file: $(du -h "$tmp/articles.jsonl" | cut -f1)"
/usr/bin/time -v "$tmp/daftar" --db "$tmp/a.db" import "$tmp/articles.jsonl" >"$tmp/out" 2>"$tmp/time"
tail -n 2 "$tmp/out"
grep -E "Maximum resident|Elapsed" "$tmp/time"
