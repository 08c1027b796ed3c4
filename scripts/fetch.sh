# Fetching pinned upstream sources from Debian's archive into the cache.
# Sourced by build.sh; uses CACHE, TOP and the pins in scripts/sources.lock.
#
# apt runs with a private sources list and state under $CACHE/apt, so the
# host's apt configuration is never touched.

apt_private() {
	local dir=$CACHE/apt
	"$@" -o Dir::Etc::SourceList="$dir/sources.list" \
		-o Dir::Etc::SourceParts=/nonexistent \
		-o Dir::State::Lists="$dir/lists" \
		-o Dir::State::Status="$dir/status" \
		-o Dir::Cache="$dir/cache" \
		-o Dir::Cache::archives="$dir/archives" \
		-o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root
}

apt_private_init() {
	local dir=$CACHE/apt
	[ -f "$dir/updated" ] && return 0
	mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/cache"
	touch "$dir/status"
	cat >"$dir/sources.list" <<-LIST
	deb http://deb.debian.org/debian bookworm main
	deb http://deb.debian.org/debian bookworm-updates main
	deb http://deb.debian.org/debian-security bookworm-security main
	deb-src http://deb.debian.org/debian bookworm main
	deb-src http://deb.debian.org/debian bookworm-updates main
	deb-src http://deb.debian.org/debian-security bookworm-security main
	LIST
	log "apt: updating private package lists in $dir"
	apt_private apt-get -q update >"$dir/update.log" 2>&1 ||
		die "apt-get update (private lists) failed; see $dir/update.log"
	touch "$dir/updated"
}

sha256_check() { # FILE EXPECTED
	local got
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$2" ] ||
		die "$1: SHA-256 is $got, scripts/sources.lock pins $2 (refusing to use it)"
}

# The kernel: the tarball shipped in Debian's linux-source-6.1 package.
fetch_linux() {
	local dst=$CACHE/src/linux-$LINUX_VERSION tar=$CACHE/dl/linux-source-6.1.tar.xz
	[ -f "$dst/.vzhost-ok" ] && return 0
	mkdir -p "$CACHE/dl"
	if [ ! -f "$tar" ]; then
		if [ -f /usr/src/linux-source-6.1.tar.xz ] &&
			[ "$(sha256sum </usr/src/linux-source-6.1.tar.xz | cut -d' ' -f1)" = "$LINUX_TARBALL_SHA256" ]; then
			cp /usr/src/linux-source-6.1.tar.xz "$tar.part"
		else
			apt_private_init
			log "fetch: $LINUX_PKG=$LINUX_VERSION"
			(cd "$CACHE/dl" && apt_private apt-get -q download "$LINUX_PKG=$LINUX_VERSION") >"$CACHE/dl/linux.log" 2>&1 ||
				die "cannot download $LINUX_PKG=$LINUX_VERSION from Debian (see $CACHE/dl/linux.log); if Debian moved on, update scripts/sources.lock"
			dpkg-deb --fsys-tarfile "$CACHE/dl/${LINUX_PKG}_${LINUX_VERSION}_all.deb" |
				tar -xO ./usr/src/linux-source-6.1.tar.xz >"$tar.part"
			rm -f "$CACHE/dl/${LINUX_PKG}_${LINUX_VERSION}_all.deb"
		fi
		sha256_check "$tar.part" "$LINUX_TARBALL_SHA256"
		mv "$tar.part" "$tar"
	fi
	sha256_check "$tar" "$LINUX_TARBALL_SHA256"
	log "unpack: linux $LINUX_VERSION"
	rm -rf "$dst" "$dst.part"
	mkdir -p "$dst.part"
	tar -xf "$tar" -C "$dst.part" --strip-components=1
	touch "$dst.part/.vzhost-ok"
	mv "$dst.part" "$dst"
}

# A Debian source package (apt-get source): NAME VERSION DSC_SHA256.
# The .dsc is checked against the pin; dpkg-source then checks every file
# the .dsc lists against the hashes inside it.
fetch_dsc() {
	local name=$1 version=$2 sum=$3
	local upver=${version#*:}
	local dst=$CACHE/src/$name-$upver dsc=$CACHE/dl/${name}_$upver.dsc
	[ -f "$dst/.vzhost-ok" ] && return 0
	mkdir -p "$CACHE/dl"
	if [ ! -f "$dsc" ]; then
		apt_private_init
		log "fetch: source $name=$version"
		(cd "$CACHE/dl" && apt_private apt-get -q source --download-only "$name=$version") >"$CACHE/dl/$name.log" 2>&1 ||
			die "cannot download source $name=$version from Debian (see $CACHE/dl/$name.log); if Debian moved on, update scripts/sources.lock"
	fi
	sha256_check "$dsc" "$sum"
	log "unpack: $name $upver"
	rm -rf "$dst" "$dst.part"
	dpkg-source --no-copy -x "$dsc" "$dst.part" >"$CACHE/dl/$name.unpack.log" 2>&1 ||
		die "dpkg-source -x $dsc failed (see $CACHE/dl/$name.unpack.log)"
	touch "$dst.part/.vzhost-ok"
	mv "$dst.part" "$dst"
}

fetch_all() {
	fetch_linux
	fetch_dsc "$BUSYBOX_SRC" "$BUSYBOX_VERSION" "$BUSYBOX_DSC_SHA256"
	fetch_dsc "$MBEDTLS_SRC" "$MBEDTLS_VERSION" "$MBEDTLS_DSC_SHA256"
	fetch_dsc "$E2FSPROGS_SRC" "$E2FSPROGS_VERSION" "$E2FSPROGS_DSC_SHA256"
}
