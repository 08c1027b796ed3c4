#!/usr/bin/env bash
# Boot time: QEMU start to the serial login prompt of the node, against the
# same kernel booting a trivial init that powers off at once (the floor: the
# firmware, kernel and QEMU's own cost), both under the same QEMU command
# line in the same run. Target: ratio at most 1.3. Runs are interleaved and
# the medians compared, since these machines are noisy.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-boot
ROUNDS=${ROUNDS:-3}
floor_img=$(poweroff_initramfs)
data=$VM_DIR/data.img
vm_blank_disk "$data" 1G
seed=$VM_DIR/seed.img
vm_seed "$seed" "ROOT_PASSWORD_HASH='$(vm_hash bench-password)'"

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

floor_run() {
	local t0 args
	mapfile -t args < <(qemu_args "$data" "$seed" "")
	for i in "${!args[@]}"; do [ "${args[$i]}" = "$IMAGES/initramfs.img" ] && args[$i]=$floor_img; done
	t0=$(now)
	"$QEMU" "${args[@]}" -serial "file:$VM_DIR/floor.log" -monitor none -no-reboot </dev/null >/dev/null 2>&1
	grep -q 'vzhost-poweroff-init: up' "$VM_DIR/floor.log" || { echo "floor run did not reach its init" >&2; exit 1; }
	echo "$(now) - $t0" | bc -l
}

node_run() {
	local t0
	t0=$(now)
	vm_boot "$data" "$seed" "vzhost.format=/dev/vda"
	vm_expect ' login: ' 300 >/dev/null || { echo "node did not reach login" >&2; exit 1; }
	echo "$(now) - $t0" | bc -l
	vm_kill
	kill "$VM_READER" 2>/dev/null || true
}

node_run >/dev/null   # first boot formats the data disk; not measured
floors=() nodes=()
for r in $(seq "$ROUNDS"); do
	floors+=("$(floor_run)")
	nodes+=("$(node_run)")
done
f=$(printf '%s\n' "${floors[@]}" | median)
n=$(printf '%s\n' "${nodes[@]}" | median)
printf 'boot_time (%s, %d rounds, medians): trivial init %.2fs, node to login prompt %.2fs, ratio %.2f (target <= 1.30)\n' \
	"$(qemu_accel)" "$ROUNDS" "$f" "$n" "$(echo "$n / $f" | bc -l)"
