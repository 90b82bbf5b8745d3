#!/usr/bin/env bash
# Real-window check of the translated interface: builds daftar, opens a
# temporary archive with the sample articles imported, switches the
# interface to Arabic and then French in Settings (Interface language →
# Apply now, which rebuilds the window) and screenshots every screen in each
# language: library, reader, entities, claims, sets, overview, settings, the
# import, paste and export dialogs, About. Dialogs are closed with their
# buttons (Escape does not close them yet). tesseract reads each screenshot
# back (-l ara+eng; -l fra, or eng without the French model) and must find that screen's words in the
# language; the OCR text is kept beside the PNGs in the folder given as
# argument (default ./e2e-i18n-shots).
#
# Needs: Xvfb, xdotool, imagemagick (import), tesseract with ara and fra.
# The display is $E2E_DISPLAY, else a random one from :90 to :98.
set -euo pipefail

shots=$(realpath -m "${1:-e2e-i18n-shots}")
mkdir -p "$shots"
work=$(mktemp -d)
bin="$work/daftar"
db="$work/i18n.db"
home="$work/home"
mkdir -p "$home"

echo "e2e-i18n: building $bin"
go build -o "$bin" .
"$bin" --db "$db" import assets/samples/samples.json >/dev/null

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
# Fyne sometimes takes the first click on a widget as a hover: move, wait,
# then click.
click() { xdotool mousemove "$1" "$2"; sleep 0.5; xdotool click 1; sleep 1; }
key() { xdotool key "$@"; sleep 0.5; }
# shot NAME OCR-LANGS WORD...: screenshot the window, OCR it, and check
# that at least one of the words is read.
shot() {
	local name=$1 langs=$2
	shift 2
	sleep 2.5
	import -window root -crop 1280x820+0+0 "$shots/$name.png"
	convert "$shots/$name.png" -resize 200% "$work/ocr.png"
	tesseract "$work/ocr.png" - -l "$langs" 2>/dev/null >"$shots/$name.txt" || true
	local w
	for w in "$@"; do
		if grep -qF -- "$w" "$shots/$name.txt"; then
			echo "ok   $name: OCR ($langs) read “$w”"
			return
		fi
	done
	echo "FAIL $name: OCR ($langs) read none of: $*"
	failed=1
}

# Positions in the 1280x820 window at the top-left of the screen, per
# language: tabs (y, then x of each), the Help menu, the first library row.
declare -A tabs_y=([ar]=88 [fr]=89)
declare -A tabs=(
	[ar]="45 128 215 305 410 522 622"
	[fr]="70 185 282 392 518 655 793"
)
declare -A help_x=([ar]=190 [fr]=208)
tab() { # tab LANG INDEX (0 library … 6 settings)
	local xs=(${tabs[$1]})
	click "${xs[$2]}" "${tabs_y[$1]}"
}

# chooseLanguage SETTINGS-TAB-X ITEM-Y NOTE-OCR NOTE-WORD APPLY-X: the
# Settings tab → Interface language → the item of the drop-down at ITEM-Y;
# the note beside it (in the language still shown) says when it applies;
# Apply now (at APPLY-X) rebuilds the window in the new language.
chooseLanguage() {
	click "$1" 89
	shift
	sleep 1
	click 700 208
	click 300 "$1"
	shot "$lang-00-language-chosen" "$2" "$3"
	# A click on the button that just appeared is sometimes lost: click
	# until the window around it changes (it is rebuilt).
	local before i
	before=$(import -window root -crop 300x40+980+190 png:- | md5sum)
	for i in 1 2 3; do
		click "$4" 208
		sleep 6
		[ "$(import -window root -crop 300x40+980+190 png:- | md5sum)" != "$before" ] && break
	done
}

# The annotator is known, so no first-start question covers the window.
mkdir -p "$home/.config/fyne/org.daftar.app"
echo '{"annotator": "e2e"}' >"$home/.config/fyne/org.daftar.app/preferences.json"
HOME=$home "$bin" --db "$db" >"$work/app.log" 2>&1 &
app=$!
xdotool search --sync --name Daftar >/dev/null
sleep 8

# French screens are read with tesseract's French model when it is
# installed, else the English one (the words checked need no accents).
french=eng
if tesseract --list-langs 2>/dev/null | grep -qx fra; then french=fra; fi

for lang in ar fr; do
	case $lang in
	ar) ocr=ara+eng; chooseLanguage 612 318 eng "next start" 1228 ;;
	fr) ocr=$french; chooseLanguage 622 358 ara+eng "التشغيل" 1228 ;;
	esac
	# Words OCR must read on each screen: its own labels, not the tab bar's.
	if [ "$lang" = ar ]; then
		sets_x=1000 close_x=175 cancel_x=1020
		w=(العنوان المصدر) r=(الاقتراحات ملاحظات) e=(البديلة الإشارات) c=(الإسناد المستهدفون) s=("مجموعة جديدة" "اختر مجموعة")
		o=("حسب النوع" "حسب اللغة") st=(المظهر "لغة الواجهة") im=(إلغاء "فتح ملف") pa=("لصق كمقالة" "الصق المقالة") ab=(منصة "غير متصلة") ex=(النطاق الوجهة)
	else
		sets_x=200 close_x=225 cancel_x=974
		w=(Titre Langue) r=(Suggestions Notes) e=(Alias Mentions) c=(Auteur Cibles) s=(Nouvel Supprimer)
		o=("par type" "par langue") st=(Annotateur "Langue de l") im=(Annuler Ouvrir) pa=("Coller comme" "Collez l") ab=(atelier "hors ligne") ex=(Destination Chiffrer)
	fi
	tab $lang 0
	shot "$lang-01-library" "$ocr" "${w[@]}"
	click 300 284 # the first article
	shot "$lang-02-reader" "$ocr" "${r[@]}"
	tab $lang 2
	shot "$lang-03-entities" "$ocr" "${e[@]}"
	tab $lang 3
	shot "$lang-04-claims" "$ocr" "${c[@]}"
	tab $lang 4
	click "$sets_x" 127 # the sample set (the list is on the right in Arabic)
	shot "$lang-05-sets" "$ocr" "${s[@]}"
	tab $lang 5
	shot "$lang-06-overview" "$ocr" "${o[@]}"
	tab $lang 6
	shot "$lang-07-settings" "$ocr" "${st[@]}"
	tab $lang 0
	key ctrl+o
	shot "$lang-08-import-dialog" "$ocr" "${im[@]}"
	click "$cancel_x" 697 # Cancel
	key ctrl+n
	shot "$lang-09-paste-dialog" "$ocr" "${pa[@]}"
	click 594 632 # Cancel
	click "${help_x[$lang]}" 12
	click "${help_x[$lang]}" 44 # About
	shot "$lang-10-about" "$ocr" "${ab[@]}"
	click 640 484 # OK
	key ctrl+e
	shot "$lang-11-export-dialog" "$ocr" "${ex[@]}"
	click "$close_x" 562 # Close
done

if [ $failed -ne 0 ]; then
	echo "e2e-i18n: FAILED (screenshots and OCR text in $shots)"
	exit 1
fi
echo "e2e-i18n: passed (screenshots and OCR text in $shots)"
