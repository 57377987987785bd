# Sourced by scripts/bench.sh and scripts/startup.sh, so that both benchmarks launch the gateway alike: finds the
# load harness (BENCH_DIR, default ../shared/bench), builds the jar and start-up cache as ./run.sh does
# (scripts/prepare.sh), and sets BENCH_JAVA_ARGS: ./run.sh's JVM options plus the harness's SerialGC and 512 KB
# thread stacks, then BENCH_JAVA_OPTS.
BENCH_DIR="${BENCH_DIR:-$(cd .. && pwd)/shared/bench}"
[ -x "$BENCH_DIR/run.sh" ] || { echo "load harness not found at $BENCH_DIR (set BENCH_DIR)" >&2; exit 1; }
. scripts/prepare.sh   # the jar, its start-up cache and the JVM options, exactly as ./run.sh launches them
BENCH_JAVA_ARGS=("${JAVA_ARGS[@]}" -XX:+UseSerialGC -Xss512k)
# shellcheck disable=SC2206  # BENCH_JAVA_OPTS holds several options, split on purpose
[ -z "${BENCH_JAVA_OPTS:-}" ] || BENCH_JAVA_ARGS+=($BENCH_JAVA_OPTS)
