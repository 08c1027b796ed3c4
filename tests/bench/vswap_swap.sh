#!/usr/bin/env bash
# A memory-hungry workload over its RAM limit (a container with ram 128M
# writing every page of 320 MiB, 3 passes) swapping to the node's zram swap
# against a swap file on the data disk (ext4 on virtio), same guest, same
# run; and the compression ratio zram achieved (mm_stat: orig_data_size /
# compr_data_size, and against the RAM zram really used). The workload's
# pages are half random, half zero. Target: zram at least as fast.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-vswap-swap
ROUNDS=${ROUNDS:-3}
MIB=${MIB:-320}
PASSES=${PASSES:-3}
C=/usr/libexec/vzhost-test/vswapcheck

vm_node_up 2G vswapcheck || { echo "vswap_swap: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 1200 || { echo "vswap_swap: guest command failed: $1" >&2; exit 1; }; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
run() { guest "$C enter bench ram=128M swap=1G $C workload $MIB $PASSES" | awk '{print $1}'; }

# Compression while the workload's memory is swapped out.
mm=$(guest "$C enter bench ram=128M swap=1G $C alloc $MIB cat /sys/block/zram0/mm_stat" | tail -1)
read -r orig compr used _ <<<"$mm"

guest "dd if=/dev/zero of=/vz/swapfile bs=1M count=1024 2>/dev/null && chmod 600 /vz/swapfile && mkswap /vz/swapfile >/dev/null"
zram=() file=()
for _ in $(seq "$ROUNDS"); do
	zram+=("$(run)")
	guest "swapoff /dev/zram0 && swapon /vz/swapfile" >/dev/null
	file+=("$(run)")
	guest "swapoff /vz/swapfile && swapon -p 100 /dev/zram0" >/dev/null
done
z=$(printf '%s\n' "${zram[@]}" | median)
f=$(printf '%s\n' "${file[@]}" | median)
printf 'vswap_swap (%s, %d MiB over a 128M limit, %d passes, %d rounds, medians): zram %.1f MiB/s, swap file on /vz %.1f MiB/s, ratio %.2f (target >= 1.00)\n' \
	"$(qemu_accel)" "$MIB" "$PASSES" "$ROUNDS" "$z" "$f" "$(echo "$z / $f" | bc -l)"
printf 'vswap_swap zram (%s): %d MiB stored in %d MiB compressed (ratio %.2f), %d MiB of RAM used (ratio %.2f)\n' \
	"$(guest 'cat /sys/block/zram0/comp_algorithm' | grep -o '\[[a-z0-9-]*\]' | tr -d '[]')" \
	"$((orig >> 20))" "$((compr >> 20))" "$(echo "$orig / $compr" | bc -l)" "$((used >> 20))" "$(echo "$orig / $used" | bc -l)"
