#!/usr/bin/env bash
# The web service's net process (docs/web-design.md) from the host, through
# loopback forwards to the node's 443 and 80:
# - TLS 1.2 only, ECDHE with AEAD only: TLS 1.1, TLS 1.3 and the RSA key
#   exchange are refused (control: TLS 1.2 ECDHE is taken);
# - port 80 answers every request with a redirect to https, 301 for GET,
#   308 for POST;
# - a UI file larger than a TLS record and the socket's buffer arrives
#   whole, and as its precompressed .gz with Content-Encoding: gzip when
#   the client takes gzip;
# - net runs as user vzweb, chrooted to the UI directory, with
#   no_new_privs and a seccomp filter (control: priv, in the same service,
#   shows root, /, and neither); the filter on a process of its own
#   (tests/guest/netfilter.c) lets what net needs through, refuses write
#   opens with EACCES and kills on socket, connect, execve, fork, kill and
#   ptrace;
# - every limit of issue 13 that net holds, each violation answered with
#   its status and the connection closed, each beside a control request
#   without the flaw that is accepted (tests/system/web/limits.py): head
#   8 KiB, request line 2 KiB, 64 fields, head within 10 s, CL+TE, two CLs,
#   obs-fold, bare CR, bare LF, NUL, a transfer coding other than chunked,
#   absolute-form, a bad chunked body, JSON body 64 KiB (one of exactly 64
#   KiB parsed whole), 16 connections per source, an upload slower than
#   16 KiB in 10 s cut with 408 (control: one a little faster goes on);
#   the UI's index served, a login through priv, an event stream, the
#   console WebSocket (pong to a ping, keys echoed by the container's
#   getty, an unmasked frame closed with 1002, the server's ping after 20
#   s, a socket silent for 60 s closed; control: one answering the pings
#   stays open); the session pool: the 65th login answered 503 with
#   Retry-After (control: after a logout one is taken);
# - 200 slow clients (one byte a second, each from its own loopback source
#   inside the node: tests/guest/webslow.c) delay a TLS client on the host
#   by at most a second (control: the node holds 150 or more of them open
#   while it is measured);
# - 256 connections in all (300 slow clients from 300 sources: net holds
#   256; control: 200 are all held); 64 TLS handshakes in flight (80 that
#   never start: the oldest are closed and another client is served;
#   control: 60 are all held for 8 s); a handshake not done within 10 s is
#   closed;
# - the pools of 64 event streams and 64 console viewers (in-guest
#   clients from loopback sources: tests/guest/webconsolebench.c): with 63
#   open another from the host is served (control), with 64 it is refused
#   503 with Retry-After, and served again once they close;
# - a console viewer that stops acknowledging gets at most 256 KiB more
#   and does not hold the console's writer back (control: one that
#   acknowledges gets every byte);
# - net killed: priv starts a new one, sandboxed the same, and a session
#   made before still works (control: the same request without the cookie
#   is refused).
. "$(dirname "$0")/../lib/vm.sh"
vm_init web-limits

CT=101
SLOW=200

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

vm_https_forward
PORT=$VM_HTTPS_PORT
PORT80=$(free_port)
QEMU_HOSTFWD+=",hostfwd=tcp:127.0.0.1:$PORT80-:80"
vm_web_up 2G webslow netfilter webconsolebench
ok $? "the service answers through the forward to the node's 443" || bail_out "no web service"
ADMIN=$VM_ADMIN

# ---- TLS ----
tls() { # OPTIONS...: "PROTOCOL CIPHER" of a handshake, or "refused"
	local out
	out=$(openssl s_client -connect "127.0.0.1:$PORT" "$@" </dev/null 2>/dev/null) || { echo refused; return; }
	printf '%s %s\n' "$(sed -n 's/^ *Protocol *: *//p' <<<"$out" | head -1)" \
		"$(sed -n 's/^ *Cipher *: *//p' <<<"$out" | head -1)"
}
got=$(tls -tls1_2)
like "$got" '^TLSv1\.2 ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$' \
	"control: a TLS 1.2 client gets ECDHE with an AEAD cipher ($got)"
is "$(tls -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0')" refused "TLS 1.1 is refused"
is "$(tls -tls1_3)" refused "TLS 1.3 is refused (the configuration is TLS 1.2 only)"
is "$(tls -tls1_2 -cipher 'AES128-GCM-SHA256:AES256-GCM-SHA384')" refused \
	"the RSA key exchange is refused"
is "$(tls -tls1_2 -cipher 'ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA')" refused \
	"a CBC cipher is refused"

# ---- port 80 ----
hdr=$(curl -s -D - -o /dev/null --max-time 20 "http://127.0.0.1:$PORT80/some/page?x=1")
like "$hdr" '^HTTP/1\.1 301' "port 80: GET is answered 301"
like "$hdr" $'\n[Ll]ocation: https://127\\.0\\.0\\.1/some/page\\?x=1\r' \
	"port 80: the redirect names the same target over https"
hdr=$(curl -s -D - -o /dev/null --max-time 20 -X POST --data '{}' "http://127.0.0.1:$PORT80/api/v1/session")
like "$hdr" '^HTTP/1\.1 308' "port 80: POST is answered 308 (method and body kept)"

# ---- a file larger than a TLS record and the socket's buffer, whole ----
size=$(vm_run 'stat -c %s /usr/share/vzhost/web/vendor/xterm.js')
got=$(curl -sk --max-time 60 "https://127.0.0.1:$PORT/vendor/xterm.js" | wc -c)
is "$got" "$size" "a UI file of $size bytes arrives whole"
got=$(curl -sk --max-time 60 --compressed -D "$VM_DIR/gz.head" "https://127.0.0.1:$PORT/vendor/xterm.js" | wc -c)
is "$got" "$size" "with gzip asked for, it arrives as the precompressed copy and unpacks to the same size"
like "$(cat "$VM_DIR/gz.head")" $'\n[Cc]ontent-[Ee]ncoding: gzip\r' "the precompressed copy is sent with Content-Encoding: gzip"

# ---- the sandbox ----
pids=$(vm_run 'for p in /proc/[0-9]*; do grep -aq vzwebd $p/cmdline 2>/dev/null && echo ${p#/proc/} $(tr "\0" " " <$p/cmdline); done')
NET=$(awk '/--net/ { print $1; exit }' <<<"$pids")
PRIV=$(awk '!/--net/ && /vzwebd/ { print $1; exit }' <<<"$pids")
[ -n "$NET" ] && [ -n "$PRIV" ]
ok $? "vzwebd runs as priv ($PRIV) and net ($NET)" || diag "$pids"
status() { # PID: Uid, NoNewPrivs, Seccomp and the root directory on one line
	vm_run "awk '/^(Uid|NoNewPrivs|Seccomp):/ { printf \"%s %s \", \$1, \$2 } END { printf \"root \" }' /proc/$1/status; readlink /proc/$1/root"
}
net_status=$(status "$NET")
priv_status=$(status "$PRIV")
like "$net_status" 'Uid: 902 ' "net runs as user vzweb (uid 902): $net_status"
like "$net_status" 'NoNewPrivs: 1 ' "net has no_new_privs"
like "$net_status" 'Seccomp: 2 ' "net runs under a seccomp filter"
like "$net_status" 'root /usr/share/vzhost/web' "net is chrooted to the UI directory"
like "$priv_status" 'Uid: 0 .*NoNewPrivs: 0 Seccomp: 0 root /$' \
	"control: the same fields of priv show root, privileges, no filter, / ($priv_status)"
# net's filter (the same code, on a process of its own): what it allows
# works, a write open fails, and any call it does not list kills
F=/usr/libexec/vzhost-test/netfilter
for call in getpid open-read; do
	is "$(vm_run "$F $call; echo rc=\$?")" "rc=0" "control: under net's seccomp filter, $call works"
done
is "$(vm_run "$F open-write; echo rc=\$?")" "EACCES
rc=0" "under net's filter, opening a file for writing fails with EACCES"
for call in socket connect execve fork kill ptrace; do
	like "$(vm_run "$F $call 2>&1; echo rc=\$?")" '^(Bad system call)?.?rc=159$' \
		"under net's filter, $call kills the process (SIGSYS)"
done

# ---- a container for the console ----
vm_run "vzctl create $CT --ostemplate busybox && vzctl start $CT" 600 >"$VM_DIR/ct.log"
ok $? "container $CT created and started for the console tests" || diag "$(tail -5 "$VM_DIR/ct.log")"

# ---- the limits, each with its control ----
while IFS= read -r line; do
	case $line in
	'ok - '*) ok 0 "${line#ok - }" ;;
	'not ok - '*) ok 1 "${line#not ok - }" ;;
	'# '*) diag "${line#\# }" ;;
	*) diag "$line" ;;
	esac
done < <(timeout 900 python3 "$TOP/tests/system/web/limits.py" "$PORT" "$ADMIN" "$CT" 2>&1)

# ---- slow clients ----
took() { curl -sk -o /dev/null -w '%{time_total}\n' --max-time 30 "https://127.0.0.1:$PORT/"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
base=$(for _ in 1 2 3 4 5; do took; done | median)
vm_run "(/usr/libexec/vzhost-test/webslow 80 $SLOW 40 >/tmp/webslow.log 2>&1 &)" >/dev/null
# measured while all are open: each is closed 10 s after its head began
# (the head time limit) and comes again
for _ in $(seq 20); do vm_run 'grep -q started /tmp/webslow.log' && break; sleep 0.5; done
sleep 1
held=$(vm_run "netstat -tn | grep -c ':80 .*ESTABLISHED'")
slow=$(for _ in 1 2 3 4 5; do took; done | median)
held2=$(vm_run "netstat -tn | grep -c ':80 .*ESTABLISHED'")
diag "a TLS GET / takes ${base}s alone, ${slow}s among $SLOW slow clients"
[ "${held:-0}" -ge 300 ] && [ "${held2:-0}" -ge 300 ]
ok $? "control: the node holds the slow clients open while it is measured ($((held / 2)), $((held2 / 2)))"
awk -v a="$base" -v b="$slow" 'BEGIN { exit !(b - a <= 1.0) }'
ok $? "$SLOW slow clients delay another client by at most a second (${base}s -> ${slow}s)"
for _ in $(seq 60); do vm_run 'grep -q refused /tmp/webslow.log' && break; sleep 1; done	# its 40 s end
vm_run 'cat /tmp/webslow.log' >"$VM_DIR/webslow.log"
like "$(cat "$VM_DIR/webslow.log")" 'refused 0$' "no slow client was refused a connection (one per source)"
diag "$(cat "$VM_DIR/webslow.log")"

# ---- 256 connections in all, 64 handshakes in flight within 10 s ----
# net's established connections on port 80: its socket descriptors that
# /proc/net/tcp lists with local port 80 (0050) in state 01
net_conns80() {
	vm_run "ls -l /proc/$NET/fd | sed -n 's/.*socket:\\[\\([0-9]*\\)\\]\$/\\1/p' >/tmp/net.inodes; awk 'NR > 1 && \$2 ~ /:0050\$/ && \$4 == \"01\" { print \$10 }' /proc/net/tcp | grep -cxFf /tmp/net.inodes"
}
W=/usr/libexec/vzhost-test/webslow
vm_run "($W 80 200 12 >/tmp/w200.log 2>&1 &)" >/dev/null
sleep 6
with200=$(net_conns80)
sleep 8
vm_run "($W 80 300 12 >/tmp/w300.log 2>&1 &)" >/dev/null
sleep 6
with300=$(net_conns80)
is "$with200" 200 "control: with 200 slow clients from 200 sources net holds 200 connections"
is "$with300" 256 "with 300 slow clients from 300 sources net holds 256, its limit in all"
sleep 8
like "$(vm_run 'cat /tmp/w300.log')" 'reconnects [1-9]' "the clients past 256 are closed at once (and come again)"

vm_run "($W 443 60 8 silent >/tmp/h60.log 2>&1 &)" >/dev/null
sleep 10
like "$(vm_run 'cat /tmp/h60.log')" 'open 60 reconnects 0 ' \
	"control: 60 TLS handshakes that never start are all held for 8 s"
vm_run "($W 443 80 8 silent >/tmp/h80.log 2>&1 &)" >/dev/null
sleep 3
code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 20 "https://127.0.0.1:$PORT/")
is "$code" 200 "with 80 handshakes stalled, another client is still served"
sleep 7
like "$(vm_run 'cat /tmp/h80.log')" 'reconnects [1-9]' \
	"with 80 stalled handshakes, the oldest past 64 in flight are closed"
vm_run "($W 443 10 16 silent >/tmp/h10.log 2>&1 &)" >/dev/null
sleep 18
like "$(vm_run 'cat /tmp/h10.log')" 'reconnects (1[0-9]|[2-9][0-9])' \
	"a TLS handshake not done within 10 s is closed (all 10 within 16 s)"

# ---- the event-stream and console pools: 64 each, then 503 ----
# In-guest clients (webconsolebench, each connection from its own loopback
# source, as net takes 16 a source) fill a pool to one below its limit: a
# client from the host is still served (the control), then to its limit:
# the host's is refused 503 with Retry-After. Closing them makes room.
B=/usr/libexec/vzhost-test/webconsolebench
TOKEN=$(vm_web_token "$ADMIN" pools)
[ -n "$TOKEN" ]
ok $? "an API token for the pool clients"
vm_run "export WEB_TOKEN=$TOKEN" >/dev/null
# probe PATH: "STATUS RETRY-AFTER" of a GET with the token from the host;
# a path ending in /console is asked for a WebSocket
probe() {
	python3 - "$PORT" "$TOKEN" "$1" <<'PY'
import socket, ssl, sys
port, token, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=30))
ws = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n") if "/console" in path else ""
s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n%s\r\n"
           % (path, token, ws)).encode())
head = b""
while b"\r\n\r\n" not in head and len(head) < 8192:
    b = s.recv(4096)
    if not b:
        break
    head += b
lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
retry = [l.split(":", 1)[1].strip() for l in lines[1:] if l.lower().startswith("retry-after:")]
print(lines[0].split(" ")[1] if " " in lines[0] else "none", retry[0] if retry else "-")
PY
}
# hold LOG ARGS...: runs webconsolebench ARGS in the background; its first line
hold() {
	local log=$1
	shift
	vm_run "($B $* >$log 2>&1 &)" >/dev/null
	for _ in $(seq 120); do
		vm_run "grep -q '^[a-z]* [0-9]\|webconsolebench:' $log" >/dev/null && break
		sleep 1
	done
	vm_run "head -1 $log"
}
is "$(hold /tmp/s63.log streams 120 63)" "streams 63" "63 event streams held from the node"
is "$(probe '/api/v1/events?types=ct')" "200 -" "control: with 63 event streams open, another is served"
sleep 2	# its close reaches priv
is "$(hold /tmp/s1.log streams 120 1)" "streams 1" "the 64th event stream held"
is "$(probe '/api/v1/events?types=ct')" "503 10" "with 64 event streams open, the next is refused 503, Retry-After: 10"
vm_run "pkill -f '$B streams'" >/dev/null
sleep 2
is "$(probe '/api/v1/events?types=ct')" "200 -" "once they are closed, an event stream is served again"

CTS="101 102 103 104 105 106 107 108 109 110 111"	# the holder takes 6 viewers a console
vm_run "for i in ${CTS#101 }; do vzctl create \$i --ostemplate busybox --layout simfs >/dev/null || exit 1; done" 900
ok $? "ten more containers, so 64 viewers fit in their holders"
# 63 viewers round robin: 101-108 get 6 each, 109-111 get 5
is "$(hold /tmp/v63.log idle 120 63 $CTS)" "idle 63" "63 console viewers held from the node"
is "$(probe /api/v1/containers/111/console?mode=ro)" "101 -" \
	"control: with 63 console viewers open, another is attached (101 Switching Protocols)"
sleep 2
is "$(hold /tmp/v1.log idle 120 1 111)" "idle 1" "the 64th console viewer held"
is "$(probe /api/v1/containers/110/console?mode=ro)" "503 10" \
	"with 64 console viewers open, the next is refused 503, Retry-After: 10 (its holder has room)"
vm_run "pkill -f '$B idle'" >/dev/null
sleep 2
is "$(probe /api/v1/containers/110/console?mode=ro)" "101 -" "once they are closed, a console viewer is attached again"

# ---- a page that stops acknowledging console output ----
# The bridge stops reading the holder for a viewer 256 KiB behind; the
# holder drops it after its stall, so the writer is not held back. The
# control: a viewer that acknowledges gets all 4 MiB (nothing dropped).
read -r got secs < <(vm_run "$B unacked $CT 4" 120)
diag "a viewer that stopped acknowledging got $((${got:-0} / 1024)) KiB of 4 MiB; the writer took ${secs:-?} s"
[ "${got:-0}" -ge 65536 ] && [ "${got:-0}" -le $(((256 + 64) << 10)) ]
ok $? "a viewer that stops acknowledging gets at most 256 KiB more (and a read buffer): $((${got:-0} / 1024)) KiB"
awk -v s="${secs:-99}" 'BEGIN { exit !(s < 30) }'
ok $? "it does not hold the console's writer back (4 MiB written in ${secs:-?} s)"
read -r rate dropped < <(vm_run "$B throughput ws $CT 4" 120)
is "${dropped:-?}" 0 "control: a viewer that acknowledges gets all 4 MiB (${rate:-?} MiB/s, none dropped)"

# ---- net killed: priv starts another, the session lives on ----
api() { # PATH [CURL ARGS...]: the HTTP status
	local path=$1
	shift
	curl -sk -o /dev/null -w '%{http_code}' --max-time 20 -H "Origin: https://127.0.0.1:$PORT" "$@" \
		"https://127.0.0.1:$PORT$path"
}
jar=$VM_DIR/cookies
code=$(api /api/v1/session -c "$jar" -H 'Content-Type: application/json' \
	--data "{\"user\":\"admin\",\"password\":\"$ADMIN\"}")
is "$code" 200 "a session for the restart check"
vm_run "kill -9 $NET" >/dev/null
new=
for _ in $(seq 60); do
	new=$(vm_run 'for p in /proc/[0-9]*; do grep -aq -- --net $p/cmdline 2>/dev/null && echo ${p#/proc/}; done; true')
	[ -n "$new" ] && [ "$new" != "$NET" ] && [ "$(api /)" = 200 ] && break
	sleep 1
done
ok $([ -n "$new" ] && [ "$new" != "$NET" ]; echo $?) "priv starts a new net process after net is killed ($NET -> $new)"
is "$(api /api/v1/session -b "$jar")" 200 "the session made before the restart is still valid"
is "$(api /api/v1/session)" 401 "control: without the cookie the same request is refused"
like "$(status "$new")" 'Uid: 902 NoNewPrivs: 1 Seccomp: 2 root /usr/share/vzhost/web' \
	"the new net is sandboxed like the first"

vm_send 'poweroff'
vm_wait_exit 120
ok $? "poweroff"
done_testing
