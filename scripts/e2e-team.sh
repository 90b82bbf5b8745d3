#!/usr/bin/env bash
# End-to-end run of team coding with the real binary: the lead imports two
# stories and assigns them to two coders; each coder imports their bundle
# into an archive of their own, codes it (spans given as a doccano file,
# signed with their name) and exports their work; the lead merges both
# bundles back, measures agreement, opens the article in the real window
# under Xvfb, opens Compare coders (Ctrl+K) and adjudicates with the keys.
# Screenshots go into the folder given as argument (default
# ./e2e-team-shots); tesseract must read the Arabic text back from the
# Compare view. Exits non-zero when a check fails.
#
# Needs: Xvfb, xdotool, imagemagick (import), jq, python3,
# tesseract-ocr with ara, and the GUI build prerequisites.
# E2E_DISPLAY picks the X display (default: a random one from :90 to :98).
set -euo pipefail

. "$(dirname "$0")/e2e-lib.sh"
e2e_init e2e-team e2e-team-shots "$@"

as() { # as USER ARCHIVE ARGS...: the command line, signed by USER
	local user=$1 db=$2
	shift 2
	HOME=$home DAFTAR_USER=$user "$bin" --db "$db" "$@"
}

# The lead's study: one Arabic and one English story, written here.
printf 'خطة طوارئ للمياه\n\nأعلنت وزارة المياه في عمّان يوم الأحد خطة طوارئ لمواجهة الجفاف، وقال الوزير أحمد سليمان إن الخطة تكلف 20 مليون دينار.\n' >"$work/water.txt"
printf 'Council approves new bus lanes\n\nThe city council approved three new bus lanes on Tuesday, said councillor Jane Porter.\n' >"$work/buses.txt"
lead="$work/lead.db"
as lead "$lead" import --set study "$work/water.txt" "$work/buses.txt" >/dev/null
as lead "$lead" assign --set study --coders amal,badr --overlap 1 --out "$work/bundles" >/dev/null
check "assign wrote a bundle per coder" test -s "$work/bundles/amal.json" -a -s "$work/bundles/badr.json"

# doccano JSONL of one coder: each story's text with the spans given as
# TYPE=quote (code point offsets of the quote's first occurrence).
doccano() { # doccano OUT TEXTFILE TYPE=QUOTE... [-- TEXTFILE TYPE=QUOTE...]
	python3 - "$@" <<'EOF'
import json, sys
out, rest = sys.argv[1], sys.argv[2:]
with open(out, "w", encoding="utf-8") as f:
    for doc in " ".join(rest).split(" -- "):
        path, *spans = doc.split(" ")
        text = open(path, encoding="utf-8").read()
        labels = []
        for s in spans:
            typ, quote = s.split("=", 1)
            quote = quote.replace("_", " ")
            start = text.index(quote)
            labels.append([start, start + len(quote), typ])
        f.write(json.dumps({"text": text, "label": labels}, ensure_ascii=False) + "\n")
EOF
}
doccano "$work/amal.jsonl" "$work/water.txt" PER=أحمد_سليمان ORG=وزارة_المياه GPE=عمّان \
	-- "$work/buses.txt" PER=Jane_Porter ORG=city_council
doccano "$work/badr.jsonl" "$work/water.txt" PER=أحمد_سليمان ORG=وزارة_المياه_في_عمّان MONEY=20_مليون_دينار \
	-- "$work/buses.txt" PER=Jane_Porter ORG=The_city_council
for c in amal badr; do
	as "$c" "$work/$c.db" import "$work/bundles/$c.json" >/dev/null
	as "$c" "$work/$c.db" import --format doccano "$work/$c.jsonl" >/dev/null
	as "$c" "$work/$c.db" export --format json --set "study / coder $c" --out "$work/$c-work.json" >/dev/null
done
as lead "$lead" import "$work/amal-work.json" "$work/badr-work.json" >/dev/null
coded() { as lead "$lead" agreement --set study --resamples 0 --json | jq -r '.report.coders | join(",")'; }
check "the merged archive holds both coders' work" test "$(coded)" = "amal,badr"
as lead "$lead" agreement --set study --resamples 200 >"$shots/agreement.txt"

water=$(as lead "$lead" list --set study --json | jq -r '.[] | select(.title | startswith("خطة")) | .id')
gold() { as lead "$lead" show --json "$water" | jq '[.annotations[] | select(.annotator == "gold")] | length'; }

# until DESCRIPTION COMMAND...: the command succeeds within 60 s (the
# machine may be loaded: fixed sleeps made this script flaky), else FAIL.
until_ok() {
	local i
	for i in $(seq 1 30); do
		if "${@:2}"; then echo "ok   $1"; return; fi
		sleep 2
	done
	echo "FAIL $1"
	failed=1
}
# screen_says TEXT: tesseract finds TEXT on the screen now.
screen_says() {
	import -window root "$work/now.png"
	tesseract "$work/now.png" - -l eng 2>/dev/null | grep -qi "$1"
}

DAFTAR_USER=lead app_start --db "$lead" open "$water"
until_ok "the first start asks for the annotator's name" shows "^Your name$"
shot 01-first-start-annotator 0
key ctrl+a
xdotool type "lead"
key Return
until_ok "the name is taken" shows "[Aa]nnotator: lead"
shot 02-reader 1
# Ctrl+K needs the article in the reader: press it again until the window
# comes.
compare_window() {
	compare=$(xdotool search --name "Compare coders" | head -1)
	[ -n "$compare" ] || { xdotool key ctrl+k; false; }
}
until_ok "Ctrl+K opens the Compare window" compare_window
xdotool windowfocus "$compare" 2>/dev/null || true
xdotool mousemove 300 400
until_ok "the Compare window shows the first disagreement" screen_says "Disagreement 1"
shot 03-compare-first-disagreement 1
# The article pane, dark theme inverted and enlarged: small light-on-dark
# Arabic is where tesseract misreads most.
convert "$shots/03-compare-first-disagreement.png" -crop 650x220+0+80 -negate -resize 200% "$work/article.png"
tesseract "$work/article.png" "$work/ocr" -l ara+eng >/dev/null 2>&1
check "tesseract reads the Arabic text in the Compare view" grep -qE "الجفاف|الوزير" "$work/ocr.txt"
tesseract "$shots/03-compare-first-disagreement.png" "$work/ocr-all" -l ara+eng >/dev/null 2>&1
check "tesseract reads the coders' names" grep -q "badr" "$work/ocr-all.txt"

gold_is() { test "$(gold)" = "$1"; }
key 2 # badr's ORG, then on to the MONEY only badr marked
until_ok "2 accepts badr's version into the gold layer" gold_is 1
until_ok "the view moves on to the second disagreement" screen_says "Disagreement 2"
shot 04-accepted-badr 1
key x # reject the MONEY: nothing added
key a # every span both coders marked alike (the PER)
until_ok "A adds the span both coders agree on" gold_is 2
shot 05-accepted-agreed 1
key ctrl+z
until_ok "Ctrl+Z in the Compare window takes the last decision back" gold_is 1
key a
until_ok "the gold layer holds 2 spans after redoing it" gold_is 2
shot 06-final 1
check "gold spans carry their provenance" test "$(as lead "$lead" show --json "$water" |
	jq '[.annotations[] | select(.annotator == "gold") | .provenance.decided_by] | unique | join(",")' -r)" = lead

[ "$failed" = 0 ] && echo "e2e-team: all checks passed" || echo "e2e-team: some checks FAILED"
exit "$failed"
