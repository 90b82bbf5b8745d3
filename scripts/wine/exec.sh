#!/bin/sh
# go test -exec helper for scripts/wine-test.sh: runs one Windows test binary
# under wine (WINEPREFIX and friends come from the caller).
exec wine "$@"
