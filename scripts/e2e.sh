#!/usr/bin/env bash
# End-to-end run of the real GUI binary: builds daftar, starts it under Xvfb
# on a fresh archive, drives it with xdotool through the whole session of a
# researcher (welcome, samples, search, reader, tagging with the keyboard,
# claim, undo/redo, export, every screen) and saves a screenshot of each step
# into the folder given as argument (default ./e2e-shots). It checks the
# archive and the export with the command line and exits non-zero when a
# check fails.
#
# Needs: Xvfb, xdotool, imagemagick (import), and the GUI build prerequisites.
set -euo pipefail

shots=$(realpath -m "${1:-e2e-shots}")
mkdir -p "$shots"
work=$(mktemp -d)
bin="$work/daftar"
db="$work/e2e.db"
home="$work/home"
mkdir -p "$home"

echo "e2e: building $bin"
go build -o "$bin" .

display=:$((90 + RANDOM % 9))
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
key() { xdotool key "$@"; sleep 0.4; }
# Arabic goes through xdotool's keysym remapping, which drops the first
# character after a remap: a leading space absorbs that.
typeText() { xdotool type --delay 200 " $1"; sleep 0.4; }
annotations() { "$bin" --db "$db" stats --json | sed -n 's/.*"annotations": *\([0-9]*\).*/\1/p' | head -1; }

# Tab positions of the 1280x820 window at the top-left of the screen.
tab() {
	case $1 in
	library) click 50 90 ;; reader) click 145 90 ;; entities) click 240 90 ;; claims) click 332 90 ;;
	sets) click 413 90 ;; overview) click 505 90 ;; settings) click 612 90 ;;
	esac
}

# A folder of 3,000 small stories for the import screen (progress, summary).
mkdir -p "$home/news"
for i in $(seq 1 3000); do
	printf 'Council meeting %d\n\nThe council met on day %d and approved item %d of the budget.\n' "$i" "$i" "$i" >"$home/news/story-$i.txt"
done
printf 'not a story' >"$home/news/broken.pdf"

HOME=$home DAFTAR_USER=e2e "$bin" --db "$db" >"$work/app.log" 2>&1 &
app=$!
sleep 4
shot 01-first-start-annotator
key ctrl+a
xdotool type "e2e tester"
key Return
shot 02-welcome

click 433 518 # Load sample articles
shot 03-library 2
check "samples loaded" test "$(annotations)" -gt 40

key ctrl+f
typeText "اتلفت" # the title has أتلفت: found without hamza
shot 04-search-without-hamza 2

click 300 282 # the first hit
shot 05-reader 2

key slash
typeText "الخطيب"
key Return
shot 06-found-in-article
before=$(annotations)
key 1
shot 07-tagged-person
check "hotkey 1 stored an annotation" test "$(annotations)" -eq $((before + 1))
key l # link to the suggested entity (سامر الخطيب, by folded alias)
shot 08-entity-linked

key slash
key ctrl+a BackSpace
typeText "الحكومة"
key Return
xdotool keydown shift key Left keyup shift
xdotool keydown shift key Left keyup shift
sleep 0.4
key c
shot 09-claim-editor
check "c stored a claim" test "$(annotations)" -eq $((before + 2))

key ctrl+z
shot 10-undo
check "undo removed the claim" test "$(annotations)" -eq $((before + 1))
key ctrl+shift+z
shot 11-redo
check "redo restored the claim" test "$(annotations)" -eq $((before + 2))

tab entities
shot 12-entities 2
tab claims
shot 13-claims 2
tab sets
click 200 127 # the sample set
shot 14-sets 2
click 895 130 # Suggestions…
shot 14b-set-suggestions 2
before=$(annotations)
click 459 297 # the first entity
click 840 607 # Accept all
shot 14c-set-suggestions-accepted 2
check "Accept all in the set's suggestions tagged mentions" test "$(annotations)" -gt "$before"
click 912 607 # Close
sleep 0.5
tab overview
shot 15-overview 2
tab settings
shot 16-settings

key ctrl+e
shot 17-export-dialog
key Return # export csv of the whole archive to ~/daftar-export-csv
shot 18-exported 3
csv=$(ls "$home"/daftar-export-csv/*.csv 2>/dev/null | head -1 || true)
check "the export wrote CSV files" test -n "$csv"
check "the CSV holds readable Arabic" grep -q "الخطيب" "$home"/daftar-export-csv/*.csv
click 189 562 # Close (the export dialog)
sleep 0.5

key ctrl+o
shot 19-import-dialog
click 987 697 # Cancel
key ctrl+n
click 640 400 # into the text box
xdotool type --delay 20 "Port workers end strike in Sfax"
key Return Return
xdotool type --delay 20 "SFAX - Dock workers ended a week-long strike on Sunday, the Ports Office said."
shot 20-paste-article
click 686 632 # Import
shot 21-pasted-article-in-reader 2
check "the pasted article was imported" test "$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)" -eq 6
click 271 49 # the last import's summary
shot 22-import-summary
click 639 632 # Close
sleep 0.5

click 62 49 # Import folder…
shot 24-import-folder-dialog
click 568 245 # the "news" folder
sleep 0.5
click 1054 697 # Open
shot 25-import-progress 0.8
for _ in $(seq 1 60); do
	[ "$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)" -ge 3006 ] && break
	sleep 1
done
shot 26-import-summary 2
check "the folder import stored 3,000 articles" test "$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)" -eq 3006
click 639 632 # Close
tab library
shot 27-library-after-import 2

tab settings
click 240 168 # Light theme
tab reader
shot 23-reader-light 2

echo "screenshots in $shots"
exit $failed
