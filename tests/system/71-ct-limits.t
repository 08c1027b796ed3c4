#!/usr/bin/env bash
# vSwap limits on a running busybox container (docs/containers.md, docs/vswap.md):
# past its RAM it swaps, past RAM+swap the OOM killer acts inside it only,
# NUMPROC stops a fork bomb; the node and the container's init are unharmed.
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-limits
vm_node_up 2G vswapcheck || bail_out "no login"
vm_run 'dmesg -n 1' >/dev/null

vm_run 'vzctl create 101 --ostemplate busybox --layout simfs && cp /usr/libexec/vzhost-test/vswapcheck /vz/private/101/bin/ && vzctl start 101' 120 >/dev/null
ok $? "a busybox container with the vswapcheck probe runs"
vm_run 'vzctl set 101 --ram 64M --swap 256M' >/dev/null
ok $? "vzctl set 101 --ram 64M --swap 256M (live)"

swap=$(vm_run 'vzctl exec 101 vswapcheck alloc 128 cat /sys/fs/cgroup/memory.swap.current' 120 | tail -1)
rc=$?
is "$rc" 0 "allocating 128 MiB past a 64 MiB RAM limit succeeds"
[ "${swap:-0}" -gt $((32 << 20)) ] 2>/dev/null; ok $? "and the container swapped (memory.swap.current $swap)"

vm_run 'vzctl set 101 --swap 32M' >/dev/null
vm_run 'vzctl exec 101 vswapcheck alloc 256 true' 120 >/dev/null
is $? 137 "allocating past RAM+swap is OOM-killed (SIGKILL) inside the container"
like "$(vm_run 'grep oom_kill /sys/fs/cgroup/vz/101/memory.events')" '^oom_kill [1-9]' "the container's cgroup counts the OOM kill"
is "$(vm_run 'vzctl status 101')" "CTID 101 exist mounted running" "the container's init survived"
is "$(vm_run 'echo alive')" "alive" "the node is unaffected"

vm_run 'vzctl set 101 --numproc 24' >/dev/null
is "$(vm_run 'cat /sys/fs/cgroup/vz/101/pids.max')" "24" "vzctl set --numproc 24 sets pids.max"
vm_run 'vzctl exec 101 "i=0; while [ \$i -lt 200 ]; do sleep 60 & i=\$((i+1)); done 2>/dev/null; true"' 120 >/dev/null
n=$(vm_run 'cat /sys/fs/cgroup/vz/101/pids.current')
[ "$n" -le 24 ] 2>/dev/null; ok $? "a fork bomb stops at NUMPROC ($n processes)"
like "$(vm_run 'cat /sys/fs/cgroup/vz/101/pids.events')" '^max [1-9]' "the refused forks are counted"
vm_run 'vzctl set 101 --numproc unlimited && vzctl exec 101 killall sleep' >/dev/null
ok $? "raising the limit live lets vzctl exec in again"
vm_run 'vzctl stop 101 && vzctl destroy 101' 120 >/dev/null
ok $? "stop and destroy"
done_testing
