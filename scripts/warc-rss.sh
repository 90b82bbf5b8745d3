#!/usr/bin/env bash
# Rate and peak memory of importing one big WARC: a generated crawl of N
# news pages (default 84,000, about 1 GB uncompressed, with the requests,
# redirects and images a crawler records) imported into a fresh archive
# by `daftar import`, measured by GNU time. The WARC is streamed record by
# record, so the peak should not grow with N. The file is never kept.
#
#   scripts/warc-rss.sh [N]
set -euo pipefail

n=${1:-84000}
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "warc-rss: GNU time is not installed (apt-get install time)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/daftar" ./cmd/daftar-cli
echo "generating a crawl of $n pages ..." >&2
go run ./tools/gencorpus -n "$n" -warc >"$tmp/crawl.warc"
echo "file: $(du -h "$tmp/crawl.warc" | cut -f1)"
/usr/bin/time -v "$tmp/daftar" --db "$tmp/a.db" import "$tmp/crawl.warc" >"$tmp/out" 2>"$tmp/time"
grep -v '#' "$tmp/out" | tail -n 3
grep -E "Maximum resident|Elapsed|User time|System time" "$tmp/time"
