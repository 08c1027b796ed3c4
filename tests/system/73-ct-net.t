#!/usr/bin/env bash
# Container networking (lib/net/ctnet.h): routed venet-like addresses and bridged
# NETIFs. Containers are mostly stand-ins: a process in its own network
# namespace (unshare -n) that tests/guest/ctnetcheck hands to ctnet_start, as
# the container monitor does; a real vzctl container checks the changes
# vzctl set applies to a running container. Every address lives inside the
# guest.
. "$(dirname "$0")/../lib/vm.sh"
vm_init ct-net

C=/usr/libexec/vzhost-test/ctnetcheck
vm_node_up 1G ctnetcheck
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
# udp_via PID SRC DST PORT WHERE: a datagram from SRC, which the sender need
# not hold, sent inside PID's namespace; prints what a listener at DST got.
udp_via() {
	vm_run "rm -f /tmp/udp; ($5 $C udprecv $4 3 >/tmp/udp 2>&1 &); sleep 1" >/dev/null
	in_ct "$1" "$C udpsend $2 $3 $4 from-$2" >/dev/null
	vm_run 'sleep 3; cat /tmp/udp' | head -1
}
# IPv4 has rp_filter and the policy rules: each holds without the other.
vm_run 'for f in all venet101; do echo 0 >/proc/sys/net/ipv4/conf/$f/rp_filter; done' >/dev/null
is "$(udp_via $P101 10.10.0.199 "$HOST" 7315 '')" "" "rp_filter off: the source rules still stop 10.10.0.199"
is "$(udp_via $P101 10.10.0.101 "$HOST" 7316 '')" "from-10.10.0.101" "rp_filter off: the own address still passes"
vm_run 'echo 1 >/proc/sys/net/ipv4/conf/venet101/rp_filter' >/dev/null

# IPv6 has no rp_filter: the policy rules alone.
rules=$(vm_run "$C rules")
like "$rules" '^1 from fd00:10::101/128 iif venet101 goto 3$' "IPv6 rule: fd00:10::101 from venet101 goes on to the lookups"
like "$rules" '^1 from 10\.10\.0\.101/32 iif venet101 goto 3$' "IPv4 rule: 10.10.0.101 from venet101 likewise"
is "$(printf '%s\n' "$rules" | grep -c '^2 iif venet10[12] blackhole$')" 4 \
	"anything else from venet101 and venet102 is dropped (IPv4 and IPv6)"
is "$(printf '%s\n' "$rules" | grep -c '^3 lookup 255$') $(printf '%s\n' "$rules" | grep -c '^0 lookup 255$')" "2 0" \
	"the local table is looked up after them (priority 3, both families), no longer at 0"
vm_run 'ip -6 addr add fd00:73::1/128 dev lo' >/dev/null
is "$(udp_via $P101 fd00:10::101 fd00:73::1 7321 '')" "from-fd00:10::101" "IPv6 from the container's own address reaches the node"
is "$(udp_via $P101 fd00:10::101 fd00:10::102 7322 "nsenter -t $P102 -n")" "from-fd00:10::101" \
	"and container 102"
is "$(udp_via $P101 fd00:10::199 fd00:73::1 7323 '')" "" "IPv6 from an invented source does not reach the node"
is "$(udp_via $P101 fd00:10::199 fd00:10::102 7324 "nsenter -t $P102 -n")" "" "nor container 102"
is "$(udp_via $P101 fd00:10::102 fd00:73::1 7325 '')" "" "IPv6 from container 102's address does not reach the node"
is "$(udp_via $P101 fd00:10::102 fd00:10::102 7326 "nsenter -t $P102 -n")" "" "nor container 102 itself"
vm_run 'ip -6 rule del pref 2 iif venet101 type blackhole' >/dev/null
is "$(udp_via $P101 fd00:10::199 fd00:73::1 7327 '')" "from-fd00:10::199" \
	"control: without the blackhole rule the invented source gets through"
vm_run 'ip -6 rule add pref 2 iif venet101 type blackhole table 0' >/dev/null

err=$(vm_run "$C ipadd 102 $P102 10.10.0.101 2>&1")
is $? 1 "an address routed to container 101 cannot be given to 102"
like "$err" 'route 10\.10\.0\.101: File exists' "the refusal names the address and the cause"
ping_ok "" 10.10.0.101; ok $? "container 101 still reachable after the refused add"

# --- addresses on a running container ---------------------------------------------
vm_run "$C ipadd 101 $P101 10.10.0.111" >/dev/null
ok $? "ctnet_ip_add 10.10.0.111 on running container 101"
ping_ok "" 10.10.0.111; ok $? "host pings the added address"
like "$(vm_run "$C rules")" '^1 from 10\.10\.0\.111/32 iif venet101 goto 3$' "the added address has its source rule"
vm_run "$C ipdel 101 $P101 10.10.0.111" >/dev/null
ok $? "ctnet_ip_del 10.10.0.111"
is "$(vm_run "$C rules" | grep -c 10.10.0.111)" 0 "its source rule is gone"
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
# The bridge ports are locked to the container's MAC: the NETIF mac (201),
# the one the kernel picked (202); mac_filter=off (203) opts out.
P203=$(fake_ct)
vm_run "$C start 203 $P203 netif=ifname=eth0,bridge=br73,mac_filter=off" >/dev/null
ok $? "ctnet_start: CT 203 with NETIF eth0 on br73, mac_filter=off"
in_ct $P203 ip addr add 192.168.73.3/24 dev eth0 >/dev/null
# mac_ping PID MAC DST: ping DST from PID after setting its eth0's MAC (both
# ends forget their neighbours, so the ping starts with ARP from MAC).
mac_ping() {
	in_ct $1 "sh -c 'ip link set eth0 address $2 && ip neigh flush dev eth0'" >/dev/null
	in_ct $P202 ip neigh flush dev eth0 >/dev/null
	ping_ok "nsenter -t $1 -n" $3
}
mac_ping $P201 02:00:00:00:73:99 192.168.73.2; is $? 1 "201 sending from a MAC it was not given reaches nobody"
mac_ping $P201 02:00:00:00:73:01 192.168.73.2; ok $? "201 with its own MAC again: 202 answers"
m202=$(in_ct $P202 ip link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
mac_ping $P202 02:00:00:00:73:98 192.168.73.1; is $? 1 "202 (no NETIF mac) is locked to the MAC it started with"
mac_ping $P202 "$m202" 192.168.73.1; ok $? "202 with that MAC again: 201 answers"
mac_ping $P203 02:00:00:00:73:97 192.168.73.2; ok $? "control: 203 (mac_filter=off) with another MAC still talks"
vm_run "$C stop 203 netif=ifname=eth0,bridge=br73,mac_filter=off; kill $P203" >/dev/null
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
is "$(vm_run "$C rules" | grep -c 'iif venet')" 0 "no source rules left (102's namespace was gone first)"
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

# --- a vzctl container: NETIF and NAMESERVER changed while it runs ----------------
vm_run 'ip link add br74 type bridge && ip link set br74 up && ip addr add 192.168.74.254/24 dev br74' >/dev/null
vm_run 'vzctl create 301 --ostemplate busybox --layout simfs && vzctl start 301' 300 >/dev/null
ok $? "a busybox container 301 runs"
vm_run 'vzctl set 301 --netif_add eth0,,,,br74 --save' 60 >/dev/null
ok $? "vzctl set --netif_add eth0,,,,br74 on the running container"
netif=$(vm_run 'grep ^NETIF= /etc/vz/conf/301.conf')
like "$netif" '^NETIF="ifname=eth0,mac=00:18:51(:[0-9A-F]{2}){3},host_ifname=veth301\.0,host_mac=00:18:51(:[0-9A-F]{2}){3},bridge=br74"$' \
	"saved with a generated mac and host_mac and host_ifname veth301.0, as OpenVZ does"
mac=$(printf '%s' "$netif" | sed -n 's/.*,mac=\([0-9A-F:]*\),.*/\1/p' | tr A-F a-f)
is "$(vm_run 'readlink /sys/class/net/veth301.0/master')" "../br74" "veth301.0 is on br74 at once"
is "$(vm_run 'vzctl exec 301 cat /sys/class/net/eth0/address')" "$mac" "the container's eth0 has the saved mac"
vm_run 'vzctl exec 301 ip addr add 192.168.74.31/24 dev eth0' >/dev/null
ping_ok "" 192.168.74.31; ok $? "the node reaches the container over br74"
vm_run 'vzctl exec 301 ip link set eth0 address 00:18:51:00:73:99; ip neigh flush dev br74' >/dev/null
ping_ok "" 192.168.74.31; is $? 1 "the container with a MAC it was not given is cut off"
vm_run "vzctl exec 301 ip link set eth0 address $mac; ip neigh flush dev br74" >/dev/null
ping_ok "" 192.168.74.31; ok $? "with its own MAC again it is reachable"
vm_run 'vzctl set 301 --netif_del eth0 --save' 60 >/dev/null
ok $? "vzctl set --netif_del eth0 on the running container"
is "$(vm_run 'ls /sys/class/net | grep -c veth301')" 0 "veth301.0 is gone from the node"
is "$(vm_run 'echo $(vzctl exec 301 ls /sys/class/net)')" "lo" "and eth0 from the container"
is "$(vm_run 'grep -c ifname=eth0 /etc/vz/conf/301.conf')" 0 "and from the saved NETIF"
vm_run 'vzctl set 301 --nameserver 192.0.2.53 --save' 60 >/dev/null
ok $? "vzctl set --nameserver on the running container"
like "$(vm_run 'vzctl exec 301 cat /etc/resolv.conf')" '^nameserver 192\.0\.2\.53$' "its resolv.conf is rewritten at once"
vm_run 'vzctl set 301 --ipadd fd00:10::31 --save' 60 >/dev/null
ok $? "vzctl set --ipadd fd00:10::31 on the running container"
like "$(vm_run "$C rules")" '^1 from fd00:10::31/128 iif venet301 goto 3$' "its source rule is in place"
like "$(vm_run "$C proxies")" " fd00:10::31\$" "and the uplink's proxy NDP entry"
vm_run 'vzctl stop 301' 180 >/dev/null
ok $? "vzctl stop 301"
is "$(vm_run "$C rules" | grep -c venet301)" 0 "no rule of venet301 is left after stop"
is "$(vm_run "$C proxies" | grep -c 'fd00:10::31$')" 0 "nor the proxy NDP entry of the address added while it ran"
vm_run 'vzctl destroy 301; ip link del br74' 120 >/dev/null

done_testing
