#!/usr/bin/env bash
# Runs the whole test suite (unit and integration, over loopback sockets), with a throw-away Redis when
# redis-server is installed (scripts/test-redis.sh).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
. scripts/test-redis.sh
./mvnw -B verify "$@"
