#!/usr/bin/env bash
# The ploop command on offline disks (host build): every corruption of the
# format document and every header field mangled in turn, each reported by
# `check`, repaired by `check -r` where possible, with stable exit codes;
# --json output parses. Runs from tests/unit/ or as out/host/bin/ploop_cli.t.
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/../lib/tap.sh" ]; then top=$here/../..; else top=$here/../../..; fi
. "$top/tests/lib/tap.sh"
PLOOP=${PLOOP:-$here/ploop}
[ -x "$PLOOP" ] || PLOOP=$top/out/host/bin/ploop
[ -x "$PLOOP" ] || skip_all "no host build of ploop"

T=$(mktemp -d /tmp/ploop-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
MB=1048576

poke32() { python3 -c 'import struct,sys; f=open(sys.argv[1],"r+b"); f.seek(int(sys.argv[2])); f.write(struct.pack("<I", int(sys.argv[3],0)))' "$@"; }
poke() { python3 -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(int(sys.argv[2])); f.write(sys.argv[3].encode())' "$@"; }
jsonok() { python3 -m json.tool >/dev/null 2>&1; }

# A fresh disk with 4 KiB clusters (header+BAT spans 9 clusters) and data in clusters 0-5.
fresh() {
	rm -rf "$T/d"; mkdir "$T/d"
	"$PLOOP" init -s 32M -t none -b 4K "$T/d/root.hds" || return 1
	python3 - "$T/d/root.hds" <<-'PY'
	import struct, sys
	f = open(sys.argv[1], "r+b")
	first = 9
	for vc in range(6):
	    f.seek(64 + 4 * vc); f.write(struct.pack("<I", first + vc))
	    f.seek((first + vc) * 4096); f.write(bytes([vc + 1]) * 4096)
	PY
}
img=$T/d/root.hds
dd=$T/d/DiskDescriptor.xml

# --- init, exit codes of usage errors ----------------------------------------
"$PLOOP" init -s 10X "$T/x.hds" 2>/dev/null; is $? 100 "bad size is a usage error (100)"
"$PLOOP" frobnicate 2>/dev/null; is $? 100 "unknown command is a usage error"
"$PLOOP" info "$T/nowhere/DiskDescriptor.xml" 2>"$T/err"; is $? 111 "missing disk fails (111)"
is "$(wc -l <"$T/err")" 1 "one line of error"
like "$(cat "$T/err")" "^ploop: $T/nowhere" "error names the object"
fresh; ok $? "init -s 32M -b 4K"
"$PLOOP" init -s 32M -t none "$img" 2>"$T/err"; is $? 111 "init over an existing disk refused"
like "$(cat "$T/err")" "already exists" "... saying it exists"
for f in expanded preallocated raw; do
	for v in 1 2; do
		[ $f = raw ] && [ $v = 1 ] && continue
		rm -rf "$T/k"; mkdir "$T/k"
		"$PLOOP" init -s 8M -t none -f $f -v $v "$T/k/root.hds"
		ok $? "init -f $f -v $v"
		kind=$("$PLOOP" info --json "$T/k/DiskDescriptor.xml" | python3 -c 'import json,sys; print(json.load(sys.stdin)["kind"])')
		is "$kind" $f "info --json reports $f"
	done
done
"$PLOOP" check "$dd" >"$T/out"; is $? 0 "fresh disk checks clean (0)"
"$PLOOP" info --json "$dd" | jsonok; ok $? "info --json parses"
"$PLOOP" snapshot-list --json "$dd" | jsonok; ok $? "snapshot-list --json parses"
"$PLOOP" list --json | jsonok; ok $? "list --json parses"

# --- corruptions: check reports, check -r repairs --------------------------
# NAME | SETUP | REGEX of the report | exit after -r (0 repaired, 1 remains)
corrupt() {
	local name=$1 setup=$2 want=$3 after=$4 out
	fresh
	eval "$setup"
	out=$("$PLOOP" check "$img"); local rc=$?
	is $rc 1 "$name: check exits 1"
	like "$out" "$want" "$name: reported"
	like "$out" "^ploop: $img: " "$name: line names the image"
	out=$("$PLOOP" check -r "$img"); rc=$?
	is $rc "$after" "$name: check -r exits $after"
	[ "$after" = 0 ] && { "$PLOOP" check -s "$img"; is $? 0 "$name: clean after repair"; }
}
corrupt "in-use mark" 'poke32 "$img" 44 0x746F6E59' 'disk-in-use mark is set' 0
corrupt "entry past EOF" 'poke32 "$img" $((64 + 4 * 17)) 5000' 'BAT entry 17 .* points past end of file' 0
corrupt "entry into header" 'poke32 "$img" $((64 + 4 * 20)) 2' 'BAT entry 20 .* header' 0
corrupt "duplicate entry" 'poke32 "$img" $((64 + 4 * 30)) 10' 'BAT entry 30 .* another entry' 0
corrupt "invalid entry" 'poke32 "$img" $((64 + 4 * 31)) 0xFFFFFFFF' 'BAT entry 31 .* invalid' 0
corrupt "partial tail" 'truncate -s $((15 * 4096 + 1000)) "$img"' 'interrupted extension' 0
corrupt "partial cluster in use" 'truncate -s $((14 * 4096 + 1000)) "$img"' 'in use' 0
corrupt "sparse hole" 'fallocate -p -o $((11 * 4096)) -l 4096 "$img"' 'sparse hole' 0
corrupt "bad signature" 'poke "$img" 0 WithoutAnything!' 'bad signature' 1
corrupt "bad type" 'poke32 "$img" 16 7' 'image type 7' 1
corrupt "bad cluster size" 'poke32 "$img" 28 3' 'cluster size 3' 1
corrupt "bad BAT entries" 'poke32 "$img" 32 99' 'BAT entries' 1
corrupt "bad size" 'poke32 "$img" 36 12345678' 'BAT entries for a virtual size' 1
corrupt "bad first block" 'poke32 "$img" 48 16' 'first block offset' 1
corrupt "short file" 'truncate -s 4000 "$img"' 'ends inside header' 1
corrupt "bad heads" 'poke32 "$img" 20 3' 'geometry 3 heads' 0
corrupt "bad cylinders" 'poke32 "$img" 24 77' 'geometry .* 77 cylinders' 0
corrupt "unknown flags" 'poke32 "$img" 52 0x100' 'unknown bits' 0
corrupt "interrupted conversion" 'poke32 "$img" 52 2' 'conversion was interrupted' 1
corrupt "extension past EOF" 'poke32 "$img" 56 0x7fffffff' 'extension offset .* past end of file' 0
corrupt "extension in header" 'poke32 "$img" 56 1' 'extension offset .* into header' 0

fresh; poke32 "$img" $((64 + 4 * 2)) 0
out=$("$PLOOP" check "$img"); is $? 0 "leaked cluster in the middle: harmless (0)"
like "$out" 'referenced by no BAT entry' "... but reported"
fresh; poke32 "$img" $((64 + 4 * 5)) 0
out=$("$PLOOP" check -r "$img"); is $? 0 "leaked cluster at the end"
like "$out" 'reclaimed by truncating' "... truncated away by -r"
is "$(stat -c %s "$img")" $((14 * 4096)) "file shortened by one cluster"

fresh; poke32 "$img" 44 0x746F6E59; poke32 "$img" $((64 + 4 * 17)) 5000
out=$("$PLOOP" check -r "$dd"); is $? 0 "check -r on the descriptor repairs every delta"
like "$out" 'cleared' "... each fix reported"
"$PLOOP" check -s "$dd" >"$T/out"; is $? 0 "-s: silent and clean"
is "$(wc -c <"$T/out")" 0 "-s prints nothing"
"$PLOOP" check /nonexistent 2>/dev/null; is $? 111 "check of a missing file fails (111)"

# --- snapshots, copy, convert, compact through the command ---------------------
fresh
g=$("$PLOOP" snapshot "$dd"); ok $? "snapshot prints the GUID"
like "$g" '^\{[0-9a-f-]{36}\}$' "GUID shape"
is "$("$PLOOP" snapshot-list --json "$dd" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2 "two deltas listed"
"$PLOOP" copy -o "$T/full.hds" "$dd"; ok $? "copy -o FILE"
rm -rf "$T/r"; mkdir "$T/r"
"$PLOOP" copy -i "$T/full.hds" -d "$T/r"; ok $? "copy -i FILE -d DIR restores"
"$PLOOP" check -F "$T/r/DiskDescriptor.xml" >/dev/null; is $? 0 "restored disk checks clean"
rm -rf "$T/r2"; mkdir "$T/r2"
"$PLOOP" copy "$dd" | "$PLOOP" copy -i - -d "$T/r2"; ok $? "copy through a pipe"
cmp -s "$T/r/root.hds" "$T/r2/root.hds"; ok $? "pipe and file streams are identical"
"$PLOOP" snapshot-delete -u "$g" "$dd"; ok $? "snapshot-delete"
"$PLOOP" snapshot-delete -u "$g" "$dd" 2>"$T/err"; is $? 111 "deleting it again fails"
like "$(cat "$T/err")" 'no such snapshot' "... no such snapshot"
"$PLOOP" convert -f preallocated "$dd"; ok $? "convert -f preallocated"
"$PLOOP" convert -v 1 "$dd"; ok $? "convert -v 1"
"$PLOOP" convert -f expanded -v 2 "$dd"; ok $? "convert back"
"$PLOOP" copy -o "$T/after.hds" "$dd"
cmp -s "$T/full.hds" "$T/after.hds"; ok $? "converted disk streams identically"
out=$("$PLOOP" compact "$dd"); ok $? "compact"
like "$out" '^returned [0-9]+ bytes$' "compact reports bytes returned"
"$PLOOP" resize -s 64M "$dd"; ok $? "offline grow"
is "$("$PLOOP" info --json "$dd" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')" $((64 * MB)) "new size"
"$PLOOP" delete "$dd"; ok $? "delete"
[ ! -e "$img" ] && [ ! -e "$dd" ] && [ ! -e "$dd.lck" ]; ok $? "files gone, the lock file too"

# --- a moved-in directory naming another disk's files: refused ------------------
fresh
sum=$(md5sum <"$img")
rm -rf "$T/e"; mkdir "$T/e"
sed 's|<File>root.hds</File>|<File>../d/root.hds</File>|' "$dd" >"$T/e/DiskDescriptor.xml"
"$PLOOP" snapshot "$T/e/DiskDescriptor.xml" 2>"$T/err"; is $? 111 "a delta named ../d/root.hds is refused"
like "$(cat "$T/err")" 'is not a plain name in the disk directory' "... as not a plain name"
cp "$dd" "$T/e/DiskDescriptor.xml"; ln -s "$img" "$T/e/root.hds"
"$PLOOP" snapshot "$T/e/DiskDescriptor.xml" 2>"$T/err"; is $? 111 "root.hds as a symlink to another disk's image is refused"
like "$(cat "$T/err")" "^ploop: $T/e/root.hds: is a symbolic link; refused\$" "... naming the file and the cause"
"$PLOOP" check -r "$T/e/root.hds" 2>"$T/err"; is $? 111 "check -r of that symlink is refused"
rm "$T/e/root.hds"; mkfifo "$T/e/root.hds"
timeout 10 "$PLOOP" check -F "$T/e/DiskDescriptor.xml" 2>"$T/err"; is $? 111 "a FIFO as root.hds is refused at once (no hang)"
like "$(cat "$T/err")" 'root.hds: cannot check: is a FIFO, socket or device, not a regular file; refused' "... saying what it is"
is "$(md5sum <"$img")" "$sum" "the other disk's image is untouched"
is "$("$PLOOP" snapshot-list "$dd" | wc -l)" 1 "and it got no snapshot"
ln -s "$T/d" "$T/e/root.hdd"
"$PLOOP" snapshot "$T/e/root.hdd/DiskDescriptor.xml" 2>"$T/err"; is $? 111 "a symlinked image directory is refused"
like "$(cat "$T/err")" "^ploop: $T/e/root.hdd: is a symbolic link; refused\$" "... naming the symlink"
"$PLOOP" snapshot "$dd" >/dev/null; ok $? "control: the real disk snapshots"

# --- the directory lock: two snapshots at once, again and again ------------------
fresh
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$PLOOP" snapshot "$dd" >/dev/null 2>>"$T/err2" & a=$!
	"$PLOOP" snapshot "$dd" >/dev/null 2>>"$T/err2" & b=$!
	wait $a; ra=$?; wait $b; rb=$?
	[ $ra = 0 ] && [ $rb = 0 ] || break
done
is "$ra $rb" "0 0" "10 rounds of two ploop snapshot at once: every one succeeds"
is "$("$PLOOP" snapshot-list "$dd" | wc -l)" 21 "the descriptor lists all 20 snapshots and the top"
"$PLOOP" check -F "$dd" >/dev/null; is $? 0 "and the disk checks clean"
[ -f "$dd.lck" ] && [ ! -s "$dd.lck" ]; ok $? "DiskDescriptor.xml.lck is left empty when nobody holds it"
done_testing
