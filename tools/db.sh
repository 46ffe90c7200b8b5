#!/usr/bin/env bash
# `make db` and `make db-stop`: give this project a CQL database, and take back only what we gave.
#
#   db.sh up      1. something already answers CQL at $SCYLLA_HOSTS:$SCYLLA_PORT -> use it
#                 2. else a Docker engine answers -> `docker compose up -d --wait` (ScyllaDB)
#                 3. else start a local Apache Cassandra from Maven jars (needs JDK 17 + Maven)
#   db.sh down    stop what `db.sh up` started (never a database it found running)
#
# NODES=3 skips Docker and starts a local three-node Cassandra on 127.0.0.1..3.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
HOST="${SCYLLA_HOSTS:-127.0.0.1}"; HOST="${HOST%%,*}"
PORT="${SCYLLA_PORT:-9042}"
NODES="${NODES:-1}"
STATE="${CASSANDRA_DIR:-$ROOT/.cassandra}"
MARK="$STATE/started-by-make-db"
PYTHON="${PYTHON:-python3}"
COMPOSE=(docker compose -f "$ROOT/docker-compose.yml")

say() { printf 'db: %s\n' "$*"; }
probe() { "$PYTHON" "$HERE/cassandra/cql_probe.py" "$@"; }

up() {
  local answer rc=0
  answer="$(probe check "$HOST" "$PORT")" || rc=$?
  if [ "$rc" -eq 0 ]; then
    say "using the CQL server already answering at $HOST:$PORT (version $answer)"
    return 0
  fi
  if [ "$rc" -eq 4 ]; then
    say "$HOST:$PORT is open but does not answer CQL: stop that program or set SCYLLA_PORT" >&2
    exit 1
  fi
  mkdir -p "$STATE"
  if [ "$NODES" = 1 ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    say "starting ScyllaDB with docker compose (docker-compose.yml)"
    local started=$SECONDS
    "${COMPOSE[@]}" up -d --wait
    probe wait "$HOST" "$PORT" --timeout 120
    echo docker > "$MARK"
    say "ScyllaDB ready at $HOST:$PORT in $((SECONDS - started))s (make db-stop stops it)"
    return 0
  fi
  say "no CQL server at $HOST:$PORT and no Docker engine: starting a local Apache Cassandra ($NODES node(s))"
  bash "$HERE/cassandra/cassandra.sh" start --nodes "$NODES"
  echo "local $NODES" > "$MARK"
}

down() {
  if [ ! -f "$MARK" ]; then
    say "nothing to stop: make db did not start a database here"
    return 0
  fi
  local how nodes
  read -r how nodes < "$MARK"
  case "$how" in
    docker) "${COMPOSE[@]}" down ;;
    local) bash "$HERE/cassandra/cassandra.sh" stop --nodes "${nodes:-1}" ;;
  esac
  rm -f "$MARK"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
