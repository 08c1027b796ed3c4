#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/file.h"
#include "ploop/dd.h"

static int dd_path(char *path, size_t size, const char *dir)
{
	if (snprintf(path, size, "%s/%s", dir, PLOOP_DD_NAME) >= (int)size)
		return -ENAMETOOLONG;
	return 0;
}

int ploop_dd_load(const char *dir, struct ploop_dd *dd, char *why, size_t why_len)
{
	char path[4096], *buf;
	ssize_t len;
	int rc;

	rc = dd_path(path, sizeof path, dir);
	if (rc)
		return rc;
	buf = malloc(PLOOP_DD_MAX_INPUT + 1);
	if (!buf)
		return -ENOMEM;
	len = file_read(path, buf, PLOOP_DD_MAX_INPUT + 1);
	if (len < 0) {
		rc = -errno;
		if (rc == -EFBIG)
			snprintf(why, why_len, "%s: over %u bytes", path, PLOOP_DD_MAX_INPUT);
	} else {
		rc = ploop_dd_parse(buf, (size_t)len, dd, why, why_len);
	}
	free(buf);
	return rc;
}

int ploop_dd_save(const char *dir, const struct ploop_dd *dd)
{
	char path[4096], *text;
	int len, rc;

	rc = dd_path(path, sizeof path, dir);
	if (rc)
		return rc;
	len = ploop_dd_format(dd, NULL, 0);
	if (len < 0)
		return len;
	text = malloc((size_t)len + 1);
	if (!text)
		return -ENOMEM;
	ploop_dd_format(dd, text, (size_t)len + 1);
	rc = file_write_atomic(path, text, (size_t)len, 0644) < 0 ? -errno : 0;
	free(text);
	return rc;
}
