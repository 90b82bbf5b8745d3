#!/usr/bin/env bash
# Fuzzes every fuzz target of the module, one at a time, for SECONDS each
# (default 5), and prints the time each took and the total. A crasher is
# written by go test into the package's testdata/fuzz/FuzzX/ folder: commit
# it and it runs as a regression test with every `go test`. Exits non-zero
# when any target failed; the others still run.
#
# Usage: scripts/fuzz.sh [SECONDS] [PACKAGE-DIR...]
#   FUZZ_PARALLEL=N  workers per target (default: go's, one per CPU)
set -uo pipefail
cd "$(dirname "$0")/.."

secs=${1:-5}
shift || true
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -eq 0 ]; then
	echo "fuzz.sh: SECONDS must be a positive whole number, not '$secs'" >&2
	exit 2
fi
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
	mapfile -t dirs < <(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u)
fi
par=()
[ -n "${FUZZ_PARALLEL:-}" ] && par=(-parallel "$FUZZ_PARALLEL")

failed=()
count=0
start=$(date +%s)
for dir in "${dirs[@]}"; do
	dir=./${dir#./}
	for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go | sed 's/^func //' | sort -u); do
		t0=$(date +%s)
		if out=$(go test -run='^$' -fuzz="^$target\$" -fuzztime="${secs}s" "${par[@]}" "$dir" 2>&1); then
			status=ok
		else
			status=FAIL
			failed+=("$dir $target")
			printf '%s\n' "$out" | tail -20 >&2
		fi
		count=$((count + 1))
		printf '%-4s %4ds  %s %s\n' "$status" $(($(date +%s) - t0)) "$dir" "$target"
	done
done
echo "fuzzed $count targets for ${secs}s each in $(($(date +%s) - start))s"
if [ ${#failed[@]} -gt 0 ]; then
	printf 'failed: %s\n' "${failed[@]}" >&2
	echo "crashers are in each package's testdata/fuzz/; commit them as regression tests" >&2
	exit 1
fi
