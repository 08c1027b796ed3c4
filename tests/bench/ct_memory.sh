#!/usr/bin/env bash
# Host memory each running busybox container costs beyond its own
# processes: 20 containers started in one guest. Memory in use (MemTotal -
# MemFree - Buffers - Cached, page cache dropped first) before and after,
# minus what the containers' cgroups account to their processes and the
# kernel objects charged to them (memory.stat anon + kernel). What is left
# is the runtime's share: the monitor (vzmon: its process, page tables and
# kernel stack; its Pss shown too), the user and pid namespaces it clones,
# the console pty, the cgroup itself. The mount, uts, ipc, net and cgroup
# namespaces are made by the container's first process inside its cgroup
# and are charged to it (docs/containers-design.md); what the kernel
# charges to each container is shown by kind. Target: at most 256 KiB each.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-ct-memory
N=${N:-20}

vm_node_up 2G || { echo "ct_memory: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 900 || { echo "ct_memory: guest command failed: $1" >&2; exit 1; }; }
ids="\$(seq 101 $((100 + N)))"
mem1() { guest "sync; echo 3 >/proc/sys/vm/drop_caches; sleep 1; awk '{v[\$1]=\$2} END {print v[\"MemTotal:\"] - v[\"MemFree:\"] - v[\"Buffers:\"] - v[\"Cached:\"], v[\"Slab:\"]}' /proc/meminfo"; }
# The median of five samples: the kernel frees some memory late (namespaces
# and RCU-freed objects of the setup, per-cpu page lists), and one sample
# can be off by megabytes.
mem() {
	local i
	for i in 1 2 3 4 5; do mem1; done | sort -n | sed -n 3p
}

guest "dmesg -n 1; for i in $ids; do vzctl create \$i --ostemplate busybox --layout simfs >/dev/null || exit 1; done"
read -r used0 slab0 <<<"$(mem)"
guest "for i in $ids; do vzctl start \$i >/dev/null || exit 1; done; sleep 3"
running=$(guest "vzlist -H -o status | grep -c running")
read -r used1 slab1 <<<"$(mem)"
own=$(guest "for i in $ids; do cat /sys/fs/cgroup/vz/\$i/memory.stat; done | awk '\$1 == \"anon\" || \$1 == \"kernel\" {s+=\$2} END {print int(s/1024)}'")
# What the kernel charges to a container's own cgroup, per container.
kinds=$(guest "for i in $ids; do cat /sys/fs/cgroup/vz/\$i/memory.stat; done | awk '{s[\$1]+=\$2} END {printf \"anon %d, kernel %d (slab %d, percpu %d, kernel_stack %d, pagetables %d, sock %d)\\n\", s[\"anon\"]/1024/$N, s[\"kernel\"]/1024/$N, s[\"slab\"]/1024/$N, s[\"percpu\"]/1024/$N, s[\"kernel_stack\"]/1024/$N, s[\"pagetables\"]/1024/$N, s[\"sock\"]/1024/$N}'")
pss=$(guest "for i in $ids; do awk '/^Pss:/ {print \$2}' /proc/\$(cat /run/vzhost/ct/\$i.mon)/smaps_rollup; done | awk '{s+=\$1} END {print s}'")
guest "for i in $ids; do vzctl stop \$i --fast >/dev/null; done"
used=$((used1 - used0))
extra=$(( (used - own) / N ))
printf 'ct_memory (%s, %d busybox containers, %d running): memory in use +%d KiB, of it in their cgroups (anon + kernel) %d KiB\n' \
	"$(qemu_accel)" "$N" "$running" "$used" "$own"
printf 'ct_memory: per container beyond its processes %d KiB (target <= 256 KiB), ratio %.2f; Slab +%d KiB each; vzmon Pss %d KiB each\n' \
	"$extra" "$(echo "$extra / 256" | bc -l)" "$(( (slab1 - slab0) / N ))" "$((pss / N))"
printf 'ct_memory: in each container'"'"'s own cgroup, KiB: %s\n' "$kinds"
