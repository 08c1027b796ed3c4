#!/usr/bin/env bash
# A container's state and lock (docs/containers-design.md, "Locks"; docs/
# security.md, "Container state and locks"): commands that change a
# container read its config under its lock (parallel set --save all land,
# a set queued behind a destroy brings no config back), a waiter names the
# lock's holder, the monitor of an instance that a start has replaced
# leaves the new one alone, a config moved in with ids that are the
# node's or another container's does not start, a pid file naming an
# unrelated node process is neither believed nor signalled. Also: create
# without --ostemplate takes DEF_OSTEMPLATE (busybox), and a template
# without /sbin/init is refused.
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-locking
vm_node_up 2G || bail_out "no login"
vm_run 'dmesg -n 1' >/dev/null

# --- create as a new user would: no --ostemplate ------------------------------
vm_run 'vzctl create 101 --layout simfs' 120 >/dev/null
ok $? "vzctl create 101 without --ostemplate"
is "$(vm_run 'grep ^OSTEMPLATE= /etc/vz/conf/101.conf')" 'OSTEMPLATE="busybox"' \
	"takes vz.conf's DEF_OSTEMPLATE, the built-in busybox template"
vm_run 'vzctl start 101' 120 >/dev/null
ok $? "and the container starts"
vm_run 'mkdir -p /tmp/noinit/etc && echo x >/tmp/noinit/etc/x && tar -C /tmp/noinit -czf /vz/template/cache/noinit.tar.gz .' >/dev/null
out=$(vm_run 'vzctl create 109 --ostemplate noinit --layout simfs 2>&1'); rc=$?
[ "$rc" != 0 ]; ok $? "a template without /sbin/init is refused"
like "$out" 'CT 109: OS template noinit has no /sbin/init' "saying why"
is "$(vm_run 'ls /vz/private/109 /etc/vz/conf/109.conf 2>&1 | grep -c "No such"')" 2 \
	"and nothing of it is left"

# --- parallel set --save: every update lands --------------------------------
# Ten settings of different keys at once; each vzctl reads the config under
# the lock, so none writes back a copy that misses another's change.
storm='--cpuunits 1234|--numproc 777|--hostname storm1|--description storm|--onboot yes|--stop-timeout 42|--nameserver 10.9.9.9|--cpus 1|--swap 1G|--ram 700M'
want='CPUUNITS="1234" NUMPROC="777:777" HOSTNAME="storm1" DESCRIPTION="storm" ONBOOT="yes" STOP_TIMEOUT="42" NAMESERVER="10.9.9.9" CPUS="1" SWAPPAGES="0:262144" PHYSPAGES="0:179200"'
landed() { # FILE: how many of the ten values it holds
	vm_run "n=0; for kv in \$(echo '$want'); do grep -qxF \"\$kv\" $1 && n=\$((n + 1)); done; echo \$n"
}
vm_run 'cp /etc/vz/conf/101.conf /tmp/101.before' >/dev/null
is "$(landed /tmp/101.before)" 0 "control: the probe finds none of the ten values before"
vm_run "(IFS='|'; for a in \$(echo '$storm'); do (IFS=' '; vzctl set 101 \$a --save >/dev/null 2>>/tmp/storm.err || echo fail >>/tmp/storm.err) & done; wait)" 180 >/dev/null
is "$(landed /etc/vz/conf/101.conf)" 10 "ten parallel vzctl set --save of different keys: all ten are saved"
is "$(vm_run 'cat /tmp/storm.err 2>/dev/null')" "" "and every one succeeded"
is "$(vm_run 'cat /sys/fs/cgroup/vz/101/memory.max /sys/fs/cgroup/vz/101/pids.max')" "734003200
777" "and was applied to the running container"

# --- a waiter names the holder; set queued behind destroy ---------------------
# destroy of 102 (a private area of 20000 files) is stopped while it holds
# the lock, before it renames the config away.
vm_run 'vzctl create 102 --layout simfs >/dev/null && mkdir /vz/private/102/junk && cd /vz/private/102/junk && seq 20000 | xargs touch; cd /' 300 >/dev/null
ok $? "102: a stopped container with 20000 files"
is "$(vm_run 'test -e /etc/vz/conf/102.conf && echo there')" there "control: the probe sees 102's config"
vm_run '(vzctl destroy 102 >/tmp/destroy.out 2>&1 &); for i in $(seq 1000); do grep -q "vzctl destroy" /vz/lock/102.lck 2>/dev/null && break; sleep 0.01; done; kill -STOP $(cut -d" " -f1 /vz/lock/102.lck)' >/dev/null
dpid=$(vm_run 'cut -d" " -f1 /vz/lock/102.lck')
like "$(vm_run 'cat /vz/lock/102.lck')" "^$dpid [0-9]+ vzctl destroy\$" "the lock file records its holder: pid, start time, command"
is "$(vm_run 'test -e /etc/vz/conf/102.conf && echo there')" there "destroy holds the lock, the config not yet renamed"
out=$(vm_run 'vzctl set 102 --description A --save 2>&1' 90); rc=$?
is "$rc" 1 "a set that finds the lock held 30 s gives up (exit 1)"
is "$out" "vzctl: CT 102: locked by vzctl destroy (pid $dpid); waited 30 s" "and names the holder"
# The next set opens the lock file (in the old order it had read the
# config by then), then destroy goes on.
vm_run '(vzctl set 102 --description B --save >/tmp/setb.out 2>&1; echo $? >/tmp/setb.rc) & for i in $(seq 1000); do [ "$(ls -l /proc/[0-9]*/fd 2>/dev/null | grep -c /vz/lock/102.lck)" -ge 2 ] && break; sleep 0.01; done; kill -CONT '"$dpid"'; for i in $(seq 600); do test -e /tmp/setb.rc && break; sleep 0.1; done' 120 >/dev/null
is "$(vm_run 'cat /tmp/setb.rc')" 11 "the set queued behind destroy finds no container (exit 11)"
like "$(vm_run 'cat /tmp/setb.out')" 'CT 102: does not exist' "and says so"
is "$(vm_run 'test -e /etc/vz/conf/102.conf && echo back; test -e /etc/vz/conf/102.conf.destroyed && echo destroyed')" destroyed \
	"no config came back; 102 stays destroyed"

# --- poweroff inside, then start, while the old monitor is held back ----------
# The old monitor is stopped before the poweroff, so the start comes between
# the init's end and the monitor's cleanup, every time.
mon=$(vm_run 'cat /run/vzhost/ct/101.mon')
old=$(vm_run 'cat /run/vzhost/ct/101.pid')
vm_run "kill -STOP $mon; vzctl exec 101 'poweroff -f' >/dev/null 2>&1; for i in \$(seq 100); do grep -q '^State:.*Z' /proc/$old/status && break; sleep 0.1; done" 60 >/dev/null
is "$(vm_run 'vzctl status 101')" "CTID 101 exist mounted down" "poweroff inside: the init is gone (its monitor, held back, has not cleaned up)"
vm_run 'vzctl start 101' 120 >/dev/null
ok $? "vzctl start 101 meanwhile"
new=$(vm_run 'cat /run/vzhost/ct/101.pid')
vm_run "kill -CONT $mon; for i in \$(seq 300); do kill -0 $mon 2>/dev/null || break; sleep 0.1; done; kill -0 $mon 2>/dev/null" >/dev/null
ok $((! $?)) "the old monitor, let go, exits"
is "$(vm_run 'vzctl status 101')" "CTID 101 exist mounted running" "the new instance survives the old monitor"
vm_run "kill -0 $new && test -d /sys/fs/cgroup/vz/101 && vzctl exec 101 true" >/dev/null
ok $? "its init ($new, was $old), cgroup and commands all there"
like "$(vm_run 'dmesg | grep "vzmon: CT 101"')" 'CT 101: ended by another command; leaving it alone' \
	"the old monitor says it left the container alone"
# Control: the same again, with the generation put back to the old
# monitor's (the check switched off): its cleanup then kills the new instance.
mon=$(vm_run 'cat /run/vzhost/ct/101.mon')
old=$(vm_run 'cat /run/vzhost/ct/101.pid')
vm_run "kill -STOP $mon; vzctl exec 101 'poweroff -f' >/dev/null 2>&1; for i in \$(seq 100); do grep -q '^State:.*Z' /proc/$old/status && break; sleep 0.1; done" 60 >/dev/null
gen=$(vm_run 'cat /run/vzhost/ct/101.gen')
vm_run 'vzctl start 101' 120 >/dev/null
vm_run "echo $gen >/run/vzhost/ct/101.gen; kill -CONT $mon; for i in \$(seq 300); do kill -0 $mon 2>/dev/null || break; sleep 0.1; done" 60 >/dev/null
vm_run 'vzctl exec 101 true' >/dev/null
ok $((! $?)) "control: with the generation check defeated, the old monitor's cleanup kills the new instance"
vm_run 'vzctl stop 101 >/dev/null; vzctl start 101' 120 >/dev/null
ok $? "101 stops and starts again after that"

# --- configs moved in from elsewhere --------------------------------------------
# 103 made here, its config moved away and back as a moved-in one would be:
# unchanged it starts (the control); with ids that are root's, the node's or
# 101's, start refuses and starts nothing.
vm_run 'vzctl create 103 --layout simfs >/dev/null && cp /etc/vz/conf/103.conf /tmp/103.good' 120 >/dev/null
ok $? "103 created"
moved() { # SED: 103.conf from the good copy, edited
	vm_run "sed '$1' /tmp/103.good >/etc/vz/conf/103.conf"
}
refused() { # WHY-REGEX NAME
	local out rc
	out=$(vm_run 'vzctl start 103 2>&1'); rc=$?
	is "$rc" 3 "$2: start refuses (exit 3)"
	like "$out" "$1" "$2: naming the file, the key and the cause"
	is "$(vm_run 'vzctl status 103; ls -d /sys/fs/cgroup/vz/103 2>/dev/null')" "CTID 103 exist unmounted down" \
		"$2: nothing started"
}
uid101=$(vm_run "sed -n 's/^LOCAL_UID=\"*\([0-9]*\)\"*/\1/p' /etc/vz/conf/101.conf")
gid101=$(vm_run "sed -n 's/^LOCAL_GID=\"*\([0-9]*\)\"*/\1/p' /etc/vz/conf/101.conf")
moved 's/^LOCAL_UID=.*/LOCAL_UID="0"/; s/^LOCAL_GID=.*/LOCAL_GID="0"/'
refused 'CT 103: /etc/vz/conf/103.conf: LOCAL_UID=0: the container.s root would be the node.s root' "LOCAL_UID=0"
moved "s/^LOCAL_UID=.*/LOCAL_UID=\"$uid101\"/"
refused "CT 103: /etc/vz/conf/103.conf: LOCAL_UID=$uid101: overlaps CT 101's ids" "LOCAL_UID of CT 101"
moved "s/^LOCAL_UID=.*/LOCAL_UID=\"$((uid101 + 1000))\"/"
refused "LOCAL_UID=$((uid101 + 1000)): overlaps CT 101's ids" "a range overlapping CT 101's in part"
moved "s/^LOCAL_GID=.*/LOCAL_GID=\"$gid101\"/"
refused "CT 103: /etc/vz/conf/103.conf: LOCAL_GID=$gid101: overlaps CT 101's ids" "LOCAL_GID of CT 101 (uid range its own)"
moved 's/^LOCAL_UID=.*/LOCAL_UID="1000"/'
refused 'LOCAL_UID=1000: ids below 65536 are the node.s own' "LOCAL_UID=1000"
vm_run 'cp /etc/passwd /tmp/passwd.orig && echo "svc:x:5000001:5000001::/:/bin/false" >>/etc/passwd' >/dev/null
moved 's/^LOCAL_UID=.*/LOCAL_UID="5000000"/'
refused "LOCAL_UID=5000000: its range holds 5000001, the node's user svc \(/etc/passwd\)" "a range holding a node user's uid"
vm_run 'cp /tmp/passwd.orig /etc/passwd' >/dev/null
vm_run 'cp /tmp/103.good /etc/vz/conf/103.conf && vzctl start 103' 120 >/dev/null
ok $? "control: the same config with its own free range starts"
vm_run 'vzctl stop 103' 60 >/dev/null

# --- a stale pid file naming an unrelated node process ---------------------------
vm_run 'sleep 1000 >/dev/null 2>&1 & echo $! >/tmp/sleep.pid' >/dev/null
p=$(vm_run 'cat /tmp/sleep.pid')
vm_run "for s in mon pid; do echo $p >/run/vzhost/ct/103.\$s; echo 12345 >/run/vzhost/ct/103.\$s.start; done" >/dev/null
is "$(vm_run 'vzctl status 103')" "CTID 103 exist unmounted down" \
	"103's pid files name node process $p with another start time: not running"
is "$(vm_run 'vzlist -a -H -o status 103')" "stopped" "vzlist agrees"
vm_run 'vzctl stop 103 && vzctl start 103 && vzctl stop 103' 120 >/dev/null
ok $? "stop, start and stop of 103 work past the stale files"
vm_run "kill -0 $p" >/dev/null
ok $? "and node process $p was never signalled"
vm_run "rm -f /run/vzhost/ct/103.*; for s in mon pid; do echo $p >/run/vzhost/ct/103.\$s; cut -d' ' -f22 /proc/$p/stat >/run/vzhost/ct/103.\$s.start; done" >/dev/null
is "$(vm_run 'vzctl status 103')" "CTID 103 exist unmounted running" \
	"control: with its own start time beside it, the same pid is taken for 103's init"
vm_run 'vzctl stop 103' 90 >/dev/null
vm_run "for i in \$(seq 50); do kill -0 $p 2>/dev/null || break; sleep 0.1; done; kill -0 $p" >/dev/null
ok $((! $?)) "control: and stop then signals it (the probe sees a signal)"

# --- vzlist -j through the one JSON writer ----------------------------------------
is "$(vm_run 'vzlist -j -o ctid,status,hostname,numproc.l,cpus 101')" '[
  {"ctid": 101, "status": "running", "hostname": "storm1", "numproc.l": 777, "cpus": 1}
]' "vzlist -j: the same layout as before"
done_testing
