#!/usr/bin/env bash
# A local Apache Cassandra from Maven Central jars: no Docker, no tarball, no root.
#
#   cassandra.sh fetch                  resolve the jars once (Maven), reuse them afterwards
#   cassandra.sh start  [--nodes N]     start N nodes (default 1) and wait until CQL answers
#   cassandra.sh stop   [--nodes N|--all]  stop them (SIGTERM, then SIGKILL after 60 s)
#   cassandra.sh status [--nodes N]     one line per node; exit 0 when every node answers CQL
#   cassandra.sh kill   --node K [--nodes N]   SIGKILL one node (to show what survives a crash)
#   cassandra.sh start-node --node K [--nodes N]  start one node of a cluster again
#
# Node K listens on BASE_IP+K-1 (127.0.0.1, .2, .3 ...), every node on CQL_PORT and 7000.
# Everything it writes lives under one ignored folder, $CASSANDRA_DIR (default .cassandra/
# at the project root): lib/ (jars), and per cluster nodeK/{data,logs,tmp}, cassandra.yaml
# and cassandra.pid. Data survives stop and crash; `rm -rf .cassandra/<cluster>` resets it.
#
# Settings (environment):
#   CASSANDRA_VERSION        5.0.9
#   CASSANDRA_DIR            <project>/.cassandra
#   CASSANDRA_BASE_IP        127.0.0.1
#   CASSANDRA_PORT           9042 (the CQL port of every node)
#   CASSANDRA_HEAP           1G for one node, 512M each for a cluster
#   CASSANDRA_START_TIMEOUT  120 (seconds per node)
#   CASSANDRA_JAVA           the java to run; else $JAVA_HOME/bin/java; else java (needs 11 or 17)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="${CASSANDRA_VERSION:-5.0.9}"
STATE="${CASSANDRA_DIR:-$ROOT/.cassandra}"
BASE_IP="${CASSANDRA_BASE_IP:-127.0.0.1}"
CQL_PORT="${CASSANDRA_PORT:-9042}"
TIMEOUT="${CASSANDRA_START_TIMEOUT:-120}"
PYTHON="${PYTHON:-python3}"
LIB="$STATE/lib"

say() { printf 'cassandra: %s\n' "$*"; }
die() { printf 'cassandra: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

# ----------------------------------------------------------------- arguments
COMMAND="${1:-}"; [ -n "$COMMAND" ] || usage; shift
NODES=1; NODE=""; ALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="${2:?--nodes needs a number}"; shift 2 ;;
    --node) NODE="${2:?--node needs a number}"; shift 2 ;;
    --all) ALL=1; shift ;;
    *) usage ;;
  esac
done
case "$NODES" in ''|*[!0-9]*|0) die "--nodes must be a whole number from 1 to 9, got '$NODES'" ;; esac
[ "$NODES" -le 9 ] || die "--nodes must be a whole number from 1 to 9, got '$NODES'"
case "${BASE_IP##*.}" in ''|*[!0-9]*) die "CASSANDRA_BASE_IP must be an IPv4 address, got '$BASE_IP'" ;; esac
[ $((${BASE_IP##*.} + NODES - 1)) -le 254 ] \
  || die "CASSANDRA_BASE_IP $BASE_IP leaves no room for $NODES nodes: lower its last part"
case "$CQL_PORT" in ''|*[!0-9]*) die "CASSANDRA_PORT must be a port number, got '$CQL_PORT'" ;; esac
[ "$CQL_PORT" -ge 1 ] && [ "$CQL_PORT" -le 65535 ] && [ "$CQL_PORT" != 7000 ] \
  || die "CASSANDRA_PORT must be a port number other than 7000 (the nodes' own), got '$CQL_PORT'"

CLUSTER="$STATE/nodes${NODES}-${BASE_IP}"
if [ "$NODES" -eq 1 ]; then HEAP="${CASSANDRA_HEAP:-1G}"; else HEAP="${CASSANDRA_HEAP:-512M}"; fi

node_ip() {  # node_ip K -> BASE_IP with its last part raised by K-1
  local prefix="${BASE_IP%.*}" last="${BASE_IP##*.}"
  printf '%s.%s' "$prefix" $((last + $1 - 1))
}

alive() {  # alive PID: the process exists and is not a zombie (dead, not yet reaped by its parent)
  kill -0 "$1" 2>/dev/null || return 1
  [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

node_pid() {  # the pid of node K when that process is alive, else nothing
  local pidfile="$CLUSTER/node$1/cassandra.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if alive "$pid"; then printf '%s' "$pid"; fi
}

probe() { "$PYTHON" "$HERE/cql_probe.py" "$@"; }

# ----------------------------------------------------------------- java
find_java() {
  if [ -n "${CASSANDRA_JAVA:-}" ]; then JAVA="$CASSANDRA_JAVA"
  elif [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"
  else JAVA="java"; fi
  command -v "$JAVA" >/dev/null 2>&1 || die "no Java found ($JAVA): install JDK 17 (apt-get install openjdk-17-jre-headless)"
  local version
  version="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')"
  case "${version%%.*}" in
    11|17) ;;
    *) die "Cassandra 5.0 needs Java 17 (or 11), but $JAVA is '$version': set JAVA_HOME to a JDK 17" ;;
  esac
}

# ----------------------------------------------------------------- jars
fetch() {
  if [ -f "$LIB/.complete-$VERSION" ]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed once to fetch the Cassandra jars: apt-get install maven"
  say "fetching Cassandra $VERSION jars from Maven Central (once; about 67 MB)"
  rm -rf "$LIB"; mkdir -p "$LIB"
  local started=$SECONDS
  if ! mvn -B -ntp -q -f "$HERE/pom.xml" -Dcassandra.version="$VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB" >"$STATE/fetch.log" 2>&1; then
    tail -n 20 "$STATE/fetch.log" >&2
    die "could not fetch the Cassandra $VERSION jars (Maven log: $STATE/fetch.log)"
  fi
  touch "$LIB/.complete-$VERSION"
  say "jars ready in $((SECONDS - started))s: $(find "$LIB" -name '*.jar' | wc -l) jars in $LIB"
}

# ----------------------------------------------------------------- one node
JPMS=(
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.management/com.sun.jmx.remote.security=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED
  --add-exports java.base/java.lang.ref=ALL-UNNAMED
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
  --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens java.base/java.lang.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
  --add-opens java.base/java.nio.charset=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
)

write_yaml() {  # write_yaml K -> the node's own copy of cassandra.yaml
  local k="$1" ip token
  ip="$(node_ip "$k")"
  # Node K owns the K-th of NODES equal slices of the Murmur3 ring.
  token="$("$PYTHON" -c "print(-2**63 + ($k - 1) * (2**64 // $NODES))")"
  sed -e "s/^cluster_name: .*/cluster_name: 'coodie-demos ${NODES}-node'/" \
      -e "s/^initial_token: .*/initial_token: '$token'/" \
      -e "s/- seeds: .*/- seeds: \"$(node_ip 1)\"/" \
      -e "s/^listen_address: .*/listen_address: $ip/" \
      -e "s/^rpc_address: .*/rpc_address: $ip/" \
      -e "s/^native_transport_port: .*/native_transport_port: $CQL_PORT/" \
      "$HERE/cassandra.yaml" > "$CLUSTER/node$k/cassandra.yaml"
}

start_node() {  # start_node K
  local k="$1" ip dir pid port answer
  ip="$(node_ip "$k")"; dir="$CLUSTER/node$k"
  pid="$(node_pid "$k")"
  if [ -n "$pid" ]; then
    if probe check "$ip" "$CQL_PORT" >/dev/null; then say "node $k ($ip) already running (pid $pid): reusing it"; return 0; fi
    die "node $k ($ip) is running (pid $pid) but does not answer CQL yet: wait, or run '$0 stop'"
  fi
  # Something else on these ports would answer the readiness probe in our place.
  for port in "$CQL_PORT" 7000; do
    if (exec 3<>"/dev/tcp/$ip/$port") 2>/dev/null; then
      if [ "$port" = "$CQL_PORT" ] && answer="$(probe check "$ip" "$CQL_PORT")"; then
        die "$ip:$CQL_PORT already answers CQL (Cassandra $answer) but was not started by this tool: use it, or stop it first"
      fi
      die "$ip:$port is held by another program that does not speak CQL: stop it, or set CASSANDRA_BASE_IP"
    fi
  done
  mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
  write_yaml "$k"
  : > "$dir/logs/stdout.log"
  export MALLOC_ARENA_MAX=4
  nohup "$JAVA" \
    -Xms"$HEAP" -Xmx"$HEAP" -Xss256k \
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1 -XX:MaxGCPauseMillis=300 \
    -XX:+UseThreadPriorities -XX:+PerfDisableSharedMem -XX:+ExitOnOutOfMemoryError \
    -Djava.net.preferIPv4Stack=true -Djdk.attach.allowAttachSelf=true \
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true \
    -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.useCacheForAllThreads=true \
    -Dio.netty.allocator.maxOrder=11 \
    "${JPMS[@]}" \
    -javaagent:"$(ls "$LIB"/jamm-*.jar | head -n 1)" \
    -Djava.io.tmpdir="$dir/tmp" -Djna.tmpdir="$dir/tmp" \
    -Dcassandra-foreground=yes \
    -Dcassandra.config="file://$dir/cassandra.yaml" \
    -Dlogback.configurationFile="$HERE/logback.xml" \
    -Dcassandra.logdir="$dir/logs" \
    -Dcassandra.storagedir="$dir/data" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -Dcassandra.ring_delay_ms=5000 \
    -Dcassandra.shutdown_announce_in_ms=0 \
    -cp "$HERE:$LIB/*" \
    org.apache.cassandra.service.CassandraDaemon \
    >> "$dir/logs/stdout.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$dir/cassandra.pid"
  say "node $k starting on $ip (pid $pid, heap $HEAP, data in $dir)"
  # Readiness is a query answered, and for a cluster every node NORMAL in gossip.
  # (a node started alone again waits until it sees the whole cluster, not just K nodes)
  local normal=0; [ "$NODES" -gt 1 ] && normal="${WAIT_NORMAL:-$k}"
  if ! probe wait "$ip" "$CQL_PORT" --timeout "$TIMEOUT" --pid "$pid" --normal "$normal" \
      --log "$dir/logs/system.log" --log "$dir/logs/stdout.log"; then
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/cassandra.pid"
    exit 1
  fi
}

wait_ports_free() {  # wait_ports_free IP CQL_PORT: a dying JVM's last threads still hold its sockets
  local ip="$1" cql="$2" i p open
  for i in $(seq 1 100); do
    open=""
    for p in "$cql" 7000; do if (exec 3<>"/dev/tcp/$ip/$p") 2>/dev/null; then open="$p"; fi; done
    [ -z "$open" ] && return 0
    sleep 0.3
  done
  say "$ip:$open is still open 30 s after its node exited"
}

stop_pid() {  # stop_pid PID LABEL: SIGTERM, wait up to 60 s, then SIGKILL
  local pid="$1" label="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 120); do
    alive "$pid" || { say "$label stopped"; return 0; }
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  say "$label did not stop within 60s: killed"
}

# ----------------------------------------------------------------- commands
case "$COMMAND" in
  fetch)
    mkdir -p "$STATE"; fetch ;;
  start)
    find_java
    mkdir -p "$STATE"; fetch
    started=$SECONDS
    for k in $(seq 1 "$NODES"); do start_node "$k"; done
    if [ "$NODES" -gt 1 ]; then
      # Node K waited for K nodes in its own view; the first nodes may not see the last one yet,
      # and a keyspace created through them would not reach it. Wait until every node sees all.
      for k in $(seq 1 "$NODES"); do
        probe wait "$(node_ip "$k")" "$CQL_PORT" --timeout "$TIMEOUT" --normal "$NODES" >/dev/null \
          || die "node $k does not see all $NODES nodes NORMAL after ${TIMEOUT}s"
      done
      say "$NODES nodes ready on $(node_ip 1)..$(node_ip "$NODES") in $((SECONDS - started))s"
    fi ;;
  stop)
    if [ "$ALL" = 1 ]; then pidfiles="$(find "$STATE" -name cassandra.pid 2>/dev/null || true)"
    else pidfiles="$(ls "$CLUSTER"/node*/cassandra.pid 2>/dev/null || true)"; fi
    for pidfile in $pidfiles; do
      pid="$(cat "$pidfile")"
      if alive "$pid"; then stop_pid "$pid" "$(basename "$(dirname "$pidfile")") (pid $pid)" & fi
    done
    wait
    for pidfile in $pidfiles; do
      yaml="$(dirname "$pidfile")/cassandra.yaml"  # where that node listened, whatever the settings now
      wait_ports_free "$(awk '/^listen_address:/ { print $2 }' "$yaml")" \
        "$(awk '/^native_transport_port:/ { print $2 }' "$yaml")"
      rm -f "$pidfile"
    done ;;
  kill)
    [ -n "$NODE" ] || die "kill needs --node K"
    pid="$(node_pid "$NODE")"
    [ -n "$pid" ] || die "node $NODE is not running"
    kill -KILL "$pid"
    while alive "$pid"; do sleep 0.1; done
    wait_ports_free "$(node_ip "$NODE")" "$CQL_PORT"
    rm -f "$CLUSTER/node$NODE/cassandra.pid"
    say "node $NODE (pid $pid) killed" ;;
  start-node)
    [ -n "$NODE" ] || die "start-node needs --node K"
    find_java; fetch; WAIT_NORMAL="$NODES" start_node "$NODE" ;;
  status)
    ok=0; total=0
    for k in $(seq 1 "$NODES"); do
      total=$((total + 1)); ip="$(node_ip "$k")"; pid="$(node_pid "$k")"
      if answer="$(probe check "$ip" "$CQL_PORT")"; then
        say "node $k $ip:$CQL_PORT answers CQL (Cassandra $answer)${pid:+, pid $pid}"; ok=$((ok + 1))
      elif [ -n "$pid" ]; then say "node $k $ip:$CQL_PORT pid $pid is running but does not answer CQL yet"
      else say "node $k $ip:$CQL_PORT is not running"; fi
    done
    [ "$ok" -eq "$total" ] ;;
  *) usage ;;
esac
