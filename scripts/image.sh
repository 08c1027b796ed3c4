# Boot images per board. qemu_x86_64 boots bzImage + initramfs directly;
# pc_x86_64 also gets vzhost.iso, a hybrid image (grub-mkrescue: El Torito
# for CDs, an MBR and an EFI system partition for USB sticks) that boots on
# BIOS and UEFI machines, and pxe/, a TFTP root for network boot. Sourced by
# build.sh.

board_image_build() {
	case $BOARD in
	pc_x86_64) iso_build && pxe_build ;;
	esac
}

# pxe/ is served as a TFTP root. Classic PXE firmware loads GRUB
# (boot/grub/i386-pc/core.0 on BIOS, boot/grub/x86_64-efi/core.efi on UEFI),
# which reads the same grub.cfg as the ISO; iPXE can run vzhost.ipxe instead.
pxe_build() {
	local dir=$IMAGES/pxe key
	key=$(cat "$IMAGES/bzImage" "$IMAGES/initramfs.img" "$TOP/board/$BOARD/grub.cfg" | sha256sum | cut -d' ' -f1)
	stamp_ok "$OUT/pxe.stamp" "$key" && [ -d "$dir" ] && return 0
	log "pxe: building $dir (GRUB netboot for BIOS and UEFI, iPXE script)"
	rm -rf "$dir"
	mkdir -p "$dir/boot/grub"
	grub-mknetdir --net-directory="$dir" --subdir=boot/grub >"$OUT/pxe.log" 2>&1 ||
		{ cat "$OUT/pxe.log" >&2; die "grub-mknetdir failed"; }
	cp "$IMAGES/bzImage" "$IMAGES/initramfs.img" "$dir/boot/"
	cp "$TOP/board/$BOARD/grub.cfg" "$dir/boot/grub/grub.cfg"
	cat >"$dir/vzhost.ipxe" <<-IPXE
	#!ipxe
	kernel boot/bzImage initrd=initramfs.img console=tty0 console=ttyS0,115200 vzhost.console=ttyS0,115200
	initrd boot/initramfs.img
	boot
	IPXE
	stamp_set "$OUT/pxe.stamp" "$key"
}

iso_build() {
	local iso=$IMAGES/vzhost.iso dir=$OUT/iso key
	key=$(cat "$IMAGES/bzImage" "$IMAGES/initramfs.img" "$TOP/board/$BOARD/grub.cfg" | sha256sum | cut -d' ' -f1)
	stamp_ok "$OUT/iso.stamp" "$key" && [ -f "$iso" ] && return 0
	log "iso: building $iso (BIOS + UEFI, CD + USB)"
	rm -rf "$dir"
	mkdir -p "$dir/boot/grub"
	cp "$IMAGES/bzImage" "$IMAGES/initramfs.img" "$dir/boot/"
	cp "$TOP/board/$BOARD/grub.cfg" "$dir/boot/grub/grub.cfg"
	grub-mkrescue -o "$iso.tmp" "$dir" -- -volid VZHOST >"$OUT/iso.log" 2>&1 ||
		{ cat "$OUT/iso.log" >&2; die "grub-mkrescue failed"; }
	mv "$iso.tmp" "$iso"
	stamp_set "$OUT/iso.stamp" "$key"
}
