#!/usr/bin/env bash
# Installs the Debian packages the project needs, when they are missing.
# Runs apt-get only as root; otherwise it lists what is missing and fails.
set -euo pipefail

need=()
have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
have_pg || need+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# python-magic (CKAN uploads) needs libmagic
ldconfig -p 2>/dev/null | grep -q libmagic.so.1 || need+=(libmagic1)

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
