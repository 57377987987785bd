#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the hot paths (src/jmh/java). Arguments go to JMH, e.g.
#   scripts/jmh.sh                      # all benchmarks, default settings
#   scripts/jmh.sh TranslationBench -f 1 -wi 3 -i 5
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
./mvnw -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "$@"
