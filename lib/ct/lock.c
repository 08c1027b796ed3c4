#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/ct.h"

int ct_lock(struct ct *ct)
{
	char path[64];
	int fd;

	if (ct->lock_fd >= 0)
		return 0;
	if (mkdir(CT_LOCK_DIR, 0700) < 0 && errno != EEXIST)
		return ct_fail(ct, "%s: %s", CT_LOCK_DIR, strerror(errno));
	snprintf(path, sizeof path, "%s/%u.lck", CT_LOCK_DIR, ct->ctid);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return ct_fail(ct, "%s: %s", path, strerror(errno));
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		close(fd);
		return ct_fail(ct, "%s: lock: %s", path, strerror(errno));
	}
	ct->lock_fd = fd;
	return 0;
}

void ct_unlock(struct ct *ct)
{
	if (ct->lock_fd < 0)
		return;
	close(ct->lock_fd);
	ct->lock_fd = -1;
}
