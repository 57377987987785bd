#!/usr/bin/env bash
# Start-up benchmark: time from launching java to the first answered chat request, as docs/benchmarks.md
# measures it. The gateway is launched the way scripts/bench.sh launches it (scripts/bench-common.sh: the jar,
# its start-up cache, config/jvm.options, the JIT directives, the unpacked epoll library, SerialGC, 512 KB
# stacks, BENCH_JAVA_OPTS) and, on a machine with two cores or more, pinned to core 1; the upstream is the load
# harness's mock (nginx with its Lua module, see ../shared/bench/README.md) and the client polling for the first
# answer both run on core 0. Prints each start
# (wall time to the first 200, the process's user and system CPU time and resident memory at that moment) and
# the median, minimum and maximum.
#
#   scripts/startup.sh                                  # ten starts
#   scripts/startup.sh --runs 20 --opts "-Xint"         # java options added to every start
#   scripts/startup.sh --compare "-XX:TieredStopAtLevel=1"   # alternate starts without and with these options
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
command -v nginx >/dev/null || { echo "nginx (with libnginx-mod-http-lua) is needed for the mock upstream" >&2; exit 1; }

RUNS=10; OPTS=""; COMPARE=""; COMPARE_SET=false
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --opts) OPTS=$2; shift 2 ;;
    --compare) COMPARE=$2; COMPARE_SET=true; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a positive number" >&2; exit 2; }

. scripts/bench-common.sh   # BENCH_DIR, the jar and BENCH_JAVA_ARGS, as scripts/bench.sh has them
MOCK_PORT="${STARTUP_MOCK_PORT:-18070}"
GW_PORT="${STARTUP_GW_PORT:-18091}"
for p in "$MOCK_PORT" "$GW_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use (STARTUP_MOCK_PORT / STARTUP_GW_PORT)" >&2; exit 1; fi
done
GW_CPU=(); CLIENT_CPU=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then GW_CPU=(taskset -c 1); CLIENT_CPU=(taskset -c 0); fi

WORK=$(mktemp -d)
cleanup() {
  [ -f "$WORK/gw.pid" ] && kill "$(cat "$WORK/gw.pid")" 2>/dev/null || true
  [ -f "$WORK/mock.pid" ] && kill "$(cat "$WORK/mock.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"/tmp-{body,proxy,fcgi,uwsgi,scgi}
conf=$(cat "$BENCH_DIR/mock/nginx-mock.conf.tmpl")
for kv in WORKERS=1 "WORK=$WORK" "PORT=$MOCK_PORT" CHUNKS=20 DELAY_MS=0 TTFT_MS=0 LATENCY_MS=0 TOKENS=20 \
          "LUA=$BENCH_DIR/mock/mock.lua"; do
  conf=${conf//@${kv%%=*}@/${kv#*=}}
done
printf '%s\n' "$conf" > "$WORK/nginx.conf"
"${CLIENT_CPU[@]}" nginx -p "$WORK" -c "$WORK/nginx.conf"
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$MOCK_PORT/health" && break; sleep 0.1; done

BODY='{"model":"gemini-2.0-flash","messages":[{"role":"system","content":"You are a helpful assistant. Answer briefly."},{"role":"user","content":"Give me one sentence about the history of the printing press."}],"max_tokens":64,"temperature":0.2}'

# one_start EXTRA_OPTS -> "ms user_ms sys_ms rss_mb" (runs in a subshell: the pid goes through a file)
one_start() {
  local t0 t1 st u s rss gw tck
  t0=$(date +%s%N)
  # shellcheck disable=SC2086  # options are split on purpose
  env PORT="$GW_PORT" HOST=127.0.0.1 LOG_LEVEL=WARN MALLOC_ARENA_MAX="$MALLOC_ARENA_MAX" \
    GEMINI_BASE_URL="http://127.0.0.1:$MOCK_PORT" OPENAI_BASE_URL="http://127.0.0.1:$MOCK_PORT/v1" \
    "${GW_CPU[@]}" java "${BENCH_JAVA_ARGS[@]}" $OPTS $1 -jar "$jar" \
    --config scripts/bench-config.yaml > "$WORK/gw.log" 2>&1 &
  gw=$!; echo "$gw" > "$WORK/gw.pid"
  until [ "$("${CLIENT_CPU[@]}" curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer sk-bench' \
      -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$GW_PORT/v1/chat/completions" 2>/dev/null)" = 200 ]; do
    kill -0 "$gw" 2>/dev/null || { echo "the gateway exited; its log:" >&2; cat "$WORK/gw.log" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  st=$(cut -d')' -f2- "/proc/$gw/stat")   # utime and stime are the 14th and 15th fields
  u=$(awk '{print $12}' <<< "$st"); s=$(awk '{print $13}' <<< "$st")
  rss=$(awk '/^VmRSS/{printf "%.1f", $2 / 1024}' "/proc/$gw/status")
  kill "$gw"; wait "$gw" 2>/dev/null || true; rm -f "$WORK/gw.pid"
  tck=$(getconf CLK_TCK)
  echo "$(( (t1 - t0) / 1000000 )) $(( u * 1000 / tck )) $(( s * 1000 / tck )) $rss"
}

summary() {   # summary LABEL FILE
  sort -n "$2" | awk -v l="$1" '{v[NR]=$1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%-12s %d starts: median %.0f ms, min %d, max %d\n", l, NR, m, v[1], v[NR]}'
}

echo "java options: ${BENCH_JAVA_ARGS[*]}${OPTS:+ $OPTS}${GW_CPU:+ (gateway on core 1)}"
: > "$WORK/a"; : > "$WORK/b"
for ((i = 1; i <= RUNS; i++)); do
  r=$(one_start ""); read -r ms u s rss <<< "$r"
  printf 'start %-3d %5d ms to the first answer, CPU %d ms user + %d ms system, %s MB resident\n' "$i" "$ms" "$u" "$s" "$rss"
  echo "$ms" >> "$WORK/a"
  if $COMPARE_SET; then
    r=$(one_start "$COMPARE"); read -r ms u s rss <<< "$r"
    printf '  with options %5d ms, CPU %d ms user + %d ms system, %s MB resident\n' "$ms" "$u" "$s" "$rss"
    echo "$ms" >> "$WORK/b"
  fi
  sleep 1
done
summary default "$WORK/a"
$COMPARE_SET && summary "with options" "$WORK/b"
exit 0
