# The web UI: our files from services/web/ui and the dist files of the
# browser libraries its package-lock.json pins, installed into the rootfs at
# /usr/share/vzhost/web (the web service's static root and the chroot of its
# net process), each text file also gzipped beside it. Sourced by build.sh
# and by tests that drive a browser.
#
# npm packages are installed like the Debian sources are fetched: once per
# lockfile into $CACHE/npm/KEY (KEY is the hash of package.json and
# package-lock.json), with `npm ci`, which checks every tarball against the
# lockfile's integrity hash and runs no install scripts here. A rebuild with
# the same lockfile touches nothing; a fresh clone fetches once.

WEB_UI_SRC=services/web/ui
WEB_UI_DIR=/usr/share/vzhost/web

# The library files the pages load, as PACKAGE_FILE:NAME_IN_vendor/. Only
# these leave the npm tree; no source maps, no clipboard addon.
WEB_UI_VENDOR="
htm/preact/standalone.mjs:preact-htm.js
@xterm/xterm/lib/xterm.mjs:xterm.js
@xterm/xterm/css/xterm.css:xterm.css
@xterm/addon-fit/lib/addon-fit.mjs:addon-fit.js
uplot/dist/uPlot.esm.js:uplot.js
uplot/dist/uPlot.min.css:uplot.css
"
WEB_UI_LICENSES="htm @xterm/xterm @xterm/addon-fit uplot"

# npm_cached DIR: installs the packages DIR/package-lock.json pins (once per
# lockfile) and prints the node_modules directory holding them.
npm_cached() {
	local dir=$TOP/$1 key dst lock
	for lock in node npm; do
		command -v "$lock" >/dev/null || die "npm_cached: $lock not found (./build.sh deps installs it)"
	done
	key=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-32)
	dst=$CACHE/npm/$key
	mkdir -p "$CACHE/npm"
	exec {lock}>"$CACHE/npm/lock"
	flock -w 600 "$lock" || die "npm_cached: $CACHE/npm/lock is held by another build"
	if [ ! -f "$dst/.vzhost-ok" ]; then
		log "npm: installing the packages $1/package-lock.json pins into ${dst#$HOME/}"
		rm -rf "$dst.part"
		mkdir -p "$dst.part"
		cp "$dir/package.json" "$dir/package-lock.json" "$dst.part/"
		(cd "$dst.part" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline \
			--cache "$CACHE/npm/tarballs") >"$dst.log" 2>&1 ||
			die "npm ci for $1 failed (see $dst.log)"
		touch "$dst.part/.vzhost-ok"
		mv "$dst.part" "$dst"
	fi
	exec {lock}>&-
	echo "$dst/node_modules"
}

# A library file as the page loads it: without its source map reference,
# since the map is not shipped.
web_ui_vendor_copy() { # SRC DST
	sed '/^\/\/# sourceMappingURL=/d; s|/\*# sourceMappingURL=[^*]*\*/||' "$1" >"$2"
}

web_ui_licenses() { # NODE_MODULES DST
	local pkg
	for pkg in $WEB_UI_LICENSES; do
		printf '%s %s\n\n' "$pkg" "$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$1/$pkg/package.json")"
		cat "$1/$pkg/LICENSE"*
		printf '\n'
	done >"$2"
}

# FILE.gz beside every text file of 1 KiB or more, for browsers that accept
# gzip (the web service sends it instead of FILE); -n keeps it reproducible.
web_ui_gzip() { # DIR
	find "$1" -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' \) \
		-size +1k -exec gzip -9 -n -k {} +
}

# web_ui_install ROOT: the UI into ROOT/usr/share/vzhost/web.
web_ui_install() {
	local root=$1 modules dst pair
	modules=$(npm_cached "$WEB_UI_SRC")
	dst=$root$WEB_UI_DIR
	log "web ui: installing into ${dst#$TOP/}"
	rm -rf "$dst"
	mkdir -p "$dst/vendor"
	cp "$TOP/$WEB_UI_SRC/index.html" "$TOP/$WEB_UI_SRC/icon.svg" "$dst/"
	cp -r "$TOP/$WEB_UI_SRC/css" "$TOP/$WEB_UI_SRC/js" "$dst/"
	for pair in $WEB_UI_VENDOR; do
		[ -f "$modules/${pair%%:*}" ] || die "web ui: $modules/${pair%%:*} missing (package-lock.json changed the layout?)"
		web_ui_vendor_copy "$modules/${pair%%:*}" "$dst/vendor/${pair#*:}"
	done
	web_ui_licenses "$modules" "$dst/vendor/LICENSES.txt"
	web_ui_gzip "$dst"
	find "$dst" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
}
