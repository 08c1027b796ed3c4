#!/usr/bin/env bash
# The node touching container-controlled files and images (docs/security.md,
# "Files and images the node reads"): attacks made from inside real busybox
# containers, each beside its control. The node's writes (hostname,
# resolv.conf) land inside the container or are refused, never on the node
# or in another container, whatever /etc or its files are made into; a FIFO
# inittab cannot hang start --wait; an oversized file is not read; a moved-in
# private area cannot get another container's image mounted through a
# symlink, a FIFO, a device node, a descriptor naming ../ or /vz/... or a
# symlinked image directory; two ploop snapshot at once on one disk both
# succeed and leave a sound descriptor.
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-host-files
vm_node_up 3G
ok $? "node boots and root logs in"
vm_run 'dmesg -n 1' >/dev/null
run() { vm_run "$1" "${2:-120}"; }
# vzctl exec runs its words joined by blanks with sh -c: pass the command as one word.
in101() { run "vzctl exec 101 '$1'"; }

run 'vzctl create 101 --ostemplate busybox --layout simfs --hostname ct101 && vzctl create 102 --ostemplate busybox --layout simfs --hostname ct102' 300 >/dev/null
ok $? "two busybox containers (simfs)"
run 'vzctl start 101 --wait' 180 >/dev/null
ok $? "control: start --wait with the template's regular inittab"
run 'vzctl start 102' 180 >/dev/null
ok $? "the other container runs"
run 'echo node-secret >/vz/node-file' >/dev/null
SUMS='md5sum /etc/hostname /etc/hosts /etc/resolv.conf /vz/node-file /vz/root/102/etc/hostname /vz/root/102/etc/hosts /vz/root/102/etc/resolv.conf 2>&1'
before=$(run "$SUMS")

# --- the node's writes into a plain /etc land (control) -----------------------------
run 'vzctl set 101 --hostname ctA --nameserver 192.0.2.53' >/dev/null
ok $? "control: set --hostname --nameserver on the running container"
is "$(in101 'cat /etc/hostname')" "ctA" "control: /etc/hostname written inside the container"
is "$(in101 hostname)" "ctA" "control: and the kernel hostname set"
like "$(in101 'cat /etc/resolv.conf')" '^nameserver 192\.0\.2\.53$' "control: /etc/resolv.conf written inside"

# --- /etc/hostname and /etc/resolv.conf as symlinks to a node file -------------------
in101 'ln -sf /vz/node-file /etc/hostname && ln -sf /vz/node-file /etc/resolv.conf' >/dev/null
ok $? "attack: /etc/hostname and /etc/resolv.conf made symlinks to /vz/node-file"
run 'vzctl set 101 --hostname ctB --nameserver 192.0.2.54' >/dev/null
ok $? "set succeeds"
is "$(run 'cat /vz/node-file')" "node-secret" "the node's file is untouched"
is "$(in101 'test -L /etc/hostname || cat /etc/hostname')" "ctB" "the symlink was replaced by the container's own file"
like "$(in101 'test -L /etc/resolv.conf || cat /etc/resolv.conf')" '^nameserver 192\.0\.2\.54$' "likewise resolv.conf"

# --- /etc as a symlink to the node's / ----------------------------------------------
in101 'mv /etc /etc.real && ln -s / /etc' >/dev/null
ok $? "attack: /etc made a symlink to /"
run 'vzctl set 101 --hostname ctC --nameserver 192.0.2.55' >/dev/null
ok $? "set succeeds"
is "$(run 'cat /vz/root/101/hostname')" "ctC" "the hostname landed in the container's own root (/ resolves there)"
like "$(run 'cat /vz/root/101/resolv.conf')" '^nameserver 192\.0\.2\.55$' "and resolv.conf too"
is "$(run 'ls /hostname /resolv.conf 2>/dev/null')" "" "nothing was written at the node's own /"

# --- /etc as a symlink to the other container's /etc (as the node names it) ------------
in101 'rm /etc && ln -s /vz/root/102/etc /etc' >/dev/null
ok $? "attack: /etc made a symlink to /vz/root/102/etc"
out=$(run 'vzctl set 101 --hostname ctD --nameserver 192.0.2.56 2>&1'); rc=$?
[ $rc != 0 ]; ok $? "set fails"
like "$out" 'etc/resolv.conf: No such file or directory' "because /vz/root/102 does not exist inside the container"
is "$(run "$SUMS")" "$before" "the node's and the other container's files are byte-identical"
in101 'rm /etc && mv /etc.real /etc' >/dev/null

# --- an oversized file is not read ------------------------------------------------------
in101 'dd if=/dev/zero of=/etc/resolv.conf bs=1M count=64 2>/dev/null' >/dev/null
ok $? "attack: a 64 MiB /etc/resolv.conf"
out=$(run 'vzctl set 101 --nameserver 192.0.2.57 2>&1'); rc=$?
[ $rc != 0 ]; ok $? "set --nameserver refuses it"
like "$out" 'etc/resolv.conf: is larger than the node reads; refused' "saying why"
is "$(in101 'wc -c </etc/resolv.conf')" "67108864" "and leaves it as it was"
in101 'echo "search example.test" >/etc/resolv.conf' >/dev/null
run 'vzctl set 101 --nameserver 192.0.2.58' >/dev/null
ok $? "control: a small one is rewritten"
is "$(in101 'cat /etc/resolv.conf' | tr '\n' '|')" "search example.test|nameserver 192.0.2.58|" "keeping its other lines"

# --- a FIFO as /etc/inittab ------------------------------------------------------------
in101 'mv /etc/inittab /etc/inittab.real && mkfifo /etc/inittab' >/dev/null
ok $? "attack: /etc/inittab made a FIFO"
out=$(run 'vzctl restart 101 --wait 2>&1' 240); rc=$?
[ $rc != 0 ] && [ $rc != 124 ]; ok $? "restart --wait finishes (exit $rc), not hung on the FIFO"
like "$out" 'etc/inittab: is a FIFO, socket or device, not a regular file; refused' "and says why"
run 'timeout 30 vzctl set 101 --onboot no' >/dev/null
ok $? "the container's lock is free again"
# The container's own init waits on the FIFO as a reader: feed it the real table.
run 'cat /vz/private/101/etc/inittab.real >/vz/private/101/etc/inittab' >/dev/null
run 'vzctl stop 101 && rm /vz/private/101/etc/inittab && mv /vz/private/101/etc/inittab.real /vz/private/101/etc/inittab' 240 >/dev/null
ok $? "stopped and restored"
is "$(run "$SUMS")" "$before" "the node's and the other container's files are still byte-identical"
run 'vzctl stop 102' 180 >/dev/null

# --- a moved-in ploop private area naming another container's image --------------------
run 'vzctl create 201 --ostemplate busybox --layout ploop && vzctl create 202 --ostemplate busybox --layout ploop' 600 >/dev/null
ok $? "two busybox containers (ploop)"
V=/vz/private/201/root.hdd
E=/vz/private/202/root.hdd
vsum=$(run "md5sum $V/root.hds $V/DiskDescriptor.xml")
run "mv $E/root.hds $E/root.hds.own && ln -s $V/root.hds $E/root.hds" >/dev/null
out=$(run 'vzctl start 202 2>&1'); rc=$?
[ $rc != 0 ]; ok $? "attack: root.hds a symlink to 201's image: start refused"
like "$out" "$E/root.hds: is a symbolic link; refused" "naming the file and the cause"
run "rm $E/root.hds && mkfifo $E/root.hds" >/dev/null
out=$(run 'vzctl start 202 2>&1' 60); rc=$?
[ $rc != 0 ] && [ $rc != 124 ]; ok $? "attack: root.hds a FIFO: refused at once"
like "$out" "$E/root.hds: is a FIFO, socket or device, not a regular file; refused" "saying what it is"
run "rm $E/root.hds && mknod $E/root.hds b \$((0x\$(stat -L -c %t /dev/vda))) \$((0x\$(stat -L -c %T /dev/vda)))" >/dev/null
out=$(run 'vzctl start 202 2>&1'); rc=$?
[ $rc != 0 ]; ok $? "attack: root.hds a block node of the node's data disk: refused, never opened"
like "$out" "$E/root.hds: is a FIFO, socket or device, not a regular file; refused" "saying what it is"
run "rm $E/root.hds && mv $E/root.hds.own $E/root.hds && cp $E/DiskDescriptor.xml /tmp/dd.own" >/dev/null
run "sed -i 's|<File>root.hds</File>|<File>../../201/root.hdd/root.hds</File>|' $E/DiskDescriptor.xml" >/dev/null
out=$(run 'vzctl start 202 2>&1'); rc=$?
[ $rc != 0 ]; ok $? "attack: a delta named ../../201/root.hdd/root.hds: refused"
like "$out" 'is not a plain name in the disk directory' "as not a plain name"
run "sed -i 's|<File>[^<]*</File>|<File>$V/root.hds</File>|' $E/DiskDescriptor.xml" >/dev/null
out=$(run 'vzctl start 202 2>&1'); rc=$?
[ $rc != 0 ]; ok $? "attack: a delta named $V/root.hds: refused"
like "$out" 'is not a plain name in the disk directory' "likewise"
run "cp /tmp/dd.own $E/DiskDescriptor.xml && mv $E $E.own && ln -s $V $E" >/dev/null
out=$(run 'vzctl start 202 2>&1'); rc=$?
[ $rc != 0 ]; ok $? "attack: root.hdd itself a symlink to 201's: refused"
like "$out" "$E: is a symbolic link; refused" "naming the directory"
is "$(run 'ploop list')" "" "no ploop device was set up by any of them"
is "$(run "md5sum $V/root.hds $V/DiskDescriptor.xml")" "$vsum" "201's image and descriptor are untouched"
run "rm $E && mv $E.own $E" >/dev/null
run 'vzctl start 202 --wait' 180 >/dev/null
ok $? "control: with its real root.hds the moved-in container starts"
run 'vzctl stop 202' 180 >/dev/null

# --- two ploop snapshot at once on one disk -----------------------------------------
run 'vzctl start 201 --wait' 180 >/dev/null
ok $? "container 201 runs (its disk mounted: snapshots are online)"
DD=$V/DiskDescriptor.xml
fails=$(run "f=0; for i in 1 2 3 4 5; do ploop snapshot $DD >/dev/null 2>>/tmp/snap.err & a=\$!; ploop snapshot $DD >/dev/null 2>>/tmp/snap.err & b=\$!; wait \$a || f=\$((f+1)); wait \$b || f=\$((f+1)); done; echo \$f" 600)
is "$fails" "0" "5 rounds of two ploop snapshot at once: every one succeeds (one after the other)"
run "vzctl snapshot 201 >/dev/null & a=\$!; ploop snapshot $DD >/dev/null; r=\$?; wait \$a && [ \$r = 0 ]" 300 >/dev/null
ok $? "vzctl snapshot and ploop snapshot at once"
is "$(run "ploop snapshot-list $DD | wc -l")" 13 "the descriptor lists all 12 snapshots and the top"
is "$(run "vzctl exec 201 'echo alive >/root/t && cat /root/t'")" "alive" "the container's disk still works"
run 'vzctl stop 201' 180 >/dev/null
run "ploop check -F $DD" 300 >/dev/null
is $? 0 "and checks clean once stopped"
done_testing
