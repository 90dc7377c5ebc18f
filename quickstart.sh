#!/usr/bin/env bash
# pkuse-connect quickstart: builds the plugins, then starts on 127.0.0.1 a KRaft Kafka broker, a distributed Connect
# worker (REST on :8083), an HBase mini cluster with the sample table default:test_employee01_2021_06_17 and MariaDB
# with database test03; POSTs config-examples/{hbasesource,jdbcsink}_connector_001.json and shows the job's progress.
#
#   ./quickstart.sh                    # stays up until Ctrl-C
#   ./quickstart.sh --rows 100000      # a bigger sample table; 1000000 take about 2.5 min on 2 cores and 5.2 GB of RAM
#                                      # (the JVM below fills its -Xmx3g; HBase, Kafka and MariaDB take 1.8 GB more)
#   ./quickstart.sh --once             # exit after the job: 0 if it ended well
#   ./quickstart.sh --target hbase     # HBase to HBase: config-examples/hbasesink_connector_001.json into
#                                      # default:employee_copy instead of MariaDB (which is then not started)
#   ./quickstart.sh --source jdbc      # MariaDB to MariaDB: the JDBC source on myprj_online.main_orderinfo into
#                                      # myprj_query.main_orderinfo (HBase is then not started)
#   ./quickstart.sh --avro             # keys and values in Avro: also starts Apicurio Registry and gives the worker
#                                      # config-examples/worker/connect-avro-distributed.properties' converters
#   ./quickstart.sh --port 18083 --keep
#   ./quickstart.sh --help
# Needs JDK 17 and Maven; --avro also a Java 21+ runtime for the registry (the newest under /usr/lib/jvm, or
# PKUSE_REGISTRY_JAVA_HOME) and builds the schema-registry module (about 160 MB from Maven Central the first time).
# All state lives in .quickstart/ (PKUSE_QUICKSTART_DIR), removed on exit unless --keep; the console shows the progress
# only: the logs of Kafka, Connect, HBase and MariaDB go to .quickstart/logs/ (printed), with the job board's URL.
# Ctrl-C stops everything, removes the folder and exits 0.
set -euo pipefail
cd "$(dirname "$0")"

# Only --avro needs the registry and the converter's folder: a plain run never downloads them.
modules=quickstart
what="the plugins"
for arg in "$@"; do
  if [[ "$arg" == --avro ]]; then
    modules=quickstart,schema-registry
    what="the plugins and the schema registry"
  fi
done

echo "Building $what (mvn -DskipTests package) ..."
mvn -q -B -DskipTests -pl "$modules" -am package

state="${PKUSE_QUICKSTART_DIR:-$PWD/.quickstart}"
mkdir -p "$state/tmp"
exec java -Xmx3g -XX:+UseG1GC -Djava.io.tmpdir="$state/tmp" \
  -cp "quickstart/target/classes:$(cat quickstart/target/quickstart.classpath)" \
  org.pkuse.connect.quickstart.Quickstart --state "$state" --project "$PWD" "$@"
