#!/usr/bin/env bash
# Private PostgreSQL cluster and Redis for development and tests, under .local/.
# They listen on 127.0.0.1 at unusual ports (never the machine's defaults) so
# that they cannot clash with a system-wide PostgreSQL or Redis.
#
#   scripts/services.sh start   start both (idempotent), create roles and databases
#   scripts/services.sh stop    stop both
#   scripts/services.sh env     print the settings a CKAN config needs
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOCAL="$ROOT/.local"
PG_PORT=${PG_PORT:-54329}
REDIS_PORT=${REDIS_PORT:-63799}
DB_USER=ckan_default
DB_PASS=pass
RUN="$LOCAL/run"
PGHOME_LINK="$LOCAL/pg"   # holds data/, sock/ and postgresql.log

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] || { echo "PostgreSQL is not installed (run: make system)" >&2; exit 1; }
  echo "$d"
}

# initdb and postgres refuse to run as root: as root, run them as 'postgres'.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The data directory must be reachable by the user running postgres. When the
# checkout lies below a directory that user cannot enter (e.g. /root), keep
# the data in /var/tmp and link it from .local/pg.
pg_home() {
  if [ -L "$PGHOME_LINK" ] || [ -d "$PGHOME_LINK" ]; then
    readlink -f "$PGHOME_LINK"
    return
  fi
  mkdir -p "$LOCAL"
  local dir="$PGHOME_LINK"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$LOCAL"; then
    dir="/var/tmp/ckanext-kommunal-$(echo "$ROOT" | md5sum | cut -c1-12)/pg"
    ln -sfn "$dir" "$PGHOME_LINK"
  fi
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  echo "$dir"
}

# port_free PORT: fail with a clear message when another server holds PORT
# (test.ini and the portal's configuration expect this project's services
# there; often it is another checkout's, whose make stop frees it)
port_free() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "Port $1 on 127.0.0.1 is held by another server (another checkout's" \
      "services? run 'make stop' there); this project's services need it." >&2
    exit 1
  fi
}

pg_start() {
  local bin home data sock
  bin=$(pg_bin)
  home=$(pg_home)
  data="$home/data"
  sock="$home/sock"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg mkdir -p "$data" "$sock"
    local pw
    pw=$(mktemp)
    echo "$DB_PASS" > "$pw"
    chmod 644 "$pw"
    as_pg "$bin/initdb" -D "$data" -U "$DB_USER" --pwfile="$pw" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
      --locale=C.UTF-8 >/dev/null
    rm -f "$pw"
    # A throw-away development cluster: durability is traded for speed.
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
CONF
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port_free "$PG_PORT"
    as_pg "$bin/pg_ctl" -D "$data" -l "$home/postgresql.log" -w -t 60 start >/dev/null
  fi
  local db
  for db in ckan ckan_test datastore datastore_test; do
    if ! psql_q "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      psql_q "CREATE DATABASE $db OWNER $DB_USER" >/dev/null
    fi
  done
  # CKAN's DataStore reads through a role without write rights
  if ! psql_q "SELECT 1 FROM pg_roles WHERE rolname='datastore_ro'" | grep -q 1; then
    psql_q "CREATE ROLE datastore_ro LOGIN PASSWORD '$DB_PASS'" >/dev/null
  fi
}

psql_q() {
  PGPASSWORD=$DB_PASS psql -X -q -t -A -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" \
    -d postgres -c "$1"
}

pg_stop() {
  local bin data
  bin=$(pg_bin)
  [ -e "$PGHOME_LINK" ] || return 0
  data=$(readlink -f "$PGHOME_LINK")/data
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
}

redis_start() {
  mkdir -p "$LOCAL/redis" "$RUN"
  if [ -f "$RUN/redis.pid" ] && kill -0 "$(cat "$RUN/redis.pid")" 2>/dev/null; then
    return
  fi
  port_free "$REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$LOCAL/redis" --pidfile "$RUN/redis.pid" \
    --logfile "$LOCAL/redis/redis.log" --save "" --appendonly no
  local i
  for i in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "Redis did not start; see $LOCAL/redis/redis.log" >&2
  exit 1
}

redis_stop() {
  if [ -f "$RUN/redis.pid" ] && kill -0 "$(cat "$RUN/redis.pid")" 2>/dev/null; then
    kill "$(cat "$RUN/redis.pid")"
    rm -f "$RUN/redis.pid"
  fi
}

print_env() {
  cat <<ENV
sqlalchemy.url = postgresql://$DB_USER:$DB_PASS@127.0.0.1:$PG_PORT/ckan
ckan.redis.url = redis://127.0.0.1:$REDIS_PORT/0
# tests (test.ini) use database ckan_test and Redis database 1
ENV
}

case "${1:-}" in
  start) pg_start; redis_start; print_env ;;
  stop) redis_stop; pg_stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
