# Container templates (docs/templates.md): the zstd program for the node,
# the built-in busybox template made at every image build, and
# ./build.sh template NAME. Sourced by build.sh.

TEMPLATE_CACHE=$CACHE/templates

# Static zstd from Debian's libzstd source: gzip and xz come with busybox.
zstd_build() {
	local src=$CACHE/src/libzstd-${ZSTD_VERSION#*:} obj=$CACHE/build/zstd key
	fetch_dsc "$ZSTD_SRC" "$ZSTD_VERSION" "$ZSTD_DSC_SHA256"
	key=$(cat "$MUSL_CC" <(echo "$ZSTD_VERSION $HARDEN_CFLAGS $HARDEN_LDFLAGS") | sha256sum | cut -d' ' -f1)
	mkdir -p "$obj"
	if ! stamp_ok "$obj/.stamp" "$key" || [ ! -x "$obj/src/programs/zstd" ]; then
		log "zstd: building the static program (log: $obj/build.log)"
		rsync -a --delete "$src/" "$obj/src/"
		make -C "$obj/src/programs" CC="$MUSL_CC" CFLAGS="$HARDEN_CFLAGS" \
			LDFLAGS="$HARDEN_LDFLAGS" HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 \
			-j"$JOBS" zstd >"$obj/build.log" 2>&1 ||
			{ tail -30 "$obj/build.log" >&2; die "zstd: build failed"; }
		stamp_set "$obj/.stamp" "$key"
	fi
	ZSTD_BIN=$obj/src/programs/zstd
}

# A root tree as an OpenVZ precreated template: "./"-relative, numeric
# root ownership unless the tree says otherwise, sorted, timestamps pinned.
template_pack() { # ROOT OUT.tar.zst
	local epoch
	epoch=$(git -C "$TOP" log -1 --format=%ct 2>/dev/null || echo 1)
	tar -C "$1" --sort=name --mtime="@$epoch" --clamp-mtime --owner=0 --group=0 --numeric-owner \
		--format=gnu -cf - . | zstd -q -19 -T1 -c >"$2.part"
	mv "$2.part" "$2"
}

# The busybox system container: our static busybox, busybox init with a
# getty on /dev/console, a root account (locked: vzctl enter, or set a
# password inside).
template_busybox_root() { # ROOT
	local root=$1 applet d
	rm -rf "$root"
	for d in bin sbin usr/bin usr/sbin etc/init.d dev proc sys run tmp root var/log home; do
		mkdir -p "$root/$d"
	done
	chmod 1777 "$root/tmp"
	chmod 0700 "$root/root"
	install -m 0755 "$TEMPLATE_BUSYBOX_BIN" "$root/bin/busybox"
	"$TEMPLATE_BUSYBOX_BIN" --list-full | while read -r applet; do
		[ -e "$root/$applet" ] && continue
		ln -s "$(realpath --relative-to="$root/$(dirname "$applet")" "$root/bin/busybox")" "$root/$applet"
	done
	cat >"$root/etc/inittab" <<-'TAB'
	::sysinit:/etc/init.d/rcS
	::respawn:/sbin/getty -L 0 /dev/console vt100
	::ctrlaltdel:/sbin/reboot
	::shutdown:/bin/umount -a -r
	::restart:/sbin/init
	TAB
	cat >"$root/etc/init.d/rcS" <<-'RCS'
	#!/bin/sh
	[ -s /etc/hostname ] && hostname -F /etc/hostname
	mkdir -p /run/lock /var/log
	RCS
	chmod 0755 "$root/etc/init.d/rcS"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
	printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' >"$root/etc/group"
	printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' >"$root/etc/shadow"
	chmod 0600 "$root/etc/shadow"
	printf '/bin/sh\n' >"$root/etc/shells"
	printf 'localhost\n' >"$root/etc/hostname"
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >"$root/etc/hosts"
	: >"$root/etc/fstab"
	printf 'NAME="vzhost busybox"\nID=busybox\nPRETTY_NAME="busybox container"\n' >"$root/etc/os-release"
}

# The node's busybox configuration plus init with inittab: the node runs
# our own init, a busybox container runs busybox's.
template_busybox_bin() {
	local src=$CACHE/src/busybox-${BUSYBOX_VERSION#*:} obj=$CACHE/build/$BOARD/busybox-ct cfg key
	cfg=$(busybox_config)
	key=$(cat "$cfg" "$MUSL_CC" <(echo "$BUSYBOX_VERSION init") | sha256sum | cut -d' ' -f1)
	mkdir -p "$obj"
	if ! stamp_ok "$obj/.stamp" "$key" || [ ! -x "$obj/busybox" ]; then
		log "busybox (container template): building with init (log: $obj/build.log)"
		sed -e 's/^# CONFIG_INIT is not set/CONFIG_INIT=y/' \
			-e 's/^# CONFIG_FEATURE_USE_INITTAB is not set/CONFIG_FEATURE_USE_INITTAB=y/' \
			"$cfg" >"$obj/.config"
		{
			make -C "$src" O="$obj" CC="$MUSL_CC" HOSTCC=gcc oldconfig </dev/null &&
				make -C "$obj" CC="$MUSL_CC" HOSTCC=gcc -j"$JOBS" \
					EXTRA_CFLAGS="$HARDEN_CFLAGS" busybox
		} >"$obj/build.log" 2>&1 || { tail -30 "$obj/build.log" >&2; die "busybox (template): build failed"; }
		stamp_set "$obj/.stamp" "$key"
	fi
	TEMPLATE_BUSYBOX_BIN=$obj/busybox
}

template_busybox_build() {
	local root=$OUT/templates/busybox
	mkdir -p "$IMAGES/templates"
	template_busybox_bin
	template_busybox_root "$root"
	template_pack "$root" "$IMAGES/templates/busybox.tar.zst"
}

# In the node image: zstd and the built-in templates (tmpl_find looks in
# /vz/template/cache first, then here).
template_builtin_install() {
	zstd_build
	template_busybox_build
	install -s -m 0755 "$ZSTD_BIN" "$OUT/rootfs/usr/bin/zstd"
	mkdir -p "$OUT/rootfs/usr/share/vzhost/templates"
	cp "$IMAGES/templates/busybox.tar.zst" "$OUT/rootfs/usr/share/vzhost/templates/"
}

# Debian 12 with systemd by mmdebstrap from Debian's archive. Reproducible
# for a given state of bookworm: SOURCE_DATE_EPOCH is the last commit of
# this file (not HEAD, so unrelated commits do not change the bytes).
# mmdebstrap's tar output is already "./"-relative and sorted, the shape of
# an OpenVZ precreated template. No /dev in the tarball (the runtime makes
# /dev), an empty machine-id and resolv.conf (the runtime writes
# nameservers), no ssh host keys.
TEMPLATE_DEBIAN_PACKAGES=systemd-sysv,dbus,iproute2,ifupdown,iputils-ping,procps,less,nano,ca-certificates,apt-utils

template_debian12_build() {
	local out=$TEMPLATE_CACHE/debian-12-x86_64.tar.zst epoch
	mkdir -p "$TEMPLATE_CACHE" "$IMAGES/templates"
	if [ ! -f "$out" ]; then
		epoch=$(git -C "$TOP" log -1 --format=%ct -- scripts/template.sh 2>/dev/null || echo 1)
		log "template debian-12: mmdebstrap bookworm (log: $TEMPLATE_CACHE/debian-12.log; about a minute with a nearby archive)"
		SOURCE_DATE_EPOCH=$epoch mmdebstrap --mode=root --variant=minbase \
			--include="$TEMPLATE_DEBIAN_PACKAGES" --skip=output/dev --skip=output/mknod \
			--customize-hook='rm -f "$1"/etc/machine-id "$1"/var/lib/dbus/machine-id && touch "$1"/etc/machine-id' \
			--customize-hook='printf "localhost\n" > "$1"/etc/hostname && chmod 0644 "$1"/etc/hostname' \
			--customize-hook=': > "$1"/etc/resolv.conf && chmod 0644 "$1"/etc/resolv.conf' \
			--customize-hook='chroot "$1" systemctl mask getty@tty1.service serial-getty@ttyS0.service systemd-udevd.service systemd-udev-trigger.service sys-kernel-debug.mount dev-hugepages.mount >/dev/null' \
			bookworm "$out.part.tar.zst" http://deb.debian.org/debian >"$TEMPLATE_CACHE/debian-12.log" 2>&1 ||
			{ rm -f "$out.part.tar.zst"; tail -30 "$TEMPLATE_CACHE/debian-12.log" >&2
			  die "template debian-12: mmdebstrap failed"; }
		mv "$out.part.tar.zst" "$out"
	fi
	cp "$out" "$IMAGES/templates/debian-12-x86_64.tar.zst"
	log "template debian-12: $IMAGES/templates/debian-12-x86_64.tar.zst (cached in $out)"
}

template_build() { # NAME
	case ${1:-} in
	busybox) build_lock; config_load; fetch_all; musl_wrapper
		template_busybox_build; build_unlock
		log "template busybox: $IMAGES/templates/busybox.tar.zst" ;;
	debian-12) deps_check_or_install; config_load; template_debian12_build ;;
	*) die "usage: ./build.sh template busybox|debian-12" ;;
	esac
}
