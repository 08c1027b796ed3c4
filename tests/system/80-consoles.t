#!/usr/bin/env bash
# Container consoles (docs/consoles.md) with fakect, a stand-in container
# that takes its console slave from vzconsoled as the runtime's monitor does:
# attach before start, two viewers, scrollback replay on reattach, a stalled
# viewer, and a restart of the holder under running containers. Background
# viewers run in a subshell: the interactive login shell must not track
# them as jobs (busybox ash lost its terminal when such a job was killed).
. "$(dirname "$0")/../lib/vm.sh"
vm_init consoles
F=/usr/libexec/vzhost-test/fakect

vm_node_up 1G fakect
ok $? "node up with fakect"
vm_run 'vzsvc status vzconsoled | grep -q running'
ok $? "vzconsoled runs as a service"
is "$(vm_run 'stat -c %a /run/vzhost/console.sock')" 600 "the console socket is root only"

vm_run "(vzconsole -r 101 </dev/null >/tmp/a1 2>&1 & sleep 1; $F 101 sh -c 'echo BOOT-FIRST-101; echo second'; sleep 1; kill \$!)"
vm_run "sed -n 2p /tmp/a1 | grep -q '^BOOT-FIRST-101'"
ok $? "a viewer attached before the start sees the first byte the container writes"

vm_run "(vzconsole -rq 102 </dev/null >/tmp/b1 & v1=\$!; vzconsole -rq 102 </dev/null >/tmp/b2 & v2=\$!; sleep 1; $F 102 sh -c 'seq 1 3000'; sleep 2; kill \$v1 \$v2)"
vm_run "cmp /tmp/b1 /tmp/b2 && tail -1 /tmp/b1 | grep -q '^3000'"
ok $? "two viewers see the same bytes"

vm_run "(sleep 1; printf '\\033.') | vzconsole 101 >/tmp/c1 2>&1; echo rc=\$?" | grep -q 'rc=0'
ok $? "Esc . detaches (exit status 0)"
vm_run "grep -q BOOT-FIRST-101 /tmp/c1 && grep -q second /tmp/c1"
ok $? "reattaching replays the scrollback"
vm_run "dmesg | grep -q 'console 101: attach read-write by uid 0'"
ok $? "the attach is logged with who and which container"

vm_run "(vzconsole -rq 103 </dev/null | sleep 600 & vzconsole -rq 103 </dev/null >/tmp/d2 & v2=\$!; sleep 1; s=\$(date +%s); $F 103 sh -c 'head -c 10000000 /dev/zero; echo; echo DONE-103'; echo took \$((\$(date +%s) - s)) > /tmp/d3; sleep 2; kill \$v2)" 240
ok $? "a container writes 10 MB while one viewer stops reading"
diag "$(vm_run 'cat /tmp/d3')"
vm_run "tail -c 200 /tmp/d2 | grep -q DONE-103"
ok $? "the other viewer is not held back"
vm_run "[ \$(cut -d' ' -f2 /tmp/d3) -lt 120 ]"
ok $? "the writer was not stalled"

vm_run "($F 104 sh -c 'i=0; while [ \$i -lt 25 ]; do echo tick-\$i; i=\$((i+1)); sleep 0.2; done; echo END-104' >/tmp/e0 2>&1 & echo \$! >/tmp/e.pid; sleep 1; vzsvc restart vzconsoled >/dev/null; sleep 1)"
vm_run 'kill -0 $(cat /tmp/e.pid)'
ok $? "a container keeps running through a restart of vzconsoled"
vm_run 'for i in $(seq 30); do kill -0 $(cat /tmp/e.pid) 2>/dev/null || break; sleep 1; done; ! kill -0 $(cat /tmp/e.pid) 2>/dev/null' 60
ok $? "and finishes: its console writes were not hung"
vm_run "(vzconsole -rq 104 </dev/null >/tmp/e1 & sleep 2; kill \$!; grep -q tick-0 /tmp/e1 && grep -q END-104 /tmp/e1)"
ok $? "after the restart the console is reachable, scrollback from before the restart kept"
vm_run "(vzconsole -rq 101 </dev/null >/tmp/e2 & sleep 1; kill \$!; grep -q BOOT-FIRST-101 /tmp/e2)"
ok $? "consoles of stopped containers survive the restart too"

vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"
done_testing
