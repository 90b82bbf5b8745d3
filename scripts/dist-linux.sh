#!/usr/bin/env bash
# make dist-linux: the GUI binary for this Linux machine's architecture, a
# .tar.xz laid out as a prefix (bin/, share/) and a .deb, into $DIST.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DIST:=dist}" "${GO:=go}"
VERSION=$(scripts/version.sh)
ARCH=$($GO env GOARCH)
STAGE=build/linux/stage
rm -rf build/linux
mkdir -p "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/icons" "$STAGE/usr/share/metainfo" "$DIST"

$GO build -trimpath -ldflags "-s -w -X daftar/cli.Version=$VERSION" -o "$STAGE/usr/bin/daftar" .
$GO run ./packaging/disttool icons assets/icon.png build/linux/icons org.daftar.app
cp -r build/linux/icons/hicolor "$STAGE/usr/share/icons/"
cp packaging/linux/org.daftar.app.desktop "$STAGE/usr/share/applications/"
# The release date is the commit's, so the same commit gives the same file.
DATE=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" packaging/linux/org.daftar.app.metainfo.xml \
	>"$STAGE/usr/share/metainfo/org.daftar.app.metainfo.xml"

NAME="daftar-$VERSION-linux-$ARCH"
rm -rf "build/linux/$NAME" && cp -r "$STAGE/usr" "build/linux/$NAME"
tar -C build/linux --owner=0 --group=0 -cJf "$DIST/$NAME.tar.xz" "$NAME"
VERSION=$VERSION ARCH=$ARCH $GO tool nfpm package -f packaging/linux/nfpm.yaml -p deb -t "$DIST/"
ls -l "$DIST/$NAME.tar.xz" "$DIST"/daftar_"$VERSION"_"$ARCH".deb
