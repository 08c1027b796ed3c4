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

