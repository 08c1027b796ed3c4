#!/usr/bin/env bash
# The node's life on a fresh data disk: first boot formats the empty disk and
# applies the seed; PID 1 is ours, the mounts are there, services are
# supervised; once booted the console shows warnings but not notices
# (vzhost.loglevel=info brings them back); poweroff leaves the data
# filesystem clean; the next boot keeps the data and the persisted config,
# and never formats a disk holding data.
. "$(dirname "$0")/../lib/vm.sh"
vm_init node

PASS=$(openssl rand -hex 8)
data=$VM_DIR/data.img
seed=$VM_DIR/seed.img
vm_blank_disk "$data" 2G
vm_seed "$seed" 'HOSTNAME="node-under-test"' "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'" 'NET_MODE=dhcp'

# --- first boot: empty disk formatted, seed applied -------------------------
vm_boot "$data" "$seed" "vzhost.format=/dev/vda"
vm_expect 'node-under-test login: ' 240
ok $? "first boot reaches a serial login prompt with the seed's hostname"
vm_login root "$PASS"
ok $? "root logs in on the serial console with the seed's password"

is "$(vm_run 'readlink /proc/1/exe')" "/sbin/init" "PID 1 is vzhost's init"
is "$(vm_run 'hostname')" "node-under-test" "hostname set from the seed"
mounts=$(vm_run 'cat /proc/mounts')
for m in "proc /proc proc" "sysfs /sys sysfs" "devtmpfs /dev devtmpfs" "devpts /dev/pts devpts" \
	"tmpfs /dev/shm tmpfs" "tmpfs /run tmpfs" "tmpfs /tmp tmpfs" "/dev/vda /vz ext4"; do
	printf '%s\n' "$mounts" | grep -q "^$m " ; ok $? "mounted: $m"
done
printf '%s\n' "$mounts" | grep -Eq '^cgroup2 /sys/fs/cgroup cgroup2 .*nsdelegate'
ok $? "cgroup2 mounted at /sys/fs/cgroup with nsdelegate"
layout=$(vm_run 'for d in private root template/cache dump lock etc; do [ -d /vz/$d ] && echo $d; done')
is "$(echo $layout)" "private root template/cache dump lock etc" "OpenVZ layout on /vz"
is "$(vm_run 'e2label /dev/vda')" "VZDATA" "data disk labelled VZDATA"

log=$(vm_run 'logread')
like "$log" 'init: data disk /dev/vda mounted on /vz' "logread shows init's boot messages from the RAM log ring"
like "$log" 'kernel: \[ *0\.0+\] Linux version' \
	"... from the kernel's first line on (klogd waited for syslogd's socket)"

# --- console log level: after boot, notices stay off the console ------------
# console_probe LEVEL WORD: puts "loglevel-probe WORD" into the kernel log
# at LEVEL; true if the console showed it. The shell echoes the command,
# whose text never holds the two words side by side; the next command is a
# barrier (the kernel prints to the console before the write returns).
console_probe() {
	vm_run "printf '<$1>loglevel-probe %s\\n' $2 >/dev/kmsg" >/dev/null
	vm_run true >/dev/null
	tr -d '\r' <"$VM_DIR/console.log" | grep -q "loglevel-probe $2"
}
like "$(tr -d '\r' <"$VM_DIR/console.log")" 'init: console: from now on only messages of level warning' \
	"init says the console now shows warnings and worse only"
console_probe 6 "info-$$"
is $? 1 "an info message (as every ext4 mount makes) stays off the console"
is "$(vm_run "dmesg | grep -c 'loglevel-probe[ ]info-$$'")" 1 "... and is in dmesg"
console_probe 4 "warning-$$"
ok $? "control: a warning still reaches the console, so the probe sees it"

# --- supervision -----------------------------------------------------------
like "$(vm_run 'vzsvc list')" 'syslogd +running' "vzsvc list shows syslogd running"
old=$(vm_run 'pidof syslogd')
vm_run "kill -9 $old" >/dev/null
sleep 4
new=$(vm_run 'pidof syslogd')
[ -n "$new" ] && [ "$new" != "$old" ]
ok $? "a killed service is restarted (syslogd $old -> $new)"
vm_run 'vzsvc restart klogd' >/dev/null
ok $? "vzsvc restart klogd succeeds"
vm_run 'vzsvc status no-such-service' >/dev/null
is $? 1 "vzsvc on an unknown service exits 1"

# --- persistence and clean shutdown -----------------------------------------
vm_run 'echo persistent-marker > /vz/marker && sync' >/dev/null
vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff powers the machine off"
e2fsck -fn "$data" >"$VM_DIR/fsck1.log" 2>&1
ok $? "data filesystem is clean after poweroff"

# --- second boot: no seed, format requested again on a disk with data -------
vm_boot "$data" "" "vzhost.format=/dev/vda"
vm_expect 'not formatting' 240
ok $? "vzhost.format on a disk that holds a filesystem is refused"
vm_login root "$PASS"
ok $? "the persisted root password still logs in (no seed)"
is "$(vm_run 'cat /vz/marker')" "persistent-marker" "data written to /vz survived the reboot"
is "$(vm_run 'hostname')" "node-under-test" "persisted hostname used on later boots"
vm_send 'reboot'
vm_wait_exit 120
ok $? "reboot restarts the machine (QEMU -no-reboot exits)"
e2fsck -fn "$data" >"$VM_DIR/fsck2.log" 2>&1
ok $? "data filesystem is clean after reboot"

# --- ctrl-alt-del (the kernel sends PID 1 SIGINT) and halt ------------------
vm_boot "$data" "" "vzhost.loglevel=info"
vm_login root "$PASS"
console_probe 6 "info-again-$$"
ok $? "vzhost.loglevel=info shows info messages on the console again"
vm_send 'kill -INT 1'
vm_wait_exit 120
ok $? "ctrl-alt-del (SIGINT to PID 1) reboots"
e2fsck -fn "$data" >"$VM_DIR/fsck3.log" 2>&1
ok $? "data filesystem is clean after ctrl-alt-del"
vm_boot "$data" "" ""
vm_login root "$PASS"
vm_send 'halt'
vm_expect 'System halted' 120
ok $? "halt stops the system"
e2fsck -fn "$data" >"$VM_DIR/fsck4.log" 2>&1
ok $? "data filesystem is clean after halt"
vm_kill

# --- power cut: the journal and e2fsck bring /vz back ------------------------
vm_boot "$data" "" ""
vm_login root "$PASS"
vm_run 'echo before-cut > /vz/cut && sync' >/dev/null
vm_run '(dd if=/dev/zero of=/vz/busy bs=1M count=64 2>/dev/null &)' >/dev/null
sleep 1
vm_kill
vm_boot "$data" "" ""
vm_login root "$PASS"
ok $? "the node boots after a power cut"
is "$(vm_run 'cat /vz/cut')" "before-cut" "data synced before the power cut is there"
like "$(vm_run 'grep " /vz " /proc/mounts')" '/vz ext4 rw' "/vz is mounted read-write after recovery"
vm_send poweroff
vm_wait_exit 120
e2fsck -fn "$data" >"$VM_DIR/fsck5.log" 2>&1
ok $? "data filesystem is clean after recovery and poweroff"
done_testing
