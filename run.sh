#!/usr/bin/env bash
# Builds Switchboard (when the sources are newer than the jar) and runs it. Arguments go to the gateway,
# e.g. ./run.sh --config switchboard.yaml. JAVA_OPTS adds java options.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
. scripts/prepare.sh
exec java "${JAVA_ARGS[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
