#!/usr/bin/env bash
# The README's two commands on a really fresh Debian 12: builds a minimal
# bookworm root with debootstrap under .local/check-fresh/root holding only
# make, git, python3.11, python3-venv and ca-certificates, copies this checkout
# (a clone of its committed state) and ../shared in, runs
# `make test` inside it (chroot, as root), then `make run` until the home page
# and /catalog.ttl answer, prints the result and removes the root again.
#
#   scripts/check-fresh.sh            (make check-fresh)
#
# Settings (environment): FRESH_PORT (portal port inside, default 5090),
# FRESH_MIRROR (Debian mirror; default: the one this machine's apt uses),
# FRESH_KEEP=1 (keep the root for a look; remove it with FRESH_CLEAN=1).
# Logs stay in .local/check-fresh/ (test.log, run.log, result.txt).
#
# The root shares this machine's network, so the private services' ports
# (54329, 63799) and FRESH_PORT..FRESH_PORT+2 must be free: this checkout's
# own services are stopped first. Services are never started by package
# installs inside (policy-rc.d), as in Debian's container images.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK="$ROOT/.local/check-fresh"
FS="$WORK/root"
CACHE="$ROOT/.local/debootstrap-cache"
PORT=${FRESH_PORT:-5090}
INSIDE=/opt/kommunal
NAME=$(basename "$ROOT")
SHARED="$ROOT/../shared"
SUITE=bookworm
INCLUDE=make,git,python3.11,python3-venv,ca-certificates

say() { printf '\n== %s\n' "$*"; }
fail() { echo "check-fresh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot, mount)"

# --- tear-down: processes inside, mounts, the root itself --------------------
inside_pids() {
  local p link
  for p in /proc/[0-9]*; do
    link=$(readlink "$p/root" 2>/dev/null) || continue
    case "$link" in "$FS" | "$FS"/*) echo "${p#/proc/}" ;; esac
  done
}
unmount_all() {
  local m
  # deepest first; only mounts below the root
  for m in $(awk -v fs="$FS" '$2 == fs || index($2, fs "/") == 1 {print $2}' \
    /proc/self/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}
teardown() {
  [ -d "$FS" ] || return 0
  local pids
  pids=$(inside_pids)
  if [ -n "$pids" ]; then
    kill $pids 2>/dev/null || true
    sleep 3
    pids=$(inside_pids)
    [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  fi
  unmount_all
  if [ "${FRESH_KEEP:-0}" = 1 ]; then
    echo "Root kept in $FS (remove: FRESH_CLEAN=1 make check-fresh)"
    return
  fi
  # --one-file-system: never follow into anything still mounted
  rm -rf --one-file-system "$FS"
}
if [ "${FRESH_CLEAN:-0}" = 1 ]; then
  FRESH_KEEP=0 teardown
  exit 0
fi
trap teardown EXIT
trap 'exit 130' INT TERM

# --- preconditions ----------------------------------------------------------
[ -d "$SHARED" ] || fail "../shared is missing beside the checkout"
bash "$ROOT/scripts/system-packages.sh" debootstrap curl
bash "$ROOT/scripts/services.sh" stop
for port in 54329 63799 "$PORT" $((PORT + 1)) $((PORT + 2)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is in use (another checkout's services or portal?)"
  fi
done

# The mirror this machine's apt uses: the first Debian source for bookworm.
host_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '
      /^URIs:/ {uri = $2}
      /^Suites:/ {for (i = 2; i <= NF; i++) if ($i == suite) found = uri}
      /^$/ {uri = ""}
      END {if (found) print found}' "$f"
  done
  [ -f /etc/apt/sources.list ] &&
    awk -v suite="$SUITE" '$1 == "deb" && $3 == suite {print $2}' /etc/apt/sources.list
  return 0
}
MIRROR=${FRESH_MIRROR:-$(host_mirror | head -n 1)}
[ -n "$MIRROR" ] || fail "no Debian $SUITE source in /etc/apt; set FRESH_MIRROR"

teardown
mkdir -p "$WORK" "$CACHE"
rm -f "$WORK"/*.log "$WORK/result.txt"
started=$(date +%s)

# --- the fresh root ---------------------------------------------------------
say "debootstrap $SUITE ($INCLUDE) from $MIRROR"
debootstrap --variant=minbase --include="$INCLUDE" --cache-dir="$CACHE" \
  "$SUITE" "$FS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
  { tail -n 20 "$WORK/debootstrap.log"; fail "debootstrap failed"; }

# apt inside fetches as this machine's apt does: its Debian sources (with the
# security and update suites a real installation has) and its Acquire settings
# (proxies, date checks); nothing else of the host's configuration.
rm -f "$FS/etc/apt/sources.list"
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list; do
  if grep -qs "$MIRROR" "$f"; then cp "$f" "$FS$f"; fi
done
for f in /etc/apt/apt.conf.d/*; do
  if grep -qs '^Acquire::' "$f"; then cp "$f" "$FS$f"; fi
done
printf '#!/bin/sh\nexit 101\n' >"$FS/usr/sbin/policy-rc.d"
chmod 755 "$FS/usr/sbin/policy-rc.d"
cp -L /etc/resolv.conf "$FS/etc/resolv.conf"
# what the installer writes; debootstrap's minimal root may lack it
if [ ! -s "$FS/etc/hosts" ]; then
  printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
    >"$FS/etc/hosts"
fi

CERT_ENV=()
if ! cmp -s /etc/ssl/certs/ca-certificates.crt "$FS/etc/ssl/certs/ca-certificates.crt"; then
  cp /etc/ssl/certs/ca-certificates.crt "$FS/etc/ssl/host-ca-certificates.crt"
  CERT_ENV=(PIP_CERT=/etc/ssl/host-ca-certificates.crt
    SSL_CERT_FILE=/etc/ssl/host-ca-certificates.crt
    REQUESTS_CA_BUNDLE=/etc/ssl/host-ca-certificates.crt)
  echo "Note: this machine's CA certificates differ from Debian's; its bundle is" \
    "copied in as /etc/ssl/host-ca-certificates.crt and used for pip (PIP_CERT)."
fi

mount -t proc proc "$FS/proc"
mount -t sysfs sysfs "$FS/sys"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$FS/dev/pts"
mount -t tmpfs -o mode=1777 tmpfs "$FS/dev/shm"

# As a new user (and CI) has it: a clone of what is committed, not the
# working tree; the tests read the repository (git ls-files) too.
say "cloning the checkout ($(git -C "$ROOT" rev-parse --short HEAD)) and copying ../shared to $INSIDE"
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]; then
  echo "Note: uncommitted changes are not part of the check (commit them first)."
fi
mkdir -p "$FS$INSIDE/shared"
git clone --quiet --no-hardlinks "$ROOT" "$FS$INSIDE/$NAME"
tar -C "$SHARED" -cf - . | tar -C "$FS$INSIDE/shared" -xf -

in_root() {
  chroot "$FS" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    "${CERT_ENV[@]}" bash -c "cd $INSIDE/$NAME && $1"
}
echo "Inside: $(in_root 'python3.11 --version') on Debian $(cat "$FS/etc/debian_version")"

# --- make test --------------------------------------------------------------
say "make test (log: $WORK/test.log)"
t0=$(date +%s)
test_rc=0
in_root "make test" >"$WORK/test.log" 2>&1 || test_rc=$?
test_secs=$(($(date +%s) - t0))
tail -n 15 "$WORK/test.log"

# --- make run ---------------------------------------------------------------
say "make run PORT=$PORT (log: $WORK/run.log)"
run_rc=1
home=none catalog=none
if [ "$test_rc" -eq 0 ]; then
  in_root "make run PORT=$PORT" >"$WORK/run.log" 2>&1 &
  run_pid=$!
  # the first start migrates the database and creates the demo content
  for _ in $(seq 1 180); do
    kill -0 "$run_pid" 2>/dev/null || break
    home=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$PORT/" || true)
    [ "$home" = 200 ] && break
    sleep 5
  done
  if [ "$home" = 200 ]; then
    catalog=$(curl -s -o "$WORK/catalog.ttl" -w '%{http_code}' --max-time 60 \
      "http://127.0.0.1:$PORT/catalog.ttl" || true)
    # let the harvest consumers and the jobs worker idle past their timeouts
    sleep 20
    [ "$catalog" = 200 ] && grep -q 'dcat:Dataset' "$WORK/catalog.ttl" && run_rc=0
  fi
  # as Ctrl-C would: run-portal.sh stops what it started
  for p in $(inside_pids); do
    if grep -qa 'run-portal.sh' "/proc/$p/cmdline" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null || true
    fi
  done
  for _ in $(seq 1 30); do
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 1
  done
  in_root "make stop" >/dev/null 2>&1 || true
fi
tracebacks=$(cat "$WORK/run.log" "$FS$INSIDE/$NAME"/.local/*.log 2>/dev/null |
  grep -c '^Traceback' || true)
mails=0
if [ -d "$FS$INSIDE/$NAME/.local/mail" ]; then
  mails=$(find "$FS$INSIDE/$NAME/.local/mail" -name '*.eml' | wc -l)
fi
if [ "$tracebacks" -gt 0 ]; then
  grep -l '^Traceback' "$WORK/run.log" "$FS$INSIDE/$NAME"/.local/*.log 2>/dev/null |
    while read -r f; do cp "$f" "$WORK/traceback-$(basename "$f")"; done
  run_rc=1
fi

# --- result -----------------------------------------------------------------
{
  echo "check-fresh: Debian $(cat "$FS/etc/debian_version"), $(in_root 'python3.11 --version' 2>/dev/null || echo python3.11)"
  echo "make test: exit $test_rc in $((test_secs / 60)) min $((test_secs % 60)) s"
  grep -E '[0-9]+ (passed|failed)' "$WORK/test.log" | sed 's/^/  /' || true
  echo "make run: home page HTTP $home, /catalog.ttl HTTP $catalog," \
    "$tracebacks tracebacks in the logs, $mails e-mails in .local/mail/"
  echo "total: $(($(date +%s) - started)) s"
  if [ "$test_rc" -eq 0 ] && [ "$run_rc" -eq 0 ]; then echo "RESULT: passed"; else echo "RESULT: failed"; fi
} | tee "$WORK/result.txt"
grep -q 'RESULT: passed' "$WORK/result.txt"
