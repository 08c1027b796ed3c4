/*
 * nsparent: asks the kernel for the namespace above one (NS_GET_PARENT),
 * the first step of a setns towards the node (tests/system/76-ct-escape.t).
 * In a container the parent of its own pid or user namespace is the
 * node's, outside its reach; on the node, the same ask about a
 * container's namespace gives a descriptor.
 *
 *   nsparent PATH   PATH is a /proc/PID/ns/{pid,user} file; prints
 *                   "parent: fd" or "parent: <error>"
 *
 * Exit status: 0 when a descriptor came back, 1 when refused, 111 when
 * PATH cannot be opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd, parent;

	if (argc != 2) {
		fprintf(stderr, "usage: nsparent /proc/PID/ns/{pid,user}\n");
		return 111;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "nsparent: %s: %s\n", argv[1], strerror(errno));
		return 111;
	}
	parent = ioctl(fd, NS_GET_PARENT);
	printf("parent: %s\n", parent >= 0 ? "fd" : strerror(errno));
	return parent >= 0 ? 0 : 1;
}
