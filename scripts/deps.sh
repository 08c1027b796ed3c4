# Host tools a fresh Debian 12 machine lacks. Sourced by build.sh.

# command -> Debian package providing it
DEPS_TOOLS="
make:make
gcc:gcc
clang:clang
musl-gcc:musl-tools
kconfig-conf:kconfig-frontends
kconfig-mconf:kconfig-frontends
qemu-system-x86_64:qemu-system-x86
qemu-img:qemu-utils
xorriso:xorriso
grub-mkrescue:grub-common
mformat:mtools
mkfs.vfat:dosfstools
mkfs.ext4:e2fsprogs
e2fsck:e2fsprogs
cpio:cpio
bc:bc
flex:flex
bison:bison
rsync:rsync
xz:xz-utils
zstd:zstd
mmdebstrap:mmdebstrap
patch:patch
perl:perl
prove:perl
dpkg-source:dpkg-dev
apt-get:apt
openssl:openssl
node:nodejs
npm:npm
"
# needed only to run the tests (./build.sh test, ./build.sh deps)
DEPS_TEST_TOOLS="
chromium:chromium
curl:curl
jq:jq
"
# libraries and data without a command to test for: FILE:package
DEPS_FILES="
/usr/include/libelf.h:libelf-dev
/usr/include/openssl/ssl.h:libssl-dev
/usr/lib/grub/i386-pc/modinfo.sh:grub-pc-bin
/usr/lib/grub/x86_64-efi/modinfo.sh:grub-efi-amd64-bin
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev
/usr/share/ovmf/OVMF.fd:ovmf
"

# deps_missing [test]: the packages missing for building (and testing).
deps_missing() {
	local pair tools=$DEPS_TOOLS
	[ "${1:-}" = test ] && tools="$tools $DEPS_TEST_TOOLS"
	for pair in $tools; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || echo "${pair#*:}"
	done
	for pair in $DEPS_FILES; do
		[ -e "${pair%%:*}" ] || echo "${pair#*:}"
	done
}

deps_install() { # [test]
	local pkgs
	pkgs=$(deps_missing "${1:-}" | sort -u | tr '\n' ' ')
	if [ -z "$pkgs" ]; then
		log "deps: all host tools present"
		return 0
	fi
	[ "$(id -u)" = 0 ] || die "missing host packages: $pkgs (run ./build.sh deps as root)"
	log "deps: installing $pkgs"
	apt-get -q update >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends $pkgs >/dev/null ||
		die "apt-get install $pkgs failed"
}

deps_check_or_install() { # [test]
	[ -z "$(deps_missing "${1:-}")" ] || deps_install "${1:-}"
}
