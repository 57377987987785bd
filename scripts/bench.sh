#!/usr/bin/env bash
# End-to-end load benchmark: builds the jar and runs ../shared/bench/run.sh with Switchboard as the gateway
# under test, next to nginx (a plain proxy hop) and the Portkey gateway. Extra arguments go to run.sh, e.g.
#   scripts/bench.sh --phases throughput,latency --duration 5
# Needs the harness's peers installed once (see ../shared/bench/README.md: nginx, lua module, wrk; Portkey via npm).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
BENCH_DIR="${BENCH_DIR:-$(cd .. && pwd)/shared/bench}"
[ -x "$BENCH_DIR/run.sh" ] || { echo "load harness not found at $BENCH_DIR (set BENCH_DIR)" >&2; exit 1; }
. scripts/prepare.sh   # the jar, its start-up cache and the JVM options, exactly as ./run.sh launches them
JAR="$(pwd)/target/switchboard.jar"
CONFIG="$(pwd)/scripts/bench-config.yaml"
PORT="${BENCH_GW_PORT:-18090}"
# The harness exports MOCK_GEMINI_BASE and MOCK_OPENAI_BASE to the command it starts; the gateway reads them
# through the same environment variables a user would set.
START="env PORT=$PORT HOST=127.0.0.1 LOG_LEVEL=WARN \
MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX \
sh -c 'GEMINI_BASE_URL=\$MOCK_GEMINI_BASE OPENAI_BASE_URL=\$MOCK_OPENAI_BASE exec java \
${JAVA_ARGS[*]} -XX:+UseSerialGC -Xss512k ${BENCH_JAVA_OPTS:-} -jar $JAR --config $CONFIG'"
exec "$BENCH_DIR/run.sh" --gw-name switchboard --gw-url "http://127.0.0.1:$PORT" \
  --gw-start "$START" --gw-model gpt-4o-mini --gw-gemini-model gemini-2.0-flash \
  --gw-auth 'Authorization: Bearer sk-bench' --gw-warmup 60 "$@"
