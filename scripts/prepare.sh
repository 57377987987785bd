# Sourced by run.sh and scripts/bench.sh: builds the jar when the sources are newer, trains the start-up cache
# (JDK 25 AOT cache) once per build, and sets JAVA_ARGS to the java options every launch uses:
# config/jvm.options, the JIT directives in config/jit-directives.json, Netty's io_uring and epoll libraries unpacked into
# target/native, and the cache when there is one (SWITCHBOARD_AOT=off: none).
jar=target/switchboard.jar
# One cache per transport asked for (SWITCHBOARD_TRANSPORT): the training runs on it, so its cache holds its classes.
# The name read as Main.transport reads it (blanks, case and - against _ do not matter); epoll, the default, keeps
# the default cache.
transport="$(printf %s "${SWITCHBOARD_TRANSPORT:-}" | tr -d ' \t' | tr 'A-Z-' 'a-z_' | tr -c 'a-z0-9_' _)"
case "$transport" in
  ''|epoll) aot=target/switchboard.aot ;;
  *) aot="target/switchboard-$transport.aot" ;;
esac
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B package -DskipTests
fi
JAVA_ARGS=("@$(pwd)/config/jvm.options" "-XX:CompilerDirectivesFile=$(pwd)/config/jit-directives.json")
# Netty's io_uring and epoll libraries (x86-64 and ARM64), unpacked from the jar once per build as the Dockerfile does: found on
# java.library.path, the one for this machine is loaded from there instead of being written to a temporary file
# at every start.
if [ ! -d target/native ] || [ "$jar" -nt target/native ]; then
  rm -rf target/native && mkdir -p target/native
  (cd target/native && jar xf ../switchboard.jar META-INF/native/ && mv META-INF/native/libnetty_transport_native_*.so . \
    && rm -rf META-INF) || rm -rf target/native
fi
[ -d target/native ] && JAVA_ARGS+=("-Djava.library.path=$(pwd)/target/native")
# glibc keeps one malloc arena per thread that ever allocated; two are plenty for an event-loop server.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
if [ "${SWITCHBOARD_AOT:-on}" != "off" ]; then
  if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ] || [ config/jvm.options -nt "$aot" ] || [ config/jit-directives.json -nt "$aot" ]; then
    echo "Training the start-up cache for this build (about forty seconds, once)..." >&2
    java "${JAVA_ARGS[@]}" -XX:AOTCacheOutput="$aot" -jar "$jar" --train-aot > target/aot-training.log 2>&1 || rm -f "$aot"
  fi
  [ -f "$aot" ] && JAVA_ARGS+=(-XX:AOTCache="$(pwd)/$aot" -Xlog:aot=off -Xlog:cds=off)
fi
