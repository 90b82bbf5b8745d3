#!/usr/bin/env bash
# Real-window checks of the automatic backups in the GUI: Settings lists a
# backup with Restore…; an archive damaged by a crash opens in a window that
# offers the latest good backup and restores it; a failed backup shows a
# warning beside the status bar. Screenshots go to the folder given
# (default ./e2e-shots/backups); text is read back with tesseract.
#
# Needs: Xvfb, xdotool, imagemagick (import), tesseract, python3.
set -euo pipefail

. "$(dirname "$0")/e2e-lib.sh"
e2e_init e2e-backups e2e-shots/backups "$@"
go run ./tools/gencorpus -n 200 >"$work/news.jsonl"

export HOME=$home DAFTAR_USER=e2e

# says SHOT TEXT: the screenshot's text (OCR) holds TEXT.
says() {
	if tesseract "$shots/$1.png" - 2>/dev/null | tr -s ' \n' ' ' | grep -qi -- "$2"; then echo "ok   $1 says \"$2\""; else
		echo "FAIL $1 does not say \"$2\""
		failed=1
	fi
}

# An archive opened a second time has its first backup.
a="$work/a/archive.db"
"$bin" --db "$a" import "$work/news.jsonl" >/dev/null
"$bin" --db "$a" stats >/dev/null
app_start --db "$a"
# The first start asks for the annotator's name.
waitFor "^Later$" 150
key ctrl+a
xdotool type "e2e tester"
key Return
tab settings
waitFor "^Restore…$"
shot 01-settings-backups 2
says 01-settings-backups "Automatic backups"
says 01-settings-backups "on open"
says 01-settings-backups "Restore"
app_stop
e="$work/e/archive.db"
mkdir -p "$work/e"
cp "$a" "$e"

# The same archive after a crash during a disk failure: its log left
# behind, its pages damaged.
d="$work/d/archive.db"
mkdir -p "$work/d/backups"
cp "$work"/a/backups/*.db "$work/d/backups/"
python3 - "$a" "$d" <<'EOF'
import os, shutil, sqlite3, sys
live, copy = sys.argv[1], sys.argv[2]
con = sqlite3.connect(live)
con.execute("CREATE TABLE crash_marker(x)"); con.commit()
shutil.copy(live, copy); shutil.copy(live + "-wal", copy + "-wal")
con.close()
with open(copy, "r+b") as f:
    for off in range(4096, os.path.getsize(copy), 4096):
        f.seek(off); f.write(b"\x0d\xff" * 6)
EOF
app_start --db "$d"
shot 02-damaged 3
says 02-damaged "This archive is damaged"
says 02-damaged "Latest good backup"
xdotool mousemove 123 258 click 1 # Restore latest good backup
shot 03-restored 6
says 03-restored "200 articles"
app_stop
if "$bin" --db "$d" check >/dev/null 2>&1; then echo "ok   the restored archive passes check"; else
	echo "FAIL the restored archive fails check"
	failed=1
fi

# A file where the backups folder goes: the backup on open fails.
echo "not a folder" >"$work/e/backups"
app_start --db "$e"
waitFor "^Backup failed"
shot 04-backup-failed 2
# White on red reads badly: OCR the corner it is in, grey and inverted.
convert "$shots/04-backup-failed.png" -crop 300x70+1100+760 -colorspace gray -negate -resize 200% "$shots/04-warning.png"
says 04-warning "Backup failed"
app_stop

exit $failed
