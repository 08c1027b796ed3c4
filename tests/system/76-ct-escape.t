#!/usr/bin/env bash
# Escapes from a container, each tried as root inside a busybox container
# (issue 11; docs/security.md, "Container runtime"), each next to its
# control: the same probe where it must work (on the node as root, or
# with the defence out of the way), so that a probe that cannot see an
# escape cannot pass.
#
#   device nodes: a 0666 node of the node's data disk in a ploop image and
#     in a simfs private area (nodev), the same node on a mount that
#     allows devices (the device program), DEVICES granting it live;
#     /dev/net/tun only with DEVICES; mknod
#   setuid: honoured inside the container, not on the node's view of it
#   the operator's terminal: a command of vzctl exec has no controlling tty
#   the joining process: raced, stopped and ptraced from inside
#   /proc and /sys: masked and read-only, and refused by the kernel even
#     with the masks unmounted; a fresh proc mount changes nothing, a
#     read-write sysfs cannot be mounted (/proc/kcore is not in this
#     kernel: timer_list and sysrq-trigger stand for the masked files)
#   seccomp: each refused call, against the node's answer; module load,
#     raw I/O ports, the kernel log and kernel addresses
#   setns towards the node, cgroup depth and descendants, cleanup of a
#     cgroup tree of any depth, fork bomb, memory, disk fill, reboot
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-escape
vm_node_up 3G ptracerace sysprobe devbind nsparent || bail_out "no login"
vm_run 'dmesg -n 1' >/dev/null
T=/usr/libexec/vzhost-test

disk=$(vm_run 'cat /sys/block/vda/dev')
maj=${disk%:*} min=${disk#*:}
like "$disk" '^[0-9]+:[0-9]+$' "the node's data disk /dev/vda is $disk"
is "$(vm_run 'dd if=/dev/vda bs=512 count=1 2>/dev/null | wc -c')" 512 \
	"control: the node's root reads its data disk"

# --- two containers: 101 on simfs, 102 on ploop, each with a node of the disk --------
# (one line each: vm_run types the command into the node's shell)
vm_run "vzctl create 101 --ostemplate busybox --layout simfs --hostname one && \
	cp $T/ptracerace $T/sysprobe $T/nsparent /vz/private/101/bin/ && \
	cp $T/sysprobe /vz/private/101/bin/suidprobe && chown 100000:100000 /vz/private/101/bin/suidprobe && \
	chmod 4755 /vz/private/101/bin/suidprobe && \
	mknod -m 0666 /vz/private/101/nodedisk b $maj $min && vzctl start 101" 120 >/dev/null
ok $? "101: a simfs container whose private area holds a 0666 node of the node's disk"
# The image is made on the node and then used as the container's private
# area, as an image moved in from elsewhere would be.
vm_run "vzctl create 102 --ostemplate busybox --layout ploop --diskspace 160M" 300 >/dev/null
ok $? "102: a ploop container"
vm_run "vzctl mount 102 && mknod -m 0666 /vz/root/102/nodedisk b $maj $min && \
	vzctl umount 102 && vzctl start 102" 120 >/dev/null
ok $? "102: its ext4 holds a 0666 node of the node's disk, and it starts"

# --- device nodes ----------------------------------------------------------------------
like "$(vm_run 'vzctl exec 102 "dd if=/nodedisk bs=512 count=1 2>&1 >/dev/null"')" \
	'Permission denied' "ploop: the node in the image cannot be read (nodev)"
vm_run 'vzctl exec 102 "dd if=/dev/zero of=/nodedisk bs=512 count=0 conv=notrunc"' >/dev/null
ok $((! $?)) "ploop: nor opened for writing"
ctl='d=$(awk "\$2==\"/vz/root/102\"{print \$1}" /proc/mounts); mkdir -p /mnt/ctl && mount "$d" /mnt/ctl'
ctl="$ctl"' && dd if=/mnt/ctl/nodedisk bs=512 count=1 2>/dev/null | wc -c; umount /mnt/ctl'
is "$(vm_run "$ctl")" 512 \
	"control: the same node through a mount of the same image that allows devices reads the disk"
like "$(vm_run 'vzctl exec 101 "dd if=/nodedisk bs=512 count=1 2>&1 >/dev/null"')" \
	'Permission denied' "simfs: the node in the private area cannot be read (nodev)"
is "$(vm_run 'dd if=/vz/private/101/nodedisk bs=512 count=1 2>/dev/null | wc -c')" 512 \
	"control: the node reads its disk through that very node"
like "$(vm_run 'grep -E " /vz/root/10[12] " /proc/mounts | grep -c "nosuid,nodev"')" '^2$' \
	"both private areas are mounted nosuid,nodev on the node"

# /dev/vda is 0660 root:disk: a 0666 node of it keeps file modes out of the way too.
vm_run "mknod -m 0666 /dev/escape-vda b $maj $min && vzctl exec 102 touch /dev/xdisk && \
	$T/devbind \$(cat /run/vzhost/ct/102.pid) /dev/escape-vda xdisk" >/dev/null
ok $? "a 0666 node of the node's disk bound into 102's /dev on a mount that allows devices (devbind)"
like "$(vm_run 'vzctl exec 102 "dd if=/dev/xdisk bs=512 count=1 2>&1 >/dev/null"')" \
	'Operation not permitted' "the device program refuses it"
vm_run "vzctl set 102 --devices b:$maj:$min:r" >/dev/null
ok $? "vzctl set 102 --devices b:$maj:$min:r (live)"
is "$(vm_run 'vzctl exec 102 "dd if=/dev/xdisk bs=512 count=1 2>/dev/null | wc -c"')" 512 \
	"control: granted by DEVICES, the same read works"
vm_run 'vzctl exec 102 "dd if=/dev/zero of=/dev/xdisk bs=512 count=0 conv=notrunc"' >/dev/null
ok $((! $?)) "a read grant does not allow writing"
vm_run "vzctl set 102 --devices b:$maj:$min:none" >/dev/null
like "$(vm_run 'vzctl exec 102 "dd if=/dev/xdisk bs=512 count=1 2>&1 >/dev/null"')" \
	'Operation not permitted' "--devices ...:none takes the grant back"
like "$(vm_run 'vzctl set 102 --devices c:10:x:rw 2>&1; echo rc=$?' | tr '\n' ' ')" 'minor: .*rc=[1-9]' \
	"a bad --devices value is refused, naming the field"

vm_run 'vzctl exec 101 "test -e /dev/net/tun"' >/dev/null
ok $((! $?)) "no /dev/net/tun without DEVICES"
vm_run 'vzctl exec 101 "mknod /tmp/vda b '"$maj $min"'"' >/dev/null
ok $((! $?)) "mknod of the node's disk is refused"
vm_run "mknod /tmp/vda b $maj $min && dd if=/tmp/vda bs=512 count=1 2>/dev/null | wc -c && rm /tmp/vda" >/dev/null
ok $? "control: the node's root makes and reads that node"

# --- setuid: the container's own, not the node's ----------------------------------------
is "$(vm_run 'vzctl exec 101 "setuidgid nobody suidprobe euid"')" "euid: 0" \
	"a setuid-root program of the container works inside it (su, sudo, ping)"
is "$(vm_run 'setuidgid nobody /vz/root/101/bin/suidprobe euid')" "euid: 65534" \
	"the node's view of it is nosuid (the container's root id is not granted to node users)"

# --- the operator's terminal ----------------------------------------------------------
is "$(vm_run 'sh -c "exec 3<>/dev/tty && echo opened"')" "opened" \
	"control: a node shell opens its controlling terminal"
like "$(vm_run 'vzctl exec 101 "exec 3<>/dev/tty && echo opened" 2>&1')" 'No such device or address' \
	"a command of vzctl exec has no controlling terminal"
st=$(vm_run 'vzctl exec 101 cat /proc/self/stat' | awk '{print ($1 == $6) " " $7}')
is "$st" "1 0" "it leads a session of its own, with no tty (session = pid, tty_nr 0)"
like "$(vm_run 'cut -d" " -f7 /proc/self/stat')" '^[1-9]' "control: a node command shows its tty"

# --- the joining process ---------------------------------------------------------------
vm_run 'vzctl exec 101 "ptracerace race 150 vzctl > /tmp/race.out 2>&1 &"' >/dev/null
vm_run 'for i in $(seq 150); do vzctl exec 101 true; [ -s /vz/private/101/tmp/race.out ] && break; done' 400 >/dev/null
race=$(vm_run 'cat /vz/private/101/tmp/race.out')
like "$race" '^vzctl pid [0-9]+ uid 0: ptrace Operation not permitted, mem Permission denied$' \
	"a joining vzctl exec, caught and stopped before its exec, is already the container's root and cannot be ptraced ($race)"
vm_run 'vzctl exec 101 "ptracerace race 60 bait > /tmp/bait.out 2>&1 & sleep 1; ptracerace bait 3000"' 90 >/dev/null
like "$(vm_run 'cat /vz/private/101/tmp/bait.out')" '^bait pid [0-9]+ uid 0: ptrace attached, mem opened$' \
	"control: the same racer attaches to an ordinary process of the container"
vm_run 'vzctl exec 101 "killall ptracerace"' >/dev/null

# --- /proc and /sys ----------------------------------------------------------------------
like "$(vm_run 'head -1 /proc/timer_list')" 'Timer List Version' "control: the node reads /proc/timer_list"
is "$(vm_run 'vzctl exec 101 "wc -c < /proc/timer_list"')" 0 "the container's /proc/timer_list is empty (masked)"
like "$(vm_run 'ls /sys/firmware')" 'acpi' "control: the node has /sys/firmware"
is "$(vm_run 'vzctl exec 101 "ls /sys/firmware | wc -l"')" 0 "the container's /sys/firmware is empty"
like "$(vm_run 'vzctl exec 101 "echo 1 > /proc/sys/kernel/msgmax" 2>&1')" 'Read-only' \
	"/proc/sys is read-only (even the container's own IPC settings)"
is "$(vm_run 'vzctl exec 101 "echo 1 > /proc/sys/net/ipv4/ip_forward && cat /proc/sys/net/ipv4/ip_forward"')" 1 \
	"/proc/sys/net, the container's own network, is writable"
like "$(vm_run 'vzctl exec 101 "echo h > /proc/sysrq-trigger" 2>&1')" 'Read-only' "/proc/sysrq-trigger is read-only"
vm_run 'vzctl exec 101 "umount /proc/sysrq-trigger && umount /proc/sys/net && umount /proc/sys && umount /proc/timer_list"' >/dev/null
ok $? "the container's root can unmount the masks (its own mount namespace)"
is "$(vm_run 'vzctl exec 101 "echo 4321 > /proc/sys/kernel/msgmax && cat /proc/sys/kernel/msgmax"')" 4321 \
	"control: without them, its own IPC setting is writable (the probe sees a write that works)"
like "$(vm_run 'vzctl exec 101 "cat /proc/timer_list" 2>&1')" 'Permission denied' \
	"but the kernel refuses /proc/timer_list to it"
like "$(vm_run 'vzctl exec 101 "echo h > /proc/sysrq-trigger" 2>&1')" 'Permission denied' \
	"and /proc/sysrq-trigger"
like "$(vm_run 'vzctl exec 101 "echo /tmp/x > /proc/sys/kernel/core_pattern" 2>&1')" 'Permission denied' \
	"and kernel/core_pattern"
vm_run 'vzctl exec 101 "mkdir -p /tmp/p && mount -t proc proc /tmp/p"' >/dev/null
ok $? "a fresh proc can be mounted inside"
like "$(vm_run 'vzctl exec 101 "echo /tmp/x > /tmp/p/sys/kernel/core_pattern" 2>&1')" 'Permission denied' \
	"core_pattern through the fresh proc is refused too"
vm_run 'vzctl exec 101 "mkdir -p /tmp/s && mount -t sysfs sysfs /tmp/s"' >/dev/null
ok $((! $?)) "a read-write sysfs cannot be mounted (the container's is read-only at its superblock)"
vm_run 'vzctl exec 101 "mount -o remount,rw /sys"' >/dev/null
ok $((! $?)) "nor /sys remounted read-write"
thp=$(vm_run "sed 's/.*\\[\\(.*\\)\\].*/\\1/' /sys/kernel/mm/transparent_hugepage/enabled")
like "$(vm_run "vzctl exec 101 'echo $thp > /sys/kernel/mm/transparent_hugepage/enabled' 2>&1")" 'Read-only' \
	"a node setting in /sys is not writable"
vm_run "echo $thp > /sys/kernel/mm/transparent_hugepage/enabled" >/dev/null
ok $? "control: the node's root writes it ($thp)"
old=$(vm_run 'cat /proc/sys/kernel/core_pattern')
is "$(vm_run 'echo /tmp/core.%p > /proc/sys/kernel/core_pattern && cat /proc/sys/kernel/core_pattern')" "/tmp/core.%p" \
	"control: the node's root writes core_pattern"
vm_run "echo '$old' > /proc/sys/kernel/core_pattern" >/dev/null
vm_run 'echo h > /proc/sysrq-trigger' >/dev/null
like "$(vm_run 'dmesg | grep -c "sysrq: HELP"')" '^[1-9]' "control: the node's root reaches sysrq"

# --- seccomp, the kernel log, kernel addresses -------------------------------------------
calls="io_uring_setup io_uring_enter io_uring_register bpf perf_event_open userfaultfd add_key request_key keyctl syslog open_by_handle_at init_module finit_module delete_module kexec_load kexec_file_load iopl ioperm swapon swapoff acct settimeofday clock_settime quotactl lookup_dcookie uselib open_tree move_mount fsopen fsconfig fsmount fspick mount_setattr personality-read-implies-exec"
inside=$(vm_run "vzctl exec 101 'sysprobe $calls'")
node=$(vm_run "$T/sysprobe $calls")
for c in $calls; do
	in=$(sed -n "s/^$c: //p" <<<"$inside")
	on=$(sed -n "s/^$c: //p" <<<"$node")
	case $c in open_tree|move_mount|fsopen|fsconfig|fsmount|fspick|mount_setattr) want=ENOSYS ;; *) want=EPERM ;; esac
	[ "$in" = "$want" ] && [ -n "$on" ] && [ "$on" != "$in" ]
	ok $? "$c: $want in the container, the kernel's own answer on the node ($on)"
done
like "$(vm_run "vzctl exec 101 'sysprobe x32-getpid'")" 'ENOSYS' "x32 calls: ENOSYS"
like "$(vm_run 'dmesg | wc -l')" '^[1-9]' "control: the node's root reads the kernel log"
vm_run 'vzctl exec 101 dmesg' >/dev/null
ok $((! $?)) "the container cannot read it"
vm_run 'setuidgid nobody dmesg' >/dev/null
ok $((! $?)) "nor can an unprivileged user of the node (dmesg_restrict=1)"
is "$(vm_run 'cat /proc/sys/kernel/kptr_restrict')" 2 "kptr_restrict is 2"
ksym='grep -m1 " T " /proc/kallsyms | cut -c1-16'
is "$(vm_run "$ksym")" "0000000000000000" "no kernel address even for the node's root"
like "$(vm_run "echo 0 > /proc/sys/kernel/kptr_restrict; $ksym; echo 2 > /proc/sys/kernel/kptr_restrict")" \
	'[1-9a-f]' "control: with kptr_restrict 0 the probe sees addresses"
is "$(vm_run "vzctl exec 101 '$ksym'")" "0000000000000000" "the container sees none"


# --- namespaces --------------------------------------------------------------------------
is "$(vm_run 'vzctl exec 101 "nsparent /proc/self/ns/user; nsparent /proc/self/ns/pid"')" "parent: Operation not permitted
parent: Operation not permitted" "the namespaces above the container's user and pid namespaces are out of reach"
is "$(vm_run "$T/nsparent /proc/\$(cat /run/vzhost/ct/101.pid)/ns/user")" "parent: fd" \
	"control: the node gets a descriptor of the same parent"

# --- cgroups -------------------------------------------------------------------------------
is "$(vm_run 'cat /sys/fs/cgroup/vz/101/cgroup.max.depth /sys/fs/cgroup/vz/101/cgroup.max.descendants' | tr '\n' ' ')" \
	"16 512 " "the container's cgroup has a depth and a descendants limit"
is "$(vm_run 'vzctl exec 101 "i=0; while mkdir /sys/fs/cgroup/w\$i 2>/dev/null; do i=\$((i+1)); [ \$i -ge 600 ] && break; done; echo \$i; rmdir /sys/fs/cgroup/w*"' 300)" 512 \
	"the container makes 512 sub-cgroups, not more"
is "$(vm_run 'vzctl exec 101 "cd /sys/fs/cgroup; i=0; while mkdir d 2>/dev/null && cd d; do i=\$((i+1)); [ \$i -ge 40 ] && break; done; echo \$i"' 120)" 16 \
	"nor deeper than 16"
is "$(vm_run 'mkdir /sys/fs/cgroup/escape-ctl && cd /sys/fs/cgroup/escape-ctl && i=0; while mkdir w$i 2>/dev/null; do i=$((i+1)); [ $i -ge 600 ] && break; done; echo $i; rmdir w*; cd /; rmdir /sys/fs/cgroup/escape-ctl' 300)" 600 \
	"control: on the node the same loop makes 600"
long=$(printf 'x%.0s' $(seq 200))
vm_run "echo max > /sys/fs/cgroup/vz/101/cgroup.max.depth && cd /sys/fs/cgroup/vz/101 && while [ -d d ]; do cd d; done && for i in \$(seq 15); do mkdir $long && cd $long || break; done; cd /; echo 16 > /sys/fs/cgroup/vz/101/cgroup.max.depth" 120 >/dev/null
n=$(vm_run 'find /sys/fs/cgroup/vz/101 -type d | wc -l')
[ "$n" -ge 32 ]; ok $? "the node adds 15 levels of 200-byte names below its 16: a tree 31 deep ($n directories)"

# --- limits: fork bomb, memory, disk ------------------------------------------------------------
vm_run 'vzctl set 101 --numproc 48' >/dev/null
vm_run 'vzctl exec 101 "i=0; while [ \$i -lt 300 ]; do sleep 60 & i=\$((i+1)); done 2>/dev/null; true"' 120 >/dev/null
n=$(vm_run 'cat /sys/fs/cgroup/vz/101/pids.current')
[ "$n" -le 48 ] 2>/dev/null; ok $? "a fork bomb stops at NUMPROC ($n processes)"
like "$(vm_run 'cat /sys/fs/cgroup/vz/101/pids.events')" '^max [1-9]' "control: it did hit the limit"
is "$(vm_run 'vzctl exec 102 echo alive')" "alive" "another container is served meanwhile"
vm_run 'vzctl set 101 --numproc unlimited && vzctl exec 101 killall sleep' >/dev/null

# One read(2) fills the buffer: the pages are charged in the kernel, where
# memory.high does not throttle each one, so the limit is met at once.
vm_run 'vzctl set 102 --ram 64M --swap 0' >/dev/null
vm_run 'vzctl exec 102 "dd if=/dev/zero of=/dev/null bs=192M count=1"' 300 >/dev/null
is $? 137 "memory past the container's RAM is OOM-killed inside it"
like "$(vm_run 'grep oom_kill /sys/fs/cgroup/vz/102/memory.events')" '^oom_kill [1-9]' "control: the kill is counted"
like "$(vm_run 'vzctl exec 102 "dd if=/dev/zero of=/fill bs=1M 2>&1 | grep -m1 error"' 600)" 'No space left' \
	"filling the container's disk ends at its size"
used=$(vm_run 'vzctl exec 102 "du -m /fill | cut -f1; rm -f /fill"')
[ "${used:-0}" -ge 100 ] 2>/dev/null; ok $? "control: the fill wrote ${used} MiB"
like "$(vm_run "df -m /vz | awk 'NR==2{print \$4}'")" '^[0-9]{4,}$' "the node's /vz keeps its free space"

# --- reboot inside; DEVICES for tun -------------------------------------------------------
vm_run 'vzctl set 101 --devices c:10:200:rw --save' >/dev/null
ok $? "vzctl set 101 --devices c:10:200:rw --save"
is "$(vm_run 'stat -c %a /dev/net/tun')" 666 "the node's /dev/net/tun is usable by all once granted (as udev makes it)"
vm_run "vzctl exec 102 touch /dev/tun && $T/devbind \$(cat /run/vzhost/ct/102.pid) /dev/net/tun tun" >/dev/null
like "$(vm_run 'vzctl exec 102 "exec 3<>/dev/tun" 2>&1')" 'Operation not permitted' \
	"102, not granted, cannot open it even bound into its /dev"
old=$(vm_run 'cat /run/vzhost/ct/101.pid')
up=$(vm_run 'cut -d. -f1 /proc/uptime')
vm_run 'vzctl exec 101 "reboot -f"' >/dev/null
vm_run "for i in \$(seq 120); do p=\$(cat /run/vzhost/ct/101.pid 2>/dev/null); [ -n \"\$p\" ] && [ \"\$p\" != $old ] && break; sleep 0.5; done" 90 >/dev/null
new=$(vm_run 'cat /run/vzhost/ct/101.pid')
[ -n "$new" ] && [ "$new" != "$old" ]; ok $? "reboot inside restarts the container ($old -> $new)"
up2=$(vm_run 'cut -d. -f1 /proc/uptime')
[ "$up2" -ge "$up" ]; ok $? "and not the node"
is "$(vm_run 'find /sys/fs/cgroup/vz/101 -mindepth 1 -type d | wc -l')" 0 \
	"the reboot removed the whole sub-cgroup tree"
vm_run 'vzctl exec 101 "exec 3<>/dev/net/tun"' >/dev/null
ok $? "with DEVICES granting it, the restarted container has /dev/net/tun and opens it"

vm_run "vzctl exec 101 'cd /sys/fs/cgroup; for i in \$(seq 16); do mkdir $long && cd $long || break; done'" 120 >/dev/null
vm_run 'vzctl stop 101 && vzctl stop 102' 200 >/dev/null
ok $? "both stop"
vm_run 'test -e /sys/fs/cgroup/vz/101 || test -e /sys/fs/cgroup/vz/102' >/dev/null
ok $((! $?)) "their cgroups are gone, a 16-deep tree of long names included"
is "$(vm_run 'grep -c " /run/vzhost/ct/view" /proc/mounts')" 0 "and so are their views"
vm_run 'vzctl destroy 101 && vzctl destroy 102' 120 >/dev/null
ok $? "destroy"
done_testing
