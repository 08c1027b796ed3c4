/*
 * devbind: run as root on the node, puts one of the node's device nodes
 * into a running container's /dev, on a mount that allows devices
 * (tests/system/76-ct-escape.t): with the mount flags out of the way, only
 * the container's device program stands between it and the device.
 *
 *   devbind PID SRC NAME   bind SRC (a node of the node's /dev) on
 *                          /dev/NAME in the mount namespace of PID; the
 *                          container makes /dev/NAME first (a file the
 *                          node's uid 0 would own cannot be made in a
 *                          filesystem of the container's user namespace)
 *
 * Exit status: 0, 111 on any failure (with the step on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_OPEN_TREE 428
#define NR_MOVE_MOUNT 429
#define OPEN_TREE_CLONE 1
#define MOVE_MOUNT_F_EMPTY_PATH 0x4

static int fail(const char *what)
{
	fprintf(stderr, "devbind: %s: %s\n", what, strerror(errno));
	return 111;
}

int main(int argc, char **argv)
{
	char path[64];
	int tree, ns, fd;

	if (argc != 4 || strchr(argv[3], '/')) {
		fprintf(stderr, "usage: devbind PID SRC NAME\n");
		return 111;
	}
	tree = (int)syscall(NR_OPEN_TREE, AT_FDCWD, argv[2], OPEN_TREE_CLONE | O_CLOEXEC);
	if (tree < 0)
		return fail(argv[2]);
	snprintf(path, sizeof path, "/proc/%s/ns/mnt", argv[1]);
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0 || setns(ns, CLONE_NEWNS) < 0)
		return fail(path);
	snprintf(path, sizeof path, "/dev/%s", argv[3]);
	fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(path);
	close(fd);
	if (syscall(NR_MOVE_MOUNT, tree, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return fail("move_mount");
	return 0;
}
