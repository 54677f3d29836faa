#!/usr/bin/env bash
# Swarm benchmark in network namespaces (needs root): an origin whose uplink is held to RATE and N receivers on one
# LAN, all downloading the same file at once, against one receiver alone and against rsync to N at once through the
# same uplink. Not a test: it prints figures, it asserts nothing.
#
#   bench/swarm.sh [FILE_MIB] [RATE] [N ...]      defaults: 256 MiB, 400mbit, N = 2 4 8
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
[ "$(id -u)" = 0 ] || { echo "bench/swarm.sh: needs root to make network namespaces" >&2; exit 1; }
command -v rsync >/dev/null && command -v curl >/dev/null || { echo "bench/swarm.sh: needs rsync and curl" >&2; exit 1; }
file_mib=${1:-256}
rate=${2:-400mbit}
shift $(( $# < 2 ? $# : 2 ))
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(2 4 8)
"$root/ft" --version >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
exec "$JAVA_HOME/bin/java" -cp "$root/target/ft.jar" "$root/bench/Swarm.java" "$file_mib" "$rate" "$root/ft" "${counts[@]}"
