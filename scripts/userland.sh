# Userland: busybox, mbedtls and e2fsprogs from Debian sources, and our own
# programs, all static against musl. Sourced by build.sh.

MUSL_CC=$CACHE/build/bin/musl-cc

# musl-gcc with the kernel's UAPI headers from the sysroot.
musl_wrapper() {
	mkdir -p "$(dirname "$MUSL_CC")"
	cat >"$MUSL_CC.new" <<-WRAP
	#!/bin/sh
	exec musl-gcc -isystem "$SYSROOT/include" "\$@"
	WRAP
	chmod +x "$MUSL_CC.new"
	install_if_changed "$MUSL_CC.new" "$MUSL_CC"
	chmod +x "$MUSL_CC"
	rm -f "$MUSL_CC.new"
}

HARDEN_CFLAGS="-Os -fstack-protector-strong -fstack-clash-protection -fcf-protection -ffunction-sections -fdata-sections"
HARDEN_LDFLAGS="-static -Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,-z,noexecstack"

busybox_config() {
	if [ -f "$TOP/board/$BOARD/busybox.config" ]; then
		echo "$TOP/board/$BOARD/busybox.config"
	else
		echo "$TOP/board/common/busybox.config"
	fi
}

busybox_build() {
	local src=$CACHE/src/busybox-${BUSYBOX_VERSION#*:} obj=$CACHE/build/$BOARD/busybox cfg key
	cfg=$(busybox_config)
	key=$(cat "$cfg" "$MUSL_CC" <(echo "$BUSYBOX_VERSION") | sha256sum | cut -d' ' -f1)
	mkdir -p "$obj"
	if ! stamp_ok "$obj/.stamp" "$key" || [ ! -x "$obj/busybox" ]; then
		log "busybox: building with ${cfg#$TOP/} (log: $obj/build.log)"
		cp "$cfg" "$obj/.config"
		{
			make -C "$src" O="$obj" CC="$MUSL_CC" HOSTCC=gcc oldconfig </dev/null &&
				make -C "$obj" CC="$MUSL_CC" HOSTCC=gcc -j"$JOBS" \
					EXTRA_CFLAGS="$HARDEN_CFLAGS" busybox
		} >"$obj/build.log" 2>&1 || { tail -30 "$obj/build.log" >&2; die "busybox: build failed"; }
		cmp -s <(grep -E '^(CONFIG_|# CONFIG_)' "$cfg") <(grep -E '^(CONFIG_|# CONFIG_)' "$obj/.config") ||
			warn "busybox: oldconfig changed the configuration; refresh ${cfg#$TOP/} from $obj/.config"
		stamp_set "$obj/.stamp" "$key"
	fi
	BUSYBOX_BIN=$obj/busybox
}

# mbedtls with the node's checked-in configuration in place of its default
# config.h, so the library and every program including its headers agree.
# Built into a directory of its own per configuration ($MBEDTLS_DIR, with
# include/ and lib/), so trees with different configurations sharing the
# cache never rebuild it back and forth nor swap headers under each other.
MBEDTLS_CONFIG=$TOP/board/common/mbedtls_config.h
# mbedtls at -O2, not the -Os of the rest: its bignum and elliptic curve
# code runs 1.5x faster so (a P-256 signature 0.36 ms against 0.54 ms on
# this machine), and every TLS handshake spends most of its time there.
MBEDTLS_CFLAGS=${HARDEN_CFLAGS/-Os/-O2}

mbedtls_build() {
	local src=$CACHE/src/mbedtls-${MBEDTLS_VERSION#*:} key
	key=$(cat "$MUSL_CC" "$MBEDTLS_CONFIG" <(echo "$MBEDTLS_VERSION $MBEDTLS_CFLAGS") | sha256sum | cut -c1-16)
	MBEDTLS_DIR=$CACHE/build/mbedtls-$key
	if [ ! -f "$MBEDTLS_DIR/.stamp" ]; then
		log "mbedtls: building static libraries with ${MBEDTLS_CONFIG#$TOP/} (log: $MBEDTLS_DIR/build.log)"
		rm -rf "$MBEDTLS_DIR"
		mkdir -p "$MBEDTLS_DIR/lib"
		rsync -a "$src/" "$MBEDTLS_DIR/src/"
		cp "$MBEDTLS_CONFIG" "$MBEDTLS_DIR/src/include/mbedtls/config.h"
		make -C "$MBEDTLS_DIR/src/library" CC="$MUSL_CC" AR=ar \
			CFLAGS="$MBEDTLS_CFLAGS -Wall" -j"$JOBS" static >"$MBEDTLS_DIR/build.log" 2>&1 ||
			{ tail -30 "$MBEDTLS_DIR/build.log" >&2; die "mbedtls: build failed"; }
		cp "$MBEDTLS_DIR/src/library/"libmbed{crypto,x509,tls}.a "$MBEDTLS_DIR/lib/"
		cp -r "$MBEDTLS_DIR/src/include" "$MBEDTLS_DIR/include"
		echo "$key" >"$MBEDTLS_DIR/.stamp"
	fi
}

E2FS_PROGS="mke2fs e2fsck resize2fs tune2fs"

e2fsprogs_build() {
	local src=$CACHE/src/e2fsprogs-${E2FSPROGS_VERSION#*:} obj=$CACHE/build/e2fsprogs key
	key=$(cat "$MUSL_CC" <(echo "$E2FSPROGS_VERSION $HARDEN_CFLAGS $E2FS_PROGS") | sha256sum | cut -d' ' -f1)
	mkdir -p "$obj"
	if ! stamp_ok "$obj/.stamp" "$key" || [ ! -x "$obj/e2fsck/e2fsck" ]; then
		log "e2fsprogs: building static mke2fs, e2fsck, resize2fs, tune2fs (log: $obj/build.log)"
		{
			(cd "$obj" && "$src/configure" CC="$MUSL_CC" CFLAGS="$HARDEN_CFLAGS" \
				LDFLAGS="$HARDEN_LDFLAGS" --disable-nls --disable-fuse2fs --disable-defrag \
				--disable-imager --disable-uuidd --disable-debugfs --disable-elf-shlibs \
				--disable-tdb --disable-backtrace --disable-testio-debug \
				--enable-libuuid --enable-libblkid --without-libarchive \
				--with-crond-dir=no --with-systemd-unit-dir=no --with-udev-rules-dir=no) &&
				make -C "$obj" -j"$JOBS" libs &&
				make -C "$obj/misc" -j"$JOBS" mke2fs tune2fs &&
				make -C "$obj/e2fsck" -j"$JOBS" e2fsck &&
				make -C "$obj/resize" -j"$JOBS" resize2fs
		} >"$obj/build.log" 2>&1 || { tail -30 "$obj/build.log" >&2; die "e2fsprogs: build failed"; }
		stamp_set "$obj/.stamp" "$key"
	fi
	E2FS_DIR=$obj
}

# Our own C programs (init/, services/, lib/) through the top-level Makefile.
programs_build() {
	log "programs: make (musl, static)"
	make -s -C "$TOP" O="$OUT/build" CC="$MUSL_CC" TARGET=1 CONFIG_H="$OUT/config.h" \
		SYSROOT="$SYSROOT" MBEDTLS="$MBEDTLS_DIR" -j"$JOBS" programs || die "programs: build failed"
}
