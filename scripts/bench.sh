#!/usr/bin/env bash
# make bench: the raw read ceiling of Elasticsearch against es-archiver end to end (issue 6), on a local stack of its
# own (DEVSTACK_DIR=/var/tmp/es-archiver-bench, ports 29xxx, so it never collides with `make dev-up`), with a dataset
# loaded once and reused. Prints a table of medians and writes target/bench/result.json. See org.esarchiver.bench.
#
# Environment: BENCH_DOCS (500000 per index), BENCH_INDICES (4), BENCH_SHARDS (1), BENCH_ROUNDS (3),
#   BENCH_WARMUP (3: unmeasured passes of each read first, so that Elasticsearch has compiled its search path),
#   BENCH_READ_SLICES (cores), BENCH_PAGE (10000), BENCH_XMX (512m, the archiver's heap), BENCH_BATCH_SIZE (5000,
#   the bench job's scroll.batch_size), BENCH_COMPRESSION (snappy), BENCH_API (scroll; or point_in_time, the bench
#   job's scroll.api), KEEP_STACK=1 (leave the bench stack running),
#   MVN, ES_VERSION, and the stack's DEVSTACK_DIR and ports (see scripts/dev-stack.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

MVN="${MVN:-mvn -B -q}"
JAVA="${JAVA:-java}"
export MVN JAVA
export ES_VERSION="${ES_VERSION:-8.19.7}"
export DEVSTACK_DIR="${DEVSTACK_DIR:-/var/tmp/es-archiver-bench}"
export ES_PORT="${ES_PORT:-29200}" ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-29300}"
export KAFKA_PORT="${KAFKA_PORT:-29092}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-29093}"
export HDFS_PORT="${HDFS_PORT:-29820}" HDFS_HTTP_PORT="${HDFS_HTTP_PORT:-29870}"
export HDFS_DATANODE_PORT="${HDFS_DATANODE_PORT:-29866}" HDFS_DATANODE_HTTP_PORT="${HDFS_DATANODE_HTTP_PORT:-29864}"
export HDFS_DATANODE_IPC_PORT="${HDFS_DATANODE_IPC_PORT:-29867}"
export HDFS_DATANODE_PROXY_PORT="${HDFS_DATANODE_PROXY_PORT:-29868}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building es-archiver (bin/es-archiver) and the bench (its test classes)"
$MVN package -DskipTests -Des.version="$ES_VERSION"

step "Starting the bench stack (Elasticsearch $ES_VERSION, Kafka, HDFS) in $DEVSTACK_DIR"
scripts/dev-stack.sh up
if [ "${KEEP_STACK:-0}" != 1 ]; then
  trap 'step "Stopping the bench stack"; scripts/dev-stack.sh down' EXIT
fi

export ES_URL="http://127.0.0.1:$ES_PORT" KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" HDFS_URL="hdfs://127.0.0.1:$HDFS_PORT"
export BENCH_DIR="${BENCH_DIR:-$DEVSTACK_DIR/bench}"
mkdir -p target/bench
step "Benchmark"
"$JAVA" -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.esarchiver.bench.BenchMain
