#!/usr/bin/env bash
# Start and stop latency of a busybox container (simfs, from the built-in
# template) against the floor: the same namespaces unshared, a cgroup made
# and removed, /bin/true exec'd as the new pid 1 (tests/guest/ctfloor.c).
# Start counts until the container's init runs (vzctl start returns then);
# stop is the clean stop (SIGPWR, busybox init's shutdown) and --fast
# (cgroup.kill). Rounds interleaved in one guest, medians compared.
# Target: ratio at most 1.5.
set -euo pipefail
. "$(dirname "$0")/../tests/lib/vm.sh"
vm_init bench-ct-start
ROUNDS=${ROUNDS:-7}
C=/usr/libexec/vzhost-test/ctfloor

vm_node_up 1G ctfloor || { echo "ct_start: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 600 || { echo "ct_start: guest command failed: $1" >&2; exit 1; }; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

guest 'dmesg -n 1; vzctl create 101 --ostemplate busybox --layout simfs >/dev/null && mkdir -p /sys/fs/cgroup/vz'
guest "$C floor >/dev/null && vzctl start 101 >/dev/null && vzctl stop 101 >/dev/null"
fs=() fp=() cs=() cp=() cf=()
for _ in $(seq "$ROUNDS"); do
	read -r a b <<<"$(guest "$C floor")"
	fs+=("$a") fp+=("$b")
	cs+=("$(guest "$C time vzctl start 101")")
	cp+=("$(guest "$C time vzctl stop 101")")
	guest "vzctl start 101 >/dev/null"
	cf+=("$(guest "$C time vzctl stop 101 --fast")")
done
m() { printf '%s\n' "$@" | median; }
f_start=$(m "${fs[@]}") f_stop=$(m "${fp[@]}")
c_start=$(m "${cs[@]}") c_stop=$(m "${cp[@]}") c_fast=$(m "${cf[@]}")
r() { echo "$1 / $2" | bc -l; }
printf 'ct_start (%s, %d rounds, medians): floor start %.1f ms, stop %.1f ms\n' \
	"$(qemu_accel)" "$ROUNDS" "$(r "$f_start" 1000)" "$(r "$f_stop" 1000)"
printf 'ct_start: busybox start %.1f ms, ratio %.2f (target <= 1.50)\n' "$(r "$c_start" 1000)" "$(r "$c_start" "$f_start")"
printf 'ct_start: busybox stop (clean) %.1f ms, ratio %.2f (target <= 1.50)\n' "$(r "$c_stop" 1000)" "$(r "$c_stop" "$f_stop")"
printf 'ct_start: busybox stop --fast %.1f ms, ratio %.2f (target <= 1.50)\n' "$(r "$c_fast" 1000)" "$(r "$c_fast" "$f_stop")"
