#!/usr/bin/env bash
# make dist-check: proves what this Linux machine can about the packages in
# $DIST. The .deb installs with apt and the installed daftar runs its
# commands; the .desktop and AppStream files validate; the .tar.xz holds the
# binary, the desktop file, every icon size and the metainfo; Daftar.exe
# from the portable zip is a PE32+ GUI program with icon and version
# resource; the installer is a Windows program; daftar-cli runs. The .deb is
# removed again at the end unless it was installed before.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DIST:=dist}" "${GO:=go}"
VERSION=$(scripts/version.sh)
ARCH=$($GO env GOARCH)
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "dist-check: $*" >&2; exit 1; }
need() { [ -f "$1" ] || fail "$1 is missing (run make dist)"; }

deb="$DIST/daftar_${VERSION}_${ARCH}.deb"
need "$deb"
was_installed=$(dpkg-query -W -f='${Status}' daftar 2>/dev/null | grep -c "install ok installed" || true)
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "./$deb" >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt install ./$deb failed"; }
[ "$was_installed" = 1 ] || trap '$sudo apt-get remove -y -qq daftar >/dev/null 2>&1; rm -rf "$tmp"' EXIT
daftar=$(command -v daftar) || fail "daftar is not on PATH after installing the .deb"
[ "$daftar" = /usr/bin/daftar ] || fail "daftar found at $daftar, want /usr/bin/daftar"
got=$("$daftar" --version)
case "$got" in "daftar $VERSION "*) ;; *) fail "installed daftar --version says '$got', want 'daftar $VERSION …'" ;; esac
echo "ok  .deb installs; $daftar --version: $got"

# A short article, imported and exported by the installed binary.
printf '%s\n\n%s\n' "Dam talks resume in Khartoum" \
	"Negotiators from three countries met on Tuesday to resume talks on the dam. وقال الوزير إن المحادثات ستستمر." >"$tmp/story.txt"
"$daftar" --db "$tmp/a.db" import "$tmp/story.txt" >"$tmp/import.log" || fail "installed daftar import failed: $(cat "$tmp/import.log")"
"$daftar" --db "$tmp/a.db" export --format jsonl --out "$tmp/out.jsonl" >/dev/null || fail "installed daftar export failed"
grep -q "المحادثات ستستمر" "$tmp/out.jsonl" || fail "export $tmp/out.jsonl lacks the imported Arabic text"
echo "ok  installed daftar imports and exports (jsonl)"

desktop-file-validate /usr/share/applications/org.daftar.app.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net /usr/share/metainfo/org.daftar.app.metainfo.xml >"$tmp/as.log" || { cat "$tmp/as.log"; fail "appstreamcli validate"; }
grep -q "release version=\"$VERSION\"" /usr/share/metainfo/org.daftar.app.metainfo.xml || fail "metainfo does not name release $VERSION"
for s in 16 24 32 48 64 128 256 512; do
	[ -f "/usr/share/icons/hicolor/${s}x$s/apps/org.daftar.app.png" ] || fail "the .deb installed no ${s}x$s icon"
done
echo "ok  desktop-file-validate and appstreamcli validate; 8 icon sizes in /usr/share/icons/hicolor"

tarball="$DIST/daftar-$VERSION-linux-$ARCH.tar.xz"
need "$tarball"
tar -tJf "$tarball" >"$tmp/tar.list"
for f in bin/daftar share/applications/org.daftar.app.desktop share/metainfo/org.daftar.app.metainfo.xml \
	share/icons/hicolor/{16x16,24x24,32x32,48x48,64x64,128x128,256x256,512x512}/apps/org.daftar.app.png; do
	grep -qx "daftar-$VERSION-linux-$ARCH/$f" "$tmp/tar.list" || fail "$tarball lacks $f"
done
echo "ok  $tarball holds the binary, desktop file, metainfo and 8 icon sizes"

zipf="$DIST/Daftar-$VERSION-windows-amd64-portable.zip"
need "$zipf"
(cd "$tmp" && unzip -q "$OLDPWD/$zipf")
[ -d "$tmp/Daftar-$VERSION/daftar-portable" ] || fail "$zipf lacks the daftar-portable folder"
$GO run ./packaging/disttool pecheck "$tmp/Daftar-$VERSION/Daftar.exe" "$VERSION"
if command -v x86_64-w64-mingw32-objdump >/dev/null; then
	x86_64-w64-mingw32-objdump -p "$tmp/Daftar-$VERSION/Daftar.exe" | grep -E "^(Magic|Subsystem)" | sed 's/^/    /'
fi
setup="$DIST/Daftar-$VERSION-setup.exe"
need "$setup"
$GO run ./packaging/disttool pecheck-installer "$setup" "$VERSION"
echo "ok  $setup"

for f in "$DIST"/daftar-cli-"$VERSION"-{linux-amd64,linux-arm64,darwin-amd64,darwin-arm64}.tar.xz "$DIST"/daftar-cli-"$VERSION"-windows-{amd64,arm64}.zip; do
	need "$f"
done
tar -C "$tmp" -xJf "$DIST/daftar-cli-$VERSION-linux-$ARCH.tar.xz"
got=$("$tmp/daftar-cli-$VERSION-linux-$ARCH/daftar-cli" --version)
case "$got" in "daftar $VERSION "*) ;; *) fail "daftar-cli --version says '$got'" ;; esac
echo "ok  daftar-cli for 6 systems; linux-$ARCH --version: $got"
