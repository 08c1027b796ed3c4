#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/rtnl.h"

int net_sysctl_write(const char *path, const char *value)
{
	char full[256];
	size_t len = strlen(value);
	ssize_t n;
	int fd, saved;

	if (strstr(path, "..") ||
	    (size_t)snprintf(full, sizeof full, "/proc/sys/net/%s", path) >= sizeof full) {
		errno = EINVAL;
		return -1;
	}
	fd = open(full, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	saved = errno;
	close(fd);
	if (n >= 0 && (size_t)n != len)
		saved = EIO;
	errno = saved;
	return n >= 0 && (size_t)n == len ? 0 : -1;
}
