# ./build.sh test: host unit tests (ASan/UBSan), the mbedtls link test, short
# fuzz runs, and system tests that boot the image in QEMU; all TAP, all run
# by one prove. ./build.sh bench runs tests/bench/*.sh. Sourced by build.sh.

HOST_OUT() { echo "$TOP/out/host"; }

unit_build() {
	log "unit tests: building (host, ASan/UBSan)"
	make -s -C "$TOP" O="$(HOST_OUT)" CONFIG_H="$OUT/config.h" -j"$JOBS" tests ||
		die "unit tests: build failed"
}

# mbedtls is linked into our musl programs (the web service); prove the
# static libraries link and work by running their own self tests.
mbedtls_link_test() {
	local bin=$(HOST_OUT)/bin/mbedtls_selftest.t
	mkdir -p "$(dirname "$bin")"
	if [ ! -x "$bin" ] || [ "$TOP/tests/unit/mbedtls_selftest.c" -nt "$bin" ] ||
		[ "$MBEDTLS_DIR/lib/libmbedtls.a" -nt "$bin" ]; then
		"$MUSL_CC" -static -Os -Wall -Wextra -Werror -I"$MBEDTLS_DIR/include" \
			-o "$bin" "$TOP/tests/unit/mbedtls_selftest.c" \
			-L"$MBEDTLS_DIR/lib" -lmbedtls -lmbedx509 -lmbedcrypto ||
			die "mbedtls: link test failed to build"
	fi
}

FUZZ_SECONDS=${FUZZ_SECONDS:-10}

fuzz_build() {
	log "fuzz targets: building (clang, libFuzzer, ASan/UBSan)"
	make -s -C "$TOP" O="$TOP/out/fuzz" CC=clang FUZZ=1 CONFIG_H="$OUT/config.h" -j"$JOBS" fuzz ||
		die "fuzz targets: build failed"
}

# The system tests boot every board's image (the ISO of pc_x86_64 among
# them), so build the boards other than the configured one too; a board
# with a file named "manual" (the debug kernel) is built only by hand.
boards_build_others() {
	local def board
	for def in "$TOP"/board/*/defconfig; do
		board=$(basename "$(dirname "$def")")
		[ "$board" = "$BOARD" ] && continue
		[ -f "$TOP/board/$board/manual" ] && continue
		log "building board $board for the system tests"
		VZHOST_BOARD=$board "$TOP/build.sh" build || die "board $board: build failed"
	done
}

guest_tools_build() {
	log "guest test tools: make (musl, static)"
	make -s -C "$TOP" O="$OUT/build" CC="$MUSL_CC" TARGET=1 CONFIG_H="$OUT/config.h" \
		SYSROOT="$SYSROOT" MBEDTLS="$MBEDTLS_DIR" -j"$JOBS" guest-tools || die "guest test tools: build failed"
}

test_all() {
	deps_check_or_install test
	boards_build_others
	unit_build
	guest_tools_build
	mbedtls_link_test
	fuzz_build
	local tests=()
	mapfile -t tests < <(ls "$(HOST_OUT)"/bin/test_* "$(HOST_OUT)"/bin/*.t 2>/dev/null
		ls "$TOP"/tests/unit/*.t "$TOP"/tests/fuzz/*.t "$TOP"/tests/system/*.t 2>/dev/null)
	[ $# -gt 0 ] && tests=("$@")
	log "running ${#tests[@]} test programs"
	FUZZ_DIR=$TOP/out/fuzz/bin FUZZ_SECONDS=$FUZZ_SECONDS prove --exec '' --timer "${tests[@]}"
}

bench_all() {
	local b rc=0
	guest_tools_build
	for b in "$TOP"/tests/bench/*.sh; do
		[ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$(basename "$b" .sh)" && continue
		log "bench: $(basename "$b")"
		bash "$b" || rc=1
	done
	return $rc
}
