#!/usr/bin/env bash
# Templates and OCI images are hostile (docs/security.md, "Templates and OCI
# images"). In the booted node:
# - the decompressor runs confined: a gzip -dc decompressing a template is
#   caught while it runs and looked at through /proc (uid 901, no
#   capabilities, no_new_privs, seccomp filter, fds 0-2 only, no
#   environment, its own namespaces and root, rlimits); the control is the
#   same probe on the same gzip started by the node's root shell;
#   killed, it fails the extraction with one line naming the template;
# - bombs stop at the limits with a clear error and leave nothing (no
#   config, no private area, no mount, no process): 3 GiB of zeros in a
#   100 KiB zstd stream, 1 GiB of zeros after the end of an archive; a
#   corrupt gzip stream fails with gzip's own words;
# - a root filesystem tarred by GNU tar on the host (the busybox template's
#   tree with mknod'ed character and block devices, fifos, a socket, hard
#   links, long names, pax headers) extracts with one summary line and no
#   node (the control: busybox tar makes them from the same tarball), and
#   a container made from it starts and runs a command;
# - OCI whiteouts end to end: an opaque directory whose marker comes after
#   the layer's own entries, one whose marker comes first, whiteouts of a
#   file, a directory and a symlink, whiteouts through symlinks to the
#   node's /etc (which stays intact; the control: the same probe sees a
#   file added there), a hard link to a lower layer's file, a file
#   replaced by a directory and back.
# Fixtures are made on the host (GNU tar, gzip, zstd) and reach the guest
# in an initramfs overlay at /usr/libexec/vzhost-test.
. "$(dirname "$0")/../lib/vm.sh"
vm_init templates-untrusted
FX=$VM_DIR/overlay/usr/libexec/vzhost-test
mkdir -p "$FX"

# --- fixtures (host) ----------------------------------------------------------------
fixtures_make() {
	local w=$VM_DIR/work r h1 h2 h3 hm L
	rm -rf "$w" && mkdir -p "$w" || return 1
	# a 400 MiB member: gzip runs long enough to be caught
	truncate -s 400M "$w/zeros" && tar -C "$w" -cf - zeros | gzip -1 >"$FX/slow.tar.gz" || return 1
	rm -f "$w/zeros"
	# bombs: 3 GiB of zeros in one member; 1 GiB of zeros after a small archive
	truncate -s 3G "$w/big" && tar -C "$w" -cf - big | zstd -q -3 -c >"$FX/bomb.tar.zst" || return 1
	rm -f "$w/big"
	echo hi >"$w/small" && { tar -C "$w" -cf - small; head -c 1G /dev/zero; } |
		zstd -q -3 -c >"$FX/trailer.tar.zst" || return 1
	# a corrupt gzip stream: the busybox template with its CRC changed, so
	# that only gzip can tell (every byte of the tar comes out as it was)
	r=$w/bb && cp -a "$OUT/templates/busybox" "$r" || return 1
	tar -C "$r" -czf "$w/bb.tar.gz" . &&
		{ head -c -8 "$w/bb.tar.gz"; printf 'XXXX'; tail -c 4 "$w/bb.tar.gz"; } >"$FX/corrupt.tar.gz" ||
		return 1
	# a foreign root filesystem: GNU tar, pax format, with what real ones carry
	mknod "$r/dev/null" c 1 3 && mknod "$r/dev/zero" c 1 5 && mknod "$r/dev/console" c 5 1 &&
		mknod "$r/dev/tty1" c 4 1 && mknod "$r/dev/sda" b 8 0 && mknod "$r/dev/loop0" b 7 0 &&
		mkfifo "$r/dev/initctl" "$r/run/fifo" &&
		perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 1) or die' "$r/run/sock" &&
		ln "$r/etc/passwd" "$r/etc/passwd.hard" &&
		mkdir -p "$r/usr/share/a-directory-name-long-enough-that-ustar-cannot-hold-the-path-in-its-100-byte-name-field" &&
		echo long >"$r/usr/share/a-directory-name-long-enough-that-ustar-cannot-hold-the-path-in-its-100-byte-name-field/and-a-file-name-that-makes-it-longer-still" ||
		return 1
	tar -C "$r" --format=pax --numeric-owner -czf "$FX/foreign.tar.gz" . 2>"$w/tar.err"
	[ $? -le 1 ] && grep -q 'socket ignored' "$w/tar.err" || return 1
	# an OCI layout: three layers, members in the order given (--no-recursion)
	mkdir -p "$w/l1/d/sub" "$w/l1/e" "$w/l1/g" "$w/l1/q" "$w/l2/d/sub" "$w/l2/r" "$w/l3/e" \
		"$w/oci/blobs/sha256" || return 1
	(cd "$w/l1" && echo a >d/a && echo y >d/sub/y && echo keep >e/keep && echo f >f &&
		echo i >g/inner && ln -s f s && ln -s /etc l && ln -s ../../../../../../../../etc m &&
		echo base >base && echo r >r && echo q >q/inner) || return 1
	(cd "$w/l2" && echo x >d/sub/x && echo b >d/b && echo x >r/x && echo q >q &&
		touch d/.wh..wh..opq .wh.f .wh.g .wh.s && mkdir l m && touch l/.wh.passwd m/.wh.passwd l/.wh..wh..opq &&
		echo base >base && ln base h) || return 1
	(cd "$w/l3" && touch e/.wh..wh..opq && echo new >e/new) || return 1
	tar -C "$w/l1" --numeric-owner -czf "$w/layer1" . &&
		tar -C "$w/l2" --numeric-owner --no-recursion -cf "$w/layer2" \
			d d/sub d/sub/x d/.wh..wh..opq d/b .wh.f .wh.g .wh.s l/.wh.passwd m/.wh.passwd \
			l/.wh..wh..opq base h r r/x q &&
		tar --delete -f "$w/layer2" base && tar -tvf "$w/layer2" | grep -q '^h.* h link to base' &&
		tar -C "$w/l3" --numeric-owner --no-recursion -cf "$w/layer3" e/.wh..wh..opq e e/new || return 1
	h1=$(sha256sum <"$w/layer1" | cut -c1-64) && h2=$(sha256sum <"$w/layer2" | cut -c1-64) &&
		h3=$(sha256sum <"$w/layer3" | cut -c1-64) || return 1
	cp "$w/layer1" "$w/oci/blobs/sha256/$h1" && cp "$w/layer2" "$w/oci/blobs/sha256/$h2" &&
		cp "$w/layer3" "$w/oci/blobs/sha256/$h3" || return 1
	L=application/vnd.oci.image
	printf '{"schemaVersion":2,"config":{"mediaType":"%s.config.v1+json","digest":"sha256:%064d","size":2},"layers":[{"mediaType":"%s.layer.v1.tar+gzip","digest":"sha256:%s","size":1},{"mediaType":"%s.layer.v1.tar","digest":"sha256:%s","size":1},{"mediaType":"%s.layer.v1.tar","digest":"sha256:%s","size":1}]}' \
		$L 0 $L "$h1" $L "$h2" $L "$h3" >"$w/manifest" || return 1
	hm=$(sha256sum <"$w/manifest" | cut -c1-64) && cp "$w/manifest" "$w/oci/blobs/sha256/$hm" &&
		printf '{"schemaVersion":2,"manifests":[{"mediaType":"%s.manifest.v1+json","digest":"sha256:%s","size":1}]}' \
			$L "$hm" >"$w/oci/index.json" &&
		cp -r "$w/oci" "$FX/oci-wh" || return 1
	# what a test reads of a process: ids, capabilities, filter, fds, environment, root, limits
	cat >"$FX/probe" <<-'PROBE'
	#!/bin/sh
	# probe PID: what /proc says about a process, one fact a line
	p=/proc/$1
	grep -E '^(Uid|Gid|Groups|CapEff|NoNewPrivs|Seccomp):' $p/status | tr -s '\t ' '  '
	echo "fds: $(ls $p/fd | sort -n | tr '\n' ' ')"
	echo "environ: $(wc -c < $p/environ) bytes"
	echo "cwd: $(readlink $p/cwd) mounts: $(wc -l < $p/mountinfo)"
	own=
	for n in mnt net ipc uts; do
		[ "$(readlink $p/ns/$n)" = "$(readlink /proc/self/ns/$n)" ] && echo "namespace $n: the node's" ||
			own="$own $n"
	done
	echo "own namespaces:$own"
	grep -E '^Max (cpu time|file size|core file size|open files|address space)' $p/limits | tr -s ' '
	PROBE
	chmod 0755 "$FX/probe"
}
fixtures_make
ok $? "fixtures made on the host (GNU tar, gzip, zstd, mknod, mkfifo, a socket)"

pass=$(openssl rand -hex 8)
vm_blank_disk "$VM_DIR/data.img" 2G
vm_seed "$VM_DIR/seed.img" "ROOT_PASSWORD_HASH='$(vm_hash "$pass")'"
vm_initrd_with "$VM_DIR/overlay"
vm_boot "$VM_DIR/data.img" "$VM_DIR/seed.img" "vzhost.format=/dev/vda"
vm_login root "$pass"
ok $? "node boots and root logs in"

run() { vm_run "$1" "${2:-60}"; }
T=/usr/libexec/vzhost-test
CACHE=/vz/template/cache
run "mkdir -p $CACHE /vz/t" >/dev/null

# --- the decompressor, caught while it runs -------------------------------------------
# The extractor is stopped once its gzip is there: gzip then blocks on the full pipe.
# (a bounded wait: pgrep until the process appears, at most 2000 tries)
waitfor() { echo "i=0; until P=\$(pgrep $1) || [ \$i -ge 2000 ]; do i=\$((i + 1)); done"; }
run "mkdir /vz/t/slow && vztmpl-extract $T/slow.tar.gz /vz/t/slow >/tmp/slow.out 2>&1 & X=\$!; $(waitfor "-P \$X -x gzip"); kill -STOP \$X" 120 >/dev/null
seen=$(run "$T/probe \$P")
like "$seen" 'Uid: 901 901 901 901' "the decompressor runs as uid 901"
like "$seen" 'Gid: 901 901 901 901' "and gid 901"
like "$seen" 'CapEff: 0000000000000000' "with no capabilities"
like "$seen" 'NoNewPrivs: 1' "with no_new_privs"
like "$seen" 'Seccomp: 2' "under a seccomp filter"
like "$seen" 'fds: 0 1 2 $' "with only stdin, stdout and stderr open"
like "$seen" 'environ: 0 bytes' "with an empty environment"
like "$seen" 'cwd: / mounts: 2' "in its own root: a tmpfs and the program"
like "$seen" 'own namespaces: mnt net ipc uts' "in its own mount, network, IPC and UTS namespaces"
like "$seen" 'Max cpu time [0-9]+ [0-9]+ seconds' "under a CPU time limit"
like "$seen" 'Max address space 268435456 268435456 bytes' "and a 256 MiB address space"
like "$seen" 'Max file size 0 0 bytes' "writing no file"
like "$seen" 'Max open files 3 3 files' "opening no fd"
run "kill -9 \$P; kill -CONT \$X; wait \$X; echo rc=\$?" 120 >/dev/null
out=$(run "cat /tmp/slow.out")
like "$out" "^vztmpl-extract: $T/slow.tar.gz: gzip was killed by SIGKILL" \
	"killed, the decompressor fails the extraction, the template and the cause named"
like "$(run "cat /tmp/slow.out | wc -l")" '^1$' "in one line"
is "$(run "pgrep -x gzip | wc -l")" "0" "no decompressor left"

# the control: the same probe sees the same gzip started plainly by the node's root
seen=$(run "gzip -dc < $T/slow.tar.gz | sleep 600 & $(waitfor "-x gzip"); $T/probe \$P" 60)
like "$seen" 'Uid: 0 0 0 0' "control: a gzip started by the node's root shell is seen as root"
like "$seen" 'Seccomp: 0' "control: unfiltered"
like "$seen" "namespace mnt: the node's" "control: in the node's namespaces"
run "kill \$P \$(pgrep -x sleep)" >/dev/null

# --- bombs and corrupt streams leave nothing -------------------------------------------
# (lib/ct leaves an empty mount point /vz/root/CTID after a failed ploop create: not looked at)
state() { run "ls /etc/vz/conf /vz/private 2>/dev/null | sort; grep -c ' /vz/' /proc/mounts; { pgrep -x gzip; pgrep -x xz; pgrep -x zstd; } | wc -l; ls /dev/mapper 2>/dev/null | wc -l"; }
before=$(state)
for t in bomb trailer corrupt; do
	ext=tar.zst
	[ $t = corrupt ] && ext=tar.gz
	run "cp $T/$t.$ext $CACHE/$t.$ext" >/dev/null
done
out=$(run "vzctl create 201 --ostemplate bomb --layout simfs 2>&1; echo rc=\$?" 300)
like "$out" "CT 201: $CACHE/bomb.tar.zst: big: 3221225472 bytes, but only [0-9]+ bytes are free in the destination \(disk full\)" \
	"3 GiB of zeros in 100 KiB: refused at its header, said why"
like "$out" 'rc=[1-9]' "and the create fails"
out=$(run "vzctl create 202 --ostemplate trailer 2>&1; echo rc=\$?" 300)
like "$out" "CT 202: $CACHE/trailer.tar.zst: more than 1 MiB of data after the end of the archive" \
	"1 GiB of zeros after the archive: stopped after 1 MiB, said why"
like "$out" 'rc=[1-9]' "and the create fails"
out=$(run "vzctl create 203 --ostemplate corrupt 2>&1; echo rc=\$?" 300)
like "$out" "CT 203: $CACHE/corrupt.tar.gz: gzip reports a corrupt or truncated compressed stream, or one beyond its limits \(exit status 1: gzip: " \
	"a corrupt gzip stream: the template named, gzip's own words"
like "$out" 'rc=[1-9]' "and the create fails"
after=$(state)
is "$after" "$before" "nothing left: no config, private area, mount, device-mapper device or decompressor"
[ "$after" = "$before" ] || diag "$(run "ls -laR /vz/private /vz/root; grep /vz /proc/mounts; ls -la /dev/mapper")"
run "rm -f $CACHE/bomb.tar.zst $CACHE/trailer.tar.zst $CACHE/corrupt.tar.gz" >/dev/null

# --- a root filesystem made by another tool -------------------------------------------
out=$(run "mkdir /vz/t/foreign && vztmpl-extract $T/foreign.tar.gz /vz/t/foreign 100000; echo rc=\$?" 180)
is "$out" "skipped 6 device nodes and 2 fifos from the template (containers get /dev from the node)
rc=0" "GNU tar's rootfs with /dev: extracted with one summary line"
nodes() { run "find $1 \\( -type b -o -type c -o -type p -o -type s \\) | wc -l"; }
is "$(nodes /vz/t/foreign)" "0" "no device node, fifo or socket in the tree"
is "$(run "mkdir /vz/t/control && tar -xzf $T/foreign.tar.gz -C /vz/t/control && echo extracted")
$(nodes /vz/t/control)" "extracted
8" "control: busybox tar makes the 8 nodes and fifos of the same tarball, and the probe sees them"
is "$(run "cd /vz/t/foreign && stat -c %i etc/passwd etc/passwd.hard | uniq | wc -l; cat usr/share/a-*/and-a-*; stat -c %u:%g bin/busybox")" "1
long
100000:100000" "hard links, long names (pax) and shifted owners as in the tree"
run "cp $T/foreign.tar.gz $CACHE/foreign.tar.gz" >/dev/null
out=$(run "vzctl create 150 --ostemplate foreign 2>&1; echo rc=\$?" 300)
like "$out" '^Container 150 created' "vzctl create from the foreign rootfs"
run "vzctl start 150 --wait" 180 >/dev/null
is "$(run "vzctl status 150")" "CTID 150 exist mounted running" "the container starts"
is "$(run "vzctl exec 150 'echo \$(cat /etc/hostname) \$(id -u); test -e /dev/sda || echo no-sda'")" \
	"localhost 0
no-sda" "and runs a command; its /dev is the node's, without the template's sda"
is "$(run "find /vz/root/150 -xdev \\( -type b -o -type c -o -type p \\) | wc -l")" "0" \
	"no device node or fifo in its private area"
run "vzctl stop 150 && vzctl destroy 150" 180 >/dev/null
ok $? "stopped and destroyed"

# --- OCI whiteouts end to end ---------------------------------------------------------
passwd_sum=$(run "sha256sum /etc/passwd; ls /etc | wc -l")
changed=$(run "touch /etc/probe-control; sha256sum /etc/passwd; ls /etc | wc -l; rm /etc/probe-control")
[ "$changed" != "$passwd_sum" ]
ok $? "control: the probe of the node's /etc sees one file more"
out=$(run "vztmpl-import $T/oci-wh ociwh 2>&1; echo rc=\$?" 180)
like "$out" "$CACHE/ociwh.tar.zst" "vztmpl-import of three layers with whiteouts"
like "$out" 'rc=0' "succeeds"
is "$(run "sha256sum /etc/passwd; ls /etc | wc -l")" "$passwd_sum" \
	"whiteouts through symlinks to the node's /etc removed nothing there"
run "mkdir -p /vz/t/oci && vztmpl-extract $CACHE/ociwh.tar.zst /vz/t/oci" 120 >/dev/null
ok $? "the imported template extracts"
is "$(run "cd /vz/t/oci && echo \$(find d | sort)")" "d d/b d/sub d/sub/x" \
	"opaque marker after the layer's own d/ entries: the lower d/ is gone, the layer's stay"
is "$(run "cd /vz/t/oci && echo \$(find e | sort)")" "e e/new" "opaque marker first: the same"
is "$(run "cd /vz/t/oci && ls -d f g s 2>/dev/null | wc -l")" "0" ".wh. of a file, a directory, a symlink"
is "$(run "cd /vz/t/oci && readlink l && readlink m")" "/etc
../../../../../../../../etc" "the symlinks whited out through stay"
is "$(run "cd /vz/t/oci && stat -c %i h base | uniq | wc -l; cat h")" "1
base" "a hard link to a lower layer's file"
is "$(run "cd /vz/t/oci && cat r/x q")" "x
q" "a file replaced by a directory, a directory by a file"
is "$(run "cd /vz/t/oci && find . -name '.wh.*' | wc -l")" "0" "no whiteout file in the template"
done_testing
