#ifndef VZHOST_TEST_NODE_TOOLS_H
#define VZHOST_TEST_NODE_TOOLS_H

/*
 * Decompressors run in an empty root (lib/tmpl/sandbox.h), so they must be
 * static programs, as the node's are and the host's usually are not. A
 * test that decompresses calls node_tools_use() first: in a mount
 * namespace of its own, the node's busybox (gzip, xz) and zstd from the
 * image build (out/BOARD/rootfs) are bound over the host's gzip, xz and
 * zstd. Those then also compress for the test's own archives, except xz
 * (busybox only decompresses it): host_xz names a copy of the host's.
 */

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include "tmpl/stream.h"

#define NODE_ROOTFS "out/" CONFIG_BOARD "/rootfs"

static char host_xz[320];

static inline int node_tool_bind(const char *tool, const char *node_path)
{
	char host[64];

	if (!tmpl_tool_path(tool, host, sizeof host)) {
		fprintf(stderr, "node tools: no %s on this host to bind over\n", tool);
		return -1;
	}
	if (mount(node_path, host, NULL, MS_BIND, NULL) < 0) {
		perror(host);
		return -1;
	}
	return 0;
}

/* 0, or -1 after saying why (the image is not built: run ./build.sh). */
static inline int node_tools_use(const char *dir)
{
	char cmd[400];

	if (access(NODE_ROOTFS "/bin/busybox", X_OK) < 0 ||
	    access(NODE_ROOTFS "/usr/bin/zstd", X_OK) < 0) {
		fprintf(stderr, "node tools: no %s/bin/busybox or usr/bin/zstd: run ./build.sh\n",
			NODE_ROOTFS);
		return -1;
	}
	snprintf(host_xz, sizeof host_xz, "%.255s/xz.host", dir);
	snprintf(cmd, sizeof cmd, "cp \"$(command -v xz)\" %.320s", host_xz);
	if (system(cmd) != 0)
		return -1;
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		perror("node tools: a mount namespace");
		return -1;
	}
	return node_tool_bind("gzip", NODE_ROOTFS "/bin/busybox") < 0 ||
	       node_tool_bind("xz", NODE_ROOTFS "/bin/busybox") < 0 ||
	       node_tool_bind("zstd", NODE_ROOTFS "/usr/bin/zstd") < 0 ? -1 : 0;
}

#endif
