#!/usr/bin/env bash
# vzwebd against lighttpd 1.4 with mod_mbedtls (Debian's packages, on
# Debian's mbedtls 2.28.3, the version the node builds), in one guest run,
# same certificate and key (the node's /vz/etc/web), same file (the UI's
# index.html), same cipher suite and curve (ECDHE-ECDSA-AES128-GCM-SHA256,
# P-256: the client, tests/guest/webbench.c, offers only those), both at
# 100 requests per keep-alive connection. Medians of ROUNDS interleaved
# rounds of SECONDS each: full TLS handshakes a second (a new connection
# each, no resumption) and keep-alive GET / requests a second. Target (issue
# 13): both ratios >= 1.0. Also prints the idle memory of vzwebd's two
# processes and what one idle TLS connection costs net (target <= 48 KiB).
#
# lighttpd runs in the guest with the host's glibc beside it (the host is
# Debian, like the packages): apt-get download, once, into
# $CACHE/bench/lighttpd.
set -euo pipefail
. "$(dirname "$0")/../lib/vm.sh"
vm_init bench-web
ROUNDS=${ROUNDS:-5}
SECONDS_EACH=${SECONDS_EACH:-10}
B=/usr/libexec/vzhost-test/webbench
LT_PACKAGES="lighttpd lighttpd-mod-mbedtls libmbedtls14 libmbedx509-1 libmbedcrypto7"

lighttpd_bundle() { # DIR: lighttpd, its modules and every library it loads
	local dir=$1 cache=$CACHE/bench/lighttpd d lib
	if [ ! -f "$cache/.ok" ]; then
		rm -rf "$cache" && mkdir -p "$cache/debs"
		(cd "$cache/debs" && apt-get download $LT_PACKAGES >/dev/null 2>&1) ||
			{ echo "web bench: apt-get download $LT_PACKAGES failed" >&2; exit 1; }
		for d in "$cache"/debs/*.deb; do dpkg-deb -x "$d" "$cache/root"; done
		touch "$cache/.ok"
	fi
	mkdir -p "$dir/lib" "$dir/mod"
	cp "$cache/root/usr/sbin/lighttpd" "$dir/"
	cp "$cache"/root/usr/lib/lighttpd/mod_mbedtls.so "$dir/mod/"
	cp -L "$cache"/root/usr/lib/x86_64-linux-gnu/libmbed*.so.* "$dir/lib/"
	LD_LIBRARY_PATH=$cache/root/usr/lib/x86_64-linux-gnu ldd "$dir/lighttpd" "$dir/mod/mod_mbedtls.so" |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u |
		while read -r lib; do
			case $lib in "$cache"/*) continue ;; esac
			cp -L "$lib" "$dir/lib/"
		done
	cat >"$dir/lighttpd.conf" <<-'EOF'
	server.document-root = "/usr/share/vzhost/web"
	server.port = 8443
	server.bind = "127.0.0.1"
	server.modules = ( "mod_mbedtls" )
	server.max-keep-alive-requests = 100
	server.errorlog = "/tmp/lighttpd.log"
	index-file.names = ( "index.html" )
	mimetype.assign = ( ".html" => "text/html; charset=utf-8" )
	ssl.engine = "enable"
	ssl.pemfile = "/vz/etc/web/cert.pem"
	ssl.privkey = "/vz/etc/web/key.pem"
	ssl.openssl.ssl-conf-cmd = ( "MinProtocol" => "TLSv1.2", "MaxProtocol" => "TLSv1.2" )
	EOF
}

lighttpd_bundle "$VM_DIR/overlay/opt/lighttpd"
vm_node_up 1G webbench || { echo "web bench: node did not come up" >&2; exit 1; }
guest() { vm_run "$1" 600 | tail -1; [ "${PIPESTATUS[0]}" = 0 ] || { echo "web bench: guest command failed: $1" >&2; exit 1; }; }
guest 'dmesg -n 1' >/dev/null
L=/opt/lighttpd
guest "($L/lib/ld-linux-x86-64.so.2 --library-path $L/lib $L/lighttpd -D -f $L/lighttpd.conf -m $L/mod >/tmp/lighttpd.out 2>&1 &)" >/dev/null
up=
for _ in $(seq 60); do
	vm_run "$B req 443 0.2 && $B req 8443 0.2" >/dev/null 2>&1 && { up=1; break; }
	sleep 2
done
[ -n "$up" ] || { echo "web bench: vzwebd or lighttpd does not answer: $(vm_run 'cat /tmp/lighttpd.out /tmp/lighttpd.log')" >&2; exit 1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
m() { printf '%s\n' "$@" | median; }

rss() { # the idle memory of vzwebd's priv and net, in KiB: resident, proportional, private
	guest 'for p in /proc/[0-9]*; do grep -aq vzwebd $p/cmdline 2>/dev/null || continue; n=priv; grep -aq -- --net $p/cmdline && n=net; awk -v n=$n "/^Rss/ {r=\$2} /^Pss:/ {s=\$2} /^Private_(Clean|Dirty)/ {u+=\$2} END {printf \"%s rss=%d pss=%d private=%d \", n, r, s, u}" $p/smaps_rollup; done; echo'
}
mem=$(rss)

load0=$(cut -d' ' -f1-3 /proc/loadavg)
hv=() hl=() rv=() rl=() cv=() cl=()
# CPU time (clock ticks, utime + stime) of the processes whose name starts
# with COMM (vzwebd: priv and net; ld-linux: lighttpd, run by the loader):
# the servers' own cost of a round, apart from the client's.
server_ticks() { # COMM
	guest "cat /proc/[0-9]*/stat 2>/dev/null | awk '\$2 ~ /^\\($1/ { t += \$14 + \$15 } END { print t + 0 }'"
}
for _ in $(seq "$ROUNDS"); do
	c0=$(server_ticks vzwebd)
	hv+=("$(guest "$B hs 443 $SECONDS_EACH" | awk '{print $1}')")
	cv+=("$(echo "($(server_ticks vzwebd) - $c0) * 10 / (${hv[-1]} * $SECONDS_EACH)" | bc -l)")
	c0=$(server_ticks ld-linux)
	hl+=("$(guest "$B hs 8443 $SECONDS_EACH" | awk '{print $1}')")
	cl+=("$(echo "($(server_ticks ld-linux) - $c0) * 10 / (${hl[-1]} * $SECONDS_EACH)" | bc -l)")
	rv+=("$(guest "$B req 443 $SECONDS_EACH" | awk '{print $1}')")
	rl+=("$(guest "$B req 8443 $SECONDS_EACH" | awk '{print $1}')")
done
# Idle TLS connections: net's resident memory before and with IDLE of them
# open (each handshaken, one GET / answered, from its own source).
IDLE=${IDLE:-100}
net_rss() { guest 'for p in /proc/[0-9]*; do grep -aq -- --net $p/cmdline 2>/dev/null && awk "/^VmRSS/ { print \$2 }" $p/status; done; true'; }
rss0=$(net_rss)
guest "($B idle 443 600 $IDLE >/tmp/webbench-idle.log 2>&1 &)" >/dev/null
for _ in $(seq 120); do
	vm_run 'grep -q idle /tmp/webbench-idle.log' >/dev/null && break
	sleep 2
done
rss1=$(net_rss)
guest 'kill $(pidof webbench) 2>/dev/null; true' >/dev/null

a=$(m "${hv[@]}") b=$(m "${hl[@]}") c=$(m "${rv[@]}") d=$(m "${rl[@]}")
printf 'web_tls_handshakes (%s, %d rounds of %d s, medians): vzwebd %.1f/s, lighttpd+mod_mbedtls %.1f/s, ratio %.2f (target >= 1.0)\n' \
	"$(qemu_accel)" "$ROUNDS" "$SECONDS_EACH" "$a" "$b" "$(echo "$a / $b" | bc -l)"
printf 'web_tls_requests (%s, %d rounds of %d s, medians, keep-alive GET /): vzwebd %.1f/s, lighttpd+mod_mbedtls %.1f/s, ratio %.2f (target >= 1.0)\n' \
	"$(qemu_accel)" "$ROUNDS" "$SECONDS_EACH" "$c" "$d" "$(echo "$c / $d" | bc -l)"
echo "rounds: handshakes vzwebd ${hv[*]}, lighttpd ${hl[*]}; requests vzwebd ${rv[*]}, lighttpd ${rl[*]}"
printf 'web_tls_handshake_cpu (CPU time charged to the server processes per handshake, tick-sampled, medians): vzwebd priv+net %.1f ms, lighttpd %.1f ms\n' \
	"$(m "${cv[@]}")" "$(m "${cl[@]}")"
echo "vzwebd idle memory (KiB): $mem"
printf 'web_idle_memory: vzwebd priv+net private %d KiB, proportional %d KiB (target <= 2048; resident pages of the executable are the rootfs'"'"'s own RAM, counted once in the proportional figure)\n' \
	"$(echo "$mem" | grep -o 'private=[0-9]*' | cut -d= -f2 | paste -sd+ | bc)" \
	"$(echo "$mem" | grep -o 'pss=[0-9]*' | cut -d= -f2 | paste -sd+ | bc)"
printf 'web_idle_tls_connection: net VmRSS %s KiB alone, %s KiB with %d idle TLS connections: %.1f KiB each (target <= 48)\n' \
	"$rss0" "$rss1" "$IDLE" "$(echo "($rss1 - $rss0) / $IDLE" | bc -l)"
echo "host load average: $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(nproc) cores)"
vm_send poweroff
vm_wait_exit 120 || true
