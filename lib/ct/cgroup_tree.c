#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/cgroup_tree.h"

/*
 * The container's root owns its cgroup and makes sub-cgroups as deep and
 * with names as long as the kernel lets it (cgroup.max.depth bounds the
 * depth from the next start on; a tree made before may be deeper). The
 * walk never builds a path: it goes down through directory fds, climbs
 * back with "..", and removes each directory from its parent once it is
 * a leaf, by the name the parent lists for its inode. One fd and one
 * name at a time, whatever the depth.
 */

/* Enough for any tree a container can make: every step enters or removes one directory. */
#define TREE_STEPS_MAX (1UL << 22)

/* The name of a subdirectory of fd (with inode ino, or any when ino is 0)
   into name: 1, none: 0, error: -1. */
static int subdir_find(int fd, ino_t ino, char name[NAME_MAX + 1])
{
	int again = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), found = 0;
	struct dirent *de;
	DIR *d;

	if (again < 0 || !(d = fdopendir(again))) {
		if (again >= 0)
			close(again);
		return -1;
	}
	while (!found && (de = readdir(d)))
		if (de->d_type == DT_DIR && (!ino || de->d_ino == ino) && strcmp(de->d_name, ".") &&
		    strcmp(de->d_name, "..")) {
			memcpy(name, de->d_name, strlen(de->d_name) + 1);
			found = 1;
		}
	closedir(d);
	return found;
}

/* From the leaf fd to its parent, removing the leaf; the parent's fd, or -1. */
static int leaf_remove(int fd)
{
	char name[NAME_MAX + 1];
	struct stat st;
	int up, r;

	if (fstat(fd, &st) < 0)
		return -1;
	up = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (up < 0)
		return -1;
	r = subdir_find(up, st.st_ino, name);
	if (r <= 0 || unlinkat(up, name, AT_REMOVEDIR) < 0) {
		if (r == 0)
			errno = ENOENT;
		close(up);
		return -1;
	}
	return up;
}

int cgroup_tree_remove_below(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), next, r, e;
	char name[NAME_MAX + 1];
	unsigned long depth = 0, step;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	for (step = 0; step < TREE_STEPS_MAX; step++) {
		r = subdir_find(fd, 0, name);
		if (r < 0)
			break;
		if (r == 0 && depth == 0) {
			close(fd);
			return 0;
		}
		next = r ? openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
			 : leaf_remove(fd);
		if (next < 0)
			break;
		depth = r ? depth + 1 : depth - 1;
		close(fd);
		fd = next;
	}
	e = step < TREE_STEPS_MAX ? errno : ELOOP;
	close(fd);
	errno = e;
	return -1;
}
