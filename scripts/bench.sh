#!/usr/bin/env bash
# End-to-end load benchmark: builds the jar and runs ../shared/bench/run.sh with Switchboard as the gateway
# under test, next to nginx (a plain proxy hop) and the Portkey gateway. Extra arguments go to run.sh, e.g.
#   scripts/bench.sh --phases throughput,latency --duration 5
# Needs the harness's peers installed once (see ../shared/bench/README.md: nginx, lua module, wrk; Portkey via npm).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
. scripts/bench-common.sh   # BENCH_DIR, the jar and BENCH_JAVA_ARGS, as scripts/startup.sh has them
JAR="$(pwd)/target/switchboard.jar"
CONFIG="$(pwd)/scripts/bench-config.yaml"
PORT="${BENCH_GW_PORT:-18090}"
# The harness exports MOCK_GEMINI_BASE and MOCK_OPENAI_BASE to the command it starts; the gateway reads them
# through the same environment variables a user would set.
START="env PORT=$PORT HOST=127.0.0.1 LOG_LEVEL=WARN \
MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX \
sh -c 'GEMINI_BASE_URL=\$MOCK_GEMINI_BASE OPENAI_BASE_URL=\$MOCK_OPENAI_BASE exec java \
${BENCH_JAVA_ARGS[*]} -jar $JAR --config $CONFIG'"
exec "$BENCH_DIR/run.sh" --gw-name switchboard --gw-url "http://127.0.0.1:$PORT" \
  --gw-start "$START" --gw-model gpt-4o-mini --gw-gemini-model gemini-2.0-flash \
  --gw-auth 'Authorization: Bearer sk-bench' --gw-warmup 60 "$@"
