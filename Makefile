# es-archiver developer tasks. Run `make <target>`; variables can be overridden, e.g. `make dev-up ES_VERSION=9.2.0`.

MVN ?= mvn -B -q
# Elasticsearch server version of the local stack: 8.19.7 (default) or 9.2.0
ES_VERSION ?=

.PHONY: dev-up dev-down dev-status

## Local stack of real services (Elasticsearch, Kafka, HDFS) on fixed ports, data kept in
## /var/tmp/es-archiver-devstack (DEVSTACK_DIR); see scripts/dev-stack.sh.
dev-up:
	MVN="$(MVN)" ES_VERSION="$(ES_VERSION)" scripts/dev-stack.sh up

dev-down:
	scripts/dev-stack.sh down

dev-status:
	@scripts/dev-stack.sh status || true
