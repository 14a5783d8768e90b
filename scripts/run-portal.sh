#!/usr/bin/env bash
# Runs the development portal in the foreground, with what it needs beside:
#   - a local mail sink (scripts/mail_sink.py) on 127.0.0.1:PORT+2 that keeps
#     every e-mail of the portal under .local/mail/ (nothing is relayed),
#   - the demo content (scripts/demo_content.py), created once those servers
#     are up,
#   - the background-jobs worker (personal-data scans of submissions),
#   - the demo council information system: the project's fake OParl server
#     (invented "Landkreis Musterkreis") on 127.0.0.1:PORT+1,
#   - ckanext-harvest's gather and fetch consumers and, every 30 seconds,
#     `ckan harvester run` (starts new jobs, closes finished ones), and every
#     hour `ckan privacy-clearance anchor` (the logs' heads into
#     .local/anchors/), as cron would on a production server.
# Everything started here is stopped when the portal stops (Ctrl-C).
#
#   scripts/run-portal.sh INI PORT
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 INI PORT" >&2
  exit 2
fi
INI=$1
PORT=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/.venv/bin"
LOGS="$ROOT/.local"
OPARL_PORT=$((PORT + 1))
MAIL_PORT=$((PORT + 2))
MAIL_DIR="$LOGS/mail"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for_port PORT PID NAME LOG: until the server PID listens on PORT
wait_for_port() {
  local i
  for i in $(seq 1 100); do
    kill -0 "$2" 2>/dev/null || break
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return
    sleep 0.1
  done
  echo "$3 did not start on port $1; see $4" >&2
  exit 1
}

"$BIN/python" "$ROOT/scripts/mail_sink.py" --port "$MAIL_PORT" --dir "$MAIL_DIR" \
  >"$LOGS/mail.log" 2>&1 &
pids+=($!)
mail_pid=$!
"$BIN/python" "$ROOT/tests/oparl_harvester/fake_oparl.py" --port "$OPARL_PORT" \
  --papers 300 --meetings 40 --lifetime 86400 >"$LOGS/oparl-demo.log" 2>&1 &
pids+=($!)
oparl_pid=$!
wait_for_port "$MAIL_PORT" "$mail_pid" "The mail sink" "$LOGS/mail.log"
wait_for_port "$OPARL_PORT" "$oparl_pid" "The demo OParl server" "$LOGS/oparl-demo.log"

"$BIN/python" "$ROOT/scripts/demo_content.py" "$INI" --oparl-port "$OPARL_PORT"

echo
echo "  Portal:  http://127.0.0.1:$PORT"
echo "  Login:   admin / $(cat "$LOGS/admin-password")"
echo "  Prüfer:  pruefer / $(cat "$LOGS/pruefer-password")"
echo "           (beide richten bei der ersten Anmeldung den zweiten Faktor ein: eine"
echo "           Authenticator-App wie FreeOTP oder Aegis scannt den QR-Code)"
echo "  Demo-Ratsinformationssystem (OParl): http://127.0.0.1:$OPARL_PORT/oparl/v1/system"
echo "  E-Mails des Portals: $MAIL_DIR/ (eine .eml-Datei je E-Mail; Liste: $LOGS/mail.log)"
echo

"$BIN/ckan" -c "$INI" jobs worker >"$LOGS/worker.log" 2>&1 &
pids+=($!)
"$BIN/ckan" -c "$INI" harvester gather-consumer >"$LOGS/harvest-gather.log" 2>&1 &
pids+=($!)
"$BIN/ckan" -c "$INI" harvester fetch-consumer >"$LOGS/harvest-fetch.log" 2>&1 &
pids+=($!)
# The demo source is harvested once per start; later runs from the web UI
# ("Jetzt abrufen") or `ckan harvester job SOURCE`.
"$BIN/ckan" -c "$INI" harvester job ris-kreistag-demo >/dev/null 2>&1 || true
rounds=0
while true; do
  "$BIN/ckan" -c "$INI" harvester run >>"$LOGS/harvest-run.log" 2>&1 || true
  if [ $((rounds % 120)) -eq 0 ]; then
    "$BIN/ckan" -c "$INI" privacy-clearance anchor >>"$LOGS/anchor.log" 2>&1 || true
  fi
  rounds=$((rounds + 1))
  sleep 30
done &
pids+=($!)

# in the background and waited for: `wait` lets the trap run at once on a
# signal, a foreground command would delay it until the server ends
"$BIN/ckan" -c "$INI" run -H 127.0.0.1 -p "$PORT" --disable-reloader &
pids+=($!)
wait "$!"
