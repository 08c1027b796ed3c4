# The node's root filesystem: the rootfs/ skeleton, busybox, e2fsprogs and
# our programs, packed into a compressed cpio initramfs. Sourced by build.sh.

# Modes that git cannot carry. Everything else: 0755 dirs/executables, 0644.
ROOTFS_MODES="
/etc/shadow:0600
/root:0700
/tmp:1777
/vz:0755
"

rootfs_install_busybox() {
	local root=$1 applet
	install -m 0755 "$BUSYBOX_BIN" "$root/bin/busybox"
	"$BUSYBOX_BIN" --list-full | while read -r applet; do
		[ -e "$root/$applet" ] && continue
		mkdir -p "$root/$(dirname "$applet")"
		ln -s "$(realpath --relative-to="$root/$(dirname "$applet")" "$root/bin/busybox")" "$root/$applet"
	done
}

rootfs_install_e2fsprogs() {
	local root=$1 alias
	install -s -m 0755 "$E2FS_DIR/misc/mke2fs" "$root/sbin/mke2fs"
	install -s -m 0755 "$E2FS_DIR/misc/tune2fs" "$root/sbin/tune2fs"
	install -s -m 0755 "$E2FS_DIR/e2fsck/e2fsck" "$root/sbin/e2fsck"
	install -s -m 0755 "$E2FS_DIR/resize/resize2fs" "$root/sbin/resize2fs"
	for alias in mkfs.ext2 mkfs.ext3 mkfs.ext4; do ln -sf mke2fs "$root/sbin/$alias"; done
	for alias in fsck.ext2 fsck.ext3 fsck.ext4; do ln -sf e2fsck "$root/sbin/$alias"; done
	ln -sf tune2fs "$root/sbin/e2label"
}

rootfs_install_programs() {
	local root=$1 p
	for p in "$OUT/build/bin/"*; do
		install -s -m 0755 "$p" "$root/sbin/$(basename "$p")"
	done
	ln -sf sbin/init "$root/init"
}

rootfs_write_release() {
	local root=$1 version
	version=$(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)
	cat >"$root/etc/os-release" <<-REL
	NAME="vzhost"
	ID=vzhost
	PRETTY_NAME="vzhost ($BOARD)"
	VERSION_ID="$version"
	BUILD_ID="$version"
	VARIANT_ID="$BOARD"
	REL
	printf '%s\n' "$version" >"$root/etc/vzhost/version"
}

rootfs_assemble() {
	local root=$OUT/rootfs d
	log "rootfs: assembling $root"
	rm -rf "$root"
	mkdir -p "$root"
	for d in bin sbin usr/bin usr/sbin usr/share etc/vzhost dev proc sys run tmp vz mnt root var/lib; do
		mkdir -p "$root/$d"
	done
	ln -s ../run "$root/var/run"
	ln -s ../run/log "$root/var/log"
	ln -s ../tmp "$root/var/tmp"
	rootfs_install_busybox "$root"
	rootfs_install_e2fsprogs "$root"
	rootfs_install_programs "$root"
	cp -a "$TOP/rootfs/." "$root/"
	find "$root" -name .keep -delete
	web_ui_install "$root"
	rootfs_write_release "$root"
}

gen_init_cpio_tool() {
	GEN_INIT_CPIO=$CACHE/build/bin/gen_init_cpio
	[ -x "$GEN_INIT_CPIO" ] && return 0
	mkdir -p "$(dirname "$GEN_INIT_CPIO")"
	cc -O2 -o "$GEN_INIT_CPIO" "$CACHE/src/linux-$LINUX_VERSION/usr/gen_init_cpio.c"
}

rootfs_mode() { # PATH DEFAULT
	local pair
	for pair in $ROOTFS_MODES; do
		[ "${pair%%:*}" = "$1" ] && { echo "${pair#*:}"; return; }
	done
	echo "$2"
}

# gen_init_cpio list: every entry owned by root, modes from the table above.
rootfs_cpio_list() {
	local root=$1 path rel
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "nod /dev/null 0666 0 0 c 1 3"
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort) | while read -r path; do
		rel=${path#.}
		if [ -L "$root$rel" ]; then
			echo "slink $rel $(readlink "$root$rel") 0777 0 0"
		elif [ -d "$root$rel" ]; then
			[ "$rel" = /dev ] && continue
			echo "dir $rel $(rootfs_mode "$rel" 0755) 0 0"
		elif [ -x "$root$rel" ]; then
			echo "file $rel $root$rel $(rootfs_mode "$rel" 0755) 0 0"
		else
			echo "file $rel $root$rel $(rootfs_mode "$rel" 0644) 0 0"
		fi
	done
}

initramfs_compress() {
	case ${CONFIG_INITRAMFS_ZSTD:-} in y) zstd -19 -q -c; return ;; esac
	case ${CONFIG_INITRAMFS_GZIP:-} in y) gzip -9 -n -c; return ;; esac
	xz -9 --check=crc32 -c
}

initramfs_build() {
	local list=$OUT/initramfs.list cpio=$OUT/initramfs.cpio key
	local epoch
	gen_init_cpio_tool
	# Reproducible archive: every timestamp is the last commit's.
	epoch=$(git -C "$TOP" log -1 --format=%ct 2>/dev/null || echo 1)
	find "$OUT/rootfs" -exec touch -h -d "@$epoch" {} +
	{ echo "dir /dev 0755 0 0"; rootfs_cpio_list "$OUT/rootfs"; } >"$list"
	"$GEN_INIT_CPIO" -t "$epoch" "$list" >"$cpio.new" || die "gen_init_cpio failed"
	key=$( (sha256sum <"$cpio.new"; echo "${CONFIG_INITRAMFS_XZ:-}/${CONFIG_INITRAMFS_ZSTD:-}/${CONFIG_INITRAMFS_GZIP:-}") | sha256sum | cut -d' ' -f1)
	if stamp_ok "$OUT/initramfs.stamp" "$key" && [ -f "$IMAGES/initramfs.img" ]; then
		rm -f "$cpio.new"
		return 0
	fi
	log "initramfs: compressing"
	mv "$cpio.new" "$cpio"
	initramfs_compress <"$cpio" >"$IMAGES/initramfs.img.tmp"
	mv "$IMAGES/initramfs.img.tmp" "$IMAGES/initramfs.img"
	stamp_set "$OUT/initramfs.stamp" "$key"
}
