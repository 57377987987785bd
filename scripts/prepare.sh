# Sourced by run.sh and scripts/bench.sh: builds the jar when the sources are newer, trains the start-up cache
# (JDK 25 AOT cache) once per build, and sets JAVA_ARGS to the java options every launch uses:
# config/jvm.options, the JIT directives in config/jit-directives.json, Netty's epoll library unpacked into
# target/native, and the cache when there is one (SWITCHBOARD_AOT=off: none).
jar=target/switchboard.jar
aot=target/switchboard.aot
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B package -DskipTests
fi
JAVA_ARGS=("@$(pwd)/config/jvm.options" "-XX:CompilerDirectivesFile=$(pwd)/config/jit-directives.json")
# Netty's epoll library, unpacked from the jar once per build: found on java.library.path, it is loaded from there
# instead of being written to a temporary file at every start.
case "$(uname -sm)" in
  "Linux x86_64") epoll=libnetty_transport_native_epoll_x86_64.so ;;
  "Linux aarch64") epoll=libnetty_transport_native_epoll_aarch_64.so ;;
  *) epoll="" ;;
esac
if [ -n "$epoll" ]; then
  if [ ! -f "target/native/$epoll" ] || [ "$jar" -nt "target/native/$epoll" ]; then
    rm -rf target/native && mkdir -p target/native
    (cd target/native && jar xf ../switchboard.jar "META-INF/native/$epoll" && mv "META-INF/native/$epoll" . \
      && rm -rf META-INF && touch "$epoll") || rm -rf target/native
  fi
  [ -f "target/native/$epoll" ] && JAVA_ARGS+=("-Djava.library.path=$(pwd)/target/native")
fi
# glibc keeps one malloc arena per thread that ever allocated; two are plenty for an event-loop server.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
if [ "${SWITCHBOARD_AOT:-on}" != "off" ]; then
  if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ] || [ config/jvm.options -nt "$aot" ] || [ config/jit-directives.json -nt "$aot" ]; then
    echo "Training the start-up cache for this build (about forty seconds, once)..." >&2
    java "${JAVA_ARGS[@]}" -XX:AOTCacheOutput="$aot" -jar "$jar" --train-aot > target/aot-training.log 2>&1 || rm -f "$aot"
  fi
  [ -f "$aot" ] && JAVA_ARGS+=(-XX:AOTCache="$(pwd)/$aot" -Xlog:aot=off -Xlog:cds=off)
fi
