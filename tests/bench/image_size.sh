#!/usr/bin/env bash
# Size of what the node boots: compressed bzImage + initramfs, against the
# 12 MiB budget of the node image issue.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_env
budget=$((12 * 1024 * 1024))
k=$(stat -c %s "$IMAGES/bzImage")
i=$(stat -c %s "$IMAGES/initramfs.img")
total=$((k + i))
printf 'image_size: bzImage %d KiB + initramfs %d KiB = %d KiB; budget %d KiB; ratio %.2f (<= 1.00 meets the target)\n' \
	$((k / 1024)) $((i / 1024)) $((total / 1024)) $((budget / 1024)) "$(echo "$total / $budget" | bc -l)"
