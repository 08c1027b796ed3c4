# Boot images per board. qemu_x86_64 boots bzImage + initramfs directly;
# pc_x86_64 also gets vzhost.iso, a hybrid image (grub-mkrescue: El Torito
# for CDs, an MBR and an EFI system partition for USB sticks) that boots on
# BIOS and UEFI machines. Sourced by build.sh.

board_image_build() {
	case $BOARD in
	pc_x86_64) iso_build ;;
	esac
}

iso_build() {
	local iso=$IMAGES/vzhost.iso dir=$OUT/iso key
	key=$(cat "$IMAGES/bzImage" "$IMAGES/initramfs.img" "$TOP/board/$BOARD/grub.cfg" | sha256sum | cut -d' ' -f1)
	[ "$(cat "$OUT/iso.stamp" 2>/dev/null)" = "$key" ] && [ -f "$iso" ] && return 0
	log "iso: building $iso (BIOS + UEFI, CD + USB)"
	rm -rf "$dir"
	mkdir -p "$dir/boot/grub"
	cp "$IMAGES/bzImage" "$IMAGES/initramfs.img" "$dir/boot/"
	cp "$TOP/board/$BOARD/grub.cfg" "$dir/boot/grub/grub.cfg"
	grub-mkrescue -o "$iso.tmp" "$dir" -- -volid VZHOST >"$OUT/iso.log" 2>&1 ||
		{ cat "$OUT/iso.log" >&2; die "grub-mkrescue failed"; }
	mv "$iso.tmp" "$iso"
	echo "$key" >"$OUT/iso.stamp"
}
