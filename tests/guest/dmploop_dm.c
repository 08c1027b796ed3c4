/*
 * dmploop: device-mapper devices, ploop tables and any other target
 * (flakey, log-writes, snapshot): load, reload, status, messages,
 * discard, flush.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/dm.h"
#include "dmploop.h"

static uint64_t image_sectors(const char *file)
{
	unsigned char raw[PLOOP_HEADER_SIZE];
	struct ploop_header h;
	struct stat st;
	int fd, r;

	if (!strncmp(file, "raw:", 4)) {
		if (stat(file + 4, &st) < 0)
			die(111, file + 4, errno);
		return (uint64_t)st.st_size / PLOOP_SECTOR;
	}
	fd = open_dev(file, O_RDONLY);
	if (fstat(fd, &st) < 0)
		die(111, file, errno);
	pread_all(fd, raw, sizeof raw, 0);
	close(fd);
	r = ploop_header_decode(raw, sizeof raw, &h);
	/* Not an image the library knows: let the kernel say what is wrong. */
	return r ? (uint64_t)st.st_size / PLOOP_SECTOR : h.size_sectors;
}

/*
 * Opens the deltas (top O_RDWR unless read-only, the rest O_RDONLY; O_DIRECT
 * when the file system allows, unless buffered) and writes the table's
 * parameters with fd:N, or with the paths when by_path.
 */
static void table_params(char *out, size_t len, unsigned cluster, int n, char **files,
			 int ro, int by_path, int buffered)
{
	size_t used;
	const char *path;
	int i, fd, flags, raw;

	used = (size_t)snprintf(out, len, "%u %d", cluster, n);
	for (i = 0; i < n; i++) {
		path = files[i];
		raw = !strncmp(path, "raw:", 4);
		if (raw)
			path += 4;
		if (by_path) {
			used += (size_t)snprintf(out + used, len - used, " %s%s", raw ? "raw:" : "", path);
			continue;
		}
		flags = (!ro && i == n - 1) ? O_RDWR : O_RDONLY;
		fd = buffered ? -1 : open(path, flags | O_DIRECT);
		if (fd < 0 && (buffered || errno == EINVAL))
			fd = open(path, flags);
		if (fd < 0)
			die(111, path, errno);
		used += (size_t)snprintf(out + used, len - used, " %sfd:%d", raw ? "raw:" : "", fd);
	}
	if (used >= len)
		die(111, "table too long", 0);
}

/* [ro] [path] [buffered] [len=SECTORS] CLUSTER FILE... -> loads the inactive table. */
static int load_table(const char *name, int argc, char **argv)
{
	struct dm_target_spec_line t;
	char params[DM_PARAMS_MAX];
	int ro = 0, by_path = 0, buffered = 0, i = 0, r;
	uint64_t len = 0;

	for (; i < argc; i++) {
		if (!strcmp(argv[i], "ro"))
			ro = 1;
		else if (!strcmp(argv[i], "path"))
			by_path = 1;
		else if (!strcmp(argv[i], "buffered"))
			buffered = 1;
		else if (!strncmp(argv[i], "len=", 4))
			len = num(argv[i] + 4);
		else
			break;
	}
	if (argc - i < 2)
		die(100, "usage: ... [ro] [path] [buffered] [len=N] CLUSTER FILE...", 0);
	table_params(params, sizeof params, (unsigned)num(argv[i]), argc - i - 1, argv + i + 1,
		     ro, by_path, buffered);
	t.start = 0;
	t.length = len ? len : image_sectors(argv[argc - 1]);
	t.type = "ploop";
	t.params = params;
	r = dm_load(name, &t, ro);
	if (r) {
		printf("load failed: %s\n", strerror(-r));
		return 1;
	}
	return 0;
}

static void print_dev(const char *name)
{
	struct dm_info info;
	int r = dm_info(name, &info);

	if (r)
		die(111, "dm_info", -r);
	printf("/dev/dm-%u\n", info.minor);
}

/* setup NAME [ro] [path] [buffered] [len=N] CLUSTER FILE...: prints the device node. */
int cmd_setup(int argc, char **argv)
{
	int r;

	if (argc < 4)
		die(100, "usage: setup NAME [ro] [path] [buffered] [len=N] CLUSTER FILE...", 0);
	r = dm_create(argv[1], NULL);
	if (r)
		die(111, "dm_create", -r);
	if (load_table(argv[1], argc - 2, argv + 2)) {
		dm_remove(argv[1]);
		return 1;
	}
	r = dm_resume(argv[1]);
	if (r) {
		printf("resume failed: %s\n", strerror(-r));
		dm_remove(argv[1]);
		return 1;
	}
	print_dev(argv[1]);
	return 0;
}

/* reload NAME [ro] [path] CLUSTER FILE...: load, suspend, resume. */
int cmd_reload(int argc, char **argv)
{
	int r;

	if (argc < 4)
		die(100, "usage: reload NAME [ro] [path] CLUSTER FILE...", 0);
	if (load_table(argv[1], argc - 2, argv + 2))
		return 1;
	r = dm_suspend(argv[1]);
	if (r)
		die(111, "dm_suspend", -r);
	r = dm_resume(argv[1]);
	if (r) {
		printf("resume failed: %s\n", strerror(-r));
		return 1;
	}
	return 0;
}

int cmd_simple(int argc, char **argv)
{
	int r;

	if (argc != 2)
		die(100, "usage: suspend|resume|remove NAME", 0);
	if (!strcmp(argv[0], "suspend"))
		r = dm_suspend(argv[1]);
	else if (!strcmp(argv[0], "resume"))
		r = dm_resume(argv[1]);
	else
		r = dm_remove(argv[1]);
	if (r) {
		printf("%s failed: %s\n", argv[0], strerror(-r));
		return 1;
	}
	return 0;
}

/* status|table NAME */
int cmd_status(int argc, char **argv)
{
	struct dm_target_spec_line t;
	char params[DM_PARAMS_MAX], type[32];
	int r;

	if (argc != 2)
		die(100, "usage: status|table NAME", 0);
	r = dm_status(argv[1], !strcmp(argv[0], "table"), &t, params, sizeof params, type,
		      sizeof type);
	if (r)
		die(111, "dm_status", -r);
	printf("%" PRIu64 " %" PRIu64 " %s %s\n", t.start, t.length, type, params);
	return 0;
}

/*
 * dm-create|dm-reload NAME START LEN TYPE [PARAM...]: any target (flakey,
 * log-writes...). A reload suspends without a flush: the old table may be
 * one whose writes fail.
 */
int cmd_dm_table(int argc, char **argv)
{
	struct dm_target_spec_line t;
	char params[DM_PARAMS_MAX];
	int i, r, create = !strcmp(argv[0], "dm-create");
	size_t used = 0;

	if (argc < 5)
		die(100, "usage: dm-create|dm-reload NAME START LEN TYPE [PARAM...]", 0);
	params[0] = '\0';
	for (i = 5; i < argc; i++) {
		used += (size_t)snprintf(params + used, sizeof params - used, "%s%s",
					 i > 5 ? " " : "", argv[i]);
		if (used >= sizeof params)
			die(100, "table too long", 0);
	}
	t = (struct dm_target_spec_line){ .start = num(argv[2]), .length = num(argv[3]),
					  .type = argv[4], .params = params };
	if (create && (r = dm_create(argv[1], NULL)))
		die(111, "dm_create", -r);
	r = dm_load(argv[1], &t, 0);
	if (r) {
		printf("load failed: %s\n", strerror(-r));
		if (create)
			dm_remove(argv[1]);
		return 1;
	}
	if (!create && (r = dm_suspend_noflush(argv[1])))
		die(111, "dm_suspend", -r);
	r = dm_resume(argv[1]);
	if (r)
		die(111, "dm_resume", -r);
	if (create)
		print_dev(argv[1]);
	return 0;
}

/* dm-message NAME TEXT...: e.g. "mark NAME" to a log-writes device. */
int cmd_dm_message(int argc, char **argv)
{
	char msg[DM_PARAMS_MAX], out[DM_PARAMS_MAX];
	size_t used = 0;
	int i, r;

	if (argc < 3)
		die(100, "usage: dm-message NAME TEXT...", 0);
	msg[0] = '\0';
	for (i = 2; i < argc; i++) {
		used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", i > 2 ? " " : "",
					 argv[i]);
		if (used >= sizeof msg)
			die(100, "message too long", 0);
	}
	r = dm_message(argv[1], msg, out, sizeof out);
	if (r) {
		printf("message failed: %s\n", strerror(-r));
		return 1;
	}
	if (out[0])
		printf("%s\n", out);
	return 0;
}

/* discard DEV OFF LEN */
int cmd_discard(int argc, char **argv)
{
	uint64_t range[2];
	int fd;

	if (argc != 4)
		die(100, "usage: discard DEV OFF LEN", 0);
	range[0] = num(argv[2]);
	range[1] = num(argv[3]);
	fd = open_dev(argv[1], O_WRONLY);
	if (ioctl(fd, BLKDISCARD, range) < 0)
		die(111, "BLKDISCARD", errno);
	close(fd);
	return 0;
}

/* flush DEV: fsync on a block device sends a cache flush (commit). */
int cmd_flush(int argc, char **argv)
{
	int fd;

	if (argc != 2)
		die(100, "usage: flush DEV", 0);
	fd = open_dev(argv[1], O_RDONLY);
	if (fsync(fd) < 0)
		die(111, "fsync", errno);
	close(fd);
	return 0;
}

