#!/usr/bin/env bash
# End-to-end load benchmark: builds the jar and runs ../shared/bench/run.sh with Switchboard as the gateway
# under test, next to nginx (a plain proxy hop) and the Portkey gateway. Extra arguments go to run.sh, e.g.
#   scripts/bench.sh --phases throughput,latency --duration 5
#   scripts/bench.sh --aa --rounds 3    # the harness's A/A self-test instead: a second nginx as the gateway under
#                                       # test, whose ratios to nginx are the run's noise floor
# Needs the harness's peers installed once (see ../shared/bench/README.md: nginx, lua module, wrk; Portkey via npm).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
PORT="${BENCH_GW_PORT:-18090}"
if [ "${1:-}" = --aa ]; then
  shift
  BENCH_DIR="${BENCH_DIR:-$(cd .. && pwd)/shared/bench}"
  [ -x "$BENCH_DIR/run.sh" ] || { echo "load harness not found at $BENCH_DIR (set BENCH_DIR)" >&2; exit 1; }
  GUT=(--no-portkey --gw-name nginx-aa --gw-url "http://127.0.0.1:$PORT" --gw-start "bash $BENCH_DIR/tools/nginx-gut.sh $PORT")
else
  . scripts/bench-common.sh   # BENCH_DIR, the jar and BENCH_JAVA_ARGS, as scripts/startup.sh has them
  JAR="$(pwd)/target/switchboard.jar"
  CONFIG="$(pwd)/scripts/bench-config.yaml"
  # The harness exports MOCK_GEMINI_BASE and MOCK_OPENAI_BASE to the command it starts; the gateway reads them
  # through the same environment variables a user would set.
  START="env PORT=$PORT HOST=127.0.0.1 LOG_LEVEL=WARN \
MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX \
sh -c 'GEMINI_BASE_URL=\$MOCK_GEMINI_BASE OPENAI_BASE_URL=\$MOCK_OPENAI_BASE exec java \
${BENCH_JAVA_ARGS[*]} -jar $JAR --config $CONFIG'"
  GUT=(--gw-name switchboard --gw-url "http://127.0.0.1:$PORT" --gw-start "$START" --gw-model gpt-4o-mini
    --gw-gemini-model gemini-2.0-flash --gw-auth 'Authorization: Bearer sk-bench' --gw-warmup 60)
fi
mkdir -p target
# BENCH_PROBE=1: how fast each core ran in each row (scripts/coreprobe.c, one per core at SCHED_IDLE), written
# beside the report as core-speed.md (scripts/bench-speed.sh). Needs a C compiler. Off by default: in the runs of
# 2026-12-06 the cores' speed did not track the rows' costs (docs/benchmarks.md, "The machine's speed in each row").
probes=()
if [ "${BENCH_PROBE:-0}" = 1 ] && command -v cc >/dev/null; then
  cc -O2 -o target/coreprobe scripts/coreprobe.c
  for cpu in 0 1; do
    taskset -c "$cpu" chrt -i 0 target/coreprobe > "target/bench-probe-cpu$cpu.log" &
    probes+=($!)
  done
  trap 'kill "${probes[@]}" 2>/dev/null || true' EXIT
fi
"$BENCH_DIR/run.sh" "${GUT[@]}" "$@" 2>&1 | tee target/bench-run.log
results=$(sed -n 's/^\[bench [0-9:]*\] results: \(.*\)\/results.jsonl .*/\1/p' target/bench-run.log)
if [ ${#probes[@]} -gt 0 ] && [ -n "$results" ]; then
  kill "${probes[@]}" 2>/dev/null || true
  scripts/bench-speed.sh target/bench-run.log target/bench-probe-cpu0.log target/bench-probe-cpu1.log \
    | tee "$results/core-speed.md"
fi
