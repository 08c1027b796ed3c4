#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop_dd.h"

#define DD_TMP_NAME PLOOP_DD_NAME ".tmp"

static int read_full(int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;	/* shrank under us */
		got += (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int ploop_dd_load(const char *dir, struct ploop_dd *dd, char *why, size_t why_len)
{
	char path[4096], *buf = NULL;
	struct stat st;
	int fd, rc;

	if (snprintf(path, sizeof path, "%s/%s", dir, PLOOP_DD_NAME) >= (int)sizeof path)
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		rc = -errno;
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		snprintf(why, why_len, "%s: not a regular file", path);
		goto done;
	}
	if (st.st_size > (off_t)PLOOP_DD_MAX_INPUT) {
		rc = -EFBIG;
		snprintf(why, why_len, "%s: over %u bytes", path, PLOOP_DD_MAX_INPUT);
		goto done;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		rc = -ENOMEM;
		goto done;
	}
	rc = read_full(fd, buf, (size_t)st.st_size);
	if (!rc)
		rc = ploop_dd_parse(buf, (size_t)st.st_size, dd, why, why_len);
done:
	free(buf);
	close(fd);
	return rc;
}

static int write_tmp(int dirfd, const char *text, size_t len)
{
	int fd, rc;

	fd = openat(dirfd, DD_TMP_NAME, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		    0644);
	if (fd < 0)
		return -errno;
	rc = write_full(fd, text, len);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (rc)
		unlinkat(dirfd, DD_TMP_NAME, 0);
	return rc;
}

int ploop_dd_save(const char *dir, const struct ploop_dd *dd)
{
	char *text = NULL;
	int dirfd, len, rc;

	len = ploop_dd_format(dd, NULL, 0);
	if (len < 0)
		return len;
	text = malloc((size_t)len + 1);
	if (!text)
		return -ENOMEM;
	ploop_dd_format(dd, text, (size_t)len + 1);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		rc = -errno;
		goto done;
	}
	rc = write_tmp(dirfd, text, (size_t)len);
	if (!rc && renameat(dirfd, DD_TMP_NAME, dirfd, PLOOP_DD_NAME)) {
		rc = -errno;
		unlinkat(dirfd, DD_TMP_NAME, 0);
	}
	if (!rc && fsync(dirfd))
		rc = -errno;
	close(dirfd);
done:
	free(text);
	return rc;
}
