#!/usr/bin/env bash
# A file's first download (the sender hashes it) against its second, with warm JITs, ROUNDS times: issue 19's
# "cold first download" apart from the JIT and from where in memory the download lands (bench/FirstRuns.java).
#
#   bench/first.sh [ROUNDS] [FILE_MIB]      defaults: 6 rounds of a 1024 MiB file
#
# BENCH_MEMORY=untouched lands each first download in memory not touched for a while (see bench/FirstRuns.java).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
"$root/ft" --version >/dev/null
exec "$JAVA_HOME/bin/java" "$root/bench/FirstRuns.java" "${1:-6}" "${2:-1024}" "$root/ft"
