#!/usr/bin/env bash
# The dm-ploop kernel target (docs/dm-ploop.md) against the userspace ploop
# library as the oracle: tables over v2, v1 and raw-based stacks load and
# read what the library reads; writes through the device (fresh clusters,
# copy-up, concurrent writers) read back identically through the library;
# ext4 on the device survives a remount; discard shrinks the image and the
# space is reused; the disk-in-use mark follows the writer, across a table
# reload; every kind of corruption is refused at load with its kernel
# message; a resume re-reads images changed while suspended; read-only
# tables refuse writes. Runs on ext4 on a data disk (O_DIRECT backing files).
. "$(dirname "$0")/../lib/vm.sh"
vm_init dm-ploop

PASS=$(openssl rand -hex 8)
data=$VM_DIR/data.img
seed=$VM_DIR/seed.img
vm_blank_disk "$data" 2G
vm_seed "$seed" 'HOSTNAME="ploop-node"' "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'" 'NET_MODE=none'
vm_guest_tools "$VM_DIR/overlay" dmploop
vm_initrd_with "$VM_DIR/overlay"

T=/usr/libexec/vzhost-test/dmploop
D=/vz/t
IN_USE=in_use=0x746f6e59
NOT_IN_USE=in_use=0x00000000

vm_boot "$data" "$seed" "vzhost.format=/dev/vda"
vm_login root "$PASS"
ok $? "the node boots with the dmploop test tool and a data disk"
# Kernel messages are read from dmesg: on the console they could land inside
# a command's output (a slow debug kernel prints timing warnings)
vm_run 'dmesg -n 1' >/dev/null
like "$(vm_run 'mkdir -p /vz/t && echo ready')" 'ready' "work directory on the data disk"

# --- a fresh v2 image: load, write, in-use mark, status, reload -------------
vm_run "$T create $D/a.hds 64M 1M" >/dev/null
ok $? "library creates a v2 image"
dev=$(vm_run "$T setup a 2048 $D/a.hds")
like "$dev" '^/dev/dm-[0-9]+$' "a table over a fresh v2 image loads (fd handed in)"
like "$(vm_run "$T header $D/a.hds")" "$IN_USE" "the disk-in-use mark is set while the table is loaded"
is "$(vm_run "$T status a")" "0 131072 ploop 1 2048 0 1 0 0 rw" "status: 1 delta, 2048-sector clusters, nothing mapped, no commits, writable"
is "$(vm_run "$T table a")" "0 131072 ploop 2048 1 $D/a.hds" "table line names the file, not the fd"
vm_run "$T pattern-write $dev 1 0 3M && $T pattern-write $dev 2 $((5 << 20)) 4096 && $T pattern-write $dev 3 $((9 << 20 | 4096 * 7)) 8192" >/dev/null
ok $? "full-cluster and partial writes through the device"
like "$(vm_run "$T status a")" '^0 131072 ploop 1 2048 5 6 0 [1-9]' "status: 5 clusters mapped, file of 6 clusters, committed"
is "$(vm_run "$T pattern-verify $dev 1 0 3M; $T pattern-verify $dev 2 $((5 << 20)) 4096")" "ok
ok" "the device reads back what was written"
is "$(vm_run "$T pattern-verify $dev 0 $((5 << 20 | 4096)) 4096 2>&1 | head -1")" "mismatch at $((5 << 20 | 4096))" "pattern-verify fails where the data is not the pattern (zeros)"
vm_run "$T reload a 2048 $D/a.hds" >/dev/null
ok $? "a table reload naming the same top works (the mark of the old table is accepted)"
like "$(vm_run "$T header $D/a.hds")" "$IN_USE" "the mark is kept across the reload"
vm_run "$T pattern-verify $dev 1 0 3M" >/dev/null
ok $? "data still reads after the reload"
like "$(vm_run "$T setup a2 2048 $D/a.hds; dmesg | tail -3")" 'held writable by another device' "a second device on the same top is refused"
vm_run "$T compare a $dev $D/a.hds" >/dev/null
ok $? "the whole device equals the library's read of the image (taken suspended)"
vm_run "$T remove a" >/dev/null
ok $? "remove"
like "$(vm_run "$T header $D/a.hds")" "$NOT_IN_USE flags=0" "the mark and the empty flag are cleared after remove"
vm_run "$T pattern-verify lib 1 0 3M $D/a.hds && $T pattern-verify lib 3 $((9 << 20 | 4096 * 7)) 8192 $D/a.hds" >/dev/null
ok $? "the library reads what was written through the device"
like "$(vm_run "$T libcheck $D/a.hds")" '^matter 0$' "ploop check finds nothing"

# --- v1, path form, concurrent writers ------------------------------------
vm_run "$T create $D/v1.hds 32M 1M v1" >/dev/null
dev=$(vm_run "$T setup v1 path 2048 $D/v1.hds")
like "$dev" '^/dev/dm-[0-9]+$' "a v1 image loads, the kernel opening the path itself"
like "$(vm_run "$T concurrent $dev $((3 << 20)) $((1 << 20)) 5")" '^ok 64 writers$' "64 threads writing one unallocated 1 MiB cluster at once read back intact"
vm_run "$T pattern-write $dev 4 $((7 << 20 | 512)) 4096 && $T remove v1" >/dev/null
vm_run "$T pattern-verify lib 5 $((3 << 20)) 4096 $D/v1.hds && $T pattern-verify lib 4 $((7 << 20 | 512)) 4096 $D/v1.hds" >/dev/null
ok $? "v1 (sector-offset BAT) writes read back by the library"
like "$(vm_run "$T libcheck $D/v1.hds")" '^matter 0$' "v1 image checks clean"

# --- raw base and a 3-delta stack -------------------------------------------
vm_run "$T create $D/base.raw 16M 64K raw && $T lib-write 10 0 16M raw:$D/base.raw && $T create $D/r1.hds 16M 64K" >/dev/null
dev=$(vm_run "$T setup r 128 raw:$D/base.raw $D/r1.hds")
like "$dev" '^/dev/dm-[0-9]+$' "a stack over a raw base loads"
vm_run "$T pattern-verify $dev 10 0 16M" >/dev/null
ok $? "the raw base reads through the empty top"
vm_run "$T pattern-write $dev 11 $((1 << 20 | 4096)) 4096 && $T compare r $dev raw:$D/base.raw $D/r1.hds" >/dev/null
ok $? "a partial write copies the cluster up from the raw base"
vm_run "$T remove r" >/dev/null
is "$(vm_run "$T pattern-verify lib 10 $((1 << 20)) 4096 raw:$D/base.raw $D/r1.hds; $T pattern-verify lib 10 0 16M raw:$D/base.raw")" "ok
ok" "around the copied-up block the top holds the base's data; the base is untouched"

vm_run "$T create $D/s0.hds 64M 64K && $T lib-write 21 0 8M $D/s0.hds && $T create $D/s1.hds 64M 64K && $T lib-write 22 $((2 << 20 | 4096)) 3M $D/s0.hds $D/s1.hds && $T create $D/s2.hds 64M 64K && $T lib-write 23 $((4 << 20 | 100 << 10)) 1M $D/s0.hds $D/s1.hds $D/s2.hds" >/dev/null
ok $? "the library writes different data into each of three deltas"
S="$D/s0.hds $D/s1.hds $D/s2.hds"
dev=$(vm_run "$T setup s 128 $S")
like "$dev" '^/dev/dm-[0-9]+$' "a 3-delta stack loads"
vm_run "$T compare s $dev $S" >/dev/null
ok $? "the device reads what the library reads from the stack"
vm_run "$T pattern-write $dev 24 $((2 << 20 | 8192)) 4096 && $T pattern-write $dev 25 $((30 << 20 | 512)) 1024" >/dev/null
like "$(vm_run "$T concurrent $dev $((40 << 20)) 65536 26")" '^ok 16 writers$' "16 threads writing one unallocated 64 KiB cluster at once"
vm_run "$T compare s $dev $S" >/dev/null
ok $? "after copy-up writes from the middle delta the device still equals the library's read"
vm_run "$T remove s" >/dev/null
vm_run "$T pattern-verify lib 24 $((2 << 20 | 8192)) 4096 $S && $T pattern-verify lib 22 $((2 << 20 | 4096)) 4096 $S" >/dev/null
ok $? "the copied-up cluster keeps the middle delta's data around the new block"
like "$(vm_run "$T libcheck $D/s2.hds")" '^matter 0$' "the top delta checks clean"

# --- ext4 on the device, remount, discard -----------------------------------
vm_run "$T create $D/fs.hds 256M 1M" >/dev/null
dev=$(vm_run "$T setup fs 2048 $D/fs.hds")
vm_run "mkfs.ext4 -q -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 $dev && mkdir -p /mnt/p && mount $dev /mnt/p && for i in 1 2 3; do dd if=/dev/urandom of=/mnt/p/f\$i bs=64k count=80 2>/dev/null; done && (cd /mnt/p && sha256sum f1 f2 f3 > $D/sums) && umount /mnt/p && $T remove fs" 120 >/dev/null
ok $? "mkfs.ext4, files written, unmounted, device removed"
dev=$(vm_run "$T setup fs 2048 $D/fs.hds")
vm_run "mount $dev /mnt/p && cd /mnt/p && sha256sum -c $D/sums && cd /" >/dev/null
ok $? "after a new table the files read back by sha256sum"
before=$(vm_run "du -k $D/fs.hds | cut -f1")
vm_run "rm /mnt/p/f1 /mnt/p/f2 && sync && fstrim /mnt/p && $T flush $dev" 60 >/dev/null
ok $? "fstrim on the mounted file system"
after=$(vm_run "du -k $D/fs.hds | cut -f1")
[ -n "$before" ] && [ -n "$after" ] && [ "$after" -le $((before - 6000)) ]
ok $? "discard punched the freed clusters out of the image (du $before -> $after KiB)"
free=$(vm_run "$T status fs" | awk '{print $8}')
[ "${free:-0}" -ge 6 ]
ok $? "status counts the discarded clusters as free ($free)"
size1=$(vm_run "stat -c %s $D/fs.hds")
vm_run "dd if=/dev/urandom of=/mnt/p/f4 bs=64k count=80 2>/dev/null && sync" 60 >/dev/null
size2=$(vm_run "stat -c %s $D/fs.hds")
is "$size2" "$size1" "a later write reuses the discarded clusters (the file does not grow)"
vm_run "cd /mnt/p && sha256sum -c $D/sums 2>/dev/null | grep -q 'f3: OK' && cd / && umount /mnt/p && $T remove fs" 60 >/dev/null
ok $? "the untouched file is intact, unmount and remove"
like "$(vm_run "$T libcheck $D/fs.hds")" '^matter 0$' "the image checks clean after discard and reuse"

# --- corruption refused at load ---------------------------------------------
vm_run "$T create $D/c.hds 1G 64K && $T lib-write 30 0 256K $D/c.hds" >/dev/null
refused() { # NAME REGEX MANGLE-ARGS...
	local name=$1 re=$2 out
	shift 2
	out=$(vm_run "dmesg -c >/dev/null; cp $D/c.hds $D/x.hds && $T mangle $D/x.hds $* && $T setup x 128 $D/x.hds; echo rc=\$?; dmesg")
	like "$out" "rc=1\$" "$name: the table is refused"
	like "$out" "device-mapper: ploop: $D/x.hds: $re" "$name: kernel says '$re'"
}
refused "bad signature" "bad signature" sig
refused "bad type" "image type is not 2" type 3
refused "cluster size" "cluster size differs" cluster 256
refused "BAT entries" "BAT entries do not match the virtual size" entries 16385
refused "first block offset" "first block offset" first 0
refused "in-use mark" "disk-in-use mark set .*run ploop check" inuse 0x746F6E59
refused "invalid entry" "BAT entry 0 is 0xFFFFFFFF" bat:0 0xFFFFFFFF
refused "entry past EOF" "BAT entry 1 points past end of file" bat:1 100000
refused "entry into BAT" "BAT entry 2 points into the header and BAT" bat:2 1
refused "duplicate entry" "BAT entry 1 names a cluster another entry uses" bat:1 "\$($T mangle $D/x.hds getbat:0)"
out=$(vm_run "dmesg -c >/dev/null; $T setup x len=2097154 128 $D/c.hds; dmesg")
like "$out" "larger than the virtual size" "a device longer than the top's virtual size is refused"
out=$(vm_run "dmesg -c >/dev/null; set --; for i in \$(seq 65); do set -- \"\$@\" $D/c.hds; done; $T setup x ro 128 \"\$@\"; dmesg")
like "$out" "Number of deltas must be 1 to 64" "more than 64 deltas are refused"
out=$(vm_run "dmesg -c >/dev/null; $T setup x 128 $D/c.hds raw:$D/base.raw; dmesg")
like "$out" "raw image can only be the bottom" "a raw image above the bottom is refused"
out=$(vm_run "dmesg -c >/dev/null; $T setup x ro 2048 $D/v1.hds $D/a.hds; dmesg")
like "$out" "signature differs from the deltas below" "a stack mixing v1 and v2 deltas is refused"
like "$(vm_run "$T libcheck $D/c.hds")" '^matter 0$' "refused loads left the original image clean"

# --- resume re-reads images changed while suspended --------------------------
vm_run "$T create $D/g.hds 64M 4K" >/dev/null
dev=$(vm_run "$T setup g 8 $D/g.hds")
vm_run "$T pattern-write $dev 41 0 1M && $T suspend g && $T lib-grow $D/g.hds 128M && $T lib-write 42 $((2 << 20)) 64K $D/g.hds" >/dev/null
ok $? "while suspended the library grows the image (relocating clusters) and writes into it"
vm_run "$T resume g" >/dev/null
ok $? "resume accepts the changed image"
vm_run "$T pattern-verify $dev 41 0 1M && $T pattern-verify $dev 42 $((2 << 20)) 64K" >/dev/null
ok $? "the device reads the relocated clusters and the library's new data"
like "$(vm_run "$T header $D/g.hds")" "$IN_USE" "the mark is set again after the library closed the image"
vm_run "$T pattern-write $dev 43 $((3 << 20)) 64K && $T suspend g && $T mangle $D/g.hds type 7" >/dev/null
out=$(vm_run "dmesg -c >/dev/null; $T resume g; dmesg")
like "$out" "resume failed" "resume fails when the image was corrupted while suspended"
like "$out" "image type is not 2" "the kernel names the cause"
vm_run "$T mangle $D/g.hds type 2 && $T resume g && $T pattern-verify $dev 43 $((3 << 20)) 64K && $T remove g" >/dev/null
ok $? "after repair the resume works and the data written before the suspend is there"
like "$(vm_run "$T libcheck $D/g.hds")" '^matter 0$' "grown image checks clean"

# --- read-only table -----------------------------------------------------------
dev=$(vm_run "$T setup ro ro 2048 $D/a.hds")
like "$dev" '^/dev/dm-[0-9]+$' "a read-only table loads"
like "$(vm_run "$T header $D/a.hds")" "$NOT_IN_USE" "a read-only table sets no in-use mark"
vm_run "$T pattern-verify $dev 1 0 3M" >/dev/null
ok $? "a read-only table reads"
vm_run "$T pattern-write $dev 9 0 4096"
isnt=$?
[ "$isnt" -ne 0 ]
ok $? "a read-only table refuses writes"
vm_run "$T remove ro && $T pattern-verify lib 1 0 3M $D/a.hds" >/dev/null
ok $? "the image is unchanged"
is "$(vm_run 'dmesg | grep -E "BUG|WARNING|Oops|blocked for more than" | head -3; echo end')" 'end' "no kernel warnings"

vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"
done_testing
