#!/usr/bin/env bash
# Large drives on loopback: listing time, download rate and peak RSS of two ft nodes for drives of each size, beside
# rsync and scp of the same tree up to 100,000 files. Not a test: it prints figures, it asserts nothing.
#
#   bench/drives.sh [FILES ...]      defaults: 10000 100000 1000000
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000 100000 1000000)
baseline="$root/../shared/bench/baseline.sh"
[ -f "$baseline" ] || { echo "bench: $baseline not found" >&2; exit 1; }
"$root/ft" --version >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
exec "$JAVA_HOME/bin/java" "$root/bench/Drives.java" "$root/ft" "$baseline" "${counts[@]}"
