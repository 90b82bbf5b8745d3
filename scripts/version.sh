#!/bin/sh
# Prints Daftar's version, the one place every package, binary and resource
# takes it from: the newest release tag (v1.2.3 -> 1.2.3, with -N-gHASH when
# commits follow it), else Version in FyneApp.toml.
cd "$(dirname "$0")/.." || exit 1
if v=$(git describe --tags --match 'v[0-9]*' 2>/dev/null); then
	echo "${v#v}"
	exit 0
fi
v=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' FyneApp.toml)
if [ -z "$v" ]; then
	echo "version.sh: no release tag and no Version in FyneApp.toml" >&2
	exit 1
fi
echo "$v"
