#!/usr/bin/env bash
# pkuse-connect quickstart: builds the plugins, then starts on 127.0.0.1 a KRaft Kafka broker, a distributed Connect
# worker (REST on :8083), an HBase mini cluster with the sample table default:test_employee01_2021_06_17 and MariaDB
# with database test03; POSTs config-examples/{hbasesource,jdbcsink}_connector_001.json and shows the job's progress.
#
#   ./quickstart.sh                    # stays up until Ctrl-C
#   ./quickstart.sh --rows 100000      # a bigger sample table
#   ./quickstart.sh --once             # exit after the job: 0 if it ended well
#   ./quickstart.sh --target hbase     # HBase to HBase: config-examples/hbasesink_connector_001.json into
#                                      # default:employee_copy instead of MariaDB (which is then not started)
#   ./quickstart.sh --source jdbc      # MariaDB to MariaDB: the JDBC source on myprj_online.main_orderinfo into
#                                      # myprj_query.main_orderinfo (HBase is then not started)
#   ./quickstart.sh --port 18083 --keep
#   ./quickstart.sh --help
# Needs JDK 17 and Maven. All state lives in .quickstart/ (PKUSE_QUICKSTART_DIR), removed on exit unless --keep.
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the plugins (mvn -DskipTests package) ..."
mvn -q -B -DskipTests -pl quickstart -am package

state="${PKUSE_QUICKSTART_DIR:-$PWD/.quickstart}"
mkdir -p "$state/tmp"
exec java -Xmx3g -XX:+UseG1GC -Djava.io.tmpdir="$state/tmp" \
  -cp "quickstart/target/classes:$(cat quickstart/target/quickstart.classpath)" \
  org.pkuse.connect.quickstart.Quickstart --state "$state" --project "$PWD" "$@"
