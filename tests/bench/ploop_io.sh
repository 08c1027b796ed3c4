#!/usr/bin/env bash
# ploop I/O against its peers, all in one guest run on the same data disk:
# O_DIRECT sequential 1 MiB and random 4 KiB reads and writes on
#   - a ploop device (dm-ploop) over an expanded image on /vz,
#   - the kernel loop device (direct I/O) over a raw preallocated file,
#   - that raw file itself.
# Rounds are interleaved and medians compared (the machine is noisy).
# Targets: ploop >= 0.95x raw sequential, >= 0.9x raw random on allocated
# clusters, >= 0.7x raw while the image grows.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-ploop-io
ROUNDS=${ROUNDS:-3}
SEQ_MIB=${SEQ_MIB:-512}
RAND_MIB=${RAND_MIB:-32}
IOB=/usr/libexec/vzhost-test/iobench

vm_node_up 8G iobench || { echo "ploop_io: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 600 || { echo "ploop_io: guest command failed: $1" >&2; exit 1; }; }

# Raw file, allocated by writing it once; a direct-I/O loop device over it.
guest "mkdir -p /vz/bench && truncate -s ${SEQ_MIB}M /vz/bench/raw.img && $IOB seqwrite /vz/bench/raw.img $SEQ_MIB >/dev/null"
loopdev=$(guest "losetup -f")
guest "losetup $loopdev /vz/bench/raw.img"
guest "$IOB loop-dio $loopdev"
# A fresh expanded ploop image of the same size, no filesystem.
guest "mkdir -p /vz/bench/ploop && ploop init -s ${SEQ_MIB}M -t none /vz/bench/ploop/root.hds >/dev/null"
pdev=$(guest "ploop mount /vz/bench/ploop/DiskDescriptor.xml" | grep -o '/dev/[^ ]*' | tail -1)
[ -n "$pdev" ] || { echo "ploop_io: ploop mount printed no device" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
speed() { guest "$IOB $1 $2 $3" | awk '{print $2}'; } # WORKLOAD PATH MIB -> MiB/s

# The image grows: the first write of every cluster allocates it. The peer
# is a raw file growing the same way (a fresh sparse file written once),
# and, for reference, the allocated raw file.
guest "truncate -s ${SEQ_MIB}M /vz/bench/fresh.img"
grow=$(speed seqwrite "$pdev" "$SEQ_MIB")
rawgrow=$(speed seqwrite /vz/bench/fresh.img "$SEQ_MIB")
rawalloc=$(speed seqwrite /vz/bench/raw.img "$SEQ_MIB")
guest "rm -f /vz/bench/fresh.img"
printf 'ploop_io: growing image seqwrite (%s, MiB/s): ploop %s, growing raw file %s, allocated raw file %s; ratio ploop/growing raw %.2f (target >= 0.70), ploop/allocated raw %.2f\n' \
	"$(qemu_accel)" "$grow" "$rawgrow" "$rawalloc" "$(echo "$grow / $rawgrow" | bc -l)" "$(echo "$grow / $rawalloc" | bc -l)"

declare -A res
for w in seqread seqwrite randread randwrite; do
	mib=$SEQ_MIB
	case $w in rand*) mib=$RAND_MIB ;; esac
	for r in $(seq "$ROUNDS"); do
		res[$w.raw]+="$(speed $w /vz/bench/raw.img $mib) "
		res[$w.loop]+="$(speed $w "$loopdev" $mib) "
		res[$w.ploop]+="$(speed $w "$pdev" $mib) "
	done
done
guest "ploop umount -d $pdev >/dev/null; losetup -d $loopdev"

for w in seqread seqwrite randread randwrite; do
	raw=$(printf '%s\n' ${res[$w.raw]} | median)
	loop=$(printf '%s\n' ${res[$w.loop]} | median)
	pl=$(printf '%s\n' ${res[$w.ploop]} | median)
	target=0.95
	case $w in rand*) target=0.90 ;; esac
	printf 'ploop_io: %-9s (%s, %d rounds, medians, MiB/s): raw file %s, loop %s, ploop %s; ratio ploop/raw %.2f (target >= %s), ploop/loop %.2f\n' \
		"$w" "$(qemu_accel)" "$ROUNDS" "$raw" "$loop" "$pl" "$(echo "$pl / $raw" | bc -l)" "$target" \
		"$(echo "$pl / $loop" | bc -l)"
done
vm_send poweroff
vm_wait_exit 120 || vm_kill
