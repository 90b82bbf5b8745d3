#!/usr/bin/env bash
# Fuzzes every fuzz target of the module, one at a time, for SECONDS each
# (default 5), and prints the time each took and the total. A crasher is
# written by go test into the package's testdata/fuzz/FuzzX/ folder: commit
# it and it runs as a regression test with every `go test`. Exits non-zero
# when any target failed; the others still run.
#
# Go 1.26's fuzz coordinator can end a run that found nothing with a bare
# "context deadline exceeded" when a starved worker misses the -fuzztime
# deadline (go.dev/issue/75804, fixed in Go 1.27). Such a run wrote no
# crasher, so it is run once more; only a second bare deadline with no
# crasher is reported as a flake, and flakes do not fail the run.
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
flaky=()
count=0

# corpus_count DIR TARGET: how many inputs the target's corpus folder holds.
corpus_count() {
	find "$1/testdata/fuzz/$2" -type f 2>/dev/null | wc -l
}

# deadline_only OUTPUT: the run failed only with the coordinator's race.
deadline_only() {
	! grep -qE 'panic:|Failing input written|fuzz_test\.go:[0-9]+:|\.go:[0-9]+: ' <<<"$1" &&
		grep -q 'context deadline exceeded' <<<"$1"
}

# fuzz_one DIR TARGET: runs one target; prints its output; exit status is
# go test's.
fuzz_one() {
	go test -run='^$' -fuzz="^$2\$" -fuzztime="${secs}s" "${par[@]}" "$1" 2>&1
}

start=$(date +%s)
for dir in "${dirs[@]}"; do
	dir=./${dir#./}
	for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go | sed 's/^func //' | sort -u); do
		t0=$(date +%s)
		before=$(corpus_count "$dir" "$target")
		status=ok
		for attempt in 1 2; do
			if out=$(fuzz_one "$dir" "$target"); then
				status=ok
				break
			fi
			if [ "$(corpus_count "$dir" "$target")" -eq "$before" ] && deadline_only "$out"; then
				status=FLAKY
				continue
			fi
			status=FAIL
			break
		done
		case $status in
		FAIL)
			failed+=("$dir $target")
			printf '%s\n' "$out" | tail -20 >&2
			;;
		FLAKY)
			flaky+=("$dir $target")
			echo "$dir $target: twice a bare 'context deadline exceeded' and no crasher (go.dev/issue/75804)" >&2
			;;
		esac
		count=$((count + 1))
		printf '%-4s %4ds  %s %s\n' "$status" $(($(date +%s) - t0)) "$dir" "$target"
	done
done
echo "fuzzed $count targets for ${secs}s each in $(($(date +%s) - start))s"
if [ ${#flaky[@]} -gt 0 ]; then
	printf 'flaky (not a failure): %s\n' "${flaky[@]}" >&2
fi
if [ ${#failed[@]} -gt 0 ]; then
	printf 'failed: %s\n' "${failed[@]}" >&2
	echo "crashers are in each package's testdata/fuzz/; commit them as regression tests" >&2
	exit 1
fi
