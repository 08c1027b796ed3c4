#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/ctnet.h"

#define RESOLV_MAX 16384	/* a resolv.conf larger than this is not one */

/* The container's existing resolv.conf without its nameserver lines. */
static ssize_t resolv_keep(int etc, char *buf, size_t size)
{
	char old[RESOLV_MAX + 1], *line, *next;
	size_t len = 0, out = 0;
	ssize_t n;
	int fd;

	fd = openat(etc, "resolv.conf", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ELOOP ? 0 : -1;
	while (len < sizeof old - 1 && (n = read(fd, old + len, sizeof old - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		len += n;
	}
	close(fd);
	old[len] = 0;
	for (line = old; *line; line = next) {
		size_t l;

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		l = next - line;
		if (!strncmp(line, "nameserver", 10) || out + l + 1 >= size)
			continue;
		memcpy(buf + out, line, l);
		out += l;
		if (buf[out - 1] != '\n')
			buf[out++] = '\n';
	}
	return out;
}

int ctnet_write_resolv(const char *ct_root, const struct ctnet_config *c, struct report *rep)
{
	static const char tmp[] = ".resolv.conf.vzhost";
	char buf[RESOLV_MAX + 1024];
	struct stat st;
	ssize_t len;
	size_t i;
	int root = -1, etc = -1, fd = -1, rc = -1;

	if (c->n_ns == 0)
		return 0;
	root = open(ct_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0 || (etc = openat(root, "etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				      O_CLOEXEC)) < 0 || fstat(etc, &st) < 0) {
		report_msg(rep, "ctnet %u: %s/etc: %s", c->ctid, ct_root, strerror(errno));
		goto done;
	}
	len = resolv_keep(etc, buf, RESOLV_MAX);
	if (len < 0) {
		report_msg(rep, "ctnet %u: %s/etc/resolv.conf: %s", c->ctid, ct_root,
			   strerror(errno));
		goto done;
	}
	for (i = 0; i < c->n_ns && i < CTNET_NS_MAX; i++)
		len += snprintf(buf + len, sizeof buf - len, "nameserver %.63s\n", c->nameserver[i]);
	unlinkat(etc, tmp, 0);
	fd = openat(etc, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, len) != len || fchown(fd, st.st_uid, st.st_gid) < 0 ||
	    fsync(fd) < 0 || renameat(etc, tmp, etc, "resolv.conf") < 0) {
		report_msg(rep, "ctnet %u: write %s/etc/resolv.conf: %s", c->ctid, ct_root,
			   strerror(errno));
		unlinkat(etc, tmp, 0);
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (etc >= 0)
		close(etc);
	if (root >= 0)
		close(root);
	return rc;
}
