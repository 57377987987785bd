#!/usr/bin/env bash
# Runs the whole test suite (unit and integration, over loopback sockets).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
exec ./mvnw -B verify "$@"
