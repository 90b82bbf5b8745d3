#!/usr/bin/env bash
# End-to-end run of the real GUI binary: builds daftar, starts it under Xvfb
# on a fresh archive, drives it with xdotool through the whole session of a
# researcher (welcome, samples, search, reader, tagging with the keyboard,
# claim, undo/redo, export, every screen) and saves a screenshot of each step
# into the folder given as argument (default ./e2e-shots). It checks the
# archive and the export with the command line and exits non-zero when a
# check fails.
#
# It clicks widgets by name, not by position: the binary is built with
# -tags automation, and DAFTAR_AUTOMATION makes it write the on-screen
# rectangle of every visible text, button and entry (app/automation.go;
# normal builds have no such code). The same hook samples how long the UI
# goroutine takes to run a fyne.Do callback; the run reports p50/p99/max of
# those waits during the 3,000-file import and fails above 100 ms.
#
# Needs: Xvfb, xdotool, imagemagick (import), and the GUI build prerequisites.
set -euo pipefail

. "$(dirname "$0")/e2e-lib.sh"
e2e_init e2e e2e-shots "$@"
db="$work/e2e.db"

annotationsAre() { test "$(annotations)" -eq "$1"; }

# A folder of 3,000 small stories for the import screen (progress, summary).
mkdir -p "$home/news"
for i in $(seq 1 3000); do
	printf 'Council meeting %d\n\nThe council met on day %d and approved item %d of the budget.\n' "$i" "$i" "$i" >"$home/news/story-$i.txt"
done
printf 'not a story' >"$home/news/broken.pdf"

DAFTAR_USER=e2e app_start --db "$db"
waitFor "^Later$" 150 # the first-start dialog
shot 01-first-start-annotator
key ctrl+a
xdotool type "e2e tester"
key Return
shot 02-welcome

click "^Load sample articles$"
shot 03-library 2
check "samples loaded" test "$(annotations)" -gt 40

key ctrl+f
typeText "اتلفت" # the title has أتلفت: found without hamza
shot 04-search-without-hamza 2

click "^وزير الزراعة: موجة الحر" # the first hit
shot 05-reader 2

key slash
typeText "الخطيب"
key Return
shot 06-found-in-article
before=$(annotations)
key 1
shot 07-tagged-person
eventually "hotkey 1 stored an annotation" annotationsAre $((before + 1))
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
eventually "c stored a claim" annotationsAre $((before + 2))

key ctrl+z
shot 10-undo
eventually "undo removed the claim" annotationsAre $((before + 1))
key ctrl+shift+z
shot 11-redo
eventually "redo restored the claim" annotationsAre $((before + 2))

tab entities
shot 12-entities 2
tab claims
shot 13-claims 2
tab sets
click "^Samples: claims to check" # the sample set
shot 14-sets 2
click "^Suggestions…$"
shot 14b-set-suggestions 2
before=$(annotations)
click " mentions? in [0-9]+ articles?$" # the first entity
click "^Accept all$"
shot 14c-set-suggestions-accepted 2
check "Accept all in the set's suggestions tagged mentions" test "$(annotations)" -gt "$before"
click "^Close$"
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
click "^Close$" # the export dialog
sleep 0.5

key ctrl+o
shot 19-import-dialog
click "^Cancel$"
key ctrl+n
click "^entry:Paste the article here" # into the text box
xdotool type --delay 20 "Port workers end strike in Sfax"
key Return Return
xdotool type --delay 20 "SFAX - Dock workers ended a week-long strike on Sunday, the Ports Office said."
shot 20-paste-article
click "^Import$"
shot 21-pasted-article-in-reader 2
check "the pasted article was imported" test "$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)" -eq 6
click "^icon:.*info" # the last import's summary
shot 22-import-summary
click "^Close$"
sleep 0.5

click "^icon:.*folder-open" # Import folder…
shot 24-import-folder-dialog
click "^news$"
sleep 0.5
click "^Open$"
# The preview names what the folder holds before anything is stored.
waitFor "^pdf [+] txt, 3000 articles" 300
shot 24b-import-preview 0
t0=$(date +%s%3N)
click "^Import$"
shot 25-import-progress 0.8
for _ in $(seq 1 60); do
	[ "$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)" -ge 3006 ] && break
	sleep 1
done
t1=$(date +%s%3N)
# How long the UI goroutine made a fyne.Do callback wait while the import
# ran: p50, p99 and the worst, in ms, and whether the worst stays < 100 ms.
read -r samples p50 p99 worst < <(awk -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b { print $2 }' "$rects.latency" | sort -n |
	awk '{ v[NR] = $1 } END { if (NR == 0) { print 0, 0, 0, 0; exit }
		i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
		printf "%d %.1f %.1f %.1f\n", NR, v[i50] / 1000, v[i99] / 1000, v[NR] / 1000 }')
echo "e2e: UI latency during the 3,000-file import ($(nproc) cores, $samples samples over $(((t1 - t0) / 1000)) s): p50 $p50 ms, p99 $p99 ms, max $worst ms"
check "the window answered within 100 ms throughout the import" awk -v m="$worst" -v n="$samples" 'BEGIN { exit !(n > 0 && m < 100) }'
shot 26-import-summary 2
check "the folder import stored 3,000 articles" test "$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)" -eq 3006
click "^Close$"
tab library
shot 27-library-after-import 2

tab settings
click "^Light$"
tab reader
shot 23-reader-light 2

echo "screenshots in $shots"
exit $failed
