#!/usr/bin/env bash
# The developers' local stack of real services: Elasticsearch (a separate process), Kafka (KRaft) and HDFS
# (MiniDFSCluster), run by org.esarchiver.devstack.DevStackMain from the test classpath, all on 127.0.0.1.
#
#   scripts/dev-stack.sh up       start it in the background (no-op if it is already up); waits until ready
#   scripts/dev-stack.sh down     stop it (SIGTERM, then SIGKILL after 30 s) and make sure Elasticsearch is gone
#   scripts/dev-stack.sh status   say what runs; exit 0 if up, 3 if not
#
# Environment:
#   ES_VERSION     Elasticsearch server version, 8.19.7 (default) or 9.2.0
#   DEVSTACK_DIR   data, log and pid files (default /var/tmp/es-archiver-devstack); the data survives down/up
#   MVN            the Maven command (default: mvn -B -q), e.g. MVN="mvn -B -q -o"
#   JAVA           the java for DevStackMain (default: java; Java 17 - Hadoop 3.4 does not run on Java 25)
#   ES_PORT (19200) ES_TRANSPORT_PORT (19300) KAFKA_PORT (19092) KAFKA_CONTROLLER_PORT (19093) HDFS_PORT (19820)
#   HDFS_HTTP_PORT (19870) HDFS_DATANODE_PORT (19866) HDFS_DATANODE_HTTP_PORT (19864) HDFS_DATANODE_IPC_PORT (19867)
#   HDFS_DATANODE_PROXY_PORT (19868)
set -euo pipefail

cd "$(dirname "$0")/.."

ES_VERSION="${ES_VERSION:-8.19.7}"
DEVSTACK_DIR="$(realpath -m -s "${DEVSTACK_DIR:-/var/tmp/es-archiver-devstack}")"
MVN="${MVN:-mvn -B -q}"
JAVA="${JAVA:-java}"
START_TIMEOUT="${DEVSTACK_START_TIMEOUT:-180}"
STOP_TIMEOUT=30

PID_FILE="$DEVSTACK_DIR/devstack.pid"
LOG_FILE="$DEVSTACK_DIR/devstack.log"
READY_FILE="$DEVSTACK_DIR/devstack.ready"
CP_FILE=target/test-classpath.txt
MAIN_CLASS=org.esarchiver.devstack.DevStackMain

export ES_VERSION DEVSTACK_DIR

# cmdline_has PID STRING: the process's command line has an argument equal to STRING
cmdline_has() {
  # no grep -q: with pipefail, tr could die of SIGPIPE after an early match
  [ -r "/proc/$1/cmdline" ] && tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | grep -xF -- "$2" >/dev/null
}

# The pid of the running DevStackMain, if any.
stack_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && cmdline_has "$pid" "$MAIN_CLASS" || return 1
  echo "$pid"
}

# The pids of Elasticsearch processes whose home lies in $DEVSTACK_DIR. (The pattern goes through a file so that
# grep does not find it in its own command line.)
es_pids() {
  grep -l -a -F -f <(printf '%s\n' "-Des.path.home=$DEVSTACK_DIR/elasticsearch-") /proc/[0-9]*/cmdline 2>/dev/null |
    sed -E 's|^/proc/([0-9]+)/cmdline$|\1|' || true
}

# stop_pids TIMEOUT PID...: SIGTERM, wait up to TIMEOUT seconds, then SIGKILL.
stop_pids() {
  local timeout=$1 pid waited=0 alive
  shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  while :; do
    alive=()
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ ${#alive[@]} -eq 0 ] && return 0
    if [ "$waited" -ge $((timeout * 10)) ]; then
      echo "pids ${alive[*]} did not stop within ${timeout}s: killing them" >&2
      kill -KILL "${alive[@]}" 2>/dev/null || true
      sleep 0.5
      return 0
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

log_tail() {
  grep -vE $'^\t+at |^\t+\\.\\.\\. [0-9]+ more' "$LOG_FILE" | tail -n 60
}

endpoints() {
  [ -f "$READY_FILE" ] && grep -E '^(elasticsearch|elasticsearch_version|kafka|hdfs)=' "$READY_FILE" | xargs
  return 0
}

# The newest modification time (epoch seconds) of the files under the given paths, 0 if none.
newest_mtime() {
  local newest
  newest=$({ find "$@" -type f -printf '%T@\n' 2>/dev/null || true; } | sort -n | tail -n 1 | cut -d. -f1)
  echo "${newest:-0}"
}

# Compiles when the test classes are missing or older than pom.xml/src (whoever built them: this script, make build,
# an IDE), or when the Elasticsearch distribution of $ES_VERSION is not unpacked.
compile_if_needed() {
  local reason=""
  if [ ! -f "target/test-classes/${MAIN_CLASS//.//}.class" ]; then
    reason="no compiled test classes"
  elif [ ! -x "target/es-dist/elasticsearch-$ES_VERSION/bin/elasticsearch" ]; then
    reason="Elasticsearch $ES_VERSION is not unpacked"
  elif [ "$(newest_mtime pom.xml src)" -gt "$(newest_mtime target/classes target/test-classes)" ]; then
    reason="sources changed"
  fi
  if [ -n "$reason" ]; then
    echo "compiling ($reason): $MVN test-compile -Des.version=$ES_VERSION"
    $MVN test-compile -Des.version="$ES_VERSION"
  fi
  if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
    echo "writing the test classpath to $CP_FILE"
    $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
    touch "$CP_FILE" # the plugin leaves an unchanged file alone, so its time would stay older than pom.xml
  fi
}

up() {
  local pid start waited=0
  if pid=$(stack_pid); then
    echo "dev stack is already up (pid $pid): $(endpoints)"
    if [ -f "$READY_FILE" ] && ! grep -qxF "elasticsearch_version=$ES_VERSION" "$READY_FILE"; then
      echo "note: it runs another Elasticsearch version than ES_VERSION=$ES_VERSION; run '$0 down' first to switch"
    fi
    # this checkout may not be the one that started it (KEEP_STACK=1 in another clone): its callers (bench, demo)
    # run the test tools from this checkout's target/
    compile_if_needed
    return 0
  fi
  compile_if_needed
  mkdir -p "$DEVSTACK_DIR"
  # an Elasticsearch left behind by a killed stack would hold the ports
  # shellcheck disable=SC2046
  stop_pids 15 $(es_pids)
  rm -rf "$DEVSTACK_DIR/tmp" && mkdir -p "$DEVSTACK_DIR/tmp"
  rm -f "$READY_FILE" "$PID_FILE"
  [ -f "$LOG_FILE" ] && mv -f "$LOG_FILE" "$LOG_FILE.1"

  start=$(date +%s%N)
  nohup "$JAVA" -Xmx768m -Djava.io.tmpdir="$DEVSTACK_DIR/tmp" \
    -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" "$MAIN_CLASS" \
    >"$LOG_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "starting the dev stack (pid $pid, Elasticsearch $ES_VERSION, log $LOG_FILE) ..."

  while [ ! -f "$READY_FILE" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "dev stack failed to start; the end of $LOG_FILE (stack frames left out):" >&2
      log_tail >&2
      rm -f "$PID_FILE"
      down quiet
      return 1
    fi
    if [ "$waited" -ge $((START_TIMEOUT * 10)) ]; then
      echo "dev stack not ready within ${START_TIMEOUT}s; the end of $LOG_FILE (stack frames left out):" >&2
      log_tail >&2
      down quiet
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "dev stack up in $((($(date +%s%N) - start) / 1000000)) ms: $(endpoints)"
}

down() {
  local pid stopped=""
  if pid=$(stack_pid); then
    [ "${1:-}" = quiet ] || echo "stopping the dev stack (pid $pid) ..."
    stop_pids "$STOP_TIMEOUT" "$pid"
    stopped=yes
  fi
  # the stack stops Elasticsearch itself; this catches one that outlived a killed stack
  local strays
  strays=$(es_pids)
  if [ -n "$strays" ]; then
    echo "stopping Elasticsearch left running: pid(s) $(echo "$strays" | xargs)"
    # shellcheck disable=SC2086
    stop_pids 15 $strays
    stopped=yes
  fi
  rm -f "$PID_FILE" "$READY_FILE"
  if [ "${1:-}" != quiet ]; then
    if [ -n "$stopped" ]; then echo "dev stack stopped"; else echo "dev stack is not running"; fi
  fi
}

status() {
  local pid es url health=""
  es=$(es_pids | xargs)
  if pid=$(stack_pid); then
    if [ -f "$READY_FILE" ]; then
      if command -v curl >/dev/null; then
        url=$(grep '^elasticsearch=' "$READY_FILE" | cut -d= -f2-)
        health=$(curl -s -m 2 "$url/_cluster/health?filter_path=status" || true)
      fi
      echo "dev stack is up (pid $pid; Elasticsearch pid ${es:-none}${health:+ $health}): $(endpoints)"
      echo "data: $DEVSTACK_DIR  log: $LOG_FILE"
      return 0
    fi
    echo "dev stack is starting (pid $pid), log: $LOG_FILE"
    return 3
  fi
  if [ -n "$es" ]; then
    echo "dev stack is down, but Elasticsearch from $DEVSTACK_DIR still runs: pid(s) $es (run: $0 down)"
  else
    echo "dev stack is down"
  fi
  return 3
}

# up and down of one DEVSTACK_DIR are serialized (several shells, make demo, ...)
lock() {
  mkdir -p "$DEVSTACK_DIR"
  exec 9>"$DEVSTACK_DIR/devstack.lock"
  if ! flock -w 300 9; then
    echo "another '$0 up/down' on $DEVSTACK_DIR did not finish within 300s" >&2
    exit 1
  fi
}

case "${1:-}" in
  up) lock && up ;;
  down) lock && down ;;
  status) status ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
