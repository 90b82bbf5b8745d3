#!/usr/bin/env bash
# Real-window check of the text surfaces outside the article view (issue 17,
# items 2 and 3): builds daftar, opens a temporary archive holding the
# sample bundle and two Arabic articles from Arabic-named sources, and under
# Xvfb takes screenshots of the welcome dialog, the library table, a
# drop-down with Arabic options, the result line of an Arabic search, the
# overview chart, a dialog with an Arabic name and the list of keys. OCR
# (tesseract -l ara+eng) reads each back; the script fails when a text is
# out of order or when Escape leaves a dialog open.
#
# Usage: scripts/e2e-surfaces.sh [SHOTS-DIR] (default ./e2e-surfaces-shots).
# E2E_DISPLAY picks the X display (default: a random one from :90 to :98).
# Needs: Xvfb, xdotool, setxkbmap, imagemagick, tesseract-ocr(-ara).
set -euo pipefail

. "$(dirname "$0")/e2e-lib.sh"
e2e_init e2e-surfaces e2e-surfaces-shots "$@"
db="$work/surfaces.db"
export LC_ALL=C.UTF-8

# Sources and titles with digits: a bidi slip puts the number on the wrong
# side, which OCR sees.
cat >"$work/news.csv" <<'EOF'
title,text,source,date,language
وزير الدفاع يزور المعبر الحدودي 2019,قال وزير الدفاع إن الزيارة تأتي في إطار خطة 2019 لتأمين الحدود.,وكالة الأنباء 24,2019-03-02,ar
مجلس النواب يقر موازنة 2020,أقر مجلس النواب الموازنة العامة بعد جلسة استمرت 7 ساعات.,صحيفة الغد 2,2020-01-15,ar
EOF
"$bin" --db "$db" import assets/samples/samples.json "$work/news.csv" >"$work/import.log"

# An Arabic layout beside the US one: xdotool then types Arabic without
# remapping keys on the fly, which loses characters.
setxkbmap -layout us,ara

# ocr SHOT X Y W H: the text in that part of a screenshot, scaled up for
# tesseract, without the direction marks it adds.
ocr() {
	convert "$shots/$1.png" -crop "$4x$5+$2+$3" +repage -resize 200% "$work/crop.png"
	tesseract "$work/crop.png" - -l ara+eng --psm 6 2>/dev/null | sed 's/\xe2\x80\x8e//g; s/\xe2\x80\x8f//g' | tee -a "$shots/ocr.txt"
}
# reads NAME PATTERN TEXT: a line of TEXT matches the extended regex PATTERN.
reads() { check "$1" grep -qE "$2" <<<"$3"; }
lacks() { check "$1" bash -c '! grep -qE "$0" <<<"$1"' "$2" "$3"; }
entities() { "$bin" --db "$db" stats --json | sed -n 's/.*"entities": *\([0-9]*\).*/\1/p' | head -1; }
: >"$shots/ocr.txt"

DAFTAR_USER=e2e app_start --db "$db"
waitFor "^Later$" 150 # the first frame takes a while on a busy machine
shot 01-welcome-dialog
reads "the welcome dialog is shown" "Welcome to Daftar" "$(ocr 01-welcome-dialog 390 300 500 220)"
key Escape
shot 02-library
lacks "Escape closed the welcome dialog" "Welcome to Daftar|Recorded on every" "$(ocr 02-library 390 300 500 220)"

# The title column: Arabic titles end (on the left) with their year.
titles=$(ocr 02-library 45 265 470 280)
reads "library: an Arabic title with its year in logical order" "^مجلس النواب يقر موازنة 2020$" "$titles"
reads "library: a second one" "^وزير الدفاع يزور المعبر الحدودي 2019$" "$titles"
reads "library: an English title stays left to right" "^Youth unemployment fell to 11% in Nairobi" "$titles"
sources=$(ocr 02-library 515 265 190 80)
reads "library: an Arabic source with a number" "^صحيف. الغد 2$" "$sources"

# The Source drop-down: its Arabic options, then one picked by keyboard.
for _ in 1 2 3; do # a click while the window is busy can get lost
	click "^select:[(]any[)]$" 2 # Source (after Language)
	shot 03-select-open
	options=$(ocr 03-select-open 270 248 195 60)
	grep -q "2" <<<"$options" && break
done
reads "drop-down: Arabic option with a number" "^صحيف. الغد 2$" "$options"
reads "drop-down: a second one" "^وكالة .*24$" "$options"
key Down Down Down Return
shot 04-select-picked 2
reads "drop-down: the choice on its button" "^وكالة .*24$" "$(ocr 04-select-picked 270 152 175 30)"
reads "drop-down: the library shows that source's article" "^1 of 7 articles" "$(ocr 04-select-picked 0 195 400 30)"

# The result line of an Arabic search with a year: the query is isolated,
# so count, dash and time keep their places; the year ends the query.
key ctrl+f
xdotool type --delay 200 "وزير الدفاع 2019"
shot 05-result-line 3
# (Typing Arabic through xdotool may drop a letter, so the count may be 0.)
reads "result line: count first, then the query read right to left, then dash and time" \
	"^[0-9]+ of 7 articles match for 2019 [^ 0-9a-zA-Z]+.* [—-] [0-9]" "$(ocr 05-result-line 0 195 600 30)"
key ctrl+a BackSpace

# The overview: chart labels with Arabic names.
tab overview
shot 06-overview 2
labels=$(ocr 06-overview 8 525 150 260)
reads "chart: an Arabic label" "^إربد$" "$labels"
reads "chart: a two-word Arabic label in order" "^ديوان الموان" "$labels"

# A dialog with an Arabic name: Delete on an entity; Escape cancels it.
tab entities
click "^entry:Filter by name"
xdotool type --delay 120 "Samer" # an alias of سامر الخطيب
click "^سامر الخطيب$"
waitFor "^Merge into…$"
before=$(entities)
click "^Delete$"
shot 07-confirm-dialog 1.5
reads "dialog: the Arabic name inside the English message" "^Delete .{0,3}سامر الخطيب.{0,4} Its mentions stay" "$(ocr 07-confirm-dialog 455 385 380 30)"
key Escape
shot 08-dialog-cancelled
lacks "Escape closed the dialog" "Its mentions stay" "$(ocr 08-dialog-cancelled 400 300 500 200)"
check "Escape cancelled the deletion" test "$(entities)" -eq "$before"

# Help → Keyboard shortcuts from its own key; Escape closes it.
key ctrl+slash
shot 09-keyboard-shortcuts
reads "the list of keys opens with Ctrl+/" "Keyboard shortcuts" "$(ocr 09-keyboard-shortcuts 250 60 900 700)"
key Escape
shot 10-keys-closed
lacks "Escape closed the list of keys" "Keyboard shortcuts" "$(ocr 10-keys-closed 250 60 900 700)"

echo "screenshots and OCR text in $shots"
exit $failed
