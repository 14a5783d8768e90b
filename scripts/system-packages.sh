#!/usr/bin/env bash
# Installs the Debian packages the project needs (scripts/system-packages.txt)
# when they are missing, plus any packages named on the command line.
# Runs apt-get only as root; otherwise it lists what is missing and fails.
#
#   scripts/system-packages.sh [PACKAGE…]            install what is missing
#   scripts/system-packages.sh --missing [PACKAGE…]  only print what is missing
#
# A package counts as present when dpkg says it is installed: one reliable
# check for every package, no guessing from files or library caches.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIST="$ROOT/scripts/system-packages.txt"

only_list=false
if [ "${1:-}" = "--missing" ]; then
  only_list=true
  shift
fi

wanted=()
while read -r pkg _; do
  case "$pkg" in '' | '#'*) continue ;; esac
  wanted+=("$pkg")
done <"$LIST"
wanted+=("$@")

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian system: make sure these are installed: ${wanted[*]}" >&2
  exit 0
fi

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

need=()
for pkg in "${wanted[@]}"; do
  installed "$pkg" || need+=("$pkg")
done

if $only_list; then
  [ ${#need[@]} -eq 0 ] || printf '%s\n' "${need[@]}"
  exit 0
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}" >&2
  echo "Install them (sudo apt-get install ${need[*]}) or run make as root." >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# apt-get can succeed without installing a package it could not find
for pkg in "${need[@]}"; do
  installed "$pkg" || { echo "apt-get did not install $pkg" >&2; exit 1; }
done
