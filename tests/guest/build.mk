# Tools the system tests and benchmarks copy into the booted guest (static,
# musl, like the node's programs) without being part of the node image.
# ./build.sh test and ./build.sh bench build them into out/BOARD/build/bin;
# tests/lib/vm.sh's vm_guest_tools lays them over the initramfs.

GUEST_TOOLS += iobench

iobench_SRCS := tests/guest/iobench.c

GUEST_TOOLS += vswapcheck

vswapcheck_SRCS := tests/guest/vswapcheck.c
