#!/usr/bin/env bash
# What a container's root can and cannot see and do (docs/containers.md,
# "Isolation"): its own processes, mounts, /dev, hostname and network; an
# unprivileged uid on the node; no module loading, no writes to the node's
# kernel settings or files; reboot and poweroff end only the container.
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-isolation
vm_node_up 2G ttyinject || bail_out "no login"
vm_run 'dmesg -n 1' >/dev/null
vm_run 'vzctl create 101 --ostemplate busybox --layout simfs --hostname inside && vzctl start 101' 120 >/dev/null
ok $? "a busybox container runs"

is "$(vm_run 'echo $(vzctl exec 101 ps -o comm | sed 1d | sort)')" "getty init ps" \
	"it sees only its own processes"
vm_run 'vzctl exec 101 ps -o comm | grep -qE "vzconsoled|syslogd|vzmon"' >/dev/null
ok $((! $?)) "no node process is visible"
like "$(vm_run 'stat -c %u /proc/$(cat /run/vzhost/ct/101.pid)')" '^100000$' "its root is uid 100000 on the node"
is "$(vm_run 'echo $(vzctl exec 101 ls /dev)')" "console fd full null ptmx pts random shm stderr stdin stdout tty tty1 tty2 urandom zero" \
	"a minimal /dev"
vm_run 'vzctl exec 101 "grep -E \" /vz|/dev/vd\" /proc/mounts | grep -v \" / \""' >/dev/null
ok $((! $?)) "no node mount is listed inside"
vm_run 'vzctl exec 101 "echo 1 > /proc/sys/vm/drop_caches"' >/dev/null
ok $((! $?)) "the node's kernel settings cannot be written"
vm_run 'vzctl exec 101 "touch /sys/kernel/x"' >/dev/null
ok $((! $?)) "/sys is read-only"
vm_run 'vzctl exec 101 "mknod /tmp/vda b 253 0 && head -c 1 /tmp/vda"' >/dev/null
ok $((! $?)) "the node's disk cannot be reached through a device node"
bnd=$(vm_run 'vzctl exec 101 grep CapBnd /proc/self/status' | awk '{print $2}')
[ -n "$bnd" ] && [ $(( 0x$bnd & (1 << 16) )) = 0 ] && [ $(( 0x$bnd & (1 << 17) )) = 0 ]
ok $? "CAP_SYS_MODULE and CAP_SYS_RAWIO are not in the bounding set ($bnd)"
like "$(vm_run 'vzctl exec 101 grep Seccomp: /proc/self/status')" 'Seccomp:\s+2' "a seccomp filter is active"
is "$(vm_run '/usr/libexec/vzhost-test/ttyinject')" "TIOCSTI: ok" \
	"on the node TIOCSTI works on one's own terminal (the check below can fail)"
like "$(vm_run 'vzctl enter 101 --exec tty')" '^/dev/pts/[0-9]+$' \
	"vzctl enter on the operator's terminal gets a pty of the container's own"
is "$(vm_run 'vzctl exec 101 "for f in 0 1 2; do readlink /proc/self/fd/\$f; done" | grep -c "^pipe:"')" 3 \
	"vzctl exec on the operator's terminal gets pipes"
vm_run 'cp /usr/libexec/vzhost-test/ttyinject /vz/root/101/bin/' >/dev/null
is "$(vm_run 'vzctl exec 101 /bin/ttyinject')" "TIOCSTI: Operation not permitted" \
	"in the container TIOCSTI is refused (no typing into a terminal)"
vm_run 'vzctl exec 101 "hostname changed"; hostname' >/dev/null
like "$(vm_run 'hostname')" '^vzhost' "the container's hostname change stays inside"
is "$(vm_run 'echo $(vzctl exec 101 ls /sys/class/net)')" "lo" "its own network namespace (only lo)"
up=$(vm_run 'cut -d. -f1 /proc/uptime')
vm_run 'vzctl exec 101 "poweroff -f"' >/dev/null
vm_run 'for i in $(seq 60); do vzctl status 101 | grep -q down && break; sleep 0.5; done' >/dev/null
is "$(vm_run 'vzctl status 101')" "CTID 101 exist unmounted down" "poweroff inside stops only the container"
up2=$(vm_run 'cut -d. -f1 /proc/uptime')
[ "$up2" -ge "$up" ]; ok $? "the node keeps running"
vm_run 'vzctl destroy 101' >/dev/null
ok $? "destroy"
done_testing
