#!/usr/bin/env bash
# vzhost: the one entry point for building, running and testing the node.
#
#   ./build.sh                 build the configured board (default qemu_x86_64)
#   ./build.sh run             build what is missing and boot it in QEMU
#   ./build.sh test            build and run every test (prove)
#   ./build.sh bench [NAME..]  run benchmarks (they print ratios)
#   ./build.sh deps            install missing host tools (Debian 12)
#   ./build.sh menuconfig | defconfig BOARD | savedefconfig | olddefconfig
#   ./build.sh fetch           download and verify the pinned sources
#   ./build.sh kernel          build only the kernel
#   ./build.sh template NAME   build a container template (busybox, debian-12)
#   ./build.sh seed CONF IMG   make a seed image (VZSEED) from a vzhost.conf
#   ./build.sh clean           remove out/ (the cache stays)
#
# Environment: VZHOST_CACHE (default ~/.cache/vzhost) holds sources and the
# kernel, busybox, mbedtls and e2fsprogs builds; JOBS (default nproc).
set -euo pipefail

TOP=$(cd "$(dirname "$0")" && pwd)
CACHE=${VZHOST_CACHE:-$HOME/.cache/vzhost}
JOBS=${JOBS:-$(nproc)}
SYSROOT=$CACHE/build/sysroot

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
warn() { printf 'build.sh: warning: %s\n' "$*" >&2; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

# Every build step records the hash of its inputs in a stamp file and runs
# again only when that hash changes.
stamp_ok() { [ "$(cat "$1" 2>/dev/null)" = "$2" ]; } # FILE KEY
stamp_set() { echo "$2" >"$1"; }

install_if_changed() { # SRC DST
	cmp -s "$1" "$2" 2>/dev/null && return 0
	mkdir -p "$(dirname "$2")"
	cp "$1" "$2.tmp" && mv "$2.tmp" "$2"
}

. "$TOP/scripts/sources.lock"
. "$TOP/scripts/deps.sh"
. "$TOP/scripts/config.sh"
. "$TOP/scripts/fetch.sh"
. "$TOP/scripts/kernel.sh"
. "$TOP/scripts/userland.sh"
. "$TOP/scripts/rootfs.sh"
. "$TOP/scripts/web_ui.sh"
. "$TOP/scripts/template.sh"
. "$TOP/scripts/image.sh"
. "$TOP/scripts/qemu.sh"
. "$TOP/scripts/test.sh"

# One build at a time per cache: two builds sharing the kernel tree in
# $CACHE would corrupt it. The lock is held until the build is done.
build_lock() {
	mkdir -p "$CACHE"
	exec {BUILD_LOCK_FD}>"$CACHE/build.lock"
	flock -w 3600 "$BUILD_LOCK_FD" ||
		die "another build holds $CACHE/build.lock"
}
build_unlock() { exec {BUILD_LOCK_FD}>&-; }

build_all() {
	build_lock
	deps_check_or_install
	config_load
	fetch_all
	mkdir -p "$SYSROOT" "$IMAGES"
	kernel_headers
	musl_wrapper
	busybox_build
	mbedtls_build
	e2fsprogs_build
	programs_build
	kernel_build
	rootfs_assemble
	template_builtin_install
	initramfs_build
	board_image_build
	log "images in ${IMAGES#$TOP/}: $(cd "$IMAGES" && ls | tr '\n' ' ')"
	build_unlock
}

main() {
	cd "$TOP"
	local cmd=${1:-build}
	[ $# -gt 0 ] && shift
	case $cmd in
	build) build_all ;;
	run) build_all && qemu_run "$@" ;;
	test) build_all && test_all "$@" ;;
	bench) build_all && bench_all "$@" ;;
	deps) deps_install test ;;
	fetch) deps_check_or_install && fetch_all ;;
	kernel) build_lock && config_load && fetch_linux && mkdir -p "$IMAGES" && kernel_build ;;
	template) template_build "$@" ;;
	seed) [ $# = 2 ] || die "usage: ./build.sh seed VZHOST.CONF IMAGE"
		[ -f "$1" ] && [ "$(stat -c %s "$1")" -le 65536 ] || die "$1: not a file of at most 64 KiB (the node reads no more)"
		config_load; seed_image "$2" "$1"
		log "wrote $2: a vfat filesystem labelled $CONFIG_SEED_LABEL holding vzhost.conf (dd it to a USB stick)" ;;
	menuconfig) config_menu ;;
	defconfig) [ $# = 1 ] || die "usage: ./build.sh defconfig BOARD"; config_defconfig "$1" ;;
	savedefconfig) config_savedefconfig ;;
	olddefconfig) config_olddefconfig ;;
	clean) rm -rf "$TOP/out" ;;
	-h | --help | help) sed -n '2,/^set -e/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' ;;
	*) die "unknown command '$cmd' (see ./build.sh help)" ;;
	esac
}

main "$@"
