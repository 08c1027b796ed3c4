# The vzhost Kconfig: .config at the top of the tree, processed with
# Debian's kconfig-frontends. config_load turns it into out/BOARD/config.h
# (for C code) and out/BOARD/auto.conf (sourced here). Sourced by build.sh.

KCONF_ENV() {
	KCONFIG_CONFIG="$TOP/.config" "$@"
}

config_defconfig() {
	local board=$1
	[ -f "$TOP/board/$board/defconfig" ] ||
		die "no board '$board' (boards: $(cd "$TOP/board" && ls -d */defconfig | cut -d/ -f1 | tr '\n' ' '))"
	KCONF_ENV kconfig-conf --defconfig="$TOP/board/$board/defconfig" "$TOP/Kconfig" >/dev/null
	log "configured for board $board (.config)"
}

config_menu() {
	[ -f "$TOP/.config" ] || config_defconfig qemu_x86_64
	KCONF_ENV kconfig-mconf "$TOP/Kconfig"
}

config_olddefconfig() {
	[ -f "$TOP/.config" ] || config_defconfig qemu_x86_64
	KCONF_ENV kconfig-conf --olddefconfig "$TOP/Kconfig" >/dev/null
}

config_savedefconfig() {
	[ -f "$TOP/.config" ] || die "no .config to save"
	local board
	board=$(sed -n 's/^CONFIG_BOARD="\(.*\)"/\1/p' "$TOP/.config")
	KCONF_ENV kconfig-conf --savedefconfig="$TOP/board/$board/defconfig" "$TOP/Kconfig" >/dev/null
	log "wrote board/$board/defconfig"
}

# The configuration file in use: .config, or with VZHOST_BOARD=NAME the
# board's defconfig expanded into out/NAME/.config (so another board can be
# built, e.g. by the tests, without touching the developer's .config).
config_file() {
	if [ -n "${VZHOST_BOARD:-}" ]; then
		local cfg=$TOP/out/$VZHOST_BOARD/.config def=$TOP/board/$VZHOST_BOARD/defconfig
		[ -f "$def" ] || die "VZHOST_BOARD=$VZHOST_BOARD: no board/$VZHOST_BOARD/defconfig"
		mkdir -p "$TOP/out/$VZHOST_BOARD"
		if [ ! -f "$cfg" ] || [ "$def" -nt "$cfg" ] || [ "$TOP/Kconfig" -nt "$cfg" ]; then
			KCONFIG_CONFIG=$cfg kconfig-conf --defconfig="$def" "$TOP/Kconfig" >/dev/null
		fi
		echo "$cfg"
		return
	fi
	[ -f "$TOP/.config" ] || config_defconfig qemu_x86_64
	echo "$TOP/.config"
}

# Generate config.h and auto.conf when the config or Kconfig changed, then
# load auto.conf.
config_load() {
	local cfg board gen
	cfg=$(config_file)
	board=$(sed -n 's/^CONFIG_BOARD="\(.*\)"/\1/p' "$cfg")
	[ -n "$board" ] || die "$cfg names no board; run ./build.sh defconfig qemu_x86_64"
	OUT=$TOP/out/$board
	IMAGES=$OUT/images
	gen=$OUT/kconfig
	mkdir -p "$gen/include/config" "$gen/include/generated"
	if [ ! -f "$gen/stamp" ] || [ "$cfg" -nt "$gen/stamp" ] || [ "$TOP/Kconfig" -nt "$gen/stamp" ]; then
		# Options added to Kconfig since .config was written take their
		# defaults (as the kernel's olddefconfig does), then the headers.
		(cd "$gen" && KCONFIG_CONFIG="$cfg" kconfig-conf --olddefconfig "$TOP/Kconfig" >/dev/null &&
			KCONFIG_CONFIG="$cfg" KCONFIG_AUTOHEADER="$gen/config.h" \
			KCONFIG_AUTOCONFIG="$gen/auto.conf" kconfig-conf --silentoldconfig "$TOP/Kconfig" </dev/null >/dev/null) ||
			die "kconfig: cannot process $cfg (run ./build.sh olddefconfig or menuconfig)"
		install_if_changed "$gen/auto.conf" "$OUT/auto.conf"
		install_if_changed "$gen/config.h" "$OUT/config.h"
		touch "$gen/stamp"
	fi
	# shellcheck disable=SC1091
	. "$OUT/auto.conf"
	BOARD=$CONFIG_BOARD
	[ -d "$TOP/board/$BOARD" ] || die "board/$BOARD does not exist"
}
