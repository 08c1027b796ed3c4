# Templates that are too large for the node image (docs/templates.md,
# "Templates in system tests"), handed to a guest test as a second disk:
#
#   . tests/lib/templates.sh
#   vm_template_need debian-12-x86_64      skip the whole test unless cached
#   vm_node_up_with_template 4G debian-12-x86_64 [TOOL...]
#   vm_template_install debian-12-x86_64   in the guest: copy the tarball from
#                                          the disk to /vz/template/cache and
#                                          check its SHA-256
#
# The disk is a copy of the tarball padded to whole sectors (a virtio disk
# has no partial last sector), attached read-only after the data and seed
# disks; the guest reads exactly the tarball's size from it.

VM_TEMPLATE_CACHE=${VZHOST_CACHE:-$HOME/.cache/vzhost}/templates

vm_template_need() { # NAME
	[ -f "$VM_TEMPLATE_CACHE/$1.tar.zst" ] ||
		skip_all "template $1 not in $VM_TEMPLATE_CACHE (run ./build.sh template ${1%-x86_64})"
}

# vm_node_up with the template as a read-only disk (the third virtio disk, /dev/vdc).
vm_node_up_with_template() { # DISK_SIZE NAME [TOOL...]
	local size=$1 name=$2 pass
	shift 2
	VM_TEMPLATE_FILE=$VM_TEMPLATE_CACHE/$name.tar.zst
	cp "$VM_TEMPLATE_FILE" "$VM_DIR/template.img"
	truncate -s %512 "$VM_DIR/template.img"
	pass=$(openssl rand -hex 8)
	vm_blank_disk "$VM_DIR/data.img" "$size"
	vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$pass")'"
	if [ $# -gt 0 ]; then
		vm_guest_tools "$VM_DIR/overlay" "$@"
		vm_initrd_with "$VM_DIR/overlay"
	fi
	vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda" \
		-drive "file=$VM_DIR/template.img,if=virtio,format=raw,readonly=on"
	vm_login root "$pass"
}

vm_template_install() { # NAME
	local size sum
	size=$(stat -c %s "$VM_TEMPLATE_FILE")
	sum=$(sha256sum <"$VM_TEMPLATE_FILE" | cut -c1-64)
	# one line: vm_run types it into the console
	vm_run "mkdir -p /vz/template/cache && head -c $size /dev/vdc > /vz/template/cache/.$1.part && echo '$sum  /vz/template/cache/.$1.part' | sha256sum -c >/dev/null && mv /vz/template/cache/.$1.part /vz/template/cache/$1.tar.zst" 300 >/dev/null
}

# vm_tls_certs DIR: throwaway certificates for the https tests, made on the
# host with openssl (EC P-256, valid two days): ca.crt, a test CA;
# srv.crt/srv.key for localhost and 127.0.0.1 signed by it; rogue.crt/
# rogue.key for the same names signed by another CA (other-ca.crt).
vm_tls_certs() { # DIR
	local d=$1 ca name
	mkdir -p "$d"
	for ca in ca other-ca; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj "/CN=vzhost test $ca" -keyout "$d/$ca.key" -out "$d/$ca.crt" \
			2>/dev/null || return 1
	done
	for name in srv:ca rogue:other-ca; do
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
			-keyout "$d/${name%:*}.key" -out "$d/${name%:*}.csr" 2>/dev/null &&
		openssl x509 -req -in "$d/${name%:*}.csr" -CA "$d/${name#*:}.crt" \
			-CAkey "$d/${name#*:}.key" -CAcreateserial -days 2 -out "$d/${name%:*}.crt" \
			-extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') \
			2>/dev/null || return 1
	done
	rm -f "$d"/*.csr "$d"/*.srl "$d/ca.key" "$d/other-ca.key"
}
