#!/usr/bin/env bash
# Installs the named Debian/Ubuntu packages that are not installed yet.
# Does nothing when all are present; elsewhere (macOS, Windows) it only says
# what to install.
set -euo pipefail
missing=()
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "apt-ensure: not a Debian/Ubuntu system; make sure these are installed: $*" >&2
  exit 0
fi
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "apt-ensure: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
