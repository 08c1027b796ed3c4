#!/usr/bin/env bash
# The web UI in a real browser (docs/web.md): Debian's chromium, headless,
# driven by playwright-core (tests/system/web/browser.mjs) through a
# loopback forward to the node's port 443. Log in (a wrong password
# refused), create from the busybox template (a bad value refused at its
# field), start; in the console, echo and stty size after a resize; a reload
# replays the scrollback; a read-only second tab sees output and cannot
# type; stop; destroy; with the admin password removed, the login page
# says to run vzweb passwd. Every page at 1366x768 and 390x844: screenshots,
# axe-core, no horizontal scroll on the phone; no console error or CSP
# violation anywhere. Controls: an inline script is refused by the CSP and
# seen, axe-core reports an image without alt text, the scroll check sees a
# line too wide.
#
# Screenshots: out/BOARD/test/web-browser/shots/PAGE-WxH.png.
. "$(dirname "$0")/../lib/vm.sh"
vm_init web-browser
. "$TOP/scripts/web_ui.sh"

CT=101
command -v chromium >/dev/null || bail_out "chromium is not installed (./build.sh deps installs it)"
NODE_MODULES=$(npm_cached tests/system/web) || bail_out "npm packages of tests/system/web missing"

# The driver's lines become this test's TAP lines.
browser() { # PHASE
	local line rc
	BASE=https://127.0.0.1:$PORT/ PASSWORD=$ADMIN CT=$CT FINGERPRINT=$FINGERPRINT \
		NODE_MODULES=$NODE_MODULES OUT=$VM_DIR \
		timeout 1800 node "$TOP/tests/system/web/browser.mjs" "$1" >"$VM_DIR/browser-$1.log" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		'ok - '*) ok 0 "${line#ok - }" ;;
		'not ok - '*) ok 1 "${line#not ok - }" ;;
		'# '*) diag "${line#\# }" ;;
		*) diag "$line" ;;
		esac
	done <"$VM_DIR/browser-$1.log"
	is "$rc" 0 "the browser driver's phase $1 exited 0"
}

vm_https_forward
PORT=$VM_HTTPS_PORT
vm_web_up 2G
ok $? "the UI answers through the forward to the node's 443"
ADMIN=$VM_ADMIN
FINGERPRINT=$(openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null |
	openssl x509 -noout -fingerprint -sha256 | cut -d= -f2)
like "$FINGERPRINT" '^([0-9A-F]{2}:){31}[0-9A-F]{2}$' "the node serves a certificate (SHA-256 $FINGERPRINT)"

browser create

vm_run "vzlist -H -o ctid,status $CT" | grep -qw running
ok $? "vzlist on the node agrees: container $CT exists and runs"

# The busybox template's root is locked; its console runs a getty. Let root
# in without a password so the browser can log in on the console.
vm_run "vzctl exec $CT \"sed -i 's/^root:[^:]*:/root::/' /etc/shadow\"" >/dev/null
ok $? "root of the container may log in on its console"

browser use

vm_run "vzlist -a -H -o ctid | grep -qw $CT"
is $? 1 "vzlist on the node agrees: container $CT is gone"

# Without an admin password the node refuses every login and the page says
# how to set one.
vm_run "sed -i '/^ADMIN_PASSWORD_HASH=/d' /vz/etc/vzhost.conf" >/dev/null
ok $? "the admin password is removed from the node's configuration"
browser unset

diag "screenshots: ${VM_DIR#$TOP/}/shots/"

vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"
done_testing
