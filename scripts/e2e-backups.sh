#!/usr/bin/env bash
# Real-window checks of the automatic backups in the GUI: Settings lists a
# backup with Restore…; an archive damaged by a crash opens in a window that
# offers the latest good backup and restores it; a failed backup shows a
# warning beside the status bar. Screenshots go to the folder given
# (default ./e2e-shots/backups); text is read back with tesseract.
#
# Needs: Xvfb, xdotool, imagemagick (import), tesseract, python3.
set -euo pipefail

shots=$(realpath -m "${1:-e2e-shots/backups}")
mkdir -p "$shots"
work=$(mktemp -d)
bin="$work/daftar"
home="$work/home"
mkdir -p "$home"
echo "e2e-backups: building $bin"
go build -o "$bin" .
go run ./tools/gencorpus -n 200 >"$work/news.jsonl"

display=${E2E_DISPLAY:-:$((80 + RANDOM % 9))} # E2E_DISPLAY=:N picks one
Xvfb "$display" -screen 0 1400x900x24 >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
	if [ -n "$app" ]; then kill "$app" 2>/dev/null && wait "$app" 2>/dev/null || true; fi
	kill "$xvfb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display HOME=$home DAFTAR_USER=e2e
sleep 1

failed=0
shot() { sleep "${2:-1}"; import -window root "$shots/$1.png"; echo "shot $1.png"; }
# says SHOT TEXT: the screenshot's text (OCR) holds TEXT.
says() {
	if tesseract "$shots/$1.png" - 2>/dev/null | tr -s ' \n' ' ' | grep -qi -- "$2"; then echo "ok   $1 says \"$2\""; else
		echo "FAIL $1 does not say \"$2\""
		failed=1
	fi
}
start() { "$bin" --db "$1" >>"$work/app.log" 2>&1 & app=$!; sleep "${2:-6}"; }
stop() { kill "$app"; wait "$app" 2>/dev/null || true; app=""; }

# An archive opened a second time has its first backup.
a="$work/a/archive.db"
"$bin" --db "$a" import "$work/news.jsonl" >/dev/null
"$bin" --db "$a" stats >/dev/null
start "$a" 12
# The first start asks for the annotator's name.
xdotool key ctrl+a
xdotool type "e2e tester"
xdotool key Return
sleep 1
xdotool mousemove 612 90 click 1 # Settings
shot 01-settings-backups 2
says 01-settings-backups "Automatic backups"
says 01-settings-backups "on open"
says 01-settings-backups "Restore"
stop
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
start "$d"
shot 02-damaged 2
says 02-damaged "This archive is damaged"
says 02-damaged "Latest good backup"
xdotool mousemove 123 258 click 1 # Restore latest good backup
shot 03-restored 6
says 03-restored "200 articles"
stop
if "$bin" --db "$d" check >/dev/null 2>&1; then echo "ok   the restored archive passes check"; else
	echo "FAIL the restored archive fails check"
	failed=1
fi

# A file where the backups folder goes: the backup on open fails.
echo "not a folder" >"$work/e/backups"
start "$e"
shot 04-backup-failed 2
# White on red reads badly: OCR the corner it is in, grey and inverted.
convert "$shots/04-backup-failed.png" -crop 300x70+1100+760 -colorspace gray -negate -resize 200% "$shots/04-warning.png"
says 04-warning "Backup failed"
stop

exit $failed
