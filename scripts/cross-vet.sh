#!/usr/bin/env bash
# Vets and compiles the tests of every package that does not need cgo (all
# but the Fyne GUI) for Windows and macOS, so a break that only shows on
# those systems (a build tag, a Unix-only syscall) shows up on Linux.
#   scripts/cross-vet.sh [GOOS/GOARCH...]   default: windows/amd64 darwin/arm64 darwin/amd64
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(windows/amd64 darwin/arm64 darwin/amd64)
# A package needs cgo here exactly when it imports Fyne (GLFW and OpenGL).
mapfile -t pkgs < <(go list -f '{{.ImportPath}} {{join .Deps " "}}' ./... | awk '!/fyne\.io\/fyne/ {print $1}')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for t in "${targets[@]}"; do
  echo "cross-vet: $t: ${#pkgs[@]} packages"
  GOOS=${t%/*} GOARCH=${t#*/} CGO_ENABLED=0 go vet "${pkgs[@]}"
  GOOS=${t%/*} GOARCH=${t#*/} CGO_ENABLED=0 go test -c -o "$out/" "${pkgs[@]}"
  rm -rf "${out:?}"/*
done
