# Tools the system tests and benchmarks copy into the booted guest (static,
# musl, like the node's programs) without being part of the node image.
# ./build.sh test and ./build.sh bench build them into out/BOARD/build/guest-bin;
# tests/lib/vm.sh's vm_guest_tools lays them over the initramfs.

GUEST_TOOLS += iobench

iobench_SRCS := tests/guest/iobench.c

GUEST_TOOLS += vswapcheck

vswapcheck_SRCS := tests/guest/vswapcheck.c

# dm-ploop kernel target tests (tests/system/50-dm-ploop.t, 52-ploop-crash.t,
# 53-ploop-replay.t, 54-dm-ploop-fuzz.t, 55-dm-ploop-errors.t).
GUEST_TOOLS += dmploop
dmploop_SRCS := tests/guest/dmploop.c tests/guest/dmploop_image.c tests/guest/dmploop_dm.c tests/guest/dmploop_fs.c
dmploop_USES := ploop base
dmploop_LIBS := -lpthread

# dm-ploop table-load fuzzing (54-dm-ploop-fuzz.t).
GUEST_TOOLS += dmfuzz
dmfuzz_SRCS := tests/guest/dmfuzz.c tests/guest/dmfuzz_case.c tests/guest/dmfuzz_use.c
dmfuzz_USES := ploop base

# dm-log-writes replay for the crash-consistency test (53-ploop-replay.t).
GUEST_TOOLS += logreplay
logreplay_SRCS := tests/guest/logreplay.c

# Container networking (tests/system/73-ct-net.t): ctnet against fake containers.
GUEST_TOOLS += ctnetcheck
ctnetcheck_SRCS := tests/guest/ctnetcheck.c
ctnetcheck_USES := net conf base

# Console tests (tests/system/80-consoles.t): a stand-in container.
GUEST_TOOLS += fakect
fakect_SRCS := tests/guest/fakect.c
fakect_USES := console base

# Console benchmarks (tests/bench/console_*.sh): throughput and keystroke latency.
GUEST_TOOLS += consolebench
consolebench_SRCS := tests/guest/consolebench.c
consolebench_USES := console base

# Container start/stop benchmark (tests/bench/ct_start.sh): the floor it is measured against.
GUEST_TOOLS += ctfloor
ctfloor_SRCS := tests/guest/ctfloor.c

# Container isolation (tests/system/72-ct-isolation.t): TIOCSTI refused.
GUEST_TOOLS += ttyinject
ttyinject_SRCS := tests/guest/ttyinject.c

# Container templates (tests/system/75-templates.t): an https front for busybox httpd.
GUEST_TOOLS += tlsrelay
tlsrelay_SRCS := tests/guest/tlsrelay.c
tlsrelay_LIBS := $(MBEDTLS_LIBS)

# Container escapes (tests/system/76-ct-escape.t): the joining process
# raced from inside, system calls the filter refuses, a device node past
# the mount flags, the namespace above a container's.
GUEST_TOOLS += ptracerace
ptracerace_SRCS := tests/guest/ptracerace.c
GUEST_TOOLS += sysprobe
sysprobe_SRCS := tests/guest/sysprobe.c
GUEST_TOOLS += devbind
devbind_SRCS := tests/guest/devbind.c
GUEST_TOOLS += nsparent
nsparent_SRCS := tests/guest/nsparent.c

# Slow HTTP clients from many loopback sources, and the net process's
# seccomp filter on a process of its own (tests/system/91-web-limits.t).
GUEST_TOOLS += webslow
webslow_SRCS := tests/guest/webslow.c
GUEST_TOOLS += netfilter
netfilter_SRCS := tests/guest/netfilter.c services/web/net/seccomp.c

# A TLS client measuring handshakes and keep-alive requests a second
# (tests/bench/web_tls.sh).
GUEST_TOOLS += webbench
webbench_SRCS := tests/guest/webbench.c tests/guest/benchtls.c
webbench_LIBS := $(MBEDTLS_LIBS)

# The console WebSocket bridge against a direct holder viewer: keystroke
# round trip, throughput, idle viewers (tests/bench/web_console.sh).
GUEST_TOOLS += webconsolebench
webconsolebench_SRCS := tests/guest/webconsolebench.c tests/guest/webconsolebench_holder.c \
	tests/guest/webconsolebench_ws.c tests/guest/webconsolebench_floor.c tests/guest/benchtls.c
webconsolebench_USES := console base
webconsolebench_LIBS := $(MBEDTLS_LIBS)
