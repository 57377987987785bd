# Sourced by test.sh: starts a throw-away Redis on loopback for the tests that need one, unless
# SWITCHBOARD_TEST_REDIS_URL already names one. Needs redis-server (Debian: apt-get install redis-server); without
# it those tests are skipped, except on CI (CI=true), where they fail. The server is stopped when the shell exits.
start_test_redis() {
  if [ -n "${SWITCHBOARD_TEST_REDIS_URL:-}" ]; then return 0; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "test.sh: redis-server not found; the Redis tests will be skipped (on CI they fail)." >&2
    return 0
  fi
  local port=16379
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
    if [ "$port" -gt 16479 ]; then echo "test.sh: no free port for Redis in 16379-16479" >&2; return 0; fi
  done
  local dir
  dir="$(mktemp -d)"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$dir" \
    --logfile "$dir/redis.log" &
  TEST_REDIS_PID=$!
  # Wait for Redis to exit before removing its directory (it writes its log while stopping), and keep the test
  # run's own exit status: a cleanup hiccup must not turn a green run red.
  trap 'status=$?; kill "$TEST_REDIS_PID" 2>/dev/null; wait "$TEST_REDIS_PID" 2>/dev/null; rm -rf "'"$dir"'" || true; exit $status' EXIT
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export SWITCHBOARD_TEST_REDIS_URL="redis://127.0.0.1:$port"
      echo "test.sh: Redis for the tests at $SWITCHBOARD_TEST_REDIS_URL" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "test.sh: redis-server did not start on port $port; see $dir/redis.log" >&2
}
start_test_redis
