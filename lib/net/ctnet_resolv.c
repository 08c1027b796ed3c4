#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/rootfile.h"
#include "net/ctnet.h"

#define RESOLV_MAX 16384	/* a resolv.conf larger than this is not one */
#define RESOLV_OUT_MAX (RESOLV_MAX + CTNET_NS_MAX * 80)

/*
 * The container's resolv.conf without its nameserver lines into out (NUL
 * terminated); its length. None kept when there is none, or when it is a
 * symlink (a resolver's stub, which the new file replaces). -1 (errno) for
 * anything else the node will not read: a FIFO, a device, an oversized file.
 */
static ssize_t resolv_keep(int root, char *out, size_t size)
{
	char *old = malloc(RESOLV_MAX + 1), *line, *next;
	size_t o = 0, l;
	ssize_t n;

	if (!old)
		return -1;
	n = rootfile_read(root, "etc/resolv.conf", old, RESOLV_MAX + 1, ROOTFILE_IN_ROOT);
	if (n < 0) {
		free(old);
		return errno == ENOENT || errno == ELOOP ? 0 : -1;
	}
	for (line = old; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		l = (size_t)(next - line);
		if (!strncmp(line, "nameserver", 10) || o + l + 1 >= size)
			continue;
		memcpy(out + o, line, l);
		o += l;
		if (out[o - 1] != '\n')
			out[o++] = '\n';
	}
	out[o] = 0;
	free(old);
	return (ssize_t)o;
}

int ctnet_write_resolv(const char *ct_root, const struct ctnet_config *c, struct report *rep)
{
	char *buf;
	ssize_t len;
	size_t i;
	int root, rc = -1;

	if (c->n_ns == 0)
		return 0;
	root = rootfile_dir_open(ct_root);
	if (root < 0) {
		report_msg(rep, "ctnet %u: %s: %s", c->ctid, ct_root, rootfile_why(errno));
		return -1;
	}
	buf = malloc(RESOLV_OUT_MAX);
	len = buf ? resolv_keep(root, buf, RESOLV_MAX) : -1;
	if (len < 0) {
		report_msg(rep, "ctnet %u: %s/etc/resolv.conf: %s", c->ctid, ct_root,
			   rootfile_why(buf ? errno : ENOMEM));
		goto done;
	}
	for (i = 0; i < c->n_ns && i < CTNET_NS_MAX; i++)
		len += snprintf(buf + len, RESOLV_OUT_MAX - (size_t)len, "nameserver %.63s\n",
				c->nameserver[i]);
	if (rootfile_write(root, "etc/resolv.conf", buf, (size_t)len, 0644, ROOTFILE_IN_ROOT) < 0) {
		report_msg(rep, "ctnet %u: write %s/etc/resolv.conf: %s", c->ctid, ct_root,
			   rootfile_why(errno));
		goto done;
	}
	rc = 0;
done:
	free(buf);
	close(root);
	return rc;
}
