#!/usr/bin/env bash
# The serial console menu (docs/consoles.md), driven through QEMU's serial
# port like an operator at a terminal: root logs in and gets the menu, which
# lists the containers; attach to one, run a command inside and see its
# output, Esc then . back to the menu, a host shell, logout. The container is
# fakect running sh on its console (the runtime's state files written by
# hand, docs/containers-design.md).
. "$(dirname "$0")/../lib/vm.sh"
vm_init serial-menu
F=/usr/libexec/vzhost-test/fakect
PASS=$(openssl rand -hex 8)

vm_blank_disk "$VM_DIR/data.img" 1G
vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'"
vm_guest_tools "$VM_DIR/overlay" fakect
vm_initrd_with "$VM_DIR/overlay"
vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda"

vm_expect ' login: ' 180 && vm_send root && vm_expect 'Password: ' 30 && vm_send "$PASS"
vm_expect 'containers ==' 30 && vm_expect 'vzmenu> ' 10
ok $? "root's login on the serial console opens the console menu"

vm_send s
vm_expect '# ' 30
ok $? "s: a host shell"
vm_send "mkdir -p /etc/vz/conf /run/vzhost/ct; printf '%s\\n' 'HOSTNAME=\"web1\"' 'IP_ADDRESS=\"10.1.2.3 10.1.2.4\"' >/etc/vz/conf/101.conf"
vm_send "(setsid $F 101 sh -i </dev/null >/dev/null 2>&1 & echo \$! >/run/vzhost/ct/101.pid); echo CT-STARTED"
vm_expect '^CT-STARTED' 30
ok $? "a stand-in container 101 runs"
vm_send 'exit'
vm_expect 'vzmenu> ' 30
ok $? "leaving the host shell returns to the menu"
vm_tail_menu=$(tail -c 2000 "$VM_DIR/console.log" | tr -d '\r')
printf '%s\n' "$vm_tail_menu" | grep -Eq '^ +1 +101 +running +web1 +10\.1\.2\.3$'
ok $? "the menu lists container 101: running, host name, first IP"

vm_send 1
vm_expect 'attached to the console of CT 101' 30
ok $? "1: attaches to the console of container 101"
vm_send 'echo IN-CT-$((6 * 7))'
vm_expect 'IN-CT-42' 30
ok $? "a command run inside the container shows its output"
printf '\033.' >&"$VM_IN"
vm_expect '\[detached\]' 30 && vm_expect 'vzmenu> ' 10
ok $? "Esc then . returns to the menu"

vm_send 's'
vm_expect '# ' 30
vm_send "dmesg | grep -c 'console 101: attach read-write by uid 0 .*(vzmenu) /dev/ttyS0' | sed 's/^/ATTACHES=/'"
vm_expect 'ATTACHES=1' 30
ok $? "the attach is logged with who, which container and the line"
vm_send 'exit'
vm_expect 'vzmenu> ' 30
vm_send 'bogus'
vm_expect 'type a number from the list' 10
ok $? "unknown input gets a one-line hint"
vm_send 'q'
vm_expect ' login: ' 60
ok $? "q logs out"

vm_send root && vm_expect 'Password: ' 30 && vm_send "$PASS" && vm_expect 'vzmenu> ' 30 && vm_send s &&
	vm_expect '# ' 30
vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"
done_testing
