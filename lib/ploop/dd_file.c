#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/rootfile.h"
#include "ploop/dd.h"

static void dd_why(char *why, size_t why_len, int err)
{
	if (err == EFBIG)
		snprintf(why, why_len, "over %u bytes; refused", PLOOP_DD_MAX_INPUT);
	else
		snprintf(why, why_len, "%s", rootfile_why(err));
}

int ploop_dd_load(const char *dir, struct ploop_dd *dd, char *why, size_t why_len)
{
	char *buf;
	ssize_t len;
	int dfd, rc;

	dfd = rootfile_dir_open(dir);
	if (dfd < 0) {
		rc = -errno;
		dd_why(why, why_len, errno);
		return rc;
	}
	buf = malloc(PLOOP_DD_MAX_INPUT + 1);
	if (!buf) {
		close(dfd);
		return -ENOMEM;
	}
	len = rootfile_read(dfd, PLOOP_DD_NAME, buf, PLOOP_DD_MAX_INPUT + 1, ROOTFILE_BENEATH);
	if (len < 0) {
		rc = -errno;
		dd_why(why, why_len, errno);
	} else {
		rc = ploop_dd_parse(buf, (size_t)len, dd, why, why_len);
	}
	free(buf);
	close(dfd);
	return rc;
}

int ploop_dd_save(const char *dir, const struct ploop_dd *dd)
{
	char *text;
	int len, rc, dfd;

	len = ploop_dd_format(dd, NULL, 0);
	if (len < 0)
		return len;
	text = malloc((size_t)len + 1);
	if (!text)
		return -ENOMEM;
	ploop_dd_format(dd, text, (size_t)len + 1);
	dfd = rootfile_dir_open(dir);
	rc = dfd < 0 || rootfile_write(dfd, PLOOP_DD_NAME, text, (size_t)len, 0644,
				       ROOTFILE_BENEATH) < 0 ? -errno : 0;
	if (dfd >= 0)
		close(dfd);
	free(text);
	return rc;
}
