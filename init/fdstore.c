#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fdstore.h"
#include "node/svcdef.h"

static struct {
	char name[SVC_NAME_MAX];
	int fd[FDSTORE_FDS_MAX];
	unsigned n;
} store[FDSTORE_MAX];

static int entry_find(const char *name)
{
	int i;

	for (i = 0; i < FDSTORE_MAX; i++)
		if (store[i].n && !strcmp(store[i].name, name))
			return i;
	return -1;
}

static void entry_close(int i)
{
	unsigned k;

	for (k = 0; k < store[i].n; k++)
		close(store[i].fd[k]);
	store[i].n = 0;
}

int fdstore_put(const char *name, const int *fds, unsigned n)
{
	int i = entry_find(name);

	if (!n || n > FDSTORE_FDS_MAX || strlen(name) >= SVC_NAME_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (i >= 0)
		entry_close(i);
	for (i = 0; i < FDSTORE_MAX && store[i].n; i++)
		;
	if (i == FDSTORE_MAX) {
		errno = ENOSPC;
		return -1;
	}
	strcpy(store[i].name, name);
	memcpy(store[i].fd, fds, n * sizeof *fds);
	store[i].n = n;
	return 0;
}

int fdstore_get(const char *name, int fds[FDSTORE_FDS_MAX])
{
	int i = entry_find(name);

	if (i < 0) {
		errno = ENOENT;
		return -1;
	}
	memcpy(fds, store[i].fd, store[i].n * sizeof *fds);
	return (int)store[i].n;
}

int fdstore_del(const char *name)
{
	int i = entry_find(name);

	if (i < 0) {
		errno = ENOENT;
		return -1;
	}
	entry_close(i);
	return 0;
}

size_t fdstore_list(char *buf, size_t size)
{
	size_t len = 0;
	int i, n;

	buf[0] = 0;
	for (i = 0; i < FDSTORE_MAX; i++) {
		if (!store[i].n)
			continue;
		n = snprintf(buf + len, size - len, "%s\n", store[i].name);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
	buf[len] = 0;
	return len;
}
