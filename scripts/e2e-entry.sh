#!/usr/bin/env bash
# Real-window check of the bidi text entry (app/bidientry): builds daftar,
# starts it under Xvfb on a fresh archive with the sample articles, types
# Arabic with digits with xdotool into the library search box, an entity's
# name and its note, and has tesseract read each field back from a
# screenshot. A field passes when OCR finds its words in logical order (a
# left-to-right layout of the same text reads "2019 ..." first and fails);
# the saved name and note must also be the typed text exactly. Screenshots
# and the OCR crops go to the folder given as argument (default
# ./e2e-shots/entry).
#
# Needs: Xvfb, xdotool, imagemagick, tesseract with the Arabic data, sqlite3.
set -euo pipefail

shots=$(realpath -m "${1:-e2e-shots/entry}")
mkdir -p "$shots"
work=$(mktemp -d)
bin="$work/daftar"
db="$work/entry.db"
home="$work/home"
mkdir -p "$home"

echo "e2e-entry: building $bin"
go build -o "$bin" .

display=${E2E_DISPLAY:-:11}
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
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.4; }
key() { xdotool key "$@"; sleep 0.4; }
# Arabic is typed on the Arabic keyboard layout (set below), which also
# has the ASCII digits and space: xdotool then needs no remapped spare key,
# whose keysym a busy app reads too late (letters were lost that way).
# Shortcuts need the Latin layout back (their letters are not on the
# Arabic one).
typeText() {
	setxkbmap ara
	sleep 0.3
	xdotool type --delay 150 "$1"
	sleep 0.5
	setxkbmap us
	sleep 0.3
}
# waitFor GEOMETRY: waits until that part of the screen is not blank.
waitFor() {
	for _ in $(seq 1 30); do
		import -window root "$work/wait.png"
		[ "$(convert "$work/wait.png" -crop "$1" +repage -format '%[fx:standard_deviation>0.02]' info:)" = 1 ] && return 0
		sleep 1
	done
	echo "waited in vain for $1"
	return 1
}
annotations() { "$bin" --db "$db" stats --json | sed -n 's/.*"annotations": *\([0-9]*\).*/\1/p' | head -1; }

# inOrder TEXT WORD...: every word occurs in TEXT, each after the previous.
inOrder() {
	local rest=$1
	shift
	for w in "$@"; do
		case $rest in
		*"$w"*) rest=${rest#*"$w"} ;;
		*) return 1 ;;
		esac
	done
}

# checkField SHOT FIELD GEOMETRY WORD...: tesseract reads the field's line
# in screenshot SHOT (enlarged, grey, inverted: the dark theme's light text
# becomes dark on light) and finds the words in logical order. Words are
# cut before a final letter tesseract confuses (ع read as ء).
checkField() {
	local shot=$1 field=$2 geom=$3 read
	shift 3
	convert "$shots/$shot.png" -crop "$geom" +repage -resize 400% -colorspace Gray -negate -level 10%,70% "$shots/$shot-$field.png"
	read=$(tesseract "$shots/$shot-$field.png" - -l ara+eng --psm 7 2>/dev/null |
		sed 's/\xe2\x80[\x8e\x8f]//g' | tr -d '\n\f' | tr -s ' ')
	echo "ocr  $field: $read"
	check "$field reads back in logical order ($*)" inOrder "$read" "$@"
}

HOME=$home DAFTAR_USER=e2e "$bin" --db "$db" >"$work/app.log" 2>&1 &
app=$!
xdotool search --sync --name Daftar >/dev/null
sleep 6 # the first-start dialog comes after the window
shot 01-first-start
key ctrl+a
xdotool type "e2e tester"
key Return
click 433 518 # Load sample articles
for _ in $(seq 1 30); do
	[ "$(annotations)" -gt 40 ] && break
	sleep 1
done
check "samples loaded" test "$(annotations)" -gt 40

# The library search box: Arabic words, then digits.
key ctrl+f
typeText "وزير الدفاع 2019"
# Undo inside the field takes the typing back (the placeholder shows),
# redo restores it.
key ctrl+z
shot 02-search-undone 1.5
checkField 02-search-undone placeholder 600x32+10+112 "Search"
key ctrl+y
shot 02-search 1.5
checkField 02-search search-box 400x32+875+112 "وزير" "الدفا" "2019"

# An entity's name (digits between Arabic words) and its note.
click 240 90  # Entities
sleep 2
click 100 204 # the first entity
waitFor 490x32+780+112 || { click 100 204; waitFor 490x32+780+112; }
click 1060 126 # Name
key ctrl+a
typeText "لجنة 2019 للموانئ"
click 1060 370 # Note
typeText "اجتماع 12 مايو في الميناء"
shot 03-entity 1.5
checkField 03-entity name 490x32+780+112 "لجنة" "2019" "للموان"
checkField 03-entity note 490x34+780+336 "اجتما" "12" "مايو" "المينا"
click 730 435 # Save
sleep 1
saved=$(sqlite3 "$db" "select name || '|' || note from entities where note != ''")
echo "db   $saved"
check "the entity's name and note are stored as typed" test "$saved" = "لجنة 2019 للموانئ|اجتماع 12 مايو في الميناء"
shot 04-entity-saved

echo "screenshots in $shots"
exit $failed
