#!/usr/bin/env bash
# Cost of reading /proc/meminfo inside a limited container (the vSwap view:
# values from the memory cgroup) against on the host, same guest, same run.
# Rounds are interleaved and medians compared. Target: ratio at most 2.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-vswap-meminfo
ROUNDS=${ROUNDS:-5}
READS=${READS:-5000}
C=/usr/libexec/vzhost-test/vswapcheck

vm_node_up 1G vswapcheck || { echo "vswap_meminfo: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 600 || { echo "vswap_meminfo: guest command failed: $1" >&2; exit 1; }; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

guest "$C enter bench ram=256M swap=256M $C alloc 64 true >/dev/null"
hosts=() cts=()
for _ in $(seq "$ROUNDS"); do
	hosts+=("$(guest "$C readbench $READS" | awk '{print $1}')")
	cts+=("$(guest "$C enter bench $C readbench $READS" | awk '{print $1}')")
done
h=$(printf '%s\n' "${hosts[@]}" | median)
c=$(printf '%s\n' "${cts[@]}" | median)
printf 'vswap_meminfo (%s, %d rounds of %d reads, medians): host %.0f ns/read, container %.0f ns/read, ratio %.2f (target <= 2.00)\n' \
	"$(qemu_accel)" "$ROUNDS" "$READS" "$h" "$c" "$(echo "$c / $h" | bc -l)"
