#!/usr/bin/env bash
# Real-window check of the import preview: a fresh archive under Xvfb, a
# folder holding a Nexis Uni text export and a generated WARC crawl chosen
# with "Import folder…", the preview's summary read back with tesseract,
# then Import, and the archive counted with the command line. Screenshots
# of each step go into the folder given as argument (default
# ./e2e-shots-news).
#
# Needs: Xvfb, xdotool, imagemagick (import), tesseract, and the GUI build
# prerequisites. E2E_DISPLAY chooses the X display (default: a random one).
set -euo pipefail

shots=$(realpath -m "${1:-e2e-shots-news}")
mkdir -p "$shots"
work=$(mktemp -d)
bin="$work/daftar"
db="$work/news.db"
home="$work/home"
mkdir -p "$home/news"

go build -o "$bin" .
cat >"$home/news/nexis-batch.txt" <<'NEXIS'
Harbour reopens after storm

The Coastal Ledger

March 3, 2019 Sunday

Length: 11 words

Body

The harbour reopened on Sunday after a week of repairs.

End of Document

إعادة فتح الميناء

صحيفة الساحل

March 4, 2019 Monday

Length: 8 words

Body

أعيد فتح الميناء يوم الأحد بعد أسبوع من الإصلاحات.

End of Document
NEXIS
go run ./tools/gencorpus -n 40 -warc -gz >"$home/news/crawl.warc.gz"

display=${E2E_DISPLAY:-:$((90 + RANDOM % 9))}
Xvfb "$display" -screen 0 1400x900x24 >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
	cp "$work/app.log" "$shots/app.log" 2>/dev/null || true
	if [ -n "$app" ]; then kill "$app" 2>/dev/null && wait "$app" 2>/dev/null || true; fi
	kill "$xvfb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
sleep 1

failed=0
check() { # check DESCRIPTION COMMAND...
	if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; failed=1; fi
}
shot() { sleep "${2:-1}"; import -window root "$shots/$1.png"; echo "shot $1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }
# waitText NAME TEXT: take screenshots until tesseract reads TEXT (at most
# 90 s: the first frame of a loaded machine can take a while), keep the last.
waitText() {
	for _ in $(seq 45); do
		import -window root "$shots/$1.png"
		if tesseract "$shots/$1.png" - 2>/dev/null | tr '\n' ' ' | grep -q "$2"; then
			echo "shot $1.png"
			return 0
		fi
		sleep 2
	done
	echo "FAIL waiting for \"$2\" (last screen: $1.png)"
	failed=1
	return 1
}

# The file dialogs open in $HOME.
HOME="$home" "$bin" --db "$db" >"$work/app.log" 2>&1 &
app=$!
waitText 01-welcome "Your name"
click 680 471 # the name dialog's Save
shot 02-named 2
click 751 522 # the welcome screen's "Import folder…"
waitText 03-folder-dialog "Open Folder"
click 485 235 # the "news" folder
sleep 1.5
click 1054 698 # Open
check "the preview names both formats and counts 42 articles" waitText 04-preview "Nexis Uni + warc, 42 articles"
click 307 578 # Import
waitText 05-summary "Import summary"
kill "$app" && wait "$app" 2>/dev/null || true
app=""
n=$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)
check "42 articles imported (2 Nexis, 40 WARC pages): $n" test "$n" = 42
exit "$failed"
