#!/usr/bin/env bash
# Checks the Dockerfile's layers by hand where no Docker engine is at hand: builds the jar and the jlink'ed
# runtime with the Dockerfile's commands, then runs them the way the image does — as uid 10001, with the root
# filesystem read-only, not even /tmp writable — and probes /health with the image's HEALTHCHECK command, the
# status page and /metrics. Needs root (unshare, mount, chroot). See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
work="$PWD/target/image-check"
rm -rf "$work" && mkdir -p "$work"
port="${CHECK_PORT:-17860}"

echo "== build stage: jar"
./mvnw -q -B package -Dmaven.test.skip=true
cp target/switchboard.jar "$work/switchboard.jar"
cp config/jvm.options "$work/jvm.options"
cp config/jit-directives.json "$work/jit-directives.json"
mkdir -p "$work/native"
(cd "$work/native" && jar xf "$work/switchboard.jar" META-INF/native/ && mv META-INF/native/libnetty_transport_native_*.so . && rm -rf META-INF)

echo "== build stage: jlink"
modules="$(jdeps --ignore-missing-deps --multi-release 25 --print-module-deps "$work/switchboard.jar"),jdk.naming.dns"
echo "modules: $modules"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --generate-cds-archive --output "$work/jre"
du -sh "$work/jre" "$work/switchboard.jar"

echo "== runtime stage: read-only root (no tmpfs), uid 10001"
# the same command line as the image's ENTRYPOINT, and its HEALTHCHECK
entry=("$work/jre/bin/java" "@$work/jvm.options" "-XX:CompilerDirectivesFile=$work/jit-directives.json" "-Djava.library.path=$work/native" -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -jar "$work/switchboard.jar")
health="exec 3<>/dev/tcp/127.0.0.1/\${PORT:-7860} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"ok\"' <&3"

unshare -m --propagation private bash -s -- "$work" "$port" "$health" "${entry[@]}" <<'INNER'
set -euo pipefail
work="$1"; port="$2"; health="$3"; shift 3
root="$work/root"
mkdir -p "$root"
mount --rbind / "$root"
mount -o remount,bind,ro "$root"
as_app() { chroot "$root" setpriv --reuid=10001 --regid=10001 --clear-groups env -i PATH=/usr/bin:/bin PORT="$port" "$@"; }
if as_app touch /tmp/write-test 2>/dev/null; then echo "the filesystem is writable: check failed"; exit 1; fi
if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is taken: set CHECK_PORT"; exit 1; fi
echo "root filesystem is read-only for the app user: ok"
# chroot, setpriv and env each exec the next: $! ends up as the JVM's pid
chroot "$root" setpriv --reuid=10001 --regid=10001 --clear-groups env -i PATH=/usr/bin:/bin PORT="$port" MALLOC_ARENA_MAX=2 \
    GEMINI_API_KEYS=AIzaIMAGE-CHECK-0000000000000000001 METRICS_KEY=check LOG_FORMAT=json "$@" > "$work/gateway.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for i in $(seq 1 60); do
  if as_app bash -c "$health" 2>/dev/null; then break; fi
  sleep 0.5
done
as_app bash -c "$health" && echo "HEALTHCHECK command: ok"
page=$(as_app bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET / HTTP/1.0\r\nAccept: text/html\r\n\r\n' >&3 && cat <&3")
grep -q '<title>Switchboard status</title>' <<<"$page" && echo "status page: ok"
metrics=$(as_app bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /metrics?key=check HTTP/1.0\r\n\r\n' >&3 && cat <&3")
grep -q '^switchboard_credential_state{' <<<"$metrics" && echo "metrics: ok"
kill "$pid"; wait "$pid" || true
trap - EXIT
echo "== gateway log (JSON lines)"; head -5 "$work/gateway.log"
if grep -qi 'exception' "$work/gateway.log"; then echo "exceptions in the log: check failed"; exit 1; fi
# no writable /tmp at all: epoll all the same, from the library beside the jar
grep -q 'network transport: epoll' "$work/gateway.log" && echo "epoll without a writable /tmp: ok"
INNER
echo "image check passed"
