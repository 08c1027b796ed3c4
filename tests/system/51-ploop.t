#!/usr/bin/env bash
# The ploop command in the booted node through the kernel's dm "ploop"
# target: init, mount, data read back by sha256sum; snapshot, write, merge;
# online grow under a background writer; compact returns space after
# deletes; copy while mounted equals the data; a corrupted image is refused
# with a clear message; a leftover temporary snapshot is merged at mount.
. "$(dirname "$0")/../lib/vm.sh"
grep -q dm-ploop "$VM_TOP/kernel-patches/6.1/series" 2>/dev/null ||
	skip_all "the dm-ploop kernel target is not in kernel-patches/6.1/series yet"
vm_init ploop
vm_node_up 4G

D=/vz/private/101/root.hdd
DD=$D/DiskDescriptor.xml
M=/vz/root/101
run() { vm_run "$1" "${2:-120}"; }

run "mkdir -p $D $M" >/dev/null
run "ploop init -s 1G $D/root.hds" 300 >/dev/null; ok $? "ploop init -s 1G (ext4)"
dev=$(run "ploop mount -m $M $DD"); ok $? "ploop mount"
like "$dev" '^/dev/ploop[0-9]+' "mount prints /dev/ploopN"
run "dd if=/dev/urandom of=$M/a bs=1M count=64 2>/dev/null && sync && sha256sum $M/a > /tmp/a.sum" >/dev/null
run "ploop umount $DD && ploop mount -m $M $DD" >/dev/null; ok $? "remount"
run "sha256sum -c /tmp/a.sum" >/dev/null; ok $? "data read back after remount"

g=$(run "ploop snapshot $DD"); ok $? "online snapshot"
run "dd if=/dev/urandom of=$M/b bs=1M count=16 2>/dev/null && sync && sha256sum $M/a $M/b > /tmp/ab.sum" >/dev/null
run "ploop snapshot-merge $DD" 300 >/dev/null; ok $? "online merge of the top into the snapshot"
is "$(run "ploop snapshot-list $DD | wc -l")" 1 "one delta left"
run "sha256sum -c /tmp/ab.sum" >/dev/null; ok $? "data intact after merge"

# A writer copies known data onto the disk while it grows underneath it.
run "dd if=/dev/urandom of=/tmp/src bs=1M count=96 2>/dev/null" >/dev/null
run "rm -f /tmp/bg.done; { { dd if=/tmp/src of=$M/bg bs=64k conv=fsync 2>/dev/null; echo \$? >/tmp/bg.done; } </dev/null >/dev/null 2>&1 & }" >/dev/null
run "ploop resize -s 3G $DD" 600 >/dev/null; ok $? "online grow while a writer runs"
run "while [ ! -f /tmp/bg.done ]; do sleep 1; done" 600 >/dev/null
is "$(run "cat /tmp/bg.done")" 0 "the writer finished without an error"
like "$(run "df -k $M | tail -1")" ' 3[0-9]{6} ' "filesystem grown to ~3G"
run "cmp /tmp/src $M/bg && rm -f /tmp/src" >/dev/null; ok $? "the writer's data is intact after the grow"

before=$(run "du -k $D/root.hds | cut -f1")
run "rm -f $M/bg $M/b && sync" >/dev/null
run "ploop compact $DD" 300 >/dev/null; ok $? "online compact"
after=$(run "du -k $D/root.hds | cut -f1")
[ "$after" -lt $((before - 100000)) ]; ok $? "image shrank by the 112 MiB deleted ($before -> $after KiB)"

run "ploop copy -o /vz/copy.hds $DD" 300 >/dev/null; ok $? "copy while mounted"
is "$(run "ploop snapshot-list $DD | wc -l")" 1 "temporary snapshot merged back"
run "mkdir -p /vz/r /mnt/r && ploop copy -i /vz/copy.hds -d /vz/r && ploop mount -r -m /mnt/r /vz/r/DiskDescriptor.xml && cd /mnt/r && sed 's# $M/# ./#' /tmp/a.sum | sha256sum -c; rc=\$?; cd /; ploop umount /vz/r/DiskDescriptor.xml; (exit \$rc)" 300 >/dev/null
ok $? "the copy holds the same data"

run "ploop umount $DD" >/dev/null; ok $? "umount"
run "ploop snapshot -u {11111111-2222-4333-8444-555555555555} $DD" >/dev/null
run "sed -i 's#<GUID>{11111111-2222-4333-8444-555555555555}</GUID>#&<Temporary/>#' $DD" >/dev/null
out=$(run "ploop mount -m $M $DD 2>&1")
like "$out" 'merging back temporary snapshot' "leftover temporary snapshot merged at mount"
run "sha256sum -c /tmp/a.sum" >/dev/null; ok $? "data intact"
run "ploop umount $DD" >/dev/null

run "printf 'x' | dd of=$D/root.hds bs=1 seek=16 conv=notrunc 2>/dev/null" >/dev/null
out=$(run "ploop mount -m $M $DD 2>&1; echo rc=\$?")
like "$out" 'rc=111' "mount of a corrupted image fails (111)"
like "$out" 'ploop: .*root.hds' "with one line naming the image"
done_testing
