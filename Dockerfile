# Switchboard container image: built with the project's Maven wrapper on JDK 25, shipped as a jlink'ed Java
# runtime on Debian slim, running as a non-root user. Needs no writable directory but /tmp, so it runs with a
# read-only root filesystem (a tmpfs on /tmp is welcome but not needed). See docs/operations.md.
#
#   docker build -t switchboard .
#   docker run --rm -p 7860:7860 --read-only --tmpfs /tmp -e GEMINI_API_KEYS=AIza... switchboard

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# Dependencies first, in their own layer, so that a change to the sources does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -q -B dependency:go-offline
COPY src src
# The tests run in CI (./test.sh); the image build only packages.
RUN ./mvnw -q -B package -Dmaven.test.skip=true && cp target/switchboard.jar /switchboard.jar
# Netty's epoll and io_uring libraries out of the jar: loaded from /app/native (java.library.path), Netty need not unpack one into
# /tmp at every start, and runs on epoll even where /tmp is not writable.
RUN mkdir /native && cd /native && jar xf /switchboard.jar META-INF/native/ && mv META-INF/native/libnetty_transport_native_*.so . \
    && rm -rf META-INF && ls libnetty_transport_native_epoll_x86_64.so libnetty_transport_native_epoll_aarch_64.so \
       libnetty_transport_native_io_uring42_x86_64.so libnetty_transport_native_io_uring42_aarch_64.so
# A Java runtime with only the modules the jar uses (jdeps), plus DNS for JNDI lookups, and a CDS archive for a
# faster start.
RUN jlink --add-modules "$(jdeps --ignore-missing-deps --multi-release 25 --print-module-deps /switchboard.jar),jdk.naming.dns" \
        --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive --output /jre

FROM debian:trixie-slim
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin switchboard
COPY --from=build /jre /opt/java
COPY --from=build /switchboard.jar /app/switchboard.jar
COPY config/jvm.options /app/jvm.options
COPY config/jit-directives.json /app/jit-directives.json
COPY --from=build /native /app/native
ENV JAVA_HOME=/opt/java \
    MALLOC_ARENA_MAX=2 \
    PATH=/opt/java/bin:$PATH \
    PORT=7860 \
    LOG_FORMAT=text
USER 10001:10001
WORKDIR /app
EXPOSE 7860
# bash's /dev/tcp: no curl or wget needed in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-7860} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"ok\"' <&3"]
# jvm.options, jit-directives.json and the epoll and io_uring libraries in /app/native: the same JVM settings as ./run.sh (C2 as
# the only JIT compiler, small initial heap, compact headers, native heap trimming, sun.misc.Unsafe allowed for
# Netty, the JIT kept off code that only the start runs hot, Netty's native library loaded where it lies, core
# reflection without spun method handles). The image has the JDK's CDS archive but no trained start-up cache, so
# the first bursts after a start compile without its profiles (docs/benchmarks.md, "Idle resident memory").
# -XX:-UsePerfData: no hsperfdata files in /tmp; the gateway itself writes no files at all.
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:CompilerDirectivesFile=/app/jit-directives.json", "-Djava.library.path=/app/native", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-jar", "/app/switchboard.jar"]
