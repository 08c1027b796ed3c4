# Tools the system tests and benchmarks copy into the booted guest (static,
# musl, like the node's programs) without being part of the node image.
# ./build.sh test and ./build.sh bench build them into out/BOARD/build/bin;
# tests/lib/vm.sh's vm_guest_tools lays them over the initramfs.

GUEST_TOOLS += iobench

iobench_SRCS := tests/guest/iobench.c

GUEST_TOOLS += vswapcheck

vswapcheck_SRCS := tests/guest/vswapcheck.c

# dm-ploop kernel target tests (tests/system/50-dm-ploop.t, 52-ploop-crash.t).
GUEST_TOOLS += dmploop
dmploop_SRCS := tests/guest/dmploop.c lib/dm.c lib/ploop_header.c lib/ploop_geometry.c \
	lib/ploop_bat.c lib/ploop_create.c lib/ploop_image.c lib/ploop_grow.c \
	lib/ploop_stack.c lib/ploop_io.c lib/ploop_check.c lib/fdio.c
dmploop_LIBS := -lpthread

# Container networking (tests/system/73-ct-net.t): ctnet against fake containers.
GUEST_TOOLS += ctnetcheck
ctnetcheck_SRCS := tests/guest/ctnetcheck.c lib/ctnet.c lib/ctnet_run.c lib/ctnet_venet.c \
	lib/ctnet_netif.c lib/ctnet_resolv.c lib/ctnet_rule.c lib/rtnl_rule.c lib/rtnl_bridge.c \
	lib/rtnl_msg.c lib/rtnl_parse.c lib/rtnl_sock.c \
	lib/rtnl_link.c lib/rtnl_addr.c lib/rtnl_route.c lib/rtnl_neigh.c lib/rtnl_sysctl.c \
	lib/vznet_ip.c lib/vznet_netif.c lib/inet4.c lib/netif.c lib/file.c lib/fdio.c lib/report.c

# Console tests (tests/system/80-consoles.t): a stand-in container.
GUEST_TOOLS += fakect
fakect_SRCS := tests/guest/fakect.c lib/console_client.c lib/console_proto.c lib/report.c

# Console benchmarks (bench/console_*.sh): throughput and keystroke latency.
GUEST_TOOLS += consolebench
consolebench_SRCS := tests/guest/consolebench.c lib/console_client.c lib/console_proto.c lib/report.c

# Container start/stop benchmark (bench/ct_start.sh): the floor it is measured against.
GUEST_TOOLS += ctfloor
ctfloor_SRCS := tests/guest/ctfloor.c

# Container isolation (tests/system/72-ct-isolation.t): TIOCSTI refused.
GUEST_TOOLS += ttyinject
ttyinject_SRCS := tests/guest/ttyinject.c

# Container templates (tests/system/75-templates.t): an https front for busybox httpd.
GUEST_TOOLS += tlsrelay
tlsrelay_SRCS := tests/guest/tlsrelay.c
tlsrelay_LIBS := $(SYSROOT)/lib/libmbedtls.a $(SYSROOT)/lib/libmbedx509.a \
	$(SYSROOT)/lib/libmbedcrypto.a
