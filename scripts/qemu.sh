# Booting the node in QEMU. Guest networking is always user-mode with
# restrict=on: the guest reaches nothing outside this machine, and host
# forwards bind 127.0.0.1 only. Sourced by build.sh (and by tests/lib/vm.sh,
# which sets TOP, CACHE, OUT and IMAGES itself).

QEMU=${QEMU:-qemu-system-x86_64}

# A tiny initramfs whose init prints a line and powers off.
poweroff_initramfs() {
	local dir=$CACHE/build/poweroff-init img=$CACHE/build/poweroff-init/initramfs.img
	local src=$TOP/tests/lib/poweroff_init.c
	mkdir -p "$dir"
	if [ ! -f "$img" ] || [ "$src" -nt "$img" ]; then
		musl-gcc -static -Os -o "$dir/init" "$src" || die "cannot build $src"
		printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nfile /init %s 0755 0 0\n' "$dir/init" >"$dir/list"
		"$CACHE/build/bin/gen_init_cpio" -t 0 "$dir/list" | gzip -n >"$img.tmp" && mv "$img.tmp" "$img"
	fi
	echo "$img"
}

# KVM on some hosts opens fine but cannot boot standard kernels, so "works"
# means: our kernel boots a trivial init under KVM and powers off. The answer
# is cached per host boot.
qemu_accel() {
	if [ -n "${VZHOST_ACCEL:-}" ]; then
		echo "$VZHOST_ACCEL"
		return
	fi
	local boot_id probe
	boot_id=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo none)
	probe=$CACHE/kvm-probe.$boot_id
	if [ ! -f "$probe" ]; then
		local result=tcg out
		if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
			out=$(timeout 30 "$QEMU" -accel kvm -m 256 -nographic -no-reboot \
				-kernel "$IMAGES/bzImage" -initrd "$(poweroff_initramfs)" \
				-append "console=ttyS0 panic=-1" -nic none 2>&1 </dev/null || true)
			case $out in *vzhost-poweroff-init:\ up*) result=kvm ;; esac
		fi
		rm -f "$CACHE"/kvm-probe.*
		echo "$result" >"$probe"
	fi
	cat "$probe"
}

# qemu_args DATA_IMG SEED_IMG APPEND...: the node's QEMU command line (minus
# the serial setup, which run and the tests choose). QEMU_HOSTFWD, if set,
# is added to the user-mode NIC ("hostfwd=tcp:127.0.0.1:P-:443"): a
# forward from the host's loopback only, never from outside.
qemu_args() {
	local data=$1 seed=$2 append=$3 accel cpu
	accel=$(qemu_accel)
	cpu=max
	[ "$accel" = kvm ] && cpu=host
	# Under TCG on a loaded host the kernel's IO-APIC timer check can fail
	# and panic the boot ("IO-APIC + timer doesn't work"): skip it there.
	[ "$accel" = tcg ] && append="no_timer_check $append"
	printf '%s\n' -accel "$accel" -cpu "$cpu" -machine q35 -m "${VZHOST_MEM:-2048}" \
		-smp "${VZHOST_CPUS:-2}" -display none -vga none \
		-kernel "${VM_KERNEL:-$IMAGES/bzImage}" -initrd "${VM_INITRD:-$IMAGES/initramfs.img}" \
		-append "console=${CONFIG_SERIAL_CONSOLE_DEVICE},${CONFIG_SERIAL_CONSOLE_SPEED} panic=10 $append" \
		-device virtio-rng-pci \
		-nic "user,restrict=on,model=virtio-net-pci${QEMU_HOSTFWD:+,$QEMU_HOSTFWD}"
	[ -n "$data" ] && printf '%s\n' -drive "file=$data,if=virtio,format=raw,discard=unmap"
	[ -n "$seed" ] && printf '%s\n' -drive "file=$seed,if=virtio,format=raw,readonly=on"
	return 0
}

# seed_image IMG CONF: a vfat filesystem labelled VZSEED holding vzhost.conf.
seed_image() {
	local img=$1 conf=$2
	rm -f "$img"
	truncate -s 4M "$img"
	mkfs.vfat -n "$CONFIG_SEED_LABEL" "$img" >/dev/null
	mcopy -i "$img" "$conf" ::vzhost.conf
}

# The dev seed of ./build.sh run: a random root password, printed once.
dev_seed() {
	local seed=$OUT/dev-seed.img conf pw hash
	[ -f "$seed" ] && return 0
	pw=$(openssl rand -base64 12 | tr -d '/+=' | cut -c1-12)
	hash=$(openssl passwd -6 -stdin <<<"$pw")
	conf=$(mktemp)
	printf 'HOSTNAME="vzhost-dev"\nROOT_PASSWORD_HASH=%s\nNET_MODE=dhcp\n' "'$hash'" >"$conf"
	seed_image "$seed" "$conf"
	rm -f "$conf"
	printf '\n  First boot of this dev node. Log in as root with password: %s\n' "$pw" >&2
	printf '  (shown once; the hash is kept on the data disk. To start over: rm %s %s)\n\n' \
		"${OUT#$TOP/}/data.img" "${seed#$TOP/}" >&2
}

qemu_run() {
	local data=$OUT/data.img
	[ -f "$data" ] || truncate -s "${VZHOST_DATA_SIZE:-16G}" "$data"
	dev_seed
	local web=${VZHOST_WEB_PORT:-8443}
	QEMU_HOSTFWD=${QEMU_HOSTFWD:-hostfwd=tcp:127.0.0.1:$web-:443}
	log "booting $BOARD in QEMU ($(qemu_accel)); the serial console follows; quit with Ctrl-A X"
	log "web UI: https://127.0.0.1:$web/ (its certificate's fingerprint is printed on the console)"
	local args
	mapfile -t args < <(qemu_args "$data" "$OUT/dev-seed.img" "vzhost.format=/dev/vda $*")
	exec "$QEMU" "${args[@]}" -serial mon:stdio
}
