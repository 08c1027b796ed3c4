#!/usr/bin/env bash
# ploop snapshots, merge and space, in one guest run:
#   - snapshot creation time of a mounted 8 GiB disk vs a mounted 512 MiB
#     disk (target: within 1.1x, i.e. O(1) in the disk size);
#   - snapshot-merge throughput vs a plain copy of the same bytes (the
#     delta file copied with dd and synced; target >= 0.8x);
#   - a fresh image's file size vs the data written into its filesystem,
#     after ploop compact (target <= 1.05x).
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-ploop-snapshot
ROUNDS=${ROUNDS:-5}
MERGE_MIB=${MERGE_MIB:-256}
DATA_MIB=${DATA_MIB:-1024}

IOB=/usr/libexec/vzhost-test/iobench
vm_node_up 16G iobench || { echo "ploop_snapshot: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 900 || { echo "ploop_snapshot: guest command failed: $1" >&2; exit 1; }; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Microseconds a guest command takes, measured in the guest.
timed() { guest "$IOB time sh -c '$1 >/dev/null'" | tail -1; }

# --- snapshot creation: 8 GiB vs 512 MiB, both mounted with files in them --
for d in big small; do
	size=8G
	[ $d = small ] && size=512M
	guest "mkdir -p /vz/bench/$d && ploop init -s $size /vz/bench/$d/root.hds >/dev/null && mkdir -p /vz/bench/mnt-$d && ploop mount -m /vz/bench/mnt-$d /vz/bench/$d/DiskDescriptor.xml >/dev/null"
	guest "dd if=/dev/urandom of=/vz/bench/mnt-$d/fill bs=1M count=128 2>/dev/null && sync"
done
big=() small=()
for r in $(seq "$ROUNDS"); do
	big+=("$(timed "ploop snapshot /vz/bench/big/DiskDescriptor.xml")")
	small+=("$(timed "ploop snapshot /vz/bench/small/DiskDescriptor.xml")")
done
b=$(printf '%s\n' "${big[@]}" | median)
s=$(printf '%s\n' "${small[@]}" | median)
printf 'ploop_snapshot: snapshot of a mounted disk (%s, %d rounds, medians): 8 GiB %.1f ms, 512 MiB %.1f ms, ratio %.2f (target <= 1.10)\n' \
	"$(qemu_accel)" "$ROUNDS" "$(echo "$b / 1000" | bc -l)" "$(echo "$s / 1000" | bc -l)" "$(echo "$b / $s" | bc -l)"
guest "ploop umount -m /vz/bench/mnt-big && ploop umount -m /vz/bench/mnt-small && rm -rf /vz/bench/big /vz/bench/small"

# --- merge vs plain copy of the same bytes ---------------------------------
guest "mkdir -p /vz/bench/m && ploop init -s 2G -t none /vz/bench/m/root.hds >/dev/null && ploop snapshot /vz/bench/m/DiskDescriptor.xml >/dev/null"
dev=$(guest "ploop mount /vz/bench/m/DiskDescriptor.xml" | grep -o '/dev/[^ ]*' | tail -1)
guest "dd if=/dev/urandom of=$dev bs=1M count=$MERGE_MIB oflag=direct 2>/dev/null || dd if=/dev/urandom of=$dev bs=1M count=$MERGE_MIB 2>/dev/null; sync"
guest "ploop umount -d $dev >/dev/null"
top=$(guest "ls -S /vz/bench/m/ | grep '^root.hds.{' | head -1")
copy=$(timed "dd if=/vz/bench/m/$top of=/vz/bench/copy bs=1M 2>/dev/null && sync")
merge=$(timed "ploop snapshot-merge /vz/bench/m/DiskDescriptor.xml && sync")
printf 'ploop_snapshot: merge of %d MiB (%s): snapshot-merge %.2f s, plain copy %.2f s, throughput ratio merge/copy %.2f (target >= 0.80)\n' \
	"$MERGE_MIB" "$(qemu_accel)" "$(echo "$merge / 1000000" | bc -l)" "$(echo "$copy / 1000000" | bc -l)" \
	"$(echo "$copy / $merge" | bc -l)"
guest "rm -rf /vz/bench/m /vz/bench/copy"

# --- fresh image overhead after compact -----------------------------------
guest "mkdir -p /vz/bench/f && ploop init -s 4G /vz/bench/f/root.hds >/dev/null && mkdir -p /vz/bench/mnt-f && ploop mount -m /vz/bench/mnt-f /vz/bench/f/DiskDescriptor.xml >/dev/null"
guest "i=0; while [ \$i -lt $((DATA_MIB / 64)) ]; do dd if=/dev/urandom of=/vz/bench/mnt-f/file\$i bs=1M count=64 2>/dev/null; i=\$((i+1)); done; sync"
guest "ploop compact /vz/bench/f/DiskDescriptor.xml >/dev/null"
used=$(guest "du -k /vz/bench/f/root.hds | cut -f1")
printf 'ploop_snapshot: fresh 4 GiB image after writing %d MiB of files and compact: image %d KiB, ratio %.3f (target <= 1.05)\n' \
	"$DATA_MIB" "$used" "$(echo "$used / ($DATA_MIB * 1024)" | bc -l)"
guest "ploop umount -m /vz/bench/mnt-f >/dev/null"
vm_send poweroff
vm_wait_exit 120 || vm_kill
