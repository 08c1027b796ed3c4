#!/usr/bin/env bash
# Cost of the source rules (docs/networking.md) on the packet path: UDP
# datagrams per second received by container 102 (fd00:10::102, a stand-in
# in its own network namespace, tests/guest/ctnetcheck), sent from the node
# and from container 101 (forwarded by the node) through an unconnected
# socket, so that every datagram is routed afresh, in three setups measured
# round by round in one guest:
#   none  - 101 and 102 without source rules (as before the rules existed)
#   own   - ctnet's rules for 101 and 102 only
#   many  - the rules of FAKE more containers (two IPv6 rules each), added
#           before 101 and 102 start, so theirs come last in the list
# The rule list is walked in order: a packet from the node passes every
# container's rules before the local and main lookups, a packet from a
# container passes those of the containers started before it. Ratios are
# against "none"; no target: this measures what density costs.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-ct-net-rules
ROUNDS=${ROUNDS:-3}
FAKE=${FAKE:-500}
SECS=${SECS:-3}
C=/usr/libexec/vzhost-test/ctnetcheck

vm_node_up 256M ctnetcheck || { echo "ct_net_rules: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 600 || { echo "ct_net_rules: guest command failed: $1" >&2; exit 1; }; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

guest 'dmesg -n 1; ip -6 addr add fd00:73::1/128 dev lo'
P101=$(guest '(unshare -n sleep 36000 >/dev/null 2>&1 & echo $!)')
P102=$(guest '(unshare -n sleep 36000 >/dev/null 2>&1 & echo $!)')
up() { guest "$C start 101 $P101 ip=fd00:10::101 && $C start 102 $P102 ip=fd00:10::102"; }
down() { guest "$C stop 101 ip=fd00:10::101 && $C stop 102 ip=fd00:10::102"; }
strip_own() {
	local c
	for c in 101 102; do
		guest "ip -6 rule del pref 1 from fd00:10::$c/128 iif venet$c && ip -6 rule del pref 1 from fe80::/10 iif venet$c && ip -6 rule del pref 2 iif venet$c && ip rule del pref 2 iif venet$c"
	done
	[ "$(guest "$C rules | grep -c 'iif venet10[12]' || true")" = 0 ] ||
		{ echo "ct_net_rules: rules of 101/102 left in setup none" >&2; exit 1; }
}
# rate FROM SRC: datagrams per second that 102 received, sent from SRC by FROM
# (the node, or nsenter into 101).
rate() {
	local n
	guest "(nsenter -t $P102 -n $C udpcount 7400 $((SECS + 2)) >/tmp/cnt 2>&1 &); sleep 1"
	guest "$1 $C udpblast $2 fd00:10::102 7400 $SECS >/dev/null; sleep 2"
	n=$(guest 'cat /tmp/cnt')
	echo $((n / SECS))
}

declare -A node ct
for _ in $(seq "$ROUNDS"); do
	for setup in none own many; do
		if [ "$setup" = many ]; then guest "$C fakerules $FAKE"; fi
		up
		if [ "$setup" = none ]; then strip_own; fi
		node[$setup]+="$(rate '' fd00:73::1) "
		ct[$setup]+="$(rate "nsenter -t $P101 -n" fd00:10::101) "
		down
		if [ "$setup" = many ]; then guest "$C fakerules 0"; fi
	done
done
rules=$(guest "$C fakerules $FAKE && $C rules | grep -c ' iif venet'; $C fakerules 0")
m() { printf '%s\n' $1 | median; }
n_none=$(m "${node[none]}") n_own=$(m "${node[own]}") n_many=$(m "${node[many]}")
c_none=$(m "${ct[none]}") c_own=$(m "${ct[own]}") c_many=$(m "${ct[many]}")
r() { echo "$1 / $2" | bc -l; }
printf 'ct_net_rules (%s, %d rounds of %d s, medians, datagrams/s received by 102):\n' "$(qemu_accel)" "$ROUNDS" "$SECS"
for setup in none own many; do
	printf 'ct_net_rules: rounds %s: from the node %s; from 101 %s\n' "$setup" "${node[$setup]}" "${ct[$setup]}"
done
printf 'ct_net_rules: from the node: none %d, own %d (ratio %.2f), %d more containers (%d rules) %d (ratio %.2f)\n' \
	"$n_none" "$n_own" "$(r "$n_own" "$n_none")" "$FAKE" "$rules" "$n_many" "$(r "$n_many" "$n_none")"
printf 'ct_net_rules: from container 101: none %d, own %d (ratio %.2f), %d more containers %d (ratio %.2f)\n' \
	"$c_none" "$c_own" "$(r "$c_own" "$c_none")" "$FAKE" "$c_many" "$(r "$c_many" "$c_none")"
