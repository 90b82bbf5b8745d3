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

. "$(dirname "$0")/e2e-lib.sh"
e2e_init e2e-news e2e-shots-news "$@"
db="$work/news.db"
mkdir -p "$home/news"
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
app_start --db "$db"
waitFor "^Later$" 150 # the first-start dialog
shot 01-welcome 0
click "^Save$" # the name dialog's Save
shot 02-named 2
click "^Import folder…$" # on the welcome screen
waitFor "^news$"
shot 03-folder-dialog 0
click "^news$"
sleep 1.5
click "^Open$"
check "the preview names both formats and counts 42 articles" waitText 04-preview "Nexis Uni + warc, 42 articles"
click "^Import$" # the preview's button (its title comes after)
waitText 05-summary "Import summary"
app_stop
n=$("$bin" --db "$db" stats --json | sed -n 's/.*"articles": *\([0-9]*\).*/\1/p' | head -1)
check "42 articles imported (2 Nexis, 40 WARC pages): $n" test "$n" = 42
exit "$failed"
