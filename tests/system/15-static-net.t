#!/usr/bin/env bash
# Static network configuration from the seed: address, default route and
# resolvers are set by init; no DHCP client runs. The kernel command line
# overrides the seed key by key.
. "$(dirname "$0")/../lib/vm.sh"
vm_init static-net

PASS=$(openssl rand -hex 8)
seed=$VM_DIR/seed.img
vm_seed "$seed" "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'" 'HOSTNAME=static-node' \
	'NET_MODE=static' 'NET_IP=10.0.2.77/24' 'NET_GW=10.0.2.2' 'NET_DNS="10.0.2.3, 10.0.2.4"'

vm_boot "" "$seed" ""
vm_login root "$PASS"
ok $? "login"
like "$(vm_run 'ip -4 addr show eth0')" 'inet 10\.0\.2\.77/24' "eth0 has the seed's static address"
like "$(vm_run 'ip route show default')" 'default via 10\.0\.2\.2 dev eth0' "default route via the seed's gateway"
is "$(vm_run 'grep ^nameserver /etc/resolv.conf' | tr '\n' ' ')" "nameserver 10.0.2.3 nameserver 10.0.2.4 " "resolv.conf lists the seed's resolvers"
vm_run 'pidof udhcpc' >/dev/null
is $? 1 "no DHCP client runs in static mode"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"

vm_boot "" "$seed" "vzhost.ip=10.0.2.88/24 vzhost.hostname=cmdline-node"
vm_login root "$PASS"
like "$(vm_run 'ip -4 addr show eth0')" 'inet 10\.0\.2\.88/24' "vzhost.ip overrides the seed's address"
is "$(vm_run hostname)" "cmdline-node" "vzhost.hostname overrides the seed's hostname"
like "$(vm_run 'ip route show default')" 'default via 10\.0\.2\.2' "the seed's gateway still applies"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"
done_testing
