# Shared helpers of the real-window scripts (scripts/e2e*.sh), sourced:
#
#	. "$(dirname "$0")/e2e-lib.sh"
#	e2e_init NAME DEFAULT-SHOTS-DIR "$@"
#
# e2e_init makes $shots (the folder given as argument, else the default),
# $work (removed on exit), $home, $bin (daftar built with -tags automation),
# starts Xvfb on $E2E_DISPLAY (else a random display) and exports DISPLAY.
# app_start then runs the app with DAFTAR_AUTOMATION, so the helpers below
# find widgets by name in the rectangles it writes (app/automation.go):
# "x y w h<TAB>name", topmost layer first.

failed=0
app=""
wid=""

e2e_init() { # e2e_init NAME DEFAULT-SHOTS [SHOTS]
	e2e_name=$1
	shots=$(realpath -m "${3:-$2}")
	mkdir -p "$shots"
	work=$(mktemp -d)
	bin="$work/daftar"
	home="$work/home"
	rects="$work/rects"
	mkdir -p "$home"
	trap e2e_cleanup EXIT
	# set -e ends a script at a failing command, also inside a function:
	# say which.
	set -o errtrace
	trap 'echo "FAIL $e2e_name stopped at line $LINENO: $BASH_COMMAND"; failed=1' ERR
	echo "$e2e_name: building $bin"
	go build -tags automation -o "$bin" .
	display=${E2E_DISPLAY:-:$((90 + RANDOM % 9))}
	Xvfb "$display" -screen 0 1400x900x24 >"$work/xvfb.log" 2>&1 &
	xvfb=$!
	export DISPLAY=$display
	for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
}

e2e_cleanup() {
	local rc=$?
	cp "$work/app.log" "$shots/app.log" 2>/dev/null || true
	cp "$rects.latency" "$shots/ui-latency.txt" 2>/dev/null || true
	app_stop
	[ -z "${xvfb:-}" ] || kill "$xvfb" 2>/dev/null || true
	rm -rf "$work"
	[ "$rc" = 0 ] && [ "$failed" != 0 ] && rc=1
	exit "$rc"
}

# app_start ARGS...: runs "$bin ARGS..." with the automation hook and waits
# for its window.
app_start() {
	rm -f "$rects"
	HOME=$home DAFTAR_AUTOMATION="$rects" "$bin" "$@" >>"$work/app.log" 2>&1 &
	app=$!
	app_window
}

# app_window finds the app's window again (Apply now of the interface
# language closes it and opens a new one).
app_window() {
	wid=$(xdotool search --sync --onlyvisible --name '^Daftar' 2>/dev/null | tail -1)
}

# app_stop ends the app with SIGTERM. Fyne 2.7.1 can hang after its main
# loop ended (its lifecycle queue waits on the gone loop): after 10 s the
# app is killed, and the run says so.
app_stop() {
	[ -n "$app" ] || return 0
	kill "$app" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 "$app" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$app" 2>/dev/null; then
		echo "note the app had not exited 10 s after SIGTERM: killed"
		kill -KILL "$app" 2>/dev/null || true
	fi
	wait "$app" 2>/dev/null || true
	app=""
}

check() { # check DESCRIPTION COMMAND...
	if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; failed=1; fi
}
# eventually DESCRIPTION COMMAND...: check, that may take the busy app up
# to 20 s to come true.
eventually() {
	for _ in $(seq 1 40); do
		"${@:2}" && break
		sleep 0.5
	done
	check "$@"
}
shot() { sleep "${2:-1}"; import -window root "$shots/$1.png"; echo "shot $1.png"; }
key() { xdotool key "$@"; sleep 0.4; }

# typeText TEXT types Arabic on the Arabic keyboard layout, which also has
# the ASCII digits and space: xdotool then needs no remapped spare keys,
# whose keysyms a busy app reads too late (letters were lost that way).
# Shortcuts need the Latin layout back.
typeText() {
	setxkbmap ara
	sleep 0.3
	xdotool type --delay 150 "$1"
	sleep 0.5
	setxkbmap us
	sleep 0.3
}

# annotations: how many the archive $db holds.
annotations() { "$bin" --db "$db" stats --json | sed -n 's/.*"annotations": *\([0-9]*\).*/\1/p' | head -1; }

# at REGEX [TRIES] [NTH] prints the rectangle "x y w h" of the topmost
# widget whose name matches (an awk regular expression; the NTH such, in
# the order of the file), waiting up to TRIES/5 s (default 20 s) for it.
at() {
	local r
	for _ in $(seq 1 "${2:-100}"); do
		r=$(awk -F'\t' -v re="$1" -v n="${3:-1}" '$2 ~ re && ++k == n { print $1; exit }' "$rects" 2>/dev/null || true)
		if [ -n "$r" ]; then
			echo "$r"
			return 0
		fi
		sleep 0.2
	done
	return 1
}
# shows REGEX: a widget named like that is on screen (within 1 s).
shows() { at "$1" 5 >/dev/null; }
# waitFor REGEX [TRIES]: the widget shows (FAIL otherwise).
waitFor() {
	at "$@" >/dev/null && return 0
	echo "FAIL no widget named like /$1/ on screen (see $(basename "$shots")/rects-missing.txt)"
	cp "$rects" "$shots/rects-missing.txt" 2>/dev/null || true
	failed=1
	return 1
}
# gone REGEX: waits up to 10 s until no widget's name matches.
gone() {
	for _ in $(seq 1 50); do
		awk -F'\t' -v re="$1" '$2 ~ re { f = 1 } END { exit f }' "$rects" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}
# geom REGEX: the widget's rectangle as an imagemagick crop geometry.
geom() {
	local r x y w h
	r=$(at "$1") || return 1
	read -r x y w h <<<"$r"
	echo "${w}x${h}+${x}+${y}"
}
# click REGEX [NTH] clicks the middle of the topmost widget whose name
# matches (the NTH such).
click() {
	local r x y w h
	if ! r=$(at "$1" 100 "${2:-1}"); then
		echo "FAIL no widget named like /$1/ on screen (see $(basename "$shots")/rects-missing.txt)"
		cp "$rects" "$shots/rects-missing.txt" 2>/dev/null || true
		failed=1
		return 0
	fi
	read -r x y w h <<<"$r"
	xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)) click 1 2>/dev/null || {
		app_window
		xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)) click 1
	}
	sleep 0.3
}
# tab NAME shows a tab (library, reader, …) by its title.
tab() { click "^${1^}\$"; }
