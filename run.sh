#!/usr/bin/env bash
# Builds Switchboard (when the sources are newer than the jar) and runs it. Arguments go to the gateway,
# e.g. ./run.sh --config switchboard.yaml
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
jar=target/switchboard.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B package -DskipTests
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
