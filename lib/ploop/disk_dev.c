#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ploop/dm.h"
#include "base/fdio.h"
#include "base/file.h"
#include "base/rootfile.h"
#include "ploop/disk_impl.h"
#include "base/sha512.h"

#define NAME_FIRST 10000u
#define NAME_SPAN 90000u

/* "PLOOP-" and 32 hex digits of SHA-512(dir): one dm uuid per disk directory. */
static void disk_uuid(const char *dir, char *uuid, size_t len, uint32_t *num)
{
	unsigned char d[SHA512_DIGEST_LEN];
	struct sha512 c;
	size_t i, n;

	sha512_init(&c);
	sha512_update(&c, dir, strlen(dir));
	sha512_final(&c, d);
	n = (size_t)snprintf(uuid, len, "%s", PLOOP_DM_UUID_PREFIX);
	for (i = 0; i < 16 && n + 2 < len; i++, n += 2)
		snprintf(uuid + n, len - n, "%02x", d[i]);
	*num = NAME_FIRST + (uint32_t)(((uint32_t)d[16] << 16 | (uint32_t)d[17] << 8 | d[18]) %
				       NAME_SPAN);
}

static int state_path(char *out, size_t len, const char *name)
{
	int n = snprintf(out, len, "%s/%s", PLOOP_RUN_DIR, name);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ploop_disk_mount_point(uint32_t major, uint32_t minor, char *mnt, size_t len)
{
	char line[PLOOP_DISK_PATH_MAX + 256], want[32], dev[32], path[PLOOP_DISK_PATH_MAX];
	FILE *f = fopen("/proc/self/mountinfo", "re");

	mnt[0] = 0;
	if (!f)
		return -errno;
	snprintf(want, sizeof want, "%" PRIu32 ":%" PRIu32, major, minor);
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%*s %*s %31s %*s %4095s", dev, path) == 2 && !strcmp(dev, want)) {
			snprintf(mnt, len, "%s", path);	/* octal escapes of spaces kept */
			break;
		}
	}
	fclose(f);
	return 0;
}

static int fill_dev(struct ploop_disk_dev *dev, const char *name, uint32_t major, uint32_t minor)
{
	char state[PLOOP_DISK_PATH_MAX];
	struct dm_info info;
	ssize_t n;

	memset(dev, 0, sizeof *dev);
	snprintf(dev->name, sizeof dev->name, "%s", name);
	snprintf(dev->path, sizeof dev->path, "/dev/%s", name);
	dev->major = major;
	dev->minor = minor;
	if (!dm_info(name, &info))
		dev->read_only = info.read_only;
	if (!state_path(state, sizeof state, name)) {
		n = file_read(state, dev->dir, sizeof dev->dir);
		if (n > 0 && dev->dir[n - 1] == '\n')
			dev->dir[n - 1] = 0;
	}
	return ploop_disk_mount_point(major, minor, dev->mnt, sizeof dev->mnt);
}

struct walk {
	const char *uuid;		/* find: this one */
	struct ploop_disk_dev *dev;
	int (*fn)(const struct ploop_disk_dev *dev, void *arg);
	void *arg;
};

static int walk_one(const char *name, uint32_t major, uint32_t minor, void *arg)
{
	struct walk *w = arg;
	struct ploop_disk_dev dev;
	char uuid[DM_UUID_MAX];

	if (strncmp(name, PLOOP_DEV_PREFIX, strlen(PLOOP_DEV_PREFIX)) ||
	    dm_uuid(name, uuid, sizeof uuid) ||
	    strncmp(uuid, PLOOP_DM_UUID_PREFIX, strlen(PLOOP_DM_UUID_PREFIX)))
		return 0;
	if (w->uuid) {
		if (strcmp(uuid, w->uuid))
			return 0;
		fill_dev(w->dev, name, major, minor);
		return 1;
	}
	fill_dev(&dev, name, major, minor);
	return w->fn(&dev, w->arg);
}

static int dm_walk(struct walk *w)
{
	int r = dm_list(walk_one, w);

	return r == -ENOENT || r == -ENXIO || r == -ENODEV ? 0 : r;	/* no device-mapper */
}

int ploop_disk_find_device(const char *dir, struct ploop_disk_dev *dev)
{
	char uuid[DM_UUID_MAX];
	uint32_t num;
	struct walk w = { .uuid = uuid, .dev = dev };

	disk_uuid(dir, uuid, sizeof uuid, &num);
	return dm_walk(&w);
}

int ploop_disk_list_devices(int (*fn)(const struct ploop_disk_dev *dev, void *arg), void *arg)
{
	struct walk w = { .fn = fn, .arg = arg };

	return dm_walk(&w);
}

/*
 * One fd per delta: top O_RDWR unless read-only, lower O_RDONLY; O_DIRECT
 * if it works. The kernel gets these very descriptors ("fd:N"), so what it
 * serves is the regular file ploop_file_open checked, never a path it
 * would resolve again.
 */
static int open_delta_fd(const char *path, int rw)
{
	int flags = rw ? O_RDWR : O_RDONLY, fd;

	fd = ploop_file_open(path, flags | O_DIRECT, 0);
	if (fd == -EINVAL)
		fd = ploop_file_open(path, flags, 0);
	return fd;
}

struct table {
	int fds[PLOOP_DD_MAX_DELTAS];
	unsigned n;
	char params[DM_PARAMS_MAX];
	uint64_t sectors;
};

static void table_close(struct table *t)
{
	while (t->n)
		close(t->fds[--t->n]);
}

/* Opens the deltas of dir's descriptor and writes the ploop target's parameters. */
static int table_build(struct table *t, const char *dir, int read_only,
		       struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	struct ploop_dd dd;
	size_t len;
	unsigned i;
	int r, n, fd;

	memset(t, 0, sizeof *t);
	r = ploop_disk_load(dir, &dd, ctx);
	if (r)
		return r;
	t->sectors = dd.size_sectors;
	len = (size_t)snprintf(t->params, sizeof t->params, "%" PRIu32 " %u", dd.blocksize,
			       dd.count);
	for (i = 0; i < dd.count; i++) {
		r = ploop_disk_path(path, sizeof path, dir, dd.deltas[i].file);
		fd = r ? r : open_delta_fd(path, !read_only && i == dd.count - 1);
		if (fd < 0) {
			table_close(t);
			return ploop_disk_fail(ctx, fd, fd == -ENAMETOOLONG ? dir : path, "%s",
					       rootfile_why(-fd));
		}
		t->fds[t->n] = fd;
		n = snprintf(t->params + len, sizeof t->params - len, " %sfd:%d",
			     dd.deltas[i].type == PLOOP_DD_PLAIN ? "raw:" : "", t->fds[t->n]);
		t->n++;
		if (n < 0 || (size_t)n >= sizeof t->params - len) {
			table_close(t);
			return ploop_disk_fail(ctx, -E2BIG, dir, "too many deltas for one table");
		}
		len += (size_t)n;
	}
	snprintf(t->params + len, sizeof t->params - len, " 0");
	return 0;
}

static int table_load(const char *name, const char *dir, int read_only,
		      struct ploop_disk_ctx *ctx)
{
	struct dm_target_spec_line line = { .start = 0, .type = "ploop" };
	struct table t;
	int r = table_build(&t, dir, read_only, ctx);

	if (r)
		return r;
	line.length = t.sectors;
	line.params = t.params;
	r = dm_load(name, &line, read_only);
	table_close(&t);
	if (r)
		return ploop_disk_fail(ctx, r, dir, "the kernel refused the ploop table (%s); see dmesg",
				       strerror(-r));
	return 0;
}

/* /dev/ploopN: a symlink to devtmpfs' dm-M node, or a node of our own without it. */
static int dev_node(const struct ploop_disk_dev *dev)
{
	char target[32];
	struct stat st;

	snprintf(target, sizeof target, "/dev/dm-%" PRIu32, dev->minor);
	unlink(dev->path);
	if (!stat(target, &st) && S_ISBLK(st.st_mode) && st.st_rdev == makedev(dev->major, dev->minor))
		return symlink(target + 5, dev->path) < 0 ? -errno : 0;
	return mknod(dev->path, S_IFBLK | 0600, makedev(dev->major, dev->minor)) < 0 ? -errno : 0;
}

static int state_write(const struct ploop_disk_dev *dev)
{
	char path[PLOOP_DISK_PATH_MAX], text[PLOOP_DISK_PATH_MAX + 2];
	int n;

	if (mkdir(PLOOP_RUN_DIR, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (state_path(path, sizeof path, dev->name))
		return -ENAMETOOLONG;
	n = snprintf(text, sizeof text, "%s\n", dev->dir);
	return file_write_atomic(path, text, (size_t)n, 0600) < 0 ? -errno : 0;
}

/* The first free ploopN from the disk's own number on. */
static int pick_name(const char *dir, char *name, size_t len, char *uuid, size_t uuid_len)
{
	struct dm_info info;
	uint32_t num, i;

	disk_uuid(dir, uuid, uuid_len, &num);
	for (i = 0; i < NAME_SPAN; i++) {
		snprintf(name, len, "%s%" PRIu32, PLOOP_DEV_PREFIX,
			 NAME_FIRST + (num - NAME_FIRST + i) % NAME_SPAN);
		if (dm_info(name, &info) == -ENXIO)
			return 0;
	}
	return -ENOSPC;
}

int ploop_disk_dev_create(const char *dir, int read_only, struct ploop_disk_dev *dev,
			  struct ploop_disk_ctx *ctx)
{
	char name[64], uuid[DM_UUID_MAX];
	struct dm_info info;
	int r;

	r = pick_name(dir, name, sizeof name, uuid, sizeof uuid);
	if (r)
		return ploop_disk_fail(ctx, r, dir, "no free ploop device name");
	r = dm_create(name, uuid);
	if (r)
		return ploop_disk_fail(ctx, r, name, "cannot create the dm device: %s", strerror(-r));
	r = table_load(name, dir, read_only, ctx);
	if (!r && (r = dm_resume(name)))
		ploop_disk_fail(ctx, r, name, "cannot activate: %s; see dmesg", strerror(-r));
	if (!r && (r = dm_info(name, &info)))
		ploop_disk_fail(ctx, r, name, "%s", strerror(-r));
	if (r) {
		dm_remove(name);
		return r;
	}
	memset(dev, 0, sizeof *dev);
	snprintf(dev->name, sizeof dev->name, "%s", name);
	snprintf(dev->path, sizeof dev->path, "/dev/%s", name);
	snprintf(dev->dir, sizeof dev->dir, "%s", dir);
	dev->major = info.major;
	dev->minor = info.minor;
	dev->read_only = read_only;
	r = dev_node(dev);
	if (r)
		ploop_disk_fail(ctx, r, dev->path, "cannot create the device node: %s",
				strerror(-r));
	if (!r && (r = state_write(dev)))
		ploop_disk_fail(ctx, r, PLOOP_RUN_DIR, "cannot record the device: %s", strerror(-r));
	if (r) {
		unlink(dev->path);
		dm_remove(name);
	}
	return r;
}

int ploop_disk_dev_remove(const struct ploop_disk_dev *dev, struct ploop_disk_ctx *ctx)
{
	char state[PLOOP_DISK_PATH_MAX];
	int r = dm_remove(dev->name);

	if (r)
		return ploop_disk_fail(ctx, r, dev->path, "cannot remove the device: %s",
				       r == -EBUSY ? "still in use" : strerror(-r));
	unlink(dev->path);
	if (!state_path(state, sizeof state, dev->name))
		unlink(state);
	return 0;
}

/* Lower deltas of the next table must not carry the in-use mark the live top had. */
static int clear_lower_marks(const char *dir, struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	unsigned char zero[4] = { 0 }, hdr[PLOOP_HEADER_SIZE];
	struct ploop_dd dd;
	unsigned i;
	int fd, r;

	r = ploop_disk_load(dir, &dd, ctx);
	for (i = 0; !r && i + 1 < dd.count; i++) {
		if (dd.deltas[i].type == PLOOP_DD_PLAIN ||
		    ploop_disk_path(path, sizeof path, dir, dd.deltas[i].file))
			continue;
		fd = ploop_file_open(path, O_RDWR, 0);
		if (fd < 0)
			return ploop_disk_fail(ctx, fd, path, "%s", rootfile_why(-fd));
		r = fd_pread_full(fd, hdr, sizeof hdr, 0);
		if (!r && ploop_le32(hdr + PLOOP_OFF_IN_USE))
			r = fd_pwrite_full(fd, zero, 4, PLOOP_OFF_IN_USE);
		if (!r && fdatasync(fd) < 0)
			r = -errno;
		close(fd);
		if (r)
			return ploop_disk_fail(ctx, r, path, "%s", strerror(-r));
	}
	return r;
}

int ploop_disk_dev_reload(const struct ploop_disk_dev *dev,
			  int (*change)(void *arg, struct ploop_disk_ctx *ctx), void *arg,
			  struct ploop_disk_ctx *ctx)
{
	int r = dm_suspend(dev->name), e;

	if (r)
		return ploop_disk_fail(ctx, r, dev->path, "cannot suspend: %s", strerror(-r));
	r = change(arg, ctx);
	if (!r)
		r = clear_lower_marks(dev->dir, ctx);
	if (!r)
		r = table_load(dev->name, dev->dir, dev->read_only, ctx);
	e = dm_resume(dev->name);
	if (e && !r)
		r = ploop_disk_fail(ctx, e, dev->path, "cannot resume: %s; see dmesg", strerror(-e));
	return r;
}
