#!/usr/bin/env bash
# A Debian 12 container booting systemd (issue 4, isolation): created on
# ploop from the cached template (tests/lib/templates.sh; skipped when
# ./build.sh template debian-12 has not run), started, up when
# `systemctl is-system-running` says running or degraded; `reboot` inside
# restarts only that container; `vzctl stop` is a clean shutdown (systemd
# got SIGRTMIN+3 and its init exited by itself, nothing was killed);
# `vzctl start --wait` returns once systemd has finished booting; the
# runtime's isolation rules (read-only /proc/sys, setuid only in the
# container's view) as systemd meets them.
. "$(dirname "$0")/../lib/vm.sh"
. "$(dirname "$0")/../lib/templates.sh"
DEB=debian-12-x86_64
vm_template_need $DEB
vm_init ct-debian
vm_node_up_with_template 4G $DEB
ok $? "node boots with the template disk"
vm_run 'dmesg -n 1' >/dev/null
vm_template_install $DEB
ok $? "template copied into /vz/template/cache and its SHA-256 checked"

# Polls systemctl is-system-running for up to SECS; prints its last answer.
ct_system_state() { # SECS
	vm_run "s=; for i in \$(seq $(($1 / 2))); do s=\$(vzctl exec 201 systemctl is-system-running 2>/dev/null); case \$s in running|degraded) break;; esac; sleep 2; done; echo \$s" $(($1 + 30))
}

vm_run "vzctl create 201 --ostemplate $DEB --layout ploop --diskspace 2G --hostname deb201" 300 >/dev/null
ok $? "vzctl create 201 --ostemplate $DEB --layout ploop --diskspace 2G"
vm_run 'vzctl start 201' 120 >/dev/null
ok $? "vzctl start 201"
state=$(ct_system_state 150)
like "$state" '^(running|degraded)$' "systemd is up: is-system-running says '$state'"
is "$(vm_run "vzctl exec 201 ps -o comm= -p 1")" "systemd" "the container's PID 1 is systemd"
like "$(vm_run 'vzctl exec 201 systemd-detect-virt -c')" '.' "systemd knows it is in a container"
vm_run 'vzctl exec 201 "test -w /sys/fs/cgroup/cgroup.procs && test -d /sys/fs/cgroup/init.scope"' >/dev/null
ok $? "systemd owns its delegated cgroup tree (init.scope made)"
is "$(vm_run 'vzctl exec 201 findmnt -no FSTYPE /run')" "tmpfs" "/run is a tmpfs"
# The runtime's isolation rules (docs/security.md, "Container runtime") as systemd meets them.
like "$(vm_run 'vzctl exec 201 findmnt -no OPTIONS /proc/sys')" '^ro,' "/proc/sys is read-only under systemd too"
vm_run 'vzctl exec 201 sysctl -qw net.ipv4.ip_forward=1' >/dev/null
ok $? "the container's network settings stay writable"
# passwd is setuid root: with the privilege, -S shows /etc/shadow's fields
# (locked since a date); without it, only what /etc/passwd says.
suid='setpriv --reuid=65534 --regid=65534 --clear-groups passwd -S'
like "$(vm_run "vzctl exec 201 '$suid'")" '^nobody L [0-9]' \
	"a setuid program works for an unprivileged user inside (passwd -S reads /etc/shadow)"
like "$(vm_run "chroot /vz/root/201 $suid")" '^nobody P$' \
	"the node's view of the same program is nosuid: the privilege is not granted there"
is "$(vm_run 'vzctl exec 201 hostname')" "deb201" "the container has its HOSTNAME"
failed=$(vm_run 'vzctl exec 201 systemctl --failed --no-legend --plain' | awk '{print $1}' | tr '\n' ' ')
diag "failed units: ${failed:-none}"

# --- reboot inside restarts only the container --------------------------------
old=$(vm_run 'cat /run/vzhost/ct/201.pid')
up=$(vm_run 'cut -d. -f1 /proc/uptime')
vm_run 'vzctl exec 201 systemctl reboot' 30 >/dev/null
vm_run "for i in \$(seq 120); do p=\$(cat /run/vzhost/ct/201.pid 2>/dev/null); [ -n \"\$p\" ] && [ \"\$p\" != $old ] && break; sleep 0.5; done" 90 >/dev/null
new=$(vm_run 'cat /run/vzhost/ct/201.pid')
[ -n "$new" ] && [ "$new" != "$old" ]; ok $? "reboot inside starts a new init ($old -> $new)"
state=$(ct_system_state 150)
like "$state" '^(running|degraded)$' "systemd is up again after the reboot ('$state')"
up2=$(vm_run 'cut -d. -f1 /proc/uptime')
[ "$up2" -ge "$up" ]; ok $? "the node did not reboot"

# --- start --wait returns once systemd has booted -----------------------------------
vm_run 'vzctl stop 201 && vzctl start 201 --wait' 400 >/dev/null
ok $? "vzctl start 201 --wait"
like "$(vm_run 'vzctl exec 201 systemctl is-system-running')" '^(running|degraded)$' \
	"when start --wait returns, systemd says running or degraded at once"

# --- clean stop -------------------------------------------------------------------
vm_run 'sed -i "/^STOP_TIMEOUT=/d" /etc/vz/conf/201.conf && echo STOP_TIMEOUT=\"90\" >>/etc/vz/conf/201.conf' >/dev/null
start=$SECONDS
vm_run 'vzctl stop 201' 200 >/dev/null
ok $? "vzctl stop 201"
t=$((SECONDS - start))
[ "$t" -lt 90 ]; ok $? "systemd shut the container down by itself within STOP_TIMEOUT (${t}s < 90s, no cgroup.kill)"
is "$(vm_run 'vzctl status 201')" "CTID 201 exist unmounted down" "stopped: down and unmounted"
vm_run 'vzctl destroy 201' 120 >/dev/null
ok $? "vzctl destroy 201"
done_testing
