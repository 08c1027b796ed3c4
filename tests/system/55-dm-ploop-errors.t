#!/usr/bin/env bash
# dm-ploop when the storage under an image fails (docs/dm-ploop.md, "Failed
# commits"). The images live on ext4 over dm-flakey, whose writes and
# flushes are made to fail while one flush of the ploop device runs: a
# partial write copied a cluster up from the delta below into the page
# cache, and its writeback fails. From then on the device refuses writes
# and flushes with EIO (reads still work), its status says "failed", the
# kernel says so once naming the device and the delta, a reload is refused,
# and removal keeps the disk-in-use mark; with the storage back, ploop check
# repairs the image and every acknowledged write is there, as is the delta
# below's data around the write that failed.
# CONTROL: the same run with dm_ploop.fault=2 (a failed commit is not
# sticky, the old behaviour): a later write is acknowledged, the mark goes,
# and the BAT names a cluster whose data never reached the disk, so the
# delta below's data around the failed write is gone.
# Also: a failed write into a fresh cluster gives the cluster back (the
# retry takes it, the file does not grow by two); a v1 image whose only
# free clusters lie past the 32-bit sector limit refuses to allocate
# (ENOSPC) instead of writing a wrapped entry, with a control where a free
# cluster below the limit is reused.
. "$(dirname "$0")/../lib/vm.sh"
vm_init dm-ploop-errors
vm_node_up 4G dmploop
ok $? "the node boots with the dmploop test tool"
vm_run "dmesg -n 1" >/dev/null	# kernel messages in dmesg only, not in the commands' output

T=/usr/libexec/vzhost-test/dmploop
F=/mnt/f
K64=65536
run() { vm_run "$1" "${2:-120}"; }
field() { run "$T status $1" | awk -v n="$2" '{print $n}'; }	# NAME N: status field N
# The kernel log from a mark on (dmesg -c would hide warnings from the last check).
kmark() { echo "echo 'vzhost-test: $1' > /dev/kmsg"; }
klog() { echo "dmesg | sed -n '/vzhost-test: $1\$/,\$p'"; }

# ext4 without a journal (a journal would turn the whole file system
# read-only at the first failed commit, hiding what dm-ploop does) on
# dm-flakey over a loop device: UP passes everything, DOWN fails every write
# and flush.
loop=$(run "truncate -s 256M /vz/flk.img && losetup -f")
run "losetup $loop /vz/flk.img" >/dev/null
SZ=$((256 * 2048))
UP="0 $SZ linear $loop 0"
DOWN="0 $SZ flakey $loop 0 0 3600 1 error_writes"
flk=$(run "$T dm-create flk $UP")
like "$flk" '^/dev/dm-[0-9]+$' "a dm device over a loop device, to be switched to dm-flakey"
run "mkfs.ext4 -q -O ^has_journal $flk && mkdir -p $F && mount -o errors=continue $flk $F" >/dev/null
ok $? "ext4 without a journal on it"

# scenario NAME FAULT: two deltas; A acknowledged, B's flush fails, then
# three more writes C (each with its flush): the first may still meet the
# old error (each open file is told once), a later one would be
# acknowledged unless the failure is sticky.
scenario() {
	local name=$1 fault=$2 d=$F/$1 dev out
	run "echo $fault > /sys/module/dm_ploop/parameters/fault && mkdir -p $d && $T create $d/lower.hds 16M 64K && $T lib-write 50 0 16M $d/lower.hds && $T create $d/top.hds 16M 64K" >/dev/null
	dev=$(run "$T setup $name buffered 128 $d/lower.hds $d/top.hds")
	run "$T pattern-write $dev 51 0 $K64" >/dev/null
	ok $? "$name: write A and a flush are acknowledged"
	run "$(kmark "$name"); $T dm-reload flk $DOWN" >/dev/null
	out=$(run "$T pattern-write $dev 52 $((3 * K64 + 4096)) 4096 2>&1; echo rc=\$?" | tr '\n' ' ')
	like "$out" 'fsync: I/O error.*rc=111' "$name: while the storage fails, the flush after write B fails"
	run "$T dm-reload flk $UP" >/dev/null
	C=$(run "for i in 8 9 10; do $T pattern-write $dev 53 \$((i * $K64)) 4096 2>&1; echo rc=\$?; done" | tr '\n' ' ')
	STATE=$(field "$name" 10)
	[ "$fault" = 0 ] && SECOND=$(run "$T setup ${name}2 buffered 128 $d/lower.hds $d/top.hds; $T reload $name buffered 128 $d/lower.hds $d/top.hds")
	READS=$(run "$T pattern-verify $dev 51 0 $K64")
	LOG=$(run "$T remove $name; $(klog "$name")")
	MARK=$(run "$T header $d/top.hds")
	run "umount $F && mount -o errors=continue $flk $F" >/dev/null	# the disk, not the page cache
	AROUND=$(run "$T pattern-verify lib 50 $((3 * K64)) 4096 $d/lower.hds $d/top.hds; $T pattern-verify lib 50 $((3 * K64 + 8192)) $((K64 - 8192)) $d/lower.hds $d/top.hds")
}

# --- CONTROL: failed commits not sticky -----------------------------------
scenario control 2
like "$C" 'rc=0 $' "CONTROL: with the fault, a later write is acknowledged (the probe sees it)"
is "$STATE" "rw" "CONTROL: the status does not say failed"
like "$MARK" 'in_use=0x00000000' "CONTROL: removal cleared the disk-in-use mark"
like "$AROUND" 'mismatch' "CONTROL: the BAT names a cluster whose data never reached the disk: the delta below's data around B is gone"

# --- sticky failure -------------------------------------------------------------
scenario sticky 0
is "$C" "$(printf 'dmploop: write: I/O error rc=111 %.0s' 1 2 3)" "after a failed commit, every later write is refused with EIO"
is "$STATE" "failed" "the status line says failed"
is "$READS" "ok" "the failed device still reads (data can be copied out)"
like "$SECOND" 'load failed' "neither a second device nor a reload takes the failed image"
like "$LOG" "device-mapper: ploop: [0-9]+:[0-9]+: $F/sticky/top.hds: commit failed \\(-5\\)" "the kernel names the device and the delta"
is "$(printf '%s\n' "$LOG" | grep -c 'commit failed')" 1 "and says it once"
like "$LOG" 'a commit to this image failed' "the kernel says why the reload is refused"
like "$LOG" 'disk-in-use mark kept after a failed commit' "removal says the mark stays"
like "$MARK" 'in_use=0x746f6e59' "the image is still marked in use"
is "$AROUND" "ok
ok" "the delta below's data around the failed write is intact"
out=$(run "$(kmark again); $T setup again 128 $F/sticky/lower.hds $F/sticky/top.hds; $(klog again)")
like "$out" 'disk-in-use mark set' "a new device refuses the image until it is checked"
check=$(run "$T libcheck $F/sticky/top.hds")
is "$(printf '%s\n' "$check" | grep -Ev '^(in-use|leaked|matter) ')" "" "ploop check finds only the in-use mark and leaked clusters"
run "$T libcheck $F/sticky/top.hds repair" >/dev/null
dev=$(run "$T setup again 128 $F/sticky/lower.hds $F/sticky/top.hds")
like "$dev" '^/dev/dm-[0-9]+$' "after the repair the image loads"
is "$(run "$T pattern-verify $dev 51 0 $K64; $T pattern-verify $dev 50 $((3 * K64)) 4096")" "ok
ok" "the acknowledged write A is there, and so is the delta below's data"
run "$T remove again" >/dev/null
like "$(run "$T libcheck $F/sticky/top.hds")" '^matter 0$' "the image checks clean"

# --- a failed write into a fresh cluster gives it back ----------------------
run "mkdir -p $F/fresh && $T create $F/fresh/a.hds 16M 64K" >/dev/null
dev=$(run "$T setup fresh 128 $F/fresh/a.hds")
run "$T pattern-write $dev 60 0 $K64" >/dev/null
before=$(field fresh 7)
run "$(kmark fresh); $T dm-reload flk $DOWN" >/dev/null
out=$(run "$T pattern-write $dev 61 $((5 * K64)) $K64 2>&1; echo rc=\$?" | tr '\n' ' ')
like "$out" 'write: I/O error.*rc=111' "a whole-cluster write into a fresh cluster fails while the storage fails"
run "$T dm-reload flk $UP" >/dev/null
like "$(run "$(klog fresh)")" 'cannot fill cluster' "the kernel says which cluster it could not fill"
is "$(field fresh 7) $(field fresh 10)" "$before rw" "the file does not count the failed cluster; a failed data write does not fail the device"
run "$T pattern-write $dev 61 $((5 * K64)) $K64" >/dev/null
ok $? "the write succeeds once the storage is back"
is "$(field fresh 7)" "$((before + 1))" "it took the cluster back: the image grew by one cluster, not two"
run "$T remove fresh" >/dev/null
check=$(run "$T libcheck $F/fresh/a.hds")
is "$check" "matter 0" "nothing leaked, nothing wrong"

# --- v1: free clusters past the 32-bit sector limit are not reused ------------
# 2^32 - 2048 sectors with 1 MiB clusters: 2097151 entries, header+BAT in
# clusters 0-8; entries 0..2097142 map every nameable cluster (9..2097151),
# the file (sparse) ends two clusters past the limit: those are its only
# free clusters.
V1=/vz/v1
v1_image() { # EXTRA_CLUSTERS UNMAP_ENTRY
	run "mkdir -p $V1 && rm -f $V1/a.hds && $T create $V1/a.hds $(((4294967296 - 2048) * 512)) 1M v1 && $T mangle $V1/a.hds batfill:0 2097143 $((9 * 2048)) 2048 && truncate -s $(((2097152 + $1) << 20)) $V1/a.hds${2:+ && $T mangle $V1/a.hds bat:$2 0}" 300 >/dev/null
}
v1_image 2
dev=$(run "$T setup v1 2048 $V1/a.hds" 300)
like "$dev" '^/dev/dm-[0-9]+$' "a v1 image using every cluster a v1 entry can name loads"
out=$(run "$(kmark v1); $T pattern-write $dev 70 $((2097150 << 20)) 4096 2>&1; echo rc=\$?; $(klog v1)")
like "$out" 'No space left on device' "a write needing a cluster fails with ENOSPC"
like "$out" 'cannot allocate a cluster: -28' "the kernel says it cannot allocate"
run "$T remove v1" 120 >/dev/null
is "$(run "$T mangle $V1/a.hds getbat:2097150")" 0 "no entry was written for the write (none wrapped past 2^32 sectors)"
v1_image 0 100
dev=$(run "$T setup v1 2048 $V1/a.hds" 300)
run "$T pattern-write $dev 70 $((2097150 << 20)) 4096 && $T pattern-verify $dev 70 $((2097150 << 20)) 4096" >/dev/null
ok $? "CONTROL: with a free cluster below the limit (entry 100 unmapped), the same write succeeds"
run "$T remove v1" 120 >/dev/null
is "$(run "$T mangle $V1/a.hds getbat:2097150")" "$((109 * 2048))" "CONTROL: it reused that cluster (109)"

run "echo 0 > /sys/module/dm_ploop/parameters/fault" >/dev/null
is "$(run 'dmesg | grep -E "BUG|WARNING|Oops|blocked for more than" | head -3; echo end')" 'end' "no kernel warnings"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"
done_testing
