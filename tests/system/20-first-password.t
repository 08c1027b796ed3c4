#!/usr/bin/env bash
# No seed and no stored password: the first login on the serial console makes
# the operator set the root password (there is never a default); a short or
# mistyped password is refused; the password set persists on /vz.
. "$(dirname "$0")/../lib/vm.sh"
vm_init first-password

PASS="first-$(openssl rand -hex 6)"
data=$VM_DIR/data.img
vm_blank_disk "$data" 1G

vm_boot "$data" "" "vzhost.format=/dev/vda"
vm_expect 'This node has no root password yet' 240
ok $? "without seed or stored password the console asks for a root password"
vm_expect 'New root password: ' 30
vm_send 'short'
vm_expect 'Retype new root password: |too short|at least' 30
vm_expect 'New root password: ' 30
ok $? "a short password is refused and asked for again"
vm_send "$PASS"
vm_expect 'Retype new root password: ' 30
vm_send "$PASS-typo"
vm_expect 'New root password: ' 30
ok $? "mismatched entries are refused and asked for again"
vm_send "$PASS"
vm_expect 'Retype new root password: ' 30
vm_send "$PASS"
vm_expect 'root password set' 30
ok $? "matching entries set the password"
vm_login root "$PASS"
ok $? "root logs in with the password just set"
vm_run 'grep -q "^root:[$]6[$]" /vz/etc/shadow'
ok $? "the SHA-512 hash is stored on the data disk"
vm_run 'grep -q "^root:!" /vz/etc/shadow'
is $? 1 "root is no longer locked"
vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"

vm_boot "$data" "" ""
vm_login root "$PASS"
ok $? "after a reboot the stored password logs in, no password prompt"
vm_tail | grep -q 'This node has no root password yet'
is $? 1 "the second boot does not ask for a password again"
vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"
done_testing
