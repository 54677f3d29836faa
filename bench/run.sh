#!/usr/bin/env bash
# Side-by-side benchmark on loopback: ft (two real nodes) against scp, rsync over ssh and nginx+curl over HTTPS,
# on the same data in the same run. Not a test: it prints figures, it asserts nothing.
#
#   bench/run.sh [RUNS] [FILE_MIB] [FILES]      defaults: 3 runs, a 1024 MiB file, 10000 files of 4 KiB
#
# BENCH_FS=journaled (root) runs it all on a fresh ext4 with a journal (bench/on-journaled-fs.sh).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
if [ "${BENCH_FS:-}" = journaled ]; then
  BENCH_FS=on-journaled exec "$root/bench/on-journaled-fs.sh" "$0" "$@"
fi
. "$root/scripts/java-home.sh"
runs=${1:-3}
file_mib=${2:-1024}
files=${3:-10000}
baseline="$root/../shared/bench/baseline.sh"
[ -f "$baseline" ] || { echo "bench: $baseline not found" >&2; exit 1; }
"$root/ft" --version >/dev/null
[ "${BENCH_FS:-}" = on-journaled ] && echo "file system: a fresh ext4 with a journal on a loop device, mounted over /tmp"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
exec "$JAVA_HOME/bin/java" "$root/bench/Bench.java" "$runs" "$file_mib" "$files" "$root/ft" "$baseline"
