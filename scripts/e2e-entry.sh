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

. "$(dirname "$0")/e2e-lib.sh"
e2e_init e2e-entry e2e-shots/entry "$@"
db="$work/entry.db"


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

DAFTAR_USER=e2e app_start --db "$db"
waitFor "^Later$" 150 # the first-start dialog comes after the window
shot 01-first-start 0
key ctrl+a
xdotool type "e2e tester"
key Return
click "^Load sample articles$"
for _ in $(seq 1 30); do
	[ "$(annotations)" -gt 40 ] && break
	sleep 1
done
check "samples loaded" test "$(annotations)" -gt 40

# The library search box: Arabic words, then digits.
search="^entry:Search: "
key ctrl+f
typeText "وزير الدفاع 2019"
# Undo inside the field takes the typing back (the placeholder shows),
# redo restores it.
key ctrl+z
shot 02-search-undone 1.5
checkField 02-search-undone placeholder "$(geom "$search")" "Search"
key ctrl+y
shot 02-search 1.5
checkField 02-search search-box "$(geom "$search")" "وزير" "الدفا" "2019"

# An entity's name (digits between Arabic words) and its note: the name
# and note entries are the editor's first and second without placeholder.
tab entities
read -r x y w h <<<"$(at "^Name$")" # the table's header
for _ in 1 2 3; do                    # a click while the window is busy can get lost
	xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h + 18)) click 1
	at "^Merge into…$" 25 >/dev/null && break
done
click "^entry:$" 1 # Name
key ctrl+a
typeText "لجنة 2019 للموانئ"
click "^entry:$" 2 # Note
typeText "اجتماع 12 مايو في الميناء"
shot 03-entity 1.5
checkField 03-entity name "$(geom "^entry:$")" "لجنة" "2019" "للموان"
checkField 03-entity note "$(at "^entry:$" 5 2 | awk '{ printf "%dx%d+%d+%d", $3, $4, $1, $2 }')" "اجتما" "12" "مايو" "المينا"
click "^Save$"
sleep 1
saved=$(sqlite3 "$db" "select name || '|' || note from entities where note != ''")
echo "db   $saved"
check "the entity's name and note are stored as typed" test "$saved" = "لجنة 2019 للموانئ|اجتماع 12 مايو في الميناء"
shot 04-entity-saved

echo "screenshots in $shots"
exit $failed
