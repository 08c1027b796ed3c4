#!/usr/bin/env bash
# Container networking (lib/ctnet.h): routed venet-like addresses and bridged
# NETIFs. Containers are stand-ins: a process in its own network namespace
# (unshare -n) that tests/guest/ctnetcheck hands to ctnet_start, as the
# container monitor does. Every address lives inside the guest.
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-net

C=/usr/libexec/vzhost-test/ctnetcheck
vm_node_up 256M ctnetcheck
ok $? "node boots and root logs in"

HOST=$(vm_run "ip -4 addr show eth0" | sed -n 's/.*inet \([0-9.]*\)\/.*/\1/p' | head -1)
[ -n "$HOST" ] || bail_out "the node has no IPv4 address on eth0"
fake_ct() { vm_run '(unshare -n sleep 900 >/dev/null 2>&1 & echo $!)'; }
in_ct() { local pid=$1; shift; vm_run "nsenter -t $pid -n $*" 30; }
# quiet ping: 0 when answered
ping_ok() { vm_run "$1 ping -c 1 -W 2 $2 >/dev/null 2>&1" 30 >/dev/null; }

# --- routed mode ----------------------------------------------------------------
P101=$(fake_ct) P102=$(fake_ct)
vm_run "$C start 101 $P101 ip=10.10.0.101 ip=fd00:10::101" >/dev/null
ok $? "ctnet_start: CT 101 with 10.10.0.101 and fd00:10::101"
vm_run "$C start 102 $P102 ip=10.10.0.102/24 ip=fd00:10::102" >/dev/null
ok $? "ctnet_start: CT 102 with 10.10.0.102/24 (prefix ignored) and fd00:10::102"

like "$(in_ct $P101 ip addr show venet0)" 'inet 10\.10\.0\.101/32' "container side is venet0 with the address as /32"
like "$(in_ct $P101 ip route)" 'default via 169\.254\.0\.1 dev venet0' "container default route via 169.254.0.1"
like "$(in_ct $P101 ip -6 route)" 'default via fe80::1 dev venet0' "container IPv6 default route via fe80::1"
like "$(vm_run 'ip route show 10.10.0.102')" '10\.10\.0\.102 dev venet102' "host route to 10.10.0.102/32 via venet102"
is "$(vm_run 'cat /proc/sys/net/ipv4/conf/venet101/rp_filter /proc/sys/net/ipv4/ip_forward' | tr '\n' ' ')" \
	"1 1 " "strict rp_filter on venet101, IPv4 forwarding on"
eth0=$(vm_run 'cat /sys/class/net/eth0/ifindex')
px=$(vm_run "$C proxies")
like "$px" "^$eth0 10\.10\.0\.101\$" "proxy ARP entry for 10.10.0.101 on the uplink"
like "$px" "$eth0 fd00:10::102" "proxy NDP entry for fd00:10::102 on the uplink"

ping_ok "" 10.10.0.101; ok $? "host pings container 101"
ping_ok "nsenter -t $P101 -n" "$HOST"; ok $? "container 101 pings the host ($HOST)"
ping_ok "nsenter -t $P101 -n" 10.10.0.102; ok $? "container 101 pings container 102"
ping_ok "nsenter -t $P102 -n" fd00:10::101; ok $? "container 102 pings container 101 over IPv6"

vm_run "(nsenter -t $P101 -n nc -l -p 7301 >/tmp/tcp1 2>&1 &)" >/dev/null
sleep 1
vm_run "echo to-container | nc -w 3 10.10.0.101 7301" >/dev/null
sleep 1
is "$(vm_run 'cat /tmp/tcp1')" "to-container" "TCP host -> container"
vm_run "(nc -l -p 7302 >/tmp/tcp2 2>&1 &)" >/dev/null
sleep 1
in_ct $P101 "sh -c 'echo to-host | nc -w 3 $HOST 7302'" >/dev/null
sleep 1
is "$(vm_run 'cat /tmp/tcp2')" "to-host" "TCP container -> host"

# --- anti-spoofing ------------------------------------------------------------
# udp_from PID SRC DST PORT: a datagram from SRC inside PID's namespace; prints
# what the listener at DST (host, or container 102) received.
udp_from() {
	local where=$5
	vm_run "rm -f /tmp/udp; ($where nc -u -l -p $4 >/tmp/udp 2>&1 &); sleep 1" >/dev/null
	in_ct "$1" "sh -c 'echo from-$2 | nc -u -w 1 -s $2 $3 $4'" >/dev/null
	sleep 1
	vm_run 'cat /tmp/udp; pkill -x nc; true' | head -1
}
is "$(udp_from $P101 10.10.0.101 "$HOST" 7311 '')" "from-10.10.0.101" "UDP from the container's own address reaches the host"
in_ct $P101 ip addr add 10.10.0.199/32 dev venet0 >/dev/null
in_ct $P101 ip addr add 10.10.0.102/32 dev venet0 >/dev/null
is "$(udp_from $P101 10.10.0.199 "$HOST" 7312 '')" "" "spoofed source 10.10.0.199 does not reach the host"
is "$(udp_from $P101 10.10.0.102 "$HOST" 7313 '')" "" "container 101 using 102's address does not reach the host"
is "$(udp_from $P101 10.10.0.199 10.10.0.102 7314 "nsenter -t $P102 -n")" "" \
	"spoofed source does not reach container 102"
in_ct $P101 ip addr del 10.10.0.199/32 dev venet0 >/dev/null
in_ct $P101 ip addr del 10.10.0.102/32 dev venet0 >/dev/null
err=$(vm_run "$C ipadd 102 $P102 10.10.0.101 2>&1")
is $? 1 "an address routed to container 101 cannot be given to 102"
like "$err" 'route 10\.10\.0\.101: File exists' "the refusal names the address and the cause"
ping_ok "" 10.10.0.101; ok $? "container 101 still reachable after the refused add"

# --- addresses on a running container ---------------------------------------------
vm_run "$C ipadd 101 $P101 10.10.0.111" >/dev/null
ok $? "ctnet_ip_add 10.10.0.111 on running container 101"
ping_ok "" 10.10.0.111; ok $? "host pings the added address"
vm_run "$C ipdel 101 $P101 10.10.0.111" >/dev/null
ok $? "ctnet_ip_del 10.10.0.111"
ping_ok "" 10.10.0.111; is $? 1 "the deleted address no longer answers"
is "$(in_ct $P101 ip addr show venet0 | grep -c 10.10.0.111)" 0 "the container no longer has it"
is "$(vm_run 'ip route show 10.10.0.111')" "" "its host route is gone"

# --- bridged mode ---------------------------------------------------------------
vm_run 'ip link add br73 type bridge && ip link set br73 up' >/dev/null
ok $? "bridge br73 created on the host"
P201=$(fake_ct) P202=$(fake_ct)
vm_run "$C start 201 $P201 netif=ifname=eth0,mac=02:00:00:00:73:01,bridge=br73" >/dev/null
ok $? "ctnet_start: CT 201 with NETIF eth0 on br73"
vm_run "$C start 202 $P202 netif=ifname=eth0,bridge=br73,host_ifname=ct202eth0" >/dev/null
ok $? "ctnet_start: CT 202 with NETIF eth0 on br73, host_ifname ct202eth0"
is "$(vm_run 'readlink /sys/class/net/veth201.0/master; readlink /sys/class/net/ct202eth0/master' | tr '\n' ' ')" \
	"../br73 ../br73 " "both host sides are attached to br73"
like "$(in_ct $P201 ip link show eth0)" '02:00:00:00:73:01' "container side has the NETIF mac"
in_ct $P201 ip addr add 192.168.73.1/24 dev eth0 >/dev/null
in_ct $P202 ip addr add 192.168.73.2/24 dev eth0 >/dev/null
ping_ok "nsenter -t $P201 -n" 192.168.73.2; ok $? "two containers on one bridge talk"
err=$(vm_run "$C start 203 $P201 netif=ifname=eth1,bridge=nobr 2>&1")
is $? 1 "a NETIF on a missing bridge is refused"
like "$err" 'bridge nobr: No such device' "the refusal names the bridge"

# --- teardown -------------------------------------------------------------------
# 102 the way a crashed container goes: namespace gone before ctnet_stop.
vm_run "kill $P102; sleep 1" >/dev/null
vm_run "$C stop 102 ip=10.10.0.102 ip=fd00:10::102" >/dev/null
ok $? "ctnet_stop after the container's namespace is gone"
vm_run "$C stop 101 ip=10.10.0.101 ip=fd00:10::101" >/dev/null
ok $? "ctnet_stop of a running container"
vm_run "$C stop 201 netif=ifname=eth0,bridge=br73 && $C stop 202 netif=ifname=eth0,host_ifname=ct202eth0" >/dev/null
ok $? "ctnet_stop of the bridged containers"
vm_run "$C stop 202 netif=ifname=eth0,host_ifname=eth0 2>&1" >/dev/null
is $? 1 "ctnet_stop refuses to delete a host_ifname that is not a veth"
vm_run "kill $P101 $P201 $P202" >/dev/null
is "$(vm_run 'ls /sys/class/net | grep -E "^(venet|veth|ct202)"')" "" "no venet/veth links left on the host"
is "$(vm_run 'ip route; ip -6 route' | grep -E '10\.10\.0\.|fd00:10::')" "" "no routes to container addresses left"
is "$(vm_run "$C proxies")" "" "no proxy ARP/NDP entries left"
vm_run 'ip link del br73' >/dev/null

# --- resolv.conf ----------------------------------------------------------------
vm_run 'mkdir -p /tmp/ct/etc && printf "search example.test\nnameserver 192.0.2.9\n" >/tmp/ct/etc/resolv.conf' >/dev/null
vm_run "$C resolv 101 /tmp/ct ns=10.0.2.3 ns=fd00::53" >/dev/null
ok $? "ctnet_write_resolv"
is "$(vm_run 'cat /tmp/ct/etc/resolv.conf' | tr '\n' '|')" "search example.test|nameserver 10.0.2.3|nameserver fd00::53|" \
	"nameserver lines replaced, other lines kept"
vm_run 'mkdir -p /tmp/evil /tmp/outside && ln -s /tmp/outside /tmp/evil/etc' >/dev/null
vm_run "$C resolv 101 /tmp/evil ns=10.0.2.3 2>&1" >/dev/null
is $? 1 "a container's etc symlink is not followed"
is "$(vm_run 'ls /tmp/outside')" "" "nothing written outside the container"

done_testing
