#!/usr/bin/env bash
# crun for the container benchmarks (tests/bench/ct_start.sh): Debian 12's crun
# and the glibc it needs, from Debian's archive, pinned by version and
# SHA-256 like scripts/sources.lock, unpacked into a small tree that a test
# guest (busybox on musl, no glibc) can run:
#
#   $CACHE/crun/root/crun/       crun, ld-linux-x86-64.so.2 and the shared
#                                libraries crun needs, nothing else
#
#   scripts/crun.sh              prints that directory (fetches on first use)
#
# The guest runs it as /lib64/ld-linux-x86-64.so.2 (a link to the tree's)
# with LD_LIBRARY_PATH set to the tree: crun re-executes itself from a
# memfd copy of /proc/self/exe, so it must be started as itself, not
# through an explicit loader.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${VZHOST_CACHE:-$HOME/.cache/vzhost}
DIR=$CACHE/crun
die() { echo "crun.sh: $*" >&2; exit 1; }
log() { echo "crun.sh: $*" >&2; }
# apt_private and apt_private_init: apt with the build's own lists under
# $CACHE/apt, the host's apt configuration untouched.
. "$TOP/scripts/fetch.sh"

# package version sha256 (the .deb)
PINS='crun 1.8.1-1+deb12u1 34bdcf1a097ec34da2e7b77b65fa351134702af775174af22555b16421709c51
libyajl2 2.1.0-3+deb12u2 b512a6efbe735e7c731185a1b3ea477ff306f0c3f6aa2970e85b12f01fe8063b
libseccomp2 2.5.4-1+deb12u1 108fe67957ca7cf9ba51d801118a1b37d404bea7b6e365025cd00779e9eca38d
libcap2 1:2.66-4+deb12u3+b1 8d684c673e7483802a5c447834b0df6fce006eb3a7109e1be412f5ad425bb24f
libsystemd0 252.39-1~deb12u2 013c07514a9e4933b2d5c098018695a6aa42d085dbc483ce2c094a954c8a1b0a
libgcrypt20 1.10.1-3+deb12u1 e7a56552139c693904a6f9712234c05fe918353273a7cbdb5e62f423ad71bb97
liblz4-1 1.9.4-1 64cde86cef1deaf828bd60297839b59710b5cd8dc50efd4f12643caaee9389d3
liblzma5 5.4.1-1+deb12u2 3d8c29c8c21ec6007635e1b2591edf98b771c9572a085968f47452b33040f384
libzstd1 1.5.4+dfsg2-5 6315b5ac38b724a710fb96bf1042019398cb656718b1522279a5185ed39318fa
libgpg-error0 1.46-1 89944ee11d7370ce6ef46fc52f094c4a6512eff8943ec4c6ebefeae6360ceada
libc6 2.36-9+deb12u14 ba4f88f73dbc3ae9055f3c20f4523bfdbaf1ad13ff95e258924f77d20b4fbedf'

if [ -f "$DIR/root/.vzhost-ok" ]; then
	echo "$DIR/root/crun"
	exit 0
fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null && command -v readelf >/dev/null ||
	die "needs apt-get, dpkg-deb and readelf (binutils)"
mkdir -p "$DIR/debs"
while read -r pkg ver sum; do
	deb=$(ls "$DIR/debs/${pkg}_"*.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		log "fetch: $pkg=$ver"
		apt_private_init
		(cd "$DIR/debs" && apt_private apt-get -q download "$pkg=$ver") >"$DIR/debs/$pkg.log" 2>&1 ||
			die "cannot download $pkg=$ver from Debian (see $DIR/debs/$pkg.log); if Debian moved on, update the pins in scripts/crun.sh"
		deb=$(ls "$DIR/debs/${pkg}_"*.deb | head -1)
	fi
	got=$(sha256sum "$deb" | cut -d' ' -f1)
	[ "$got" = "$sum" ] || die "$deb: SHA-256 is $got, scripts/crun.sh pins $sum (refusing to use it)"
done <<<"$PINS"

rm -rf "$DIR/x" "$DIR/root"
mkdir -p "$DIR/x" "$DIR/root.part/crun"
for deb in "$DIR"/debs/*.deb; do dpkg-deb -x "$deb" "$DIR/x"; done
cp "$DIR/x/usr/bin/crun" "$DIR/x/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$DIR/root.part/crun/"
# crun's shared libraries and theirs, transitively.
todo=(crun) done_libs=" "
while [ ${#todo[@]} -gt 0 ]; do
	f=${todo[0]} todo=("${todo[@]:1}")
	for lib in $(readelf -d "$DIR/root.part/crun/$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		case $done_libs in *" $lib "*) continue ;; esac
		src=
		for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
			[ -e "$DIR/x/$d/$lib" ] && src=$DIR/x/$d/$lib && break
		done
		[ -n "$src" ] || die "$f needs $lib, which none of the pinned packages holds"
		cp -L "$src" "$DIR/root.part/crun/$lib"
		done_libs="$done_libs$lib "
		todo+=("$lib")
	done
done
rm -rf "$DIR/x"
touch "$DIR/root.part/.vzhost-ok"
mv "$DIR/root.part" "$DIR/root"
log "crun $(sed -n 1p <<<"$PINS" | cut -d' ' -f2) and$done_libs in $DIR/root/crun"
echo "$DIR/root/crun"
