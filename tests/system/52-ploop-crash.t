#!/usr/bin/env bash
# Power cuts under dm-ploop: ext4 on a ploop device on the data disk runs a
# write+fsync loop that prints each record once it is durable, deletes the
# record KEEP behind it and trims the file system every TRIM records (so
# discards, punched clusters and their reuse all happen under power cuts,
# and the disk never fills); QEMU is killed hard at a random moment. After
# each reboot the library's check finds at most leaked clusters and the
# disk-in-use mark (never an entry pointing at garbage), and after e2fsck
# the last KEEP records reported synced are there with their content.
# CYCLES (default 5) sets the number of power cuts.
#
# The long run (docs/dm-ploop.md) keeps its data disk and progress in
# STATE, a directory outside out/, so it can span several sittings: killed
# or stopped, it resumes with the same image, the interruption being one
# more power cut, and appends one line per cycle to STATE/progress:
#   STATE=/var/tmp/crash1000 CYCLES=1000 prove -v tests/system/52-ploop-crash.t
. "$(dirname "$0")/../lib/vm.sh"
vm_init ploop-crash

CYCLES=${CYCLES:-5}
T=/usr/libexec/vzhost-test/dmploop
IMG=/vz/c/fs.hds
REC_LEN=40960	# records straddle 4 KiB blocks, clusters are 64 KiB
KEEP=64		# records kept: about 2.5 MiB live on the 256 MiB disk
TRIM=16		# FITRIM every TRIM records

state=${STATE:-$VM_DIR}
mkdir -p "$state"
data=$state/data.img
seed=$VM_DIR/seed.img
vm_guest_tools "$VM_DIR/overlay" dmploop
vm_initrd_with "$VM_DIR/overlay"

# STATE/state holds the password, the last record reported synced, the
# number of cycles done, and running=1 while a cycle's write loop may have
# gone past them (its reports die with an interrupted run).
running=0
save_state() {
	printf 'PASS=%s\nsynced=%s\ndone=%s\nrunning=%s\n' "$PASS" "$synced" "$done" "$running" \
		>"$state/state.new" && mv "$state/state.new" "$state/state"
}

# After a boot: the image's check, its repair, e2fsck, and the last KEEP
# records reported synced read back. After a power cut the image still
# carries the in-use mark; a resumed run may follow a clean end. A run
# interrupted during a write loop cannot know what that loop reported:
# its records are not checked, and the next loop starts past the last one
# on disk.
recover() { # LABEL [clean-ok]
	local label=$1 check bad dev first
	quiet_console
	[ -n "${2:-}" ] ||
		like "$(vm_run "$T header $IMG")" 'in_use=0x746f6e59' "$label: the image still carries the in-use mark"
	check=$(vm_run "$T libcheck $IMG")
	bad=$(printf '%s\n' "$check" | grep -Ev '^(in-use|leaked|matter) ')
	is "$bad" "" "$label: ploop check finds only the in-use mark and leaked clusters"
	[ -z "$bad" ] || diag "$check"
	vm_run "$T libcheck $IMG repair" >/dev/null
	dev=$(vm_run "$T setup c 128 $IMG")
	like "$dev" '^/dev/dm-[0-9]+$' "$label: the checked image loads again"
	vm_run "e2fsck -fy $dev >/dev/null 2>&1; [ \$? -lt 4 ] && mkdir -p /mnt/c && mount $dev /mnt/c" 120 >/dev/null
	ok $? "$label: e2fsck and mount"
	if [ "$running" = 1 ]; then
		synced=$(vm_run "ls /mnt/c | sed -n 's/^rec\.\([0-9]*\)\$/\1/p' | sort -n | tail -1")
		synced=${synced:-0}
		diag "$label: the interrupted loop's reports are lost; the next starts after rec.$synced"
		return
	fi
	first=$((synced > KEEP ? synced - KEEP + 1 : 1))
	check=$(vm_run "$T records-verify /mnt/c $synced $REC_LEN $first" 300)
	is "$check" "$((synced - first + 1)) records checked" \
		"$label: the records $first-$synced reported synced are intact"
	[ "$check" = "$((synced - first + 1)) records checked" ] || diag "$(vm_run 'dmesg | tail -30')"
}

# Kernel warnings under a loaded TCG host ("hrtimer: interrupt took ...")
# must not land inside a command's output: the console shows none (they
# stay in dmesg).
quiet_console() { vm_run 'dmesg -n 1' >/dev/null; }

synced_last() { # the last "synced N" of this cycle in the console log
	tail -c +"$((VM_MARK + 1))" "$VM_DIR/console.log" | tr -d '\r' |
		sed -n 's/^synced \([0-9]*\)$/\1/p' | tail -1
}

if [ -f "$state/state" ]; then
	# shellcheck disable=SC1091 # written by save_state
	. "$state/state"
	diag "resuming in $state after cycle $done (record $synced synced)"
	vm_boot "$data" "" ""
	vm_login root "$PASS"
	ok $? "resume: the node boots after the interruption"
	recover "resume" clean-ok
else
	PASS=$(openssl rand -hex 8)
	synced=0 done=0
	vm_blank_disk "$data" 1G
	: >"$state/progress"
	vm_seed "$seed" 'HOSTNAME="crash-node"' "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'" 'NET_MODE=none'
	vm_boot "$data" "$seed" "vzhost.format=/dev/vda"
	vm_login root "$PASS"
	ok $? "first boot with a fresh data disk"
	quiet_console
	dev=$(vm_run "mkdir -p /vz/c /mnt/c && $T create $IMG 256M 64K && $T setup c 128 $IMG")
	like "$dev" '^/dev/dm-[0-9]+$' "a ploop device over a fresh image on the data disk"
	vm_run "mkfs.ext4 -q $dev && mount $dev /mnt/c" 120 >/dev/null
	ok $? "ext4 on the ploop device"
	save_state
fi

while [ "$done" -lt "$CYCLES" ]; do
	cycle=$((done + 1))
	fails=$TAP_FAILED
	VM_MARK=$(stat -c %s "$VM_DIR/console.log")
	running=1 && save_state
	vm_send "$T fsync-loop /mnt/c $((synced + 1)) $REC_LEN keep=$KEEP trim=$TRIM"
	vm_expect "synced $((synced + 3))" 120
	ok $? "cycle $cycle: the write+fsync loop runs"
	sleep $((RANDOM % 6 + 2))
	# the power cut; what the console log shows at once, and once drained
	kill -9 "$VM_PID" && wait "$VM_PID" 2>/dev/null
	seen=$(synced_last)
	vm_kill
	last=$(synced_last)
	[ "$seen" = "$last" ] || diag "cycle $cycle: the console log showed synced $seen at the cut, $last once drained"
	running=0
	[ -n "$last" ] && [ "$last" -gt "$synced" ]
	ok $? "cycle $cycle: power cut after record $last was reported synced"
	[ -n "$last" ] && [ "$last" -gt "$synced" ] && synced=$last

	vm_boot "$data" "" ""
	vm_login root "$PASS"
	ok $? "cycle $cycle: the node boots after the power cut"
	recover "cycle $cycle"
	done=$cycle
	save_state
	result=ok
	[ "$TAP_FAILED" = "$fails" ] || result=FAILED
	printf '%s cycle %d record %d %s %ds\n' "$(date -u +%FT%TZ)" "$cycle" "$synced" "$result" "$SECONDS" \
		>>"$state/progress"
	diag "cycle $cycle done at ${SECONDS}s"
done

vm_run "umount /mnt/c && $T remove c" 60 >/dev/null
ok $? "unmount and remove"
is "$(vm_run "$T libcheck $IMG | grep -v '^leaked '")" "matter 0" "after a clean remove the image checks clean"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"
[ -z "${STATE:-}" ] || diag "$(grep -c ' ok ' "$state/progress") of $done cycles ok ($state/progress)"
done_testing
