#!/usr/bin/env bash
# Runs a command (root) with /tmp on a fresh ext4 with a journal, as most machines' disks are: a 16 GiB sparse image
# in /var/tmp, mounted over /tmp in a mount namespace of its own, deleted afterwards. This VM's own disk is ext4
# without a journal, whose inode allocator skips recently deleted inodes (docs/benchmarks.md, "The folder on this VM").
#
#   bench/on-journaled-fs.sh COMMAND [ARGS...]
set -euo pipefail
image=$(mktemp /var/tmp/ft-bench-fs.XXXXXX)
trap 'rm -f "$image"' EXIT
truncate -s 16G "$image"
mkfs.ext4 -q -F "$image"
unshare -m --propagation private bash -c 'mount -o loop "$1" /tmp && chmod 1777 /tmp && shift && "$@"' bench "$image" "$@"
