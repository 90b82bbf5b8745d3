#!/usr/bin/env bash
# make dist-windows: Daftar.exe cross-built with mingw-w64 (GUI subsystem,
# icon, version resource), checked, then the NSIS installer and the portable
# zip, into $DIST.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DIST:=dist}" "${GO:=go}"
: "${WIN_CC:=x86_64-w64-mingw32-gcc}" "${WINDRES:=x86_64-w64-mingw32-windres}"
VERSION=$(scripts/version.sh)
B=build/windows
rm -rf "$B" && mkdir -p "$B" "$DIST"

$GO run ./packaging/disttool icons assets/icon.png "$B/icons" daftar
cp "$B/icons/daftar.ico" packaging/windows/daftar.exe.manifest "$B/"
$GO run ./packaging/disttool rc packaging/windows/daftar.rc "$VERSION" >"$B/daftar.rc"
# go build links every .syso of the main package's folder; this one only
# into windows/amd64 builds, and only for the time of this build.
SYSO=$PWD/rsrc_windows_amd64.syso
trap 'rm -f "$SYSO"' EXIT
(cd "$B" && $WINDRES -O coff -o "$SYSO" daftar.rc)
CC=$WIN_CC GOOS=windows GOARCH=amd64 CGO_ENABLED=1 \
	$GO build -trimpath -ldflags "-s -w -H windowsgui -X daftar/cli.Version=$VERSION" -o "$B/Daftar.exe" .
rm -f "$SYSO"
$GO run ./packaging/disttool pecheck "$B/Daftar.exe" "$VERSION"

makensis -V2 -DVERSION="$VERSION" -DVERSION4="$($GO run ./packaging/disttool numeric "$VERSION")" \
	-DSRC="$PWD/$B" -DOUTFILE="$PWD/$DIST/Daftar-$VERSION-setup.exe" packaging/windows/installer.nsi

# Portable: the daftar-portable folder beside Daftar.exe keeps the archive
# and settings there instead of in %AppData%.
P="$B/Daftar-$VERSION"
mkdir -p "$P/daftar-portable"
cp "$B/Daftar.exe" "$P/"
printf '%s\r\n' "Daftar keeps its archive and settings in this folder because it sits beside Daftar.exe." \
	"Delete or rename the folder to use the archive in %AppData%\\daftar instead." >"$P/daftar-portable/README.txt"
rm -f "$DIST/Daftar-$VERSION-windows-amd64-portable.zip"
(cd "$B" && zip -qr -X "$OLDPWD/$DIST/Daftar-$VERSION-windows-amd64-portable.zip" "Daftar-$VERSION")
ls -l "$DIST/Daftar-$VERSION-setup.exe" "$DIST/Daftar-$VERSION-windows-amd64-portable.zip"
