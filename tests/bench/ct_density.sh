#!/usr/bin/env bash
# Density: 100 busybox containers (simfs) running at once in a 2 GiB
# guest: time to create and to start them all (one after the other), how
# many are running, the memory they take (MemAvailable before and after,
# page cache dropped both times).
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-ct-density
N=${N:-100}
C=/usr/libexec/vzhost-test/ctfloor

vm_node_up 4G ctfloor || { echo "ct_density: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 1800 || { echo "ct_density: guest command failed: $1" >&2; exit 1; }; }
ids="\$(seq 101 $((100 + N)))"
avail() { guest "sync; echo 3 >/proc/sys/vm/drop_caches; sleep 1; awk '/^MemAvailable:/ {print \$2}' /proc/meminfo"; }

mem_total=$(guest "awk '/^MemTotal:/ {print \$2}' /proc/meminfo")
t_create=$(guest "dmesg -n 1; $C time sh -c 'for i in $ids; do vzctl create \$i --ostemplate busybox --layout simfs || exit 1; done'")
a0=$(avail)
t_start=$(guest "$C time sh -c 'for i in $ids; do vzctl start \$i || exit 1; done'")
guest "sleep 3" >/dev/null
running=$(guest "vzlist -H -o status | grep -c running")
procs=$(guest "for i in $ids; do cat /sys/fs/cgroup/vz/\$i/pids.current; done | awk '{s+=\$1} END {print s}'")
a1=$(avail)
t_stop=$(guest "$C time sh -c 'for i in $ids; do vzctl stop \$i --fast || exit 1; done'")
used=$((a0 - a1))
printf 'ct_density (%s, %d MiB guest): %d/%d busybox containers running at once (%d processes)\n' \
	"$(qemu_accel)" "$((mem_total / 1024))" "$running" "$N" "$procs"
printf 'ct_density: create all %.1f s, start all %.1f s (%.0f ms each), stop --fast all %.1f s\n' \
	"$(echo "$t_create / 1000000" | bc -l)" "$(echo "$t_start / 1000000" | bc -l)" \
	"$(echo "$t_start / 1000 / $N" | bc -l)" "$(echo "$t_stop / 1000000" | bc -l)"
printf 'ct_density: memory used %d MiB (%d KiB per container), %.0f%% of MemTotal\n' \
	"$((used / 1024))" "$((used / N))" "$(echo "100 * $used / $mem_total" | bc -l)"
