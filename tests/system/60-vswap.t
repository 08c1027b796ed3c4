#!/usr/bin/env bash
# vSwap: a container (a cgroup namespace whose cgroup has memory.max and
# memory.swap.max; tests/guest/vswapcheck stands in for vzctl) sees its own
# RAM and swap in free, /proc/meminfo, /proc/swaps and sysinfo(2); the host
# keeps its view; limits changed at run time show at once; the failures
# LXCFS is known for do not happen; the node's swap is zram from boot.
. "$(dirname "$0")/../lib/vm.sh"
vm_init vswap

C=/usr/libexec/vzhost-test/vswapcheck
CG=/sys/fs/cgroup
MiB=$((1024 * 1024))

vm_node_up 1G vswapcheck
ok $? "node boots and root logs in"

ok_if() { [ "$1" = 1 ]; ok $? "$2"; } # ARITH_RESULT NAME: passes when 1
kb() { printf '%s\n' "$1" | awk -v k="$2:" '$1 == k { print $2 * 1024 }'; }
val() { printf '%s\n' "$1" | sed -n "s/^$2=//p"; }
ct() { local name=$1; shift; vm_run "$C enter $name $*" 120; }

# --- zram swap from boot ------------------------------------------------------
like "$(vm_run 'logread')" 'init: swap: /dev/zram0 [0-9]+ MiB \(50% of RAM\), lz4' \
	"boot log reports the zram swap"
like "$(vm_run 'cat /proc/swaps')" '/dev/zram0 +partition' "/proc/swaps on the host lists /dev/zram0"
host=$(vm_run "$C sysinfo")
host_ram=$(val "$host" totalram)
host_swap=$(val "$host" totalswap)
ok_if $((host_swap > host_ram * 45 / 100 && host_swap <= host_ram / 2)) \
	"zram swap is 50% of RAM ($host_swap of $host_ram bytes)"
like "$(vm_run 'free -b')" "Swap: +$host_swap " "free on the host shows the zram swap"

# --- a container with --ram 256M --swap 512M ------------------------------------
RAM=$((256 * MiB)) SWAP=$((512 * MiB))
mi=$(ct ct60 ram=256M swap=512M cat /proc/meminfo)
is "$(kb "$mi" MemTotal)" "$RAM" "container /proc/meminfo MemTotal is memory.max"
is "$(kb "$mi" SwapTotal)" "$SWAP" "container /proc/meminfo SwapTotal is memory.swap.max"
si=$(ct ct60 $C sysinfo)
is "$(val "$si" totalram) $(val "$si" totalswap)" "$RAM $SWAP" "container sysinfo totals are the limits"
fr=$(ct ct60 free -b)
like "$fr" "Mem: +$RAM " "container free -b shows 256M of RAM"
like "$fr" "Swap: +$SWAP " "container free -b shows 512M of swap"
sw=$(ct ct60 cat /proc/swaps)
is "$(printf '%s\n' "$sw" | sed 1d | awk '{print $1, $3}')" "/dev/null $((SWAP / 1024))" \
	"container /proc/swaps has one line with its swap"
like "$(ct ct60 $C check 2 256M 512M)" '^ok [0-9]+ reads$' "meminfo, sysinfo and /proc/swaps agree"

# --- allocating 300M: used RAM and swap reflect it; the host's view is unchanged
vm_run "($C enter ct60 $C alloc 300 sleep 600 >/tmp/alloc.log 2>&1 &)" >/dev/null
vm_run 'for i in $(seq 120); do grep -q allocated /tmp/alloc.log 2>/dev/null && break; sleep 1; done' 150 >/dev/null
like "$(vm_run 'cat /tmp/alloc.log')" 'allocated 300 MiB' "container allocated and touched 300M"
mi=$(ct ct60 cat /proc/meminfo)
used=$(($(kb "$mi" MemTotal) - $(kb "$mi" MemFree)))
swused=$(($(kb "$mi" SwapTotal) - $(kb "$mi" SwapFree)))
ok_if $((used > 200 * MiB)) "used RAM reflects the allocation ($((used / MiB)) MiB)"
ok_if $((swused > 30 * MiB && swused < 300 * MiB)) "used swap reflects the allocation ($((swused / MiB)) MiB)"
cg_swap=$(vm_run "cat $CG/ct60/memory.swap.current")
ok_if $((swused >= cg_swap - 4096 && swused <= cg_swap + 4096)) \
	"used swap is the cgroup's memory.swap.current ($cg_swap)"
sw=$(ct ct60 cat /proc/swaps)
is "$(printf '%s\n' "$sw" | sed 1d | awk '{print $4 * 1024}')" "$swused" "/proc/swaps Used is the cgroup's swap"
host2=$(vm_run "$C sysinfo")
is "$(val "$host2" totalram) $(val "$host2" totalswap)" "$host_ram $host_swap" \
	"host totals unchanged while the container uses memory"
like "$(vm_run 'free -b')" "Mem: +$host_ram " "host free still shows the host's RAM"

# --- limits changed at run time show at once -----------------------------------
vm_run "echo 200M > $CG/ct60/memory.max; echo 300M > $CG/ct60/memory.swap.max" >/dev/null
mi=$(ct ct60 cat /proc/meminfo)
is "$(kb "$mi" MemTotal) $(kb "$mi" SwapTotal)" "$((200 * MiB)) $((300 * MiB))" \
	"new memory.max and memory.swap.max show at once"
vm_run "echo max > $CG/ct60/memory.swap.max" >/dev/null
mi=$(ct ct60 cat /proc/meminfo)
is "$(kb "$mi" SwapTotal)" "$host_swap" "swap.max=max: SwapTotal is the host's swap (capped)"

# --- LXCFS regressions -------------------------------------------------------------
# SwapFree of 2^64: swap limit lowered below the swap in use.
vm_run "echo 16M > $CG/ct60/memory.swap.max" >/dev/null
mi=$(ct ct60 cat /proc/meminfo)
is "$(kb "$mi" SwapTotal) $(kb "$mi" SwapFree)" "$((16 * MiB)) 0" \
	"swap.max below swap usage: SwapFree is 0, not wrapped"
si=$(ct ct60 $C sysinfo)
is "$(val "$si" freeswap)" "0" "sysinfo freeswap is 0, not wrapped"
# memory.max lowered below usage: MemFree 0, never negative or above total.
vm_run "echo max > $CG/ct60/memory.swap.max; echo 64M > $CG/ct60/memory.max" >/dev/null
like "$(ct ct60 $C check 1 64M $host_swap)" '^ok ' "memory.max lowered under load: values consistent"
vm_run 'kill $(pidof vswapcheck); sleep 1' >/dev/null
# MemAvailable is not simply MemFree: page cache counts as available.
vm_run "echo 256M > $CG/ct60/memory.max; echo 512M > $CG/ct60/memory.swap.max" >/dev/null
mi=$(ct ct60 sh -c "'dd if=/dev/zero of=/vz/cache60 bs=1M count=64 2>/dev/null; sync; cat /proc/meminfo'")
avail=$(kb "$mi" MemAvailable) free=$(kb "$mi" MemFree)
ok_if $((avail >= free + 48 * MiB)) "MemAvailable counts the page cache ($((avail / MiB)) vs MemFree $((free / MiB)) MiB)"
ok_if $(($(kb "$mi" Cached) >= 48 * MiB)) "Cached is the container's page cache ($(($(kb "$mi" Cached) / MiB)) MiB)"
# SwapTotal from the right counter: swap.max itself, not memory+swap.
mi=$(ct ct61 ram=128M swap=0 sh -c "'cat /proc/meminfo; cat /proc/swaps'")
is "$(kb "$mi" SwapTotal) $(kb "$mi" SwapFree)" "0 0" "swap.max=0: SwapTotal 0"
is "$(printf '%s\n' "$mi" | grep -c '^/dev/null')" 0 "swap.max=0: /proc/swaps lists no swap"
mi=$(ct ct61 swap=64M cat /proc/meminfo)
is "$(kb "$mi" MemTotal) $(kb "$mi" SwapTotal)" "$((128 * MiB)) $((64 * MiB))" \
	"ram 128M swap 64M: SwapTotal is swap.max (not the sum nor the difference)"
# Unlimited containers and the host namespace see the host.
mi=$(ct ct62 cat /proc/meminfo)
is "$(kb "$mi" MemTotal)" "$host_ram" "a container without memory.max sees the host's RAM"

# --- many readers while memory churns (values never jump back to the host's) ----
out=$(ct ct63 ram=96M swap=256M sh -c "'$C churn 160 15 & for i in 1 2 3 4 5 6; do $C check 12 96M 256M & done; wait'" 2>&1)
is "$(printf '%s\n' "$out" | grep -c '^ok [0-9]* reads$')" 6 "six readers under churn: every value consistent"
like "$out" 'churn [1-9][0-9]* rounds' "memory churned meanwhile"
printf '%s\n' "$out" | grep FAIL | head -5 | while read -r l; do diag "$l"; done
like "$(vm_run "$C check 3")" '^ok ' "host readers meanwhile consistent"

# --- opt-out switch ------------------------------------------------------------------
vm_run 'echo 0 > /proc/sys/vm/vswap_view' >/dev/null
mi=$(ct ct60 cat /proc/meminfo)
is "$(kb "$mi" MemTotal) $(kb "$mi" SwapTotal)" "$host_ram $host_swap" "vm.vswap_view=0: containers see the host"
vm_run 'echo 1 > /proc/sys/vm/vswap_view' >/dev/null
mi=$(ct ct60 cat /proc/meminfo)
is "$(kb "$mi" MemTotal)" "$RAM" "vm.vswap_view=1: the container's view is back"

# --- a real container: vzctl set --ram/--swap, then free inside ---------------------
vm_run 'vzctl create 150 --ostemplate busybox --layout simfs && vzctl set 150 --ram 256M --swap 512M --save && vzctl start 150' 120 >/dev/null
ok $? "a busybox container with --ram 256M --swap 512M starts"
fr=$(vm_run 'vzctl exec 150 free -b')
is "$(printf '%s\n' "$fr" | awk '/^Mem:/ {print $2}') $(printf '%s\n' "$fr" | awk '/^Swap:/ {print $2}')" \
	"$((256 * MiB)) $((512 * MiB))" "free -b inside the container: 256M RAM, 512M swap"
vm_run 'vzctl set 150 --ram 384M' >/dev/null
is "$(vm_run 'vzctl exec 150 free -b' | awk '/^Mem:/ {print $2}')" "$((384 * MiB))" \
	"vzctl set --ram on the running container changes free at once"
is "$(vm_run 'free -b' | awk '/^Mem:/ {print $2}')" "$host_ram" "the host's free is unchanged"
vm_run 'vzctl stop 150 --fast && vzctl destroy 150' 120 >/dev/null

done_testing
