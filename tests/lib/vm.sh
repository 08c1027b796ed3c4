# Booting the node image in QEMU from a shell test and driving its serial
# console like an operator would: type a line, wait for text to appear.
#
# The console is a pair of fifos (QEMU -serial pipe:); everything the guest
# prints is appended to $VM_DIR/console.log, and "expect" means: wait until
# text matching a regex appears after the current mark.
#
#   vm_init NAME             work dir under out/BOARD/test/NAME
#   vm_boot DATA SEED APPEND start QEMU (either image may be "")
#   vm_expect REGEX [SECS]   wait for REGEX after the mark, move mark past it
#   vm_send TEXT             type TEXT and Enter
#   vm_login USER PASS       wait for login: and log in to a shell prompt
#                            (from root's console menu: its host shell)
#   vm_run CMD [SECS]        run CMD in the guest shell, print its output,
#                            return its exit status
#   vm_wait_exit [SECS]      wait for QEMU to exit (poweroff)
#   vm_kill                  kill QEMU hard (power cut)
#   vm_port_add NAME         before vm_boot: one more guest serial port
#                            (ttyS1, ttyS2... in order), logged to NAME.log
#   vm_port NAME             drive that port from now on (the first port's
#                            name is "console")
#   vm_https_forward         before vm_boot: a free loopback port of the host,
#                            VM_HTTPS_PORT, forwarded to the guest's 443
#   vm_node_up SIZE [TOOL..] a fresh node with those test tools, logged in
#   vm_web_up SIZE [TOOL...] the same with a web admin password (VM_ADMIN),
#                            until the web service answers

VM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$VM_TOP/tests/lib/tap.sh"

vm_env() {
	TOP=$VM_TOP
	CACHE=${VZHOST_CACHE:-$HOME/.cache/vzhost}
	[ -n "${VZHOST_BOARD:-}" ] || [ -f "$TOP/.config" ] || { echo "no .config: run ./build.sh first" >&2; exit 1; }
	local board=${VZHOST_BOARD:-}
	[ -n "$board" ] || board=$(sed -n 's/^CONFIG_BOARD="\(.*\)"/\1/p' "$TOP/.config")
	OUT=$TOP/out/$board
	IMAGES=$OUT/images
	# shellcheck disable=SC1091
	. "$OUT/auto.conf"
	die() { echo "vm: $*" >&2; exit 1; }
	log() { :; }
	. "$TOP/scripts/qemu.sh"
	. "$TOP/scripts/rootfs.sh"
	[ -f "$IMAGES/bzImage" ] && [ -f "$IMAGES/initramfs.img" ] ||
		bail_out "no image in $IMAGES: run ./build.sh first"
}

vm_init() {
	vm_env
	VM_DIR=$OUT/test/$1
	rm -rf "$VM_DIR"
	mkdir -p "$VM_DIR"
	VM_PID=
	VM_PORT=console
	VM_LOG=$VM_DIR/console.log
	VM_PORT_NAMES=()
	VM_PORT_READERS=()
	declare -gA VM_PORT_FD=() VM_PORT_MARK=()
	trap vm_cleanup EXIT
}

# An EXIT trap: nothing here may fail the script (benches run under set -e,
# and a reader that already ended makes its kill fail).
vm_cleanup() {
	[ -z "${VM_PID:-}" ] || kill -9 "$VM_PID" 2>/dev/null || true
	[ -z "${VM_READER:-}" ] || kill "$VM_READER" 2>/dev/null || true
	[ -z "${VM_PORT_READERS[*]:-}" ] || kill "${VM_PORT_READERS[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	return 0
}

vm_boot() { # DATA SEED APPEND [extra qemu args...]
	local data=$1 seed=$2 append=$3 args port extra=()
	shift 3
	rm -f "$VM_DIR/serial.in" "$VM_DIR/serial.out"
	mkfifo "$VM_DIR/serial.in" "$VM_DIR/serial.out"
	: >>"$VM_DIR/console.log"
	VM_MARK=$(stat -c %s "$VM_DIR/console.log")
	for port in "${VM_PORT_NAMES[@]}"; do
		rm -f "$VM_DIR/$port.in" "$VM_DIR/$port.out"
		mkfifo "$VM_DIR/$port.in" "$VM_DIR/$port.out"
		: >>"$VM_DIR/$port.log"
		extra+=(-serial "pipe:$VM_DIR/$port")
	done
	mapfile -t args < <(qemu_args "$data" "$seed" "$append")
	"$QEMU" "${args[@]}" -serial "pipe:$VM_DIR/serial" "${extra[@]}" -monitor none -no-reboot "$@" \
		</dev/null >>"$VM_DIR/qemu.log" 2>&1 &
	VM_PID=$!
	cat "$VM_DIR/serial.out" >>"$VM_DIR/console.log" &
	VM_READER=$!
	exec {VM_IN}>"$VM_DIR/serial.in"
	VM_PORT=console
	VM_LOG=$VM_DIR/console.log
	for port in "${VM_PORT_NAMES[@]}"; do
		cat "$VM_DIR/$port.out" >>"$VM_DIR/$port.log" &
		VM_PORT_READERS+=($!)
		exec {VM_PORT_FD[$port]}>"$VM_DIR/$port.in"
		VM_PORT_MARK[$port]=$(stat -c %s "$VM_DIR/$port.log")
	done
}

vm_https_forward() {
	local p
	for p in $(shuf -i 20000-60000 -n 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		VM_HTTPS_PORT=$p
		QEMU_HOSTFWD="hostfwd=tcp:127.0.0.1:$p-:443"
		return 0
	done
	bail_out "no free loopback port for the https forward"
}

vm_port_add() { # NAME
	VM_PORT_NAMES+=("$1")
}

vm_port() { # NAME
	VM_PORT_FD[$VM_PORT]=$VM_IN
	VM_PORT_MARK[$VM_PORT]=$VM_MARK
	VM_PORT=$1
	VM_IN=${VM_PORT_FD[$1]}
	VM_MARK=${VM_PORT_MARK[$1]}
	VM_LOG=$VM_DIR/$1.log
}

# The console log from the mark on, with carriage returns removed.
vm_tail() {
	tail -c +"$((VM_MARK + 1))" "${VM_LOG:-$VM_DIR/console.log}" | tr -d '\r'
}

vm_expect() { # REGEX [SECS]
	local re=$1 secs=${2:-120} end off
	end=$((SECONDS + secs))
	while [ $SECONDS -lt $end ]; do
		off=$(vm_tail | grep -Eboa -m1 -- "$re" | head -1 | cut -d: -f1)
		if [ -n "$off" ]; then
			local matched
			matched=$(vm_tail | grep -Eoa -m1 -- "$re" | head -1)
			VM_MARK=$((VM_MARK + off + ${#matched}))
			return 0
		fi
		if ! kill -0 "$VM_PID" 2>/dev/null; then
			sleep 0.2
			vm_tail | grep -Eqa -- "$re" && { vm_expect "$re" 1; return; }
			diag "QEMU exited while waiting for /$re/"
			return 1
		fi
		sleep 0.2
	done
	diag "timeout (${secs}s) waiting for /$re/; console tail:"
	diag "$(vm_tail | tail -15)"
	return 1
}

vm_send() { printf '%s\r' "$1" >&"$VM_IN"; }

vm_login() { # USER PASS
	vm_expect ' login: ' 180 || return 1
	vm_send "$1"
	vm_expect 'Password: ' 30 || return 1
	vm_send "$2"
	local start=$VM_MARK
	vm_expect 'vzmenu> |# ' 30 || return 1
	# Root's serial login opens the console menu: take its host shell.
	if tail -c +"$((start + 1))" "${VM_LOG:-$VM_DIR/console.log}" | tr -d '\r' |
		grep -Eoa -m1 'vzmenu> |# ' | head -1 | grep -q vzmenu; then
		vm_send s
		vm_expect '# ' 30 || return 1
	fi
	# A quiet shell for scripting: no echo of our input, no prompt. Not the
	# interactive shell itself with echo off: busybox ash then reads lines
	# with fgets, which a SIGCHLD (a background job ending) interrupts, and
	# ash takes that for end of input and exits. A non-interactive loop has
	# no job control, so nothing interrupts its read.
	# A line that does not parse is handed to a child shell, which reports
	# the error, instead of to eval, which would end the loop.
	vm_send "stty -echo; exec sh -c 'while IFS= read -r l; do if sh -n -c \"\$l\" 2>/dev/null; then eval \"\$l\"; else sh -c \"\$l\"; fi; done'"
	sleep 1
	VM_MARK=$(stat -c %s "${VM_LOG:-$VM_DIR/console.log}")
}

# vm_run is usually called in $(...), a subshell: the tag that brackets the
# output must be unique without any state carried back to the caller.
vm_run() { # CMD [SECS]
	local cmd=$1 secs=${2:-60} out rc start tag
	tag="@@$(date +%s%N)$BASHPID@@"
	start=$VM_MARK
	vm_send "echo '<$tag'; $cmd; echo \"$tag>\$?\""
	vm_expect "$tag>[0-9]+" "$secs" || return 124
	out=$(tail -c +"$((start + 1))" "${VM_LOG:-$VM_DIR/console.log}" | tr -d '\r' |
		sed -n "/^<$tag\$/,/$tag>[0-9]*\$/p")
	rc=$(printf '%s\n' "$out" | tail -1 | sed "s/.*$tag>//")
	printf '%s\n' "$out" | sed -e '1d' -e '$d'
	return "$rc"
}

vm_wait_exit() { # [SECS]
	local secs=${1:-120} end
	end=$((SECONDS + secs))
	while kill -0 "$VM_PID" 2>/dev/null; do
		if [ $SECONDS -ge $end ]; then
			# A VM that outlives its poweroff must not outlive the test
			# (the EXIT trap's wait would hang on it).
			kill -9 "$VM_PID" 2>/dev/null
			wait "$VM_PID" 2>/dev/null
			VM_PID=
			return 1
		fi
		sleep 0.2
	done
	wait "$VM_PID" 2>/dev/null || true
	VM_PID=
	return 0
}

# vm_kill: a power cut. Returns once the console log holds everything
# QEMU wrote to the serial line (its reader has drained the pipe).
vm_kill() {
	kill -9 "$VM_PID" 2>/dev/null
	wait "$VM_PID" 2>/dev/null || true
	VM_PID=
	[ -z "${VM_READER:-}" ] || wait "$VM_READER" 2>/dev/null || true
	VM_READER=
}

# Disk images for tests.
vm_blank_disk() { rm -f "$1"; truncate -s "${2:-1G}" "$1"; }

vm_seed() { # IMG KEY=VALUE... (values written as given)
	local img=$1 conf=$VM_DIR/seed.conf
	shift
	printf '%s\n' "$@" >"$conf"
	seed_image "$img" "$conf"
}

vm_hash() { openssl passwd -6 -stdin <<<"$1"; }

# vm_initrd_with DIR: the node's initramfs with the files under DIR laid over
# it (a second cpio archive appended, as the kernel allows); sets VM_INITRD.
vm_initrd_with() {
	local dir=$1
	VM_INITRD=$VM_DIR/initramfs-overlay.img
	cp "$IMAGES/initramfs.img" "$VM_INITRD"
	rootfs_cpio_list "$dir" >"$VM_DIR/overlay.list"
	"$CACHE/build/bin/gen_init_cpio" -t 0 "$VM_DIR/overlay.list" | gzip -n >>"$VM_INITRD"
}

# vm_guest_tools DIR TOOL...: copies test tools built from tests/guest/ into
# DIR/usr/libexec/vzhost-test, to be laid over the initramfs with
# vm_initrd_with DIR.
vm_guest_tools() {
	local dir=$1 t
	shift
	mkdir -p "$dir/usr/libexec/vzhost-test"
	for t in "$@"; do
		[ -x "$OUT/build/guest-bin/$t" ] || bail_out "guest tool $t not built: run ./build.sh test"
		cp "$OUT/build/guest-bin/$t" "$dir/usr/libexec/vzhost-test/$t"
	done
}

# vm_node_up DISK_SIZE [TOOL...]: boots a node on a fresh data disk of
# DISK_SIZE (formatted on first boot) with the named tests/guest tools under
# /usr/libexec/vzhost-test, and logs in as root on the serial console.
# Seed lines in the array VM_SEED_KEYS are added to the seed.
vm_node_up() {
	local size=$1 pass
	shift
	pass=$(openssl rand -hex 8)
	vm_blank_disk "$VM_DIR/data.img" "$size"
	vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$pass")'" "${VM_SEED_KEYS[@]}"
	if [ $# -gt 0 ]; then
		vm_guest_tools "$VM_DIR/overlay" "$@"
		vm_initrd_with "$VM_DIR/overlay"
	fi
	vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda"
	vm_login root "$pass"
}

# vm_web_up DISK_SIZE [TOOL...]: vm_node_up with a web admin password
# (VM_ADMIN, random) in the seed, then waits until the web service answers
# GET / with 200 through the forward vm_https_forward made: 0, or 1 if it
# never does.
vm_web_up() {
	local code=000
	VM_ADMIN=$(openssl rand -hex 12)
	VM_SEED_KEYS=("ADMIN_PASSWORD_HASH='$(vm_hash "$VM_ADMIN")'")
	vm_node_up "$@" || return 1
	vm_run 'dmesg -n 1' >/dev/null
	for _ in $(seq 120); do
		code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 5 "https://127.0.0.1:$VM_HTTPS_PORT/") &&
			[ "$code" = 200 ] && return 0
		sleep 1
	done
	return 1
}

# vm_web_token PASSWORD NAME: prints an API token (scope operate) named
# NAME, made through a session of the web admin with PASSWORD on the
# forward vm_https_forward made; nothing if any step fails.
vm_web_token() {
	local base=https://127.0.0.1:$VM_HTTPS_PORT sid csrf
	sid=$(curl -sk --max-time 30 -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"user\":\"admin\",\"password\":\"$1\"}" "$base/api/v1/session" |
		tr -d '\r' | sed -n 's/^set-cookie: __Host-vzsession=\([^;]*\);.*/\1/Ip')
	[ -n "$sid" ] || return 0
	csrf=$(curl -sk --max-time 30 -H "Cookie: __Host-vzsession=$sid" "$base/api/v1/session" | jq -r .csrf)
	curl -sk --max-time 30 -H "Cookie: __Host-vzsession=$sid" -H "X-CSRF-Token: $csrf" \
		-H "Origin: $base" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$2\",\"scopes\":[\"operate\"]}" "$base/api/v1/tokens" |
		jq -r '.token // empty'
}
