#!/usr/bin/env bash
# Long-fat-network benchmark in network namespaces (needs root): ft, curl over HTTPS, scp and rsync over ssh copy the
# same file over a link held to RATE (tc tbf on a veth pair) through a delay line that adds each round trip (these
# machines have no netem). Not a test: it prints figures, it asserts nothing.
#
#   bench/wan.sh [FILE_MIB] [RATE] [RTT_MS ...]      defaults: 256 MiB, 1gbit, round trips of 50 and 200 ms
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/java-home.sh"
[ "$(id -u)" = 0 ] || { echo "bench/wan.sh: needs root to make network namespaces" >&2; exit 1; }
for tool in curl scp rsync /usr/sbin/sshd /usr/sbin/nginx openssl; do
  command -v "$tool" >/dev/null || { echo "bench/wan.sh: needs $tool (openssh-server, nginx-light, rsync, curl)" >&2; exit 1; }
done
file_mib=${1:-256}
rate=${2:-1gbit}
shift $(( $# < 2 ? $# : 2 ))
round_trips=("$@")
[ ${#round_trips[@]} -gt 0 ] || round_trips=(50 200)
"$root/ft" --version >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
exec "$JAVA_HOME/bin/java" -cp "$root/target/ft.jar" "$root/bench/Wan.java" "$file_mib" "$rate" "$root/ft" \
  "$root/bench/DelayLine.java" "$JAVA_HOME/bin/java" "${round_trips[@]}"
