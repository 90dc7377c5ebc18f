#!/usr/bin/env bash
# Issue 6's benchmark, on demand (never part of 'mvn verify'):
#
#   bench/run.sh [--rows N] [--big-rows M] [--batch-size B]
#                [--only sink,source,e2e,memory,hbase-sink,jdbc-source,formats,job-cost]
#                [--jfr] [--out FILE]
#
# Builds what it needs (our modules and plugin folders, Debezium's JDBC sink plugin folder from Maven Central,
# Apicurio Registry and its Avro converter's plugin folder for 'formats', which needs a Java 21+ beside this one),
# then starts the program, which prints one markdown table and writes it to bench/RESULTS.md.
# --rows 20000 takes about 3 minutes (mostly start-up); --rows 1000000 --big-rows 5000000 about 25 minutes on 2 cores.
# BENCH_SKIP_BUILD=1 skips the build; JAVA_OPTS adds JVM options (default heap: -Xmx3g).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
cd "$ROOT"

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  echo "Building the bench and what it needs (mvn -Pbench -pl bench,schema-registry -am install -DskipTests) ..."
  mvn -B -q -Pbench -pl bench,schema-registry -am install -DskipTests
  rm -rf "$BENCH/target/plugins/apicurio-converter"
  cp -r "$ROOT/schema-registry/target/plugins/apicurio-converter" "$BENCH/target/plugins/"
  echo "Assembling Debezium's JDBC sink plugin folder ..."
  rm -rf "$BENCH/target/plugins/debezium-connector-jdbc"
  mvn -B -q -f "$BENCH/debezium-plugin/pom.xml" package
fi

JAR="$(ls "$BENCH"/target/pkuse-bench-*.jar | sed -n 1p)"
exec java ${JAVA_OPTS:--Xmx3g} -XX:+UseG1GC \
  -Dpkuse.bench.dir="$BENCH" \
  -Dpkuse.plugins.dir="$BENCH/target/plugins" \
  -Dpkuse.registry.home="$ROOT/schema-registry/target/apicurio-registry" \
  -Dpkuse.bench.log="$BENCH/target/bench.log" \
  -Dlog4j2.configurationFile=classpath:log4j2-bench.properties \
  -cp "$JAR:$BENCH/target/lib/*" \
  org.pkuse.connect.bench.BenchMain "$@"
