#!/usr/bin/env bash
# dm-ploop table-load fuzzing (tests/guest/dmfuzz.c): ITERATIONS mutated
# copies of real images (v1, v2, 4 KiB to 1 MiB clusters, grown, raw-based
# and three-delta stacks, one written through the target itself) have their
# headers, BAT entries, sizes, in-use marks and signatures changed, and
# their tables' cluster size, length, delta order and composition; each is
# loaded, and when the kernel takes it, read (against the library's reading
# of the same files), written, discarded, flushed, suspended (sometimes
# with a file changed meanwhile) and resumed, and removed. A table must be
# refused cleanly (the files unchanged) or work (reads agree, writes read
# back, the image checks no worse afterwards); the kernel log must show no
# BUG, WARNING, Oops, KASAN or lockdep report, and nothing may hang.
#
# ITERATIONS (default 300) and SEED (default: random, printed) set the run;
# the long run: ITERATIONS=20000 prove -v tests/system/54-dm-ploop-fuzz.t.
# A failing iteration I of seed S is replayed alone with SEED=S+I
# ITERATIONS=1.
. "$(dirname "$0")/../lib/vm.sh"
vm_init dm-ploop-fuzz

ITERATIONS=${ITERATIONS:-300}
SEED=${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
vm_node_up 4G dmfuzz
ok $? "the node boots with the dmfuzz tool"
vm_run "dmesg -n 1" >/dev/null	# refusals go to dmesg only, not the console
diag "SEED=$SEED ITERATIONS=$ITERATIONS"

out=$(vm_run "mkdir -p /vz/fz && /usr/libexec/vzhost-test/dmfuzz $SEED $ITERATIONS /vz/fz 2>&1 | grep -E '^(iteration|done|dmfuzz|  finding)' | tail -40" $((600 + ITERATIONS * 3)))
ok $? "the fuzz run ends (no hang)" || diag "$(vm_run 'cat /vz/fz/progress' 10)"
summary=$(printf '%s\n' "$out" | grep '^done ')
diag "$summary"
like "$summary" "^done $ITERATIONS iterations: [1-9][0-9]* refused, [1-9][0-9]* loaded \\([1-9][0-9]* with writes" \
	"the mutated tables were both refused and taken and written"
like "$summary" ' 0 failures$' "every table was refused cleanly or worked"
printf '%s\n' "$out" | grep -E '^(iteration |  finding)' | head -40 | while read -r line; do diag "$line"; done
is "$(vm_run 'dmesg | grep -E "BUG|WARNING|Oops|blocked for more than" | head -5; echo end')" 'end' \
	"no kernel warnings"
is "$(vm_run 'ls /sys/block | grep -c "^dm-"')" 0 "no device left behind"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"
done_testing
