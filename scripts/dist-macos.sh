#!/usr/bin/env bash
# make dist-macos (on a Mac, with Xcode's command line tools): Daftar.app for
# arm64 and amd64, each in a .dmg, into $DIST. Signed with
# $MACOS_SIGN_IDENTITY when it is set (and notarized when the
# MACOS_NOTARY_* variables are set too), ad-hoc signed otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DIST:=dist}" "${GO:=go}"
[ "$(uname -s)" = Darwin ] || { echo "dist-macos: needs macOS (cgo needs Apple's SDK)" >&2; exit 1; }
VERSION=$(scripts/version.sh)
B=build/macos
rm -rf "$B" && mkdir -p "$B" "$DIST"

$GO run ./packaging/disttool icons assets/icon.png "$B/icons" daftar
set_=$B/daftar.iconset && mkdir -p "$set_"
for s in 16 32 128 256 512; do
	cp "$B/icons/hicolor/${s}x${s}/apps/daftar.png" "$set_/icon_${s}x${s}.png"
	[ $s -le 256 ] && cp "$B/icons/hicolor/$((s * 2))x$((s * 2))/apps/daftar.png" "$set_/icon_${s}x${s}@2x.png"
done
iconutil -c icns -o "$B/daftar.icns" "$set_"

for arch in arm64 amd64; do
	clangarch=$arch
	[ $arch = amd64 ] && clangarch=x86_64
	app="$B/$arch/Daftar.app"
	mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
	CGO_ENABLED=1 GOOS=darwin GOARCH=$arch CC="clang -arch $clangarch" MACOSX_DEPLOYMENT_TARGET=11.0 \
		$GO build -trimpath -ldflags "-s -w -X daftar/cli.Version=$VERSION" -o "$app/Contents/MacOS/daftar" .
	sed "s/@VERSION@/$VERSION/g" packaging/macos/Info.plist >"$app/Contents/Info.plist"
	cp "$B/daftar.icns" "$app/Contents/Resources/"
	if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
		codesign --force --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
	else
		codesign --force --sign - "$app"
	fi
	dmg="$DIST/Daftar-$VERSION-macos-$arch.dmg"
	rm -f "$dmg"
	ln -s /Applications "$B/$arch/Applications"
	hdiutil create -quiet -volname "Daftar $VERSION" -srcfolder "$B/$arch" -format UDZO "$dmg"
	if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_NOTARY_APPLE_ID:-}" ]; then
		codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$dmg"
		xcrun notarytool submit "$dmg" --wait --apple-id "$MACOS_NOTARY_APPLE_ID" \
			--password "$MACOS_NOTARY_PASSWORD" --team-id "$MACOS_NOTARY_TEAM_ID"
		xcrun stapler staple "$dmg"
	fi
done
ls -l "$DIST"/Daftar-"$VERSION"-macos-*.dmg
