#!/usr/bin/env bash
# Runs the Windows (amd64) test binaries of the pure-Go packages under wine.
#   scripts/wine-test.sh [go test flags] [packages]   (default: the packages below)
# Debian 12's wine 8.0 cannot start Go 1.26 programs as they are, so this
# prepares a wine prefix once (in $DAFTAR_WINE_DIR, default
# ~/.cache/daftar-wine):
#  - scripts/wine/shim.c becomes the prefix's bcryptprimitives.dll, giving
#    Go's runtime the ProcessPrng it needs;
#  - a `go test -overlay` (test builds only, never the shipped binaries) lets
#    os.RemoveAll fall back when wine answers STATUS_NOT_IMPLEMENTED for
#    FileDispositionInformationEx, which every t.TempDir cleanup needs.
# Wine is not Windows: it proves the code builds, starts and passes its tests
# as a Windows program (paths, device names, build tags, error values), not
# every behaviour of every Windows version.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(./platform ./model ./textnorm ./query ./plan ./agreement ./seal ./storage ./ingest ./ingest/annotations ./export ./bundle ./importer ./suggest ./cli)
flags=()
for a in "$@"; do
  case $a in
    ./*) pkgs=() ;;
  esac
done
for a in "$@"; do
  case $a in
    ./*) pkgs+=("$a") ;;
    *) flags+=("$a") ;;
  esac
done

./scripts/apt-ensure.sh wine wine64 mingw-w64
dir=${DAFTAR_WINE_DIR:-$HOME/.cache/daftar-wine}
mkdir -p "$dir"
# The schema checks need xmllint, which the Windows programs cannot run; the
# Linux test run does them.
unset DAFTAR_SPECS
export WINEPREFIX="$dir/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
  wine wineboot -u >/dev/null 2>&1 || true
fi
dll="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [ ! -f "$dll" ] || [ scripts/wine/shim.c -nt "$dll" ] || [ scripts/wine/shim.def -nt "$dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" scripts/wine/shim.c scripts/wine/shim.def -ladvapi32
fi

# The overlay is made from this Go's own source, so it follows Go updates;
# it fails loudly when the line it patches is gone.
src="$(go env GOROOT)/src/internal/syscall/windows/at_windows.go"
over="$dir/overlay-$(go env GOVERSION)"
mkdir -p "$over"
sed 's|^\(\t\tSTATUS_NOT_SUPPORTED\):\(.*\)$|\1, NTStatus(0xC0000002):\2 (wine 8 answers STATUS_NOT_IMPLEMENTED)|' \
  "$src" >"$over/at_windows.go"
if ! grep -q 'NTStatus(0xC0000002)' "$over/at_windows.go"; then
  echo "wine-test: cannot patch $src for wine (the Go version changed?)" >&2
  exit 1
fi
printf '{"Replace":{"%s":"%s"}}\n' "$src" "$over/at_windows.go" >"$over/overlay.json"

# The first wine program of a session starts wineserver and wine's services,
# which inherit its standard output: a test binary started then leaves its
# output pipe open after it exits and go test fails it after a minute ("Test
# I/O incomplete"). Start them here, detached, and stop them at the end.
# A wineserver already running for this prefix (another run) is left alone.
if wineserver -p </dev/null >/dev/null 2>&1; then
  trap 'wineserver -k >/dev/null 2>&1 || true' EXIT
fi
wine cmd /c exit </dev/null >/dev/null 2>&1 || true

GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -overlay "$over/overlay.json" \
  -exec "$PWD/scripts/wine/exec.sh" ${flags[@]+"${flags[@]}"} "${pkgs[@]}"
