#!/usr/bin/env bash
# Where a busybox container's start and stop --fast spend their time:
# vzctl, vzmon and the container's setup run with VZ_TRACE=FILE
# (lib/ct/trace.h), their lines merged into one timeline per round; the
# median time from the previous step to each step is printed. Not a
# ratio: the map that tests/bench/ct_start.sh's ratio is cut down with.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-ct-trace
ROUNDS=${ROUNDS:-7}

vm_node_up 1G || { echo "ct_trace: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 600 || { echo "ct_trace: guest command failed: $1" >&2; exit 1; }; }

guest 'dmesg -n 1; vzctl create 101 --ostemplate busybox --layout simfs >/dev/null'
guest 'vzctl start 101 >/dev/null && vzctl stop 101 --fast >/dev/null'
rounds=()
for _ in $(seq "$ROUNDS"); do
	rounds+=("$(guest 'rm -f /tmp/trace; export VZ_TRACE=/tmp/trace
		vzctl start 101 >/dev/null && vzctl stop 101 --fast >/dev/null && cat /tmp/trace')")
done
# Per round: lines sorted by time, each step's distance from the one before.
steps() {
	awk -v r="$1" '{ sub(/^vz_trace /, ""); t = $1; $1 = ""; $2 = ""; sub(/^  /, "");
		if (NR > 1) printf "%s\t%d\t%s\n", r, t - prev, $0; prev = t }'
}
report() {
	awk -F'\t' '{ k = $3; if (!(k in seen)) { seen[k] = ++n; name[n] = k } v[k, ++c[k]] = $2 }
	END { for (i = 1; i <= n; i++) { k = name[i]; m = c[k]
		for (a = 1; a <= m; a++) x[a] = v[k, a]
		for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (x[b] < x[a]) { t = x[a]; x[a] = x[b]; x[b] = t }
		med = (m % 2) ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
		printf "  %7.2f ms  %s\n", med / 1000, k; tot += med }
		printf "  %7.2f ms  (sum of medians)\n", tot / 1000 }'
}
# One round's lines in time order; the stop's from vzctl stop's first on
# (the monitor writes its cleanup into the same file).
round() { printf '%s\n' "${rounds[$1]}" | tr -d '\r' | grep '^vz_trace ' | sort -n -k2; }
start_part() { awk '/ vzctl stop: main$/ {exit} {print}'; }
stop_part() { awk '/ vzctl stop: main$/ {on = 1} on'; }
echo "ct_trace ($(qemu_accel), $ROUNDS rounds): start, median ms since the previous step"
for r in "${!rounds[@]}"; do round "$r" | start_part | steps "$r"; done | report
echo "ct_trace: stop --fast, median ms since the previous step"
for r in "${!rounds[@]}"; do round "$r" | stop_part | steps "$r"; done | report
