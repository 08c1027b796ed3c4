#!/usr/bin/env bash
# A busybox container's life through vzctl and vzlist (docs/containers.md):
# create (simfs and ploop, from the built-in template), start, status,
# exec/exec2/enter, set applied live and saved (the blog's command
# verbatim), reboot inside restarts only the container, stop, restart,
# snapshots, destroy; bad input leaves nothing behind; two vzctl on one
# container serialize; ONBOOT containers start at boot and every container
# is stopped cleanly at poweroff.
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-lifecycle
PASS=$(openssl rand -hex 8)
vm_blank_disk "$VM_DIR/data.img" 2G
vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'"
vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda"
vm_login root "$PASS" || bail_out "no login on the first boot"
vm_run 'dmesg -n 1' >/dev/null

# --- create -----------------------------------------------------------------
vm_run 'vzctl create 101 --ostemplate busybox --layout simfs --hostname ct101 --name MyCT' >/dev/null
ok $? "vzctl create 101 --ostemplate busybox --layout simfs --name MyCT"
is "$(vm_run 'stat -c %u /vz/private/101/bin/busybox')" "100000" "template files owned by the container's shifted root (LOCAL_UID)"
out=$(vm_run 'vzctl create 101 --ostemplate busybox 2>&1'); rc=$?
is "$rc" 44 "create of an existing CTID exits 44"
like "$out" 'CT 101: already exists' "and says so, naming the container"
is "$(vm_run 'vzlist -a -H -o ctid,status,name')" "       101 stopped   MyCT" "vzlist -a shows it stopped, with its name"

# --- start, status, exec ----------------------------------------------------
vm_run 'echo "sleep 2; touch /booted" >>/vz/private/101/etc/init.d/rcS' >/dev/null
vm_run 'vzctl start MyCT --wait' 60 >/dev/null
ok $? "vzctl start MyCT --wait (by name)"
vm_run 'vzctl exec 101 test -f /booted' >/dev/null
ok $? "--wait returned after the inittab's sysinit script had finished"
is "$(vm_run 'vzctl status 101')" "CTID 101 exist mounted running" "vzctl status: exist mounted running"
is "$(vm_run 'vzctl exec 101 hostname')" "ct101" "the container has its HOSTNAME"
like "$(vm_run "vzctl exec 101 ps -o pid,args | awk '\$1 == 1'")" '^ *1 /sbin/init' "its PID 1 is the template's /sbin/init"
vm_run 'vzctl exec2 101 "exit 7"' >/dev/null
is $? 7 "vzctl exec2 returns the command's exit status"
is "$(vm_run 'vzctl enter 101 --exec "id -u" </dev/null')" "0" "vzctl enter --exec runs as the container's root"
like "$(vm_run 'vzlist')" '^ +CTID +NPROC STATUS +IP_ADDR +HOSTNAME' "vzlist default columns"
like "$(vm_run 'vzlist -H')" '^ +101 +[0-9]+ running +- +ct101$' "vzlist shows it running with its process count"
like "$(vm_run 'vzlist -j')" '"ctid": 101, "numproc": [0-9]+, "status": "running"' "vzlist -j prints JSON"
is "$(vm_run 'vzlist -1')" "101" "vzlist -1 prints CTIDs only"

# --- set: the blog's command verbatim, live and saved ------------------------
vm_run 'vzctl set MyCT --ram 1.5G --swap 3G --save' >/dev/null
ok $? "vzctl set MyCT --ram 1.5G --swap 3G --save"
is "$(vm_run 'echo $(cat /sys/fs/cgroup/vz/101/memory.max /sys/fs/cgroup/vz/101/memory.swap.max)')" \
	"1610612736 3221225472" "applied at once: memory.max 1.5G, memory.swap.max 3G"
is "$(vm_run 'grep -E "^(PHYSPAGES|SWAPPAGES)=" /etc/vz/conf/101.conf')" \
	'PHYSPAGES="0:393216"
SWAPPAGES="0:786432"' "saved in OpenVZ's page units"
vm_run 'vzctl set 101 --ram 256M' >/dev/null
is "$(vm_run 'cat /sys/fs/cgroup/vz/101/memory.max; grep ^PHYSPAGES /etc/vz/conf/101.conf')" \
	"268435456
PHYSPAGES=\"0:393216\"" "set without --save changes the running container only"
is "$(vm_run 'vzlist -H -o physpages.l,swappages.l 101')" "      393216 786432" "vzlist shows the saved ram and swap limits in pages"

# --- bad input ----------------------------------------------------------------
sum=$(vm_run 'md5sum /etc/vz/conf/101.conf')
out=$(vm_run 'vzctl set 101 --ram -1 --save 2>&1'); rc=$?
is "$rc" 3 "--ram -1 is refused (exit 3)"
like "$out" 'CT 101: --ram -1: ' "with the container and the cause named"
out=$(vm_run 'vzctl set 101 --ram 1.5Q --save 2>&1'); rc=$?
is "$rc" 3 "--ram 1.5Q is refused (exit 3)"
is "$(vm_run 'md5sum /etc/vz/conf/101.conf')" "$sum" "the config is unchanged by refused settings"
out=$(vm_run 'vzctl start 999 2>&1'); rc=$?
is "$rc" 11 "an unknown container exits 11"
like "$out" 'CT 999: ' "naming it"
out=$(vm_run 'vzctl create 103 --ostemplate no-such-template 2>&1'); rc=$?
[ "$rc" != 0 ]; ok $? "create with a missing template fails"
like "$out" 'no-such-template' "naming the template"
is "$(vm_run 'ls /vz/private/103 /etc/vz/conf/103.conf 2>&1 | grep -c "No such"')" "2" "and leaves no private area and no config"

# --- a create killed midway, a create on a full disk ----------------------------
# The kill must land between the private area's creating mark and the config
# (the template's unpacking); a create that won the race is destroyed and tried again.
for try in 1 2 3; do
	vm_run '(vzctl create 104 --ostemplate busybox --layout simfs >/dev/null 2>&1 &); for i in $(seq 500); do test -e /vz/private/104/.vzctl-creating && break; sleep 0.01; done; pkill -9 -x vzctl; sleep 1' 60 >/dev/null
	vm_run 'test -e /etc/vz/conf/104.conf' >/dev/null || break
	vm_run 'vzctl destroy 104' 60 >/dev/null
done
vm_run 'test -e /vz/private/104/.vzctl-creating' >/dev/null
ok $? "vzctl killed during create left a marked half-created private area (try $try)"
is "$(vm_run 'vzctl status 104')" "CTID 104 deleted unmounted down" "which is not shown as a container"
vm_run 'vzlist -a -H -o ctid | grep -qw 104' >/dev/null
ok $((! $?)) "nor listed by vzlist -a"
vm_run 'vzctl create 104 --ostemplate busybox --layout simfs && vzctl destroy 104' 120 >/dev/null
ok $? "the next create of 104 clears it and succeeds"

# Full but for 512 KiB: the private area is made, the template does not fit.
vm_run 'dd if=/dev/zero of=/vz/keep bs=64k count=8 2>/dev/null; dd if=/dev/zero of=/vz/fill bs=1M 2>/dev/null; rm /vz/keep; sync' 300 >/dev/null
out=$(vm_run 'vzctl create 105 --ostemplate busybox --layout simfs 2>&1'); rc=$?
[ "$rc" != 0 ]; ok $? "create on a full data disk fails (simfs)"
like "$out" 'CT 105: .*(No space left on device|disk full)' "with the cause named: $out"
out=$(vm_run 'vzctl create 106 --ostemplate busybox --diskspace 256M 2>&1'); rc=$?
[ "$rc" != 0 ]; ok $? "create on a full data disk fails (ploop)"
like "$out" 'CT 106: ' "with the container named: $out"
is "$(vm_run 'ls -d /vz/private/105 /vz/private/106 /vz/root/105 /vz/root/106 /etc/vz/conf/105.conf /etc/vz/conf/106.conf 2>&1 | grep -c "No such"')" "6" \
	"neither leaves a private area, a mount point or a config behind"
is "$(vm_run 'md5sum /etc/vz/conf/101.conf')" "$sum" "the existing container's config is untouched"
vm_run 'rm /vz/fill' >/dev/null

# --- two creates at once get different uid ranges -------------------------------
vm_run '(vzctl create 107 --ostemplate busybox --layout simfs >/dev/null 2>&1 &); vzctl create 108 --ostemplate busybox --layout simfs >/dev/null 2>&1; for i in $(seq 200); do test -e /etc/vz/conf/107.conf && break; sleep 0.1; done' 120 >/dev/null
is "$(vm_run 'grep -h "^LOCAL_UID=" /etc/vz/conf/107.conf /etc/vz/conf/108.conf | sort -u | wc -l')" 2 \
	"two concurrent creates get different LOCAL_UID ranges"
is "$(vm_run 'ls /vz/lock | grep -c "^slot-"')" 0 "and release their reservations"
vm_run 'vzctl destroy 107 && vzctl destroy 108' 60 >/dev/null

# --- two vzctl on one container serialize ------------------------------------
t=$(vm_run '(flock /vz/lock/101.lck sleep 3 &) ; sleep 0.5; s=$(date +%s); vzctl set 101 --description locked --save >/dev/null; echo $(( $(date +%s) - s ))')
[ "$t" -ge 2 ]; ok $? "a vzctl command waits for the container's lock (${t}s)"

# --- reboot inside restarts only the container --------------------------------
old=$(vm_run 'cat /run/vzhost/ct/101.pid')
up=$(vm_run 'cut -d. -f1 /proc/uptime')
vm_run 'vzctl exec 101 reboot' >/dev/null
vm_run 'for i in $(seq 60); do p=$(cat /run/vzhost/ct/101.pid 2>/dev/null); [ -n "$p" ] && [ "$p" != '"$old"' ] && break; sleep 0.5; done' >/dev/null
new=$(vm_run 'cat /run/vzhost/ct/101.pid')
[ -n "$new" ] && [ "$new" != "$old" ]; ok $? "reboot inside the container starts a new init ($old -> $new)"
is "$(vm_run 'vzctl status 101')" "CTID 101 exist mounted running" "and it is running again"
up2=$(vm_run 'cut -d. -f1 /proc/uptime')
[ "$up2" -ge "$up" ]; ok $? "the node did not reboot"

# --- stop, restart -------------------------------------------------------------
vm_run 'vzctl stop 101' 90 >/dev/null
ok $? "vzctl stop 101"
is "$(vm_run 'vzctl status 101')" "CTID 101 exist unmounted down" "stopped: down and unmounted"
is "$(vm_run 'ls -d /sys/fs/cgroup/vz/101 /run/vzhost/ct/101.pid 2>&1 | grep -c "No such"')" "2" "its cgroup and state are gone"
vm_run 'vzctl start 101 && vzctl restart 101' 120 >/dev/null
ok $? "vzctl start then restart"
is "$(vm_run 'cat /sys/fs/cgroup/vz/101/memory.max')" "1610612736" "a start applies the saved limits"

# --- ploop container, online grow, snapshots ------------------------------------
vm_run 'vzctl create 102 --ostemplate busybox --diskspace 1G --diskinodes 30000' 120 >/dev/null
ok $? "vzctl create 102 on ploop (VE_LAYOUT default)"
vm_run 'test -f /vz/private/102/root.hdd/DiskDescriptor.xml' >/dev/null
ok $? "its private area is /vz/private/102/root.hdd"
vm_run 'vzctl start 102' 120 >/dev/null
ok $? "vzctl start 102"
n=$(vm_run "vzctl exec 102 df -i / | awk 'NR==2 {print \$2}'")
[ "$n" -ge 30000 ] && [ "$n" -lt 40000 ]; ok $? "--diskinodes 30000 gave the filesystem that many inodes ($n)"
is "$(vm_run 'printf "echo \$((6 * 7))\nhostname\n" | vzctl exec 102 -')" "42
$(vm_run 'vzctl exec 102 hostname')" "vzctl exec CT - runs the commands on its standard input"
vm_run 'vzctl set 102 --diskspace 2G --save' 120 >/dev/null
ok $? "vzctl set --diskspace 2G on the running container"
sz=$(vm_run "vzctl exec 102 df -m / | awk 'NR==2 {print \$2}'")
[ "$sz" -gt 1500 ]; ok $? "the container's filesystem grew online (${sz} MiB)"
vm_run 'vzctl snapshot 102' 120 >/dev/null
ok $? "vzctl snapshot 102"
like "$(vm_run 'vzctl snapshot-list 102')" '\{[0-9a-f-]{36}\}' "vzctl snapshot-list shows it"
vm_run 'vzctl stop 102 && vzctl destroy 102' 120 >/dev/null
ok $? "stop and destroy 102"
vm_run '! test -e /vz/private/102 && test -f /etc/vz/conf/102.conf.destroyed' >/dev/null
ok $? "destroy removes the private area and keeps the config as .destroyed"

# --- ONBOOT at boot, clean stop at poweroff ------------------------------------
vm_run 'vzctl set 101 --onboot yes --save && sed -i "1i ::shutdown:/bin/touch /stopped-cleanly" /vz/private/101/etc/inittab && vzctl restart 101' 120 >/dev/null
ok $? "ONBOOT=yes saved"
vm_send 'poweroff'
vm_wait_exit 180
ok $? "the node powers off with a container running"
e2fsck -fn "$VM_DIR/data.img" >"$VM_DIR/fsck.log" 2>&1
ok $? "the data filesystem is clean"
vm_boot "$VM_DIR/data.img" "" ""
vm_login root "$PASS"
ok $? "second boot"
vm_run 'dmesg -n 1' >/dev/null
vm_run 'test -f /vz/private/101/stopped-cleanly' >/dev/null
ok $? "at poweroff the container's init ran its shutdown actions (stopped cleanly)"
vm_run 'for i in $(seq 120); do vzctl status 101 | grep -q running && break; sleep 0.5; done' 90 >/dev/null
is "$(vm_run 'vzctl status 101')" "CTID 101 exist mounted running" "the ONBOOT container was started at boot"
is "$(vm_run 'grep -c "^NAME=\"MyCT\"" /etc/vz/conf/101.conf')" "1" "its config persisted on the data disk (/vz/etc/vz)"
vm_run 'vzctl stop 101 && vzctl destroy MyCT' 90 >/dev/null
ok $? "stop and destroy by name"
done_testing
