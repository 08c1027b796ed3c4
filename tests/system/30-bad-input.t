#!/usr/bin/env bash
# Bad input never stops the node: unknown and malformed command line keys,
# bad seed values, a corrupt service file, a missing or unformatted data disk.
# Each gets one clear console message; the node still reaches a usable
# serial login. Without a data disk the layout is made on /vz in RAM and
# the web service runs there.
. "$(dirname "$0")/../lib/vm.sh"
vm_init bad-input

PASS=$(openssl rand -hex 8)
seed=$VM_DIR/seed.img
vm_seed "$seed" \
	'HOSTNAME="bad host!"' \
	"ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'" \
	'ADMIN_PASSWORD_HASH=plaintext' \
	'NET_MODE=weird' \
	'SERIAL_CONSOLE=ttyS0,12345' \
	'NET_DNS=300.1.1.1' \
	'THIS LINE IS GARBAGE' \
	'NO_SUCH_KEY=1'
mkdir -p "$VM_DIR/overlay/etc/vzhost/services"
printf 'command=/bin/true\nrestart=sometimes\nbogus key\n' >"$VM_DIR/overlay/etc/vzhost/services/broken.service"
printf 'restart=always\n' >"$VM_DIR/overlay/etc/vzhost/services/nocommand.service"
printf 'command=/bin/false\nrestart=always\n' >"$VM_DIR/overlay/etc/vzhost/services/crashy.service"
printf 'command=/bin/sleep 100000\nuser=nobody\n' >"$VM_DIR/overlay/etc/vzhost/services/unprivileged.service"
vm_initrd_with "$VM_DIR/overlay"

# --- no data disk at all, bad cmdline, bad seed, corrupt service files -----
vm_boot "" "$seed" "vzhost.bogus=1 vzhost.net=foo vzhost.datawait=abc vzhost.ip=1.2.3.4/99"
vm_expect ' login: ' 240
ok $? "the node reaches a login prompt despite all the bad input"
log=$(vm_tail; tr -d '\r' <"$VM_DIR/console.log")
like "$log" 'vzhost\.bogus.*unknown' "unknown cmdline key reported"
like "$log" 'vzhost\.net=foo: expected dhcp, static or none' "bad vzhost.net value reported"
like "$log" 'vzhost\.datawait=abc' "bad vzhost.datawait value reported"
like "$log" 'vzhost\.ip=1\.2\.3\.4/99' "bad vzhost.ip prefix reported"
like "$log" 'HOSTNAME.*bad host!' "bad seed HOSTNAME reported"
like "$log" 'ADMIN_PASSWORD_HASH' "a plaintext admin password is refused"
like "$log" 'NET_MODE.*weird' "bad seed NET_MODE reported"
like "$log" 'SERIAL_CONSOLE.*12345' "bad seed serial speed reported"
like "$log" 'NET_DNS.*300\.1\.1\.1' "bad seed DNS address reported"
like "$log" 'vzhost\.conf:7:' "garbage seed line reported with its line number"
like "$log" 'NO_SUCH_KEY' "unknown seed key reported"
like "$log" 'broken\.service:2:' "corrupt service file reported with its line"
like "$log" 'nocommand\.service.*command' "service file without command reported"
like "$log" 'NO DATA DISK' "missing data disk announced loudly"
vm_login root "$PASS"
ok $? "the valid root hash from the same seed still logs in"
# crashy's messages reach the console until it is given up; awaited first,
# they cannot land inside the output of the commands below
for _ in $(seq 120); do
	tr -d '\r' <"$VM_DIR/console.log" | grep -q 'service crashy: crash loop (5 exits in 60s), giving up' && break
	sleep 1
done
tr -d '\r' <"$VM_DIR/console.log" | grep -q 'service crashy: crash loop (5 exits in 60s), giving up'
ok $? "a service that keeps exiting is declared a crash loop on the console"
is "$(vm_run hostname)" "$CONFIG_DEFAULT_HOSTNAME" "bad hostname ignored, default used"
like "$(vm_run 'vzsvc list')" 'console +running' "services still run"
vm_run 'grep -q " /vz " /proc/mounts'
is $? 1 "nothing is mounted on /vz (RAM-only)"
layout=$(vm_run 'for d in private root template/cache dump lock etc; do [ -d /vz/$d ] && echo $d; done')
is "$(echo $layout)" "private root template/cache dump lock etc" "the OpenVZ layout is made on /vz in RAM"
like "$(vm_run 'vzsvc list')" 'vzwebd +running +[0-9]+ +0 ' "the web service runs from RAM too, never restarted"
like "$(vm_run 'ps -o user,args | grep "[s]leep 100000"')" '^nobody ' "a service with user=nobody runs as nobody"
like "$(vm_run 'vzsvc status crashy')" 'failed' "vzsvc shows the crash-looping service as failed"
vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"

# --- an empty disk without vzhost.format is left alone ---------------------
data=$VM_DIR/blank.img
vm_blank_disk "$data" 256M
VM_INITRD=
vm_boot "$data" "$seed" ""
vm_expect 'NO DATA DISK' 240
ok $? "an unformatted disk without vzhost.format is not used: RAM-only"
vm_login root "$PASS"
ok $? "login works"
vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"
cmp -s -n $((256 * 1024 * 1024)) "$data" /dev/zero
ok $? "the unformatted disk was not written to"

# --- vzhost.format naming a disk that holds another filesystem -------------
other=$VM_DIR/other.img
vm_blank_disk "$other" 256M
mkfs.ext4 -q -L PRECIOUS "$other"
debugfs -w -R "write /etc/hostname keep-me" "$other" >/dev/null 2>&1
sum_before=$(sha256sum <"$other")
vm_boot "$other" "$seed" "vzhost.format=/dev/vda"
vm_expect 'holds an ext4 filesystem \(label "PRECIOUS"\); not formatting' 240
ok $? "vzhost.format on a disk with a foreign filesystem is refused"
vm_login root "$PASS"
vm_send 'poweroff'
vm_wait_exit 120
is "$(sha256sum <"$other")" "$sum_before" "the foreign disk is byte-for-byte unchanged"

# --- vzhost.format naming a disk that is blank but for metadata at its end ---
tailed=$VM_DIR/tailed.img
vm_blank_disk "$tailed" 256M
printf 'EFI PART backup header stand-in' | dd of="$tailed" bs=512 seek=$((256 * 2048 - 1)) conv=notrunc status=none
sum_before=$(sha256sum <"$tailed")
vm_boot "$tailed" "$seed" "vzhost.format=/dev/vda"
vm_expect 'non-zero data in its last MiB.*not formatting' 240
ok $? "vzhost.format on a disk with data at its end is refused"
vm_login root "$PASS"
vm_send 'poweroff'
vm_wait_exit 120
is "$(sha256sum <"$tailed")" "$sum_before" "that disk is byte-for-byte unchanged"
done_testing
