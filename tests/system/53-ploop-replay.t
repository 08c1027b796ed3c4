#!/usr/bin/env bash
# Crash consistency by write logging, in the style of xfstests' generic/482.
# Killing QEMU keeps whatever the guest already handed to its disk, so a
# power-cut test cannot see a BAT entry reaching the disk before its data,
# or a missing flush. Here the file system holding a container's ploop disk
# sits on dm-log-writes, which logs every write that reaches its disk and
# every flush, in the order a disk would have them (writes are logged at
# the flush that makes them durable). The workload writes records with
# fsync through the disk (each durable record marked in the log), takes a
# snapshot, grows the disk, deletes records and trims, merges the snapshot
# back. Then the log is replayed onto a blank disk (logreplay,
# tests/guest/logreplay.c), and at every flush or FUA point the state a
# power cut there would leave must hold, on a writable snapshot of it: the
# host file system mounts, ploop check finds at most leaked clusters and
# the in-use mark on each delta file, the disk mounts, every record marked
# durable before that point (and not deleted) is intact, and e2fsck -fn is
# clean. CONTROL: the same run with dm_ploop.fault=1 (dm-ploop skips the
# data sync before writing BAT entries) must fail at some state.
#
# ROUNDS (default 1) repeats the snapshot/grow/trim/merge round, 8 records
# between steps; EVERY=N checks every Nth point (default 1: all). The long
# run: ROUNDS=50 prove -v tests/system/53-ploop-replay.t
. "$(dirname "$0")/../lib/vm.sh"
vm_init ploop-replay

ROUNDS=${ROUNDS:-1}
EVERY=${EVERY:-1}
REC=40960
L=/usr/libexec/vzhost-test
T=$L/dmploop
W=/vz/rp
H=/mnt/h
DD=$H/ct/DiskDescriptor.xml

# One state of the replayed disk, run by logreplay with REPLAY_FIRST and
# REPLAY_LAST set: $1 the replayed disk (snapshot origin), $2 the COW store.
mkdir -p "$VM_DIR/overlay$L"
cat >"$VM_DIR/overlay$L/replaycheck" <<'EOF'
#!/bin/sh
T=/usr/libexec/vzhost-test/dmploop
D=/mnt/r/ct/DiskDescriptor.xml
cleanup() {
	umount /mnt/rc 2>/dev/null
	ploop umount $D >/dev/null 2>&1
	umount /mnt/r 2>/dev/null
	$T remove rpsnap >/dev/null 2>&1
}
fail() { echo "  $*"; cleanup; exit 1; }
mkdir -p /mnt/r /mnt/rc
snap=$($T dm-create rpsnap 0 "$(blockdev --getsz "$1")" snapshot "$1" "$2" N 8) || fail "snapshot: $snap"
mount "$snap" /mnt/r || fail "the host file system does not mount"
[ -f $D ] || fail "no DiskDescriptor.xml"
for f in /mnt/r/ct/root.hds*; do
	bad=$($T libcheck "$f" | grep -Ev '^(in-use|leaked|matter) ')
	[ -z "$bad" ] || fail "ploop check $f: $bad"
	$T libcheck "$f" repair >/dev/null
done
dev=$(ploop mount $D 2>/tmp/replaycheck.err) || fail "ploop mount: $(cat /tmp/replaycheck.err)"
mount "$dev" /mnt/rc || fail "the disk's ext4 does not mount"
if [ "$REPLAY_LAST" -ge "$REPLAY_FIRST" ]; then
	out=$($T records-verify /mnt/rc "$REPLAY_LAST" 40960 "$REPLAY_FIRST") || fail "$out"
fi
umount /mnt/rc || fail "cannot unmount the disk"
out=$(e2fsck -fn "$dev" 2>&1) || fail "e2fsck: $out"
cleanup
EOF
chmod 755 "$VM_DIR/overlay$L/replaycheck"
vm_node_up 4G dmploop logreplay
ok $? "the node boots with dmploop, logreplay and the state check"
run() { vm_run "$1" "${2:-300}"; }
run "dmesg -n 1" >/dev/null	# kernel messages in dmesg only, not in the commands' output

# attach FILE: a loop device over FILE; prints its name.
attach() { run "l=\$(losetup -f) && losetup \$l $1 && echo \$l"; }

# record FIRST COUNT [OPTS]: COUNT records from FIRST, each marked in the log.
record() { run "$T fsync-loop /mnt/ct $1 $REC count=$2 mark=lw ${3:-} >/tmp/records.out"; }

# workload FAULT: the logged run on a fresh host file system; the log's
# summary in SUMMARY (not in a subshell: REPLAY and COW are used later).
workload() {
	local n=1 r
	run "mkdir -p $W $H /mnt/ct && rm -f $W/*.img && truncate -s 512M $W/dev.img && truncate -s 3G $W/log.img && truncate -s 512M $W/replay.img && truncate -s 1G $W/cow.img" >/dev/null
	DEV=$(attach $W/dev.img)
	LOG=$(attach $W/log.img)
	REPLAY=$(attach $W/replay.img)
	COW=$(attach $W/cow.img)
	lw=$(run "$T dm-create lw 0 $((512 * 2048)) log-writes $DEV $LOG")
	run "mkfs.ext4 -q $lw && mount $lw $H && mkdir $H/ct && ploop init -s 64M $H/ct/root.hds && ploop mount -m /mnt/ct $DD" 600 >/dev/null ||
		return 1
	run "echo $1 > /sys/module/dm_ploop/parameters/fault && $T dm-message lw mark start" >/dev/null || return 1
	for r in $(seq "$ROUNDS"); do
		record $n 8 >/dev/null || return 1
		run "ploop snapshot $DD" >/dev/null || return 1
		record $((n + 8)) 8 >/dev/null || return 1
		run "ploop resize -s $((64 + 32 * r))M $DD" 600 >/dev/null || return 1
		record $((n + 16)) 8 "keep=12 trim=4" >/dev/null || return 1
		run "ploop snapshot-merge $DD" 600 >/dev/null || return 1
		n=$((n + 24))
	done
	record $n 4 "keep=12 trim=2" >/dev/null || return 1
	run "echo 0 > /sys/module/dm_ploop/parameters/fault && ploop umount $DD && umount $H && $T remove lw && losetup -d $DEV && losetup -d $LOG" 300 >/dev/null ||
		return 1
	SUMMARY=$(run "$L/logreplay info $W/log.img")
}

# replay [stop]: every state checked; prints logreplay's report.
replay() {
	run "$L/logreplay run $W/log.img $W/replay.img start=start every=$EVERY $1 -- $L/replaycheck $REPLAY $COW >/tmp/replay.out 2>&1; rc=\$?; tail -40 /tmp/replay.out; (exit \$rc)" $((3600 * ROUNDS))
}

workload 0
ok $? "the workload ran on a logged host file system (snapshot, grow, trim, merge)"
diag "log: $SUMMARY"
like "$SUMMARY" 'flushes [1-9][0-9]+ .* discards [1-9]' "the log holds flushes and discards"
report=$(replay)
rc=$?
diag "$(printf '%s\n' "$report" | tail -3)"
is "$rc" 0 "every state a power cut could leave passes the checks"
like "$report" '[1-9][0-9]* of [1-9][0-9]* states checked, 0 failed' "states were checked"
[ "$rc" = 0 ] || diag "$report"
run "losetup -d $REPLAY; losetup -d $COW" >/dev/null

workload 1
ok $? "CONTROL: the same workload with dm_ploop.fault=1 (no data sync before BAT writes)"
report=$(replay stop)
rc=$?
diag "$(printf '%s\n' "$report" | tail -4)"
[ "$rc" != 0 ]
ok $? "CONTROL: replaying its log finds a state that fails the checks"
like "$report" 'FAILED' "CONTROL: the failing state is reported"
like "$(run 'dmesg | grep "fault injection" | head -1')" 'breaking crash consistency on purpose' "CONTROL: the kernel said the fault was on"

is "$(run 'dmesg | grep -E "BUG|WARNING|Oops|blocked for more than" | head -3; echo end')" 'end' "no kernel warnings"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"
done_testing
