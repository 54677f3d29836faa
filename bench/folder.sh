#!/usr/bin/env bash
# The small-files path alone (bench/FolderRuns.java): a folder of FILES x 4 KiB moved RUNS times between two
# loopback nodes, wall time and both nodes' CPU per run; then scp and rsync copy the same folder (when
# ../shared/bench/baseline.sh is there) and the warm median is set beside theirs. BENCH_FS=journaled (root) runs it
# on a fresh ext4 with a journal (bench/on-journaled-fs.sh).
#
#   bench/folder.sh [RUNS] [FILES]      defaults: 12 runs, 10000 files
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
if [ "${BENCH_FS:-}" = journaled ]; then
  BENCH_FS=on-journaled exec "$root/bench/on-journaled-fs.sh" "$0" "$@"
fi
. "$root/scripts/java-home.sh"
exec "$JAVA_HOME/bin/java" "$root/bench/FolderRuns.java" "${1:-12}" "${2:-10000}" "$root/ft"
