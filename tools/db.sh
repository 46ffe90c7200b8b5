#!/usr/bin/env bash
# `make db` and `make db-stop`: give this project a CQL database, and take back only what we gave.
#
#   db.sh up      1. something already answers CQL at $SCYLLA_HOSTS:$SCYLLA_PORT -> use it
#                 2. else a Docker engine answers -> `docker compose up -d --wait` (docker-compose.yml's image)
#                 3. else start a local Apache Cassandra from Maven jars (needs JDK 17 + Maven)
#   db.sh down    stop what `db.sh up` started (never a database it found running)
#
# What it starts answers where it looked: the first SCYLLA_HOSTS address (a 127.x.x.x one;
# default 127.0.0.1), port SCYLLA_PORT (default 9042). NODES=3 skips Docker and starts a local
# three-node Cassandra on that address and the next two; DB_DOCKER=no skips Docker too.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
HOST="${SCYLLA_HOSTS:-127.0.0.1}"; HOST="${HOST%%,*}"; [ "$HOST" != localhost ] || HOST=127.0.0.1
PORT="${SCYLLA_PORT:-9042}"
NODES="${NODES:-1}"
DB_DOCKER="${DB_DOCKER:-auto}"
STATE="${CASSANDRA_DIR:-$ROOT/.cassandra}"
MARK="$STATE/started-by-make-db"
PYTHON="${PYTHON:-python3}"
COMPOSE=(docker compose -f "$ROOT/docker-compose.yml")

say() { printf 'db: %s\n' "$*"; }
refuse() { printf 'db: %s\n' "$*" >&2; exit 2; }
probe() { "$PYTHON" "$HERE/cassandra/cql_probe.py" "$@"; }

up() {
  local answer rc=0
  case "$PORT" in ''|*[!0-9]*) refuse "SCYLLA_PORT must be a port number, got '$PORT'" ;; esac
  [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || refuse "SCYLLA_PORT must be a port number, got '$PORT'"
  answer="$(probe check "$HOST" "$PORT")" || rc=$?
  if [ "$rc" -eq 0 ]; then
    say "using the CQL server already answering at $HOST:$PORT (version $answer)"
    return 0
  fi
  if [ "$rc" -eq 4 ]; then
    say "$HOST:$PORT is open but does not answer CQL: stop that program or set SCYLLA_PORT" >&2
    exit 1
  fi
  # Nothing answers: whatever starts now must answer at $HOST:$PORT, where everything looks.
  case "$HOST" in
    127.*) ;;
    *) refuse "nothing answers CQL at $HOST:$PORT, and make db starts databases on this machine only (127.x.x.x): start yours at $HOST, or set SCYLLA_HOSTS to a 127.x.x.x address" ;;
  esac
  [ -z "${CASSANDRA_BASE_IP:-}" ] || [ "$CASSANDRA_BASE_IP" = "$HOST" ] \
    || refuse "CASSANDRA_BASE_IP=$CASSANDRA_BASE_IP but SCYLLA_HOSTS starts with $HOST: make db starts the database where it looks, so set SCYLLA_HOSTS only"
  [ -z "${CASSANDRA_PORT:-}" ] || [ "$CASSANDRA_PORT" = "$PORT" ] \
    || refuse "CASSANDRA_PORT=$CASSANDRA_PORT but SCYLLA_PORT=$PORT: make db starts the database where it looks, so set SCYLLA_PORT only"
  mkdir -p "$STATE"
  if [ "$NODES" = 1 ] && [ "$DB_DOCKER" != no ] && command -v docker >/dev/null 2>&1 \
      && docker info >/dev/null 2>&1; then
    image="$(sed -n 's/^ *image: *\([^ ]*\).*/\1/p' "$ROOT/docker-compose.yml" | head -n 1)"
    say "starting $image with docker compose (docker-compose.yml) on $HOST:$PORT"
    local started=$SECONDS
    # docker-compose.yml publishes the container's 9042 at ${SCYLLA_COMPOSE_IP}:${SCYLLA_PORT}.
    SCYLLA_COMPOSE_IP="$HOST" SCYLLA_PORT="$PORT" "${COMPOSE[@]}" up -d --wait
    probe wait "$HOST" "$PORT" --timeout 120
    echo docker > "$MARK"
    say "$image ready at $HOST:$PORT in $((SECONDS - started))s (make db-stop stops it)"
    return 0
  fi
  say "no CQL server at $HOST:$PORT and no Docker engine in use: starting a local Apache Cassandra ($NODES node(s))"
  CASSANDRA_BASE_IP="$HOST" CASSANDRA_PORT="$PORT" bash "$HERE/cassandra/cassandra.sh" start --nodes "$NODES"
  echo "local $NODES $HOST $PORT" > "$MARK"
}

down() {
  if [ ! -f "$MARK" ]; then
    say "nothing to stop: make db did not start a database here"
    return 0
  fi
  local how nodes ip port
  read -r how nodes ip port < "$MARK"
  case "$how" in
    docker) "${COMPOSE[@]}" down ;;
    local) CASSANDRA_BASE_IP="${ip:-127.0.0.1}" CASSANDRA_PORT="${port:-9042}" \
      bash "$HERE/cassandra/cassandra.sh" stop --nodes "${nodes:-1}" ;;
  esac
  rm -f "$MARK"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
