#!/usr/bin/env bash
# Console throughput and keystroke round trip through the holder
# (vzconsoled) against the bare pty, in one guest run; medians of ROUNDS
# interleaved rounds. Targets: throughput ratio >= 0.90; latency is
# reported (p50/p99) with its ratio. tests/bench/console_latency.sh is the same
# run. Each round uses a fresh console so the scrollback starts empty.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-console
ROUNDS=${ROUNDS:-5}
MIB=${MIB:-32}
KEYS=${KEYS:-2000}
B=/usr/libexec/vzhost-test/consolebench

vm_node_up 1G consolebench || { echo "console bench: node did not come up" >&2; exit 1; }
# The last line: kernel messages on the console may come before it.
guest() { vm_run "$1" 600 | tail -1; [ "${PIPESTATUS[0]}" = 0 ] || { echo "console bench: guest command failed: $1" >&2; exit 1; }; }
guest 'dmesg -n 1' >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

load0=$(cut -d' ' -f1-3 /proc/loadavg)
td=() th=() drops=0 l50d=() l99d=() l50h=() l99h=()
for r in $(seq "$ROUNDS"); do
	td+=("$(guest "$B throughput direct $MIB" | awk '{print $1}')")
	read -r t d < <(guest "$B throughput $((1000 + r)) $MIB")
	th+=("$t")
	drops=$((drops + d))
	read -r a b < <(guest "$B latency direct $KEYS")
	l50d+=("$a") l99d+=("$b")
	read -r a b < <(guest "$B latency $((2000 + r)) $KEYS")
	l50h+=("$a") l99h+=("$b")
done
m() { printf '%s\n' "$@" | median; }
tdm=$(m "${td[@]}") thm=$(m "${th[@]}")
a=$(m "${l50d[@]}") b=$(m "${l99d[@]}") c=$(m "${l50h[@]}") d=$(m "${l99h[@]}")
printf 'console_throughput (%s, %d rounds of %d MiB, medians): pty %.1f MiB/s, through vzconsoled %.1f MiB/s, ratio %.2f (target >= 0.90), %d bytes dropped\n' \
	"$(qemu_accel)" "$ROUNDS" "$MIB" "$tdm" "$thm" "$(echo "$thm / $tdm" | bc -l)" "$drops"
printf 'console_latency (%s, %d rounds of %d keys, medians): pty echo p50 %.0f us p99 %.0f us, through vzconsoled p50 %.0f us p99 %.0f us, ratio p50 %.2f p99 %.2f\n' \
	"$(qemu_accel)" "$ROUNDS" "$KEYS" "$a" "$b" "$c" "$d" "$(echo "$c / $a" | bc -l)" "$(echo "$d / $b" | bc -l)"
# Per round and the host's load: TCG numbers swing with what else runs.
echo "rounds: pty ${td[*]}; through vzconsoled ${th[*]} MiB/s; echo p50 pty ${l50d[*]}, through vzconsoled ${l50h[*]} us"
echo "host load average: $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(nproc) cores)"
vm_send poweroff
vm_wait_exit 120 || true
