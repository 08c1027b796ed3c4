#!/usr/bin/env bash
# The pc_x86_64 board boots to a serial login every way a server can boot it:
# vzhost.iso from CD on BIOS and from a USB stick on UEFI; over the network
# from pxe/ with classic PXE + GRUB on BIOS and with iPXE on UEFI. QEMU's
# user-mode network serves DHCP and TFTP itself (restrict=on: nothing leaves
# the machine). ./build.sh test builds both boards.
VZHOST_BOARD=pc_x86_64
. "$(dirname "$0")/../lib/vm.sh"
vm_init iso
iso=$IMAGES/vzhost.iso
[ -f "$iso" ] || bail_out "no $iso: ./build.sh test builds it (VZHOST_BOARD=pc_x86_64 ./build.sh)"
ovmf=/usr/share/ovmf/OVMF.fd

PASS=$(openssl rand -hex 8)
seed=$VM_DIR/seed.img
vm_seed "$seed" "ROOT_PASSWORD_HASH='$(vm_hash "$PASS")'" 'HOSTNAME="iso-node"'

# iso_boot NIC FIRMWARE-ARGS...: QEMU without -kernel, booting the image itself.
iso_boot() {
	local nic=$1
	shift
	rm -f "$VM_DIR/serial.in" "$VM_DIR/serial.out"
	mkfifo "$VM_DIR/serial.in" "$VM_DIR/serial.out"
	: >>"$VM_DIR/console.log"
	VM_MARK=$(stat -c %s "$VM_DIR/console.log")
	"$QEMU" -accel "$(qemu_accel)" -cpu max -machine q35 -m 2048 -smp 2 -display none -vga std \
		-drive "file=$seed,if=virtio,format=raw,readonly=on" \
		-nic "$nic" -serial "pipe:$VM_DIR/serial" -monitor none -no-reboot \
		"$@" </dev/null >>"$VM_DIR/qemu.log" 2>&1 &
	VM_PID=$!
	cat "$VM_DIR/serial.out" >>"$VM_DIR/console.log" &
	VM_READER=$!
	exec {VM_IN}>"$VM_DIR/serial.in"
}

iso_boot user,restrict=on,model=e1000e -drive "file=$iso,media=cdrom,readonly=on" -boot d
vm_expect 'iso-node login: ' 300
ok $? "BIOS, CD: vzhost.iso boots to the serial login"
vm_login root "$PASS"
vm_run '[ -d /sys/firmware/efi ]'
is $? 1 "BIOS boot (no EFI runtime)"
like "$(vm_run 'cat /proc/cmdline')" 'console=ttyS0,115200' "GRUB's default entry puts the console on ttyS0"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"

cp "$iso" "$VM_DIR/stick.img"
iso_boot user,restrict=on,model=e1000e -bios "$ovmf" -device qemu-xhci -drive "if=none,id=stick,file=$VM_DIR/stick.img,format=raw" \
	-device usb-storage,drive=stick,bootindex=0
vm_expect 'iso-node login: ' 400
ok $? "UEFI, USB stick: vzhost.iso boots to the serial login"
vm_login root "$PASS"
vm_run '[ -d /sys/firmware/efi ]'
ok $? "UEFI boot (EFI runtime present)"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"

pxe=$IMAGES/pxe
iso_boot "user,restrict=on,model=virtio-net-pci,tftp=$pxe,bootfile=boot/grub/i386-pc/core.0" -boot n
vm_expect 'iso-node login: ' 400
ok $? "BIOS, PXE: GRUB's core.0 from pxe/ boots to the serial login"
vm_login root "$PASS"
vm_run '[ -d /sys/firmware/efi ]'
is $? 1 "BIOS network boot"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"

iso_boot "user,restrict=on,model=virtio-net-pci,tftp=$pxe,bootfile=vzhost.ipxe" -bios "$ovmf" -boot n
vm_expect 'iso-node login: ' 400
ok $? "UEFI, iPXE: pxe/vzhost.ipxe boots to the serial login"
vm_login root "$PASS"
vm_run '[ -d /sys/firmware/efi ]'
ok $? "UEFI network boot"
vm_send poweroff
vm_wait_exit 120
ok $? "poweroff"
done_testing
