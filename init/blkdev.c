#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blkdev.h"
#include "base/fdio.h"

/* Reads size bytes from the start, or with from_end set the last size bytes. */
static ssize_t blkdev_read_span(const char *path, unsigned char *buf, size_t size, int from_end)
{
	off_t off = 0, end;
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (from_end) {
		end = lseek(fd, 0, SEEK_END);
		if (end < 0)
			goto fail;
		off = end > (off_t)size ? end - (off_t)size : 0;
	}
	n = fd_pread_upto(fd, buf, size, (uint64_t)off);
	if (n < 0)
		goto fail;
	close(fd);
	return n;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

ssize_t blkdev_read_head(const char *path, unsigned char *buf, size_t size)
{
	return blkdev_read_span(path, buf, size, 0);
}

ssize_t blkdev_read_tail(const char *path, unsigned char *buf, size_t size)
{
	return blkdev_read_span(path, buf, size, 1);
}

int blkdev_probe(const char *path, struct blkprobe *r)
{
	unsigned char *buf;
	ssize_t n;

	buf = malloc(BLKPROBE_SPAN);
	if (!buf)
		return -1;
	n = blkdev_read_head(path, buf, BLKPROBE_SPAN);
	if (n >= 0)
		blkprobe_identify(buf, (size_t)n, r);
	free(buf);
	return n < 0 ? -1 : 0;
}

static int blkdev_is_virtual(const char *name)
{
	static const char *const prefixes[] = { "loop", "ram", "zram", "dm-", "nbd", "ploop" };
	size_t i;

	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

/* /sys/class/block names use '!' where the /dev path has '/'. */
static int blkdev_path(char *path, size_t size, const char *name)
{
	char *p;
	int n;

	n = snprintf(path, size, "/dev/%s", name);
	if (n < 0 || (size_t)n >= size)
		return -1;
	for (p = path + 5; *p; p++)
		if (*p == '!')
			*p = '/';
	return 0;
}

static int blkdev_wanted(const struct dirent *d)
{
	return d->d_name[0] != '.' && !blkdev_is_virtual(d->d_name);
}

size_t blkdev_scan(struct blkdev *out, size_t max)
{
	struct dirent **names;
	size_t n = 0;
	int count, i;

	count = scandir("/sys/class/block", &names, blkdev_wanted, alphasort);
	if (count < 0)
		return 0;
	for (i = 0; i < count; i++) {
		if (n < max && blkdev_path(out[n].path, sizeof out[n].path, names[i]->d_name) == 0 &&
		    blkdev_probe(out[n].path, &out[n].probe) == 0 &&
		    out[n].probe.type != BLKPROBE_NONE)
			n++;
		free(names[i]);
	}
	free(names);
	return n;
}

const struct blkdev *blkdev_by_label(const struct blkdev *list, size_t n, const char *label)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (blkprobe_fstype(list[i].probe.type) && !strcmp(list[i].probe.label, label))
			return &list[i];
	return NULL;
}
