#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "conf/vzconf.h"

int vzconf_load(struct vzconf *c, const char *path, const struct report *rep)
{
	char *buf = malloc(VZCONF_FILE_MAX + 1);
	ssize_t len;
	int r, saved;

	vzconf_init(c, path);
	if (!buf) {
		report_msg(rep, "%s: out of memory", path);
		return -1;
	}
	len = file_read(path, buf, VZCONF_FILE_MAX + 1);
	if (len < 0) {
		saved = errno;
		report_msg(rep, "%s: %s", path,
			   errno == EFBIG ? "larger than 65536 bytes; not read" : strerror(errno));
		free(buf);
		errno = saved;
		return -1;
	}
	r = vzconf_parse(c, path, buf, (size_t)len, rep);
	saved = errno;
	free(buf);
	errno = saved;
	return r;
}

int vzconf_save(const struct vzconf *c, const char *path)
{
	size_t size = vzconf_size(c) + 1;
	char *buf = malloc(size);
	int len, r, saved;

	if (!buf)
		return -1;
	len = vzconf_format(c, buf, size);
	r = len < 0 ? -1 : file_write_atomic(path, buf, (size_t)len, 0644);
	saved = errno;
	free(buf);
	errno = saved;
	return r;
}
