# Kernel: Linux from the pinned Debian tarball, allnoconfig plus the board's
# fragments, every patch in kernel-patches/6.1/series applied in order.
# Sourced by build.sh.
#
# The patched tree and the object tree live in $CACHE/build/$BOARD/. Each
# step keeps a stamp (a hash of its inputs), so the kernel is rebuilt only
# when its source, config or patches change, and then incrementally: the
# patched tree is re-synced from the pristine one with rsync, which keeps the
# timestamps of untouched files.

KERNEL_SERIES=kernel-patches/6.1/series

kernel_patch_list() {
	[ -f "$TOP/$KERNEL_SERIES" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$TOP/$KERNEL_SERIES" | grep -v '^$' || true
}

kernel_fragment_list() {
	echo "$TOP/board/common/kernel.config"
	[ -f "$TOP/board/$BOARD/kernel.config" ] && echo "$TOP/board/$BOARD/kernel.config"
	return 0
}

kernel_patches_hash() {
	local p
	{
		echo "$LINUX_TARBALL_SHA256"
		kernel_patch_list | while read -r p; do
			[ -f "$TOP/kernel-patches/6.1/$p" ] ||
				die "$KERNEL_SERIES lists $p, but kernel-patches/6.1/$p does not exist"
			echo "$p"
			cat "$TOP/kernel-patches/6.1/$p"
		done
	} | sha256sum | cut -d' ' -f1
}

kernel_prepare_tree() {
	local src=$CACHE/src/linux-$LINUX_VERSION work=$KBUILD/src hash=$1 p
	stamp_ok "$KBUILD/src.stamp" "$hash" && return 0
	log "kernel: preparing patched source tree"
	rm -f "$KBUILD/src.stamp"
	mkdir -p "$work"
	rsync -a --delete --exclude=.vzhost-ok "$src/" "$work/"
	kernel_patch_list | while read -r p; do
		log "kernel: applying $p"
		patch -d "$work" -p1 --batch --forward --quiet <"$TOP/kernel-patches/6.1/$p" >"$KBUILD/patch.log" 2>&1 || {
			cat "$KBUILD/patch.log" >&2
			die "kernel-patches/6.1/$p does not apply to linux $LINUX_VERSION (see above)"
		}
	done
	stamp_set "$KBUILD/src.stamp" "$hash"
}

# Every option the fragments set must survive allnoconfig's dependency
# resolution; one that did not (a typo, an unmet dependency) is an error.
kernel_check_config() {
	local frag=$1 cfg=$2 line sym want bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*} want=${line#*=} ;;
		*) continue ;;
		esac
		if [ "$want" = n ]; then
			grep -q "^$sym=" "$cfg" && { warn "kernel config: $sym=n requested but it is set"; bad=1; }
		else
			grep -qxF "$sym=$want" "$cfg" || { warn "kernel config: $sym=$want requested, got: $(grep "^$sym=\|^# $sym is not set" "$cfg" || echo 'not present')"; bad=1; }
		fi
	done <"$frag"
	[ $bad = 0 ] || die "kernel config fragments do not hold (see above); fix board/*/kernel.config"
}

kernel_configure() {
	local hash=$1 frag=$KBUILD/obj/vzhost.fragment
	mkdir -p "$KBUILD/obj"
	kernel_fragment_list | xargs cat >"$frag.new"
	local chash
	chash=$(cat "$frag.new" <(echo "$hash") | sha256sum | cut -d' ' -f1)
	if stamp_ok "$KBUILD/config.stamp" "$chash"; then
		rm -f "$frag.new"
		echo "$chash"
		return 0
	fi
	mv "$frag.new" "$frag"
	log "kernel: configuring (allnoconfig + $(kernel_fragment_list | sed "s|$TOP/||" | tr '\n' ' '))"
	make -s -C "$KBUILD/src" O="$KBUILD/obj" ARCH=x86_64 KCONFIG_ALLCONFIG="$frag" allnoconfig >"$KBUILD/config.log" 2>&1 ||
		{ cat "$KBUILD/config.log" >&2; die "kernel: allnoconfig failed"; }
	kernel_check_config "$frag" "$KBUILD/obj/.config"
	stamp_set "$KBUILD/config.stamp" "$chash"
	echo "$chash"
}

kernel_build() {
	KBUILD=$CACHE/build/$BOARD/linux
	mkdir -p "$KBUILD"
	local phash chash bhash
	phash=$(kernel_patches_hash)
	kernel_prepare_tree "$phash"
	chash=$(kernel_configure "$phash")
	bhash=$(echo "$phash $chash" | sha256sum | cut -d' ' -f1)
	if ! stamp_ok "$KBUILD/build.stamp" "$bhash" || [ ! -f "$KBUILD/obj/arch/x86/boot/bzImage" ]; then
		log "kernel: building bzImage (log: $KBUILD/build.log)"
		rm -f "$KBUILD/build.stamp"
		make -C "$KBUILD/src" O="$KBUILD/obj" ARCH=x86_64 -j"$JOBS" bzImage >"$KBUILD/build.log" 2>&1 ||
			{ tail -40 "$KBUILD/build.log" >&2; die "kernel: build failed (full log: $KBUILD/build.log)"; }
		stamp_set "$KBUILD/build.stamp" "$bhash"
	fi
	install_if_changed "$KBUILD/obj/arch/x86/boot/bzImage" "$IMAGES/bzImage"
}

# Linux UAPI headers for musl-gcc (it ships none), shared by every board.
kernel_headers() {
	local dst=$SYSROOT stamp=$SYSROOT/.headers-$LINUX_VERSION
	[ -f "$stamp" ] && return 0
	log "kernel: installing UAPI headers into $dst"
	make -s -C "$CACHE/src/linux-$LINUX_VERSION" O="$CACHE/build/headers" ARCH=x86_64 \
		INSTALL_HDR_PATH="$dst" headers_install >"$CACHE/build/headers.log" 2>&1 ||
		{ cat "$CACHE/build/headers.log" >&2; die "kernel: headers_install failed"; }
	touch "$stamp"
}
