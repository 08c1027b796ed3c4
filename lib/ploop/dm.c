#include "ploop/dm.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/*
 * Every ioctl carries a struct dm_ioctl followed by a payload in one buffer;
 * data_start is where the payload begins, data_size the whole buffer. The
 * kernel sets DM_BUFFER_FULL_FLAG when a reply did not fit: the buffer is
 * grown (up to DM_BUF_MAX) and the call repeated.
 */
#define DM_BUF_MIN (16u << 10)
#define DM_BUF_MAX (4u << 20)
#define DM_CONTROL "/dev/mapper/control"

struct dm_call {
	struct dm_ioctl *io;
	size_t size;
};

static int dm_control_open(void)
{
	int fd = open(DM_CONTROL, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int dm_call_init(struct dm_call *c, size_t size, const char *name)
{
	c->io = calloc(1, size);
	if (!c->io)
		return -ENOMEM;
	c->size = size;
	c->io->version[0] = DM_VERSION_MAJOR;
	c->io->version[1] = 0;
	c->io->version[2] = 0;
	c->io->data_size = (uint32_t)size;
	c->io->data_start = sizeof(struct dm_ioctl);
	if (name) {
		if (strlen(name) >= DM_NAME_LEN || !*name) {
			free(c->io);
			return -ENAMETOOLONG;
		}
		memcpy(c->io->name, name, strlen(name) + 1);
	}
	return 0;
}

static int dm_ioctl_run(struct dm_call *c, unsigned long cmd)
{
	int fd = dm_control_open(), r = 0;

	if (fd < 0)
		return fd;
	if (ioctl(fd, cmd, c->io) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* Runs a query whose reply may outgrow the buffer, growing it as needed. */
static int dm_query(struct dm_call *c, unsigned long cmd, const char *name, uint32_t flags)
{
	size_t size = DM_BUF_MIN;
	int r;

	for (;;) {
		r = dm_call_init(c, size, name);
		if (r)
			return r;
		c->io->flags = flags;
		r = dm_ioctl_run(c, cmd);
		if (r || !(c->io->flags & DM_BUFFER_FULL_FLAG))
			break;
		free(c->io);
		c->io = NULL;
		if (size >= DM_BUF_MAX)
			return -E2BIG;
		size *= 4;
	}
	if (r) {
		free(c->io);
		c->io = NULL;
	}
	return r;
}

int dm_create(const char *name, const char *uuid)
{
	struct dm_call c;
	int r = dm_call_init(&c, sizeof(struct dm_ioctl), name);

	if (r)
		return r;
	if (uuid) {
		if (strlen(uuid) >= DM_UUID_LEN) {
			free(c.io);
			return -ENAMETOOLONG;
		}
		memcpy(c.io->uuid, uuid, strlen(uuid) + 1);
	}
	r = dm_ioctl_run(&c, DM_DEV_CREATE);
	free(c.io);
	return r;
}

int dm_load(const char *name, const struct dm_target_spec_line *t, int read_only)
{
	size_t plen = strlen(t->params) + 1;
	size_t size = sizeof(struct dm_ioctl) + sizeof(struct dm_target_spec) + plen + 8;
	struct dm_target_spec *spec;
	struct dm_call c;
	int r;

	if (plen > DM_PARAMS_MAX || strlen(t->type) >= DM_MAX_TYPE_NAME)
		return -E2BIG;
	r = dm_call_init(&c, size, name);
	if (r)
		return r;
	c.io->target_count = 1;
	if (read_only)
		c.io->flags |= DM_READONLY_FLAG;
	spec = (struct dm_target_spec *)((char *)c.io + c.io->data_start);
	spec->sector_start = t->start;
	spec->length = t->length;
	spec->status = 0;
	spec->next = 0;
	memcpy(spec->target_type, t->type, strlen(t->type) + 1);
	memcpy(spec + 1, t->params, plen);
	r = dm_ioctl_run(&c, DM_TABLE_LOAD);
	free(c.io);
	return r;
}

static int dm_simple(const char *name, unsigned long cmd, uint32_t flags)
{
	struct dm_call c;
	int r = dm_call_init(&c, sizeof(struct dm_ioctl), name);

	if (r)
		return r;
	c.io->flags = flags;
	r = dm_ioctl_run(&c, cmd);
	free(c.io);
	return r;
}

int dm_suspend(const char *name)
{
	return dm_simple(name, DM_DEV_SUSPEND, DM_SUSPEND_FLAG);
}

int dm_suspend_noflush(const char *name)
{
	return dm_simple(name, DM_DEV_SUSPEND, DM_SUSPEND_FLAG | DM_NOFLUSH_FLAG);
}

int dm_resume(const char *name)
{
	return dm_simple(name, DM_DEV_SUSPEND, 0);
}

int dm_remove(const char *name)
{
	return dm_simple(name, DM_DEV_REMOVE, 0);
}

/* DM_DEV_STATUS of name; on success c->io is the answer, to free. */
static int dev_status(struct dm_call *c, const char *name)
{
	int r = dm_call_init(c, sizeof(struct dm_ioctl), name);

	if (!r && (r = dm_ioctl_run(c, DM_DEV_STATUS)))
		free(c->io);
	return r;
}

int dm_info(const char *name, struct dm_info *info)
{
	struct dm_call c;
	int r = dev_status(&c, name);

	if (r)
		return r;
	info->major = (uint32_t)(c.io->dev >> 8) & 0xfff;
	info->minor = (uint32_t)((c.io->dev & 0xff) | ((c.io->dev >> 12) & 0xfff00));
	info->open_count = (uint32_t)c.io->open_count;
	info->target_count = c.io->target_count;
	info->suspended = !!(c.io->flags & DM_SUSPEND_FLAG);
	info->read_only = !!(c.io->flags & DM_READONLY_FLAG);
	info->active = !!(c.io->flags & DM_ACTIVE_PRESENT_FLAG);
	free(c.io);
	return 0;
}

static int copy_out(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (!dst)
		return 0;
	if (n >= len)
		return -ENOBUFS;
	memcpy(dst, src, n + 1);
	return 0;
}

int dm_status(const char *name, int table, struct dm_target_spec_line *t,
	      char *params, size_t params_len, char *type, size_t type_len)
{
	struct dm_target_spec *spec;
	struct dm_call c;
	int r = dm_query(&c, DM_TABLE_STATUS, name, table ? DM_STATUS_TABLE_FLAG : 0);

	if (r)
		return r;
	if (c.io->target_count < 1) {
		r = -ENXIO;
		goto done;
	}
	spec = (struct dm_target_spec *)((char *)c.io + c.io->data_start);
	if (c.io->data_start + sizeof(*spec) > c.io->data_size) {
		r = -EPROTO;
		goto done;
	}
	((char *)c.io)[c.size - 1] = '\0';
	spec->target_type[DM_MAX_TYPE_NAME - 1] = '\0';
	if (t) {
		t->start = spec->sector_start;
		t->length = spec->length;
		t->type = NULL;
		t->params = NULL;
	}
	r = copy_out(type, type_len, spec->target_type);
	if (!r)
		r = copy_out(params, params_len, (const char *)(spec + 1));
done:
	free(c.io);
	return r;
}

int dm_message(const char *name, const char *msg, char *out, size_t out_len)
{
	size_t mlen = strlen(msg) + 1;
	size_t size = sizeof(struct dm_ioctl) + sizeof(struct dm_target_msg) + mlen + DM_BUF_MIN;
	struct dm_target_msg *m;
	struct dm_call c;
	int r;

	if (mlen > DM_PARAMS_MAX)
		return -E2BIG;
	r = dm_call_init(&c, size, name);
	if (r)
		return r;
	m = (struct dm_target_msg *)((char *)c.io + c.io->data_start);
	m->sector = 0;
	memcpy(m->message, msg, mlen);
	r = dm_ioctl_run(&c, DM_TARGET_MSG);
	if (!r && out) {
		out[0] = '\0';
		if (c.io->flags & DM_DATA_OUT_FLAG) {
			((char *)c.io)[c.size - 1] = '\0';
			r = copy_out(out, out_len, (const char *)c.io + c.io->data_start);
		}
	}
	free(c.io);
	return r;
}

int dm_list(int (*fn)(const char *name, uint32_t major, uint32_t minor, void *arg), void *arg)
{
	struct dm_name_list *n;
	struct dm_call c;
	size_t off;
	int r = dm_query(&c, DM_LIST_DEVICES, NULL, 0);

	if (r)
		return r;
	off = c.io->data_start;
	((char *)c.io)[c.size - 1] = '\0';
	for (;;) {
		if (off + sizeof(*n) > c.io->data_size)
			break;
		n = (struct dm_name_list *)((char *)c.io + off);
		if (!n->dev)
			break;
		r = fn(n->name, (uint32_t)(n->dev >> 8) & 0xfff,
		       (uint32_t)((n->dev & 0xff) | ((n->dev >> 12) & 0xfff00)), arg);
		if (r || !n->next)
			break;
		off += n->next;
	}
	free(c.io);
	return r;
}

int dm_uuid(const char *name, char *uuid, size_t len)
{
	struct dm_call c;
	int r = dev_status(&c, name);

	if (r)
		return r;
	c.io->uuid[DM_UUID_LEN - 1] = '\0';
	r = copy_out(uuid, len, c.io->uuid);
	free(c.io);
	return r;
}
