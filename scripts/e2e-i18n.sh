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

. "$(dirname "$0")/e2e-lib.sh"
e2e_init e2e-i18n e2e-i18n-shots "$@"
db="$work/i18n.db"
"$bin" --db "$db" import assets/samples/samples.json >/dev/null

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

# t TEXT: TEXT in the interface language $lang (English when untranslated),
# for clicks by name.
t() { jq -r --arg k "$1" '.[$k] // $k' "i18n/translations/$lang.json"; }
tab() { click "^$(t "$1")\$"; }

# The annotator is known, so no first-start question covers the window.
mkdir -p "$home/.config/fyne/org.daftar.app"
echo '{"annotator": "e2e"}' >"$home/.config/fyne/org.daftar.app/preferences.json"
app_start --db "$db"
waitFor "^Library$" 150

# French screens are read with tesseract's French model when it is
# installed, else the English one (the words checked need no accents).
french=eng
if tesseract --list-langs 2>/dev/null | grep -qx fra; then french=fra; fi

declare -A help_x=([ar]=190 [fr]=208) # Help in the menu bar
for lang in ar fr; do
	# Settings → Interface language → the language; the note beside it (in
	# the language still shown) says when it applies; Apply now rebuilds
	# the window in the new language.
	case $lang in
	ar) ocr=ara+eng was=en shown=System name=العربية note=(eng "next start") ;;
	fr) ocr=$french was=ar shown=العربية name=Français note=(ara+eng "التشغيل") ;;
	esac
	lang=$was tab Settings
	click "^select:$(lang=$was t "$shown")\$"
	click "^$name\$"
	shot "$lang-00-language-chosen" "${note[@]}"
	lang=$was click "^$(lang=$was t "Apply now")\$"
	waitFor "^$(t Library)\$" 150
	app_window
	# Words OCR must read on each screen: its own labels, not the tab bar's.
	if [ "$lang" = ar ]; then
		w=(العنوان المصدر) r=(الاقتراحات ملاحظات "بحث في المقالة") e=(البديلة الإشارات) c=(الإسناد المستهدفون) s=("مجموعة جديدة" "اختر مجموعة")
		o=("حسب النوع" "حسب اللغة") st=(المظهر "لغة الواجهة") im=(إلغاء "فتح ملف") pa=("لصق كمقالة" "الصق المقالة") ab=(منصة "غير متصلة") ex=(النطاق الوجهة)
	else
		w=(Titre Langue) r=(Suggestions Notes "Rechercher dans") e=(Alias Mentions) c=(Auteur Cibles) s=(Nouvel Supprimer)
		o=("par type" "par langue") st=(Annotateur "Langue de l") im=(Annuler Ouvrir) pa=("Coller comme" "Collez l") ab=(atelier "hors ligne") ex=(Destination Chiffrer)
	fi
	tab Library
	shot "$lang-01-library" "$ocr" "${w[@]}"
	# The first article: the row under the Title header.
	read -r rx ry rw rh <<<"$(at "^$(t Title)")"
	xdotool mousemove --window "$wid" $((rx + rw / 2)) $((ry + rh + 18)) click 1
	waitFor "^$(t Suggestions)\$"
	shot "$lang-02-reader" "$ocr" "${r[@]}"
	tab Entities
	shot "$lang-03-entities" "$ocr" "${e[@]}"
	tab Claims
	shot "$lang-04-claims" "$ocr" "${c[@]}"
	tab Sets
	click "^Samples: claims to check" # the sample set
	shot "$lang-05-sets" "$ocr" "${s[@]}"
	tab Overview
	shot "$lang-06-overview" "$ocr" "${o[@]}"
	tab Settings
	shot "$lang-07-settings" "$ocr" "${st[@]}"
	tab Library
	key ctrl+o
	waitFor "^$(t Cancel)\$"
	shot "$lang-08-import-dialog" "$ocr" "${im[@]}"
	click "^$(t Cancel)\$"
	key ctrl+n
	shot "$lang-09-paste-dialog" "$ocr" "${pa[@]}"
	click "^$(t Cancel)\$"
	gone "^$(t Cancel)\$"
	# The menu bar is not in the automation hook's list (Fyne keeps it
	# outside the canvas content): Help, then About, by position.
	xdotool mousemove --window "$wid" "${help_x[$lang]}" 12 click 1
	sleep 1
	xdotool mousemove --window "$wid" "${help_x[$lang]}" 78 click 1 # About, under Keyboard shortcuts
	shot "$lang-10-about" "$ocr" "${ab[@]}"
	click "^$(t OK)\$"
	key ctrl+e
	shot "$lang-11-export-dialog" "$ocr" "${ex[@]}"
	click "^$(t Close)\$"
	gone "^$(t Close)\$"
done

if [ $failed -ne 0 ]; then
	echo "e2e-i18n: FAILED (screenshots and OCR text in $shots)"
	exit 1
fi
echo "e2e-i18n: passed (screenshots and OCR text in $shots)"
