# es-archiver developer tasks. Run `make <target>`; variables can be overridden, e.g. `make dev-up ES_VERSION=9.2.0`.

MVN ?= mvn -B -q
# Elasticsearch server version of the tests and the local stack: 8.19.7 (default) or 9.2.0
ES_VERSION ?= 8.19.7

.PHONY: build test test-faults test-e2e demo bench dev-up dev-down dev-status clean

## Compile and package target/es-archiver.jar and target/lib for bin/es-archiver.
build:
	$(MVN) package -DskipTests -Des.version=$(ES_VERSION)

## Unit tests, then integration tests (*IT) against real Elasticsearch, Kafka and HDFS, started once per run.
test:
	mvn -B verify -Des.version=$(ES_VERSION)

## The fault and load tests, minutes each, not part of `make test`: an Elasticsearch node of their own restarted
## mid-scroll and rejecting requests; a job over 200 small indices and one over an index of 2,000,000 documents
## archived by an archiver JVM with -Xmx512m;
## HDFS with Kerberos (MiniKdc, a secured MiniDFSCluster) in a JVM of its own. About 15 minutes; .ci/run runs it after
## `make test` and the ES 9 end-to-end test. See README "Guarantees and failure behaviour".
test-faults:
	mvn -B verify -Des.version=$(ES_VERSION) -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.default.skip=true -Dit.faults.skip=false

## The end-to-end test alone, e.g. against Elasticsearch 9: make test-e2e ES_VERSION=9.2.0
test-e2e:
	mvn -B verify -Des.version=$(ES_VERSION) -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=ArchivePipelineIT

## Build, start the local stack, load sample logs, archive them, show the results, stop the stack.
demo:
	MVN="$(MVN)" ES_VERSION="$(ES_VERSION)" scripts/demo.sh

## Read ceiling of Elasticsearch vs es-archiver end to end (issue 6) on a stack of its own (ports 29xxx), dataset
## loaded once; prints medians, writes target/bench/result.json. Size: make bench BENCH_DOCS=50000 BENCH_ROUNDS=3
bench:
	MVN="$(MVN)" ES_VERSION="$(ES_VERSION)" scripts/bench.sh

## Local stack of real services (Elasticsearch, Kafka, HDFS) on fixed ports, data kept in
## /var/tmp/es-archiver-devstack (DEVSTACK_DIR); see scripts/dev-stack.sh.
dev-up:
	MVN="$(MVN)" ES_VERSION="$(ES_VERSION)" scripts/dev-stack.sh up

dev-down:
	scripts/dev-stack.sh down

dev-status:
	@scripts/dev-stack.sh status || true

clean:
	$(MVN) clean
