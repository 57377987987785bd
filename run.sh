#!/usr/bin/env bash
# Builds Switchboard (when the sources are newer than the jar) and runs it. Arguments go to the gateway,
# e.g. ./run.sh --config switchboard.yaml
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
jar=target/switchboard.jar
aot=target/switchboard.aot
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B package -DskipTests
fi
# A start-up cache (JDK 25 AOT cache), trained once per build: start-up to first answer drops by half or more.
if [ "${SWITCHBOARD_AOT:-on}" != "off" ] && { [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ]; }; then
  echo "Training the start-up cache for this build (about ten seconds, once)..." >&2
  java -XX:AOTCacheOutput="$aot" -jar "$jar" --train-aot > target/aot-training.log 2>&1 || rm -f "$aot"
fi
aot_opts=()
[ -f "$aot" ] && [ "${SWITCHBOARD_AOT:-on}" != "off" ] && aot_opts=(-XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off)
exec java "${aot_opts[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
