#!/usr/bin/env bash
# Build times on this machine: a clean build of everything (kernel, busybox,
# mbedtls, e2fsprogs, our programs, initramfs) from the already fetched
# sources into an empty cache and tree, then a no-op rebuild of it.
# Targets: clean under 20 minutes, no-op under 10 seconds.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${VZHOST_CACHE:-$HOME/.cache/vzhost}
work=$(mktemp -d /tmp/vzhost-buildtime.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cache"
cp -al "$CACHE/src" "$CACHE/dl" "$work/cache/"
git -C "$TOP" archive --format=tar HEAD | (mkdir -p "$work/tree" && tar -x -C "$work/tree")
[ -f "$TOP/.config" ] && cp "$TOP/.config" "$work/tree/.config"
t0=$(date +%s.%N)
(cd "$work/tree" && VZHOST_CACHE="$work/cache" ./build.sh >"$work/clean.log" 2>&1) ||
	{ tail -20 "$work/clean.log"; exit 1; }
t1=$(date +%s.%N)
(cd "$work/tree" && VZHOST_CACHE="$work/cache" ./build.sh >"$work/noop.log" 2>&1)
t2=$(date +%s.%N)
clean=$(echo "$t1 - $t0" | bc -l)
noop=$(echo "$t2 - $t1" | bc -l)
printf 'build_time (%d cores): clean %.0fs, ratio to the 1200s target %.2f; no-op rebuild %.1fs, ratio to the 10s target %.2f\n' \
	"$(nproc)" "$clean" "$(echo "$clean / 1200" | bc -l)" "$noop" "$(echo "$noop / 10" | bc -l)"
