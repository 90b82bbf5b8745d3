#!/usr/bin/env bash
# make dist-cli: daftar-cli, the command line without the GUI (pure Go, no
# cgo), for every system Daftar supports, into $DIST: a .zip for Windows, a
# .tar.xz elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DIST:=dist}" "${GO:=go}"
: "${CLI_TARGETS:=linux/amd64 linux/arm64 windows/amd64 windows/arm64 darwin/amd64 darwin/arm64}"
VERSION=$(scripts/version.sh)
mkdir -p "$DIST" build/cli
for t in $CLI_TARGETS; do
	os=${t%/*} arch=${t#*/}
	name="daftar-cli-$VERSION-$os-$arch"
	exe=daftar-cli
	[ "$os" = windows ] && exe=daftar-cli.exe
	rm -rf "build/cli/$name" && mkdir -p "build/cli/$name"
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch $GO build -trimpath \
		-ldflags "-s -w -X daftar/cli.Version=$VERSION" -o "build/cli/$name/$exe" ./cmd/daftar-cli
	if [ "$os" = windows ]; then
		rm -f "$DIST/$name.zip"
		(cd build/cli && zip -qr -X "$OLDPWD/$DIST/$name.zip" "$name")
	else
		tar -C build/cli --owner=0 --group=0 -cJf "$DIST/$name.tar.xz" "$name"
	fi
done
ls -l "$DIST"/daftar-cli-"$VERSION"-*
