#!/usr/bin/env bash
# Start and stop latency of a busybox container (simfs, from the built-in
# template) against the floor: the same namespaces unshared, a cgroup made
# and removed, /bin/true exec'd as the new pid 1 (tests/guest/ctfloor.c).
# Start counts until the container's init runs (vzctl start returns then);
# stop is the clean stop (SIGPWR, busybox init's shutdown) and --fast
# (cgroup.kill). Rounds interleaved in one guest, medians compared.
# Target: ratio at most 1.5. The floor as defined moves its child into the
# cgroup with a cgroup.procs write, a migration that waits for an RCU grace
# period; vzmon's init is born in its cgroup (clone3 CLONE_INTO_CGROUP), so
# the ratio against a floor that does the same (ctfloor floor3) is printed
# too.
#
# Next to it, crun (Debian 12's, with its glibc: scripts/crun.sh) runs the
# same busybox tree as an OCI bundle (tests/bench/ct_crun.json: the same
# namespaces with the same id mapping, the same mounts, a pids limit, a
# seccomp deny list like ours, /sbin/init as the process): `crun run
# --detach` against vzctl start, `crun delete --force` against vzctl stop
# --fast. If crun cannot be had, the bench says why and goes on without.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-ct-start
ROUNDS=${ROUNDS:-7}
C=/usr/libexec/vzhost-test/ctfloor
CR=/usr/libexec/vzhost-test/crun

# crun's tree and the bundle's config into the guest next to ctfloor.
crun_why=
crun_dir=$("$TOP/scripts/crun.sh" 2>"$VM_DIR/crun.log") ||
	crun_why="scripts/crun.sh failed: $(tail -1 "$VM_DIR/crun.log")"
pass=$(openssl rand -hex 8)
vm_blank_disk "$VM_DIR/data.img" 1G
vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$pass")'"
vm_guest_tools "$VM_DIR/overlay" ctfloor
if [ -z "$crun_why" ]; then
	cp -r "$crun_dir" "$VM_DIR/overlay$CR"
	# Every capability but those vzctl drops from a container's bounding set (lib/ct/caps.c).
	caps=$(for c in CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP \
		NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_CHROOT SYS_PTRACE \
		SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE SETFCAP \
		PERFMON BPF CHECKPOINT_RESTORE; do printf '"CAP_%s",' "$c"; done)
	sed "s/@CAPS@/[${caps%,}]/" "$TOP/tests/bench/ct_crun.json" >"$VM_DIR/overlay$CR/config.json.in"
fi
vm_initrd_with "$VM_DIR/overlay"
vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda"
vm_login root "$pass" || { echo "ct_start: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 600 || { echo "ct_start: guest command failed: $1" >&2; exit 1; }; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

guest 'dmesg -n 1; vzctl create 101 --ostemplate busybox --layout simfs >/dev/null && mkdir -p /sys/fs/cgroup/vz'
guest "$C floor >/dev/null && $C floor3 >/dev/null && vzctl start 101 >/dev/null && vzctl stop 101 >/dev/null"
if [ -z "$crun_why" ]; then
	# The bundle: container 102's tree (the same template, its own id range)
	# bound as rootfs; crun run from glibc's loader linked where crun expects it.
	guest "vzctl create 102 --ostemplate busybox --layout simfs >/dev/null && vzctl mount 102 >/dev/null"
	guest "mkdir -p /lib64 /vz/crun/bundle/rootfs && ln -sf $CR/ld-linux-x86-64.so.2 /lib64/"
	guest "mount --bind /vz/root/102 /vz/crun/bundle/rootfs"
	uid=$(guest "sed -n 's/^LOCAL_UID=\"*\([0-9]*\)\"*/\1/p' /etc/vz/conf/102.conf")
	gid=$(guest "sed -n 's/^LOCAL_GID=\"*\([0-9]*\)\"*/\1/p' /etc/vz/conf/102.conf")
	guest "sed -e s/@UID@/$uid/ -e s/@GID@/$gid/ $CR/config.json.in >/vz/crun/bundle/config.json"
	# Its stderr (and the container init's) kept off the console the bench reads.
	crun() { echo "LD_LIBRARY_PATH=$CR $C time $CR/crun $* 2>>/tmp/crun.err"; }
	if ! vm_run "$(crun run --detach --bundle /vz/crun/bundle bench) && $(crun delete --force bench)" 600 >/dev/null; then
		crun_why="crun run in the guest failed: $(vm_run 'tail -3 /tmp/crun.err' | tr '\n' ' ')"
	fi
fi
# Each timed command after a settle: a namespace's teardown finishes in a
# kernel worker after its last process is gone, and must not be billed to
# whatever is timed next.
timed() { guest "sleep 0.5; $1"; }
fs=() fp=() f3=() cs=() cp=() cf=() rs=() rf=()
for _ in $(seq "$ROUNDS"); do
	read -r a b <<<"$(timed "$C floor")"
	fs+=("$a") fp+=("$b")
	read -r a b <<<"$(timed "$C floor3")"
	f3+=("$a")
	cs+=("$(timed "$C time vzctl start 101")")
	cp+=("$(timed "$C time vzctl stop 101")")
	guest "vzctl start 101 >/dev/null"
	cf+=("$(timed "$C time vzctl stop 101 --fast")")
	if [ -z "$crun_why" ]; then
		rs+=("$(timed "$(crun run --detach --bundle /vz/crun/bundle bench)")")
		rf+=("$(timed "$(crun delete --force bench)")")
	fi
done
m() { printf '%s\n' "$@" | median; }
f_start=$(m "${fs[@]}") f_stop=$(m "${fp[@]}") f3_start=$(m "${f3[@]}")
c_start=$(m "${cs[@]}") c_stop=$(m "${cp[@]}") c_fast=$(m "${cf[@]}")
r() { echo "$1 / $2" | bc -l; }
printf 'ct_start (%s, %d rounds, medians): floor start %.1f ms, stop %.1f ms\n' \
	"$(qemu_accel)" "$ROUNDS" "$(r "$f_start" 1000)" "$(r "$f_stop" 1000)"
printf 'ct_start: busybox start %.1f ms, ratio %.2f (target <= 1.50)\n' "$(r "$c_start" 1000)" "$(r "$c_start" "$f_start")"
printf 'ct_start: floor born in its cgroup (clone3) start %.1f ms, busybox start against it: ratio %.2f\n' \
	"$(r "$f3_start" 1000)" "$(r "$c_start" "$f3_start")"
printf 'ct_start: busybox stop (clean) %.1f ms, ratio %.2f (target <= 1.50)\n' "$(r "$c_stop" 1000)" "$(r "$c_stop" "$f_stop")"
printf 'ct_start: busybox stop --fast %.1f ms, ratio %.2f (target <= 1.50)\n' "$(r "$c_fast" 1000)" "$(r "$c_fast" "$f_stop")"
if [ -n "$crun_why" ]; then
	echo "ct_start: crun not compared: $crun_why"
	exit 0
fi
r_start=$(m "${rs[@]}") r_fast=$(m "${rf[@]}")
printf 'ct_start: crun %s run --detach %.1f ms (vzctl start / crun %.2f), delete --force %.1f ms (vzctl stop --fast / crun %.2f)\n' \
	"$(sed -n "s/^PINS='crun \([^ ]*\) .*/\1/p" "$TOP/scripts/crun.sh")" \
	"$(r "$r_start" 1000)" "$(r "$c_start" "$r_start")" "$(r "$r_fast" 1000)" "$(r "$c_fast" "$r_fast")"
