#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "ct/ct.h"
#include "ploop/disk.h"

static int ct_disk_dir(struct ct *ct, char *dir, size_t size)
{
	int n = snprintf(dir, size, "%s/root.hdd", ct->private_dir);

	return n < 0 || (size_t)n >= size ? ct_fail(ct, "private area path too long") : 0;
}

int ct_mount(struct ct *ct)
{
	struct ploop_disk_mount_opts o = { ct->root, 0 };
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	struct ploop_disk_dev dev;
	char dir[CT_PATH_MAX + 16];
	struct stat st;
	int rc;

	if (ct_is_mounted(ct->root))
		return 0;
	if (stat(ct->private_dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return ct_fail(ct, "private area %s: %s", ct->private_dir,
			       errno ? strerror(errno) : "not a directory");
	if (mkdir(ct->root, 0755) < 0 && errno != EEXIST)
		return ct_fail(ct, "%s: %s", ct->root, strerror(errno));
	if (ct->layout == CT_LAYOUT_SIMFS) {
		if (mount(ct->private_dir, ct->root, NULL, MS_BIND, NULL) < 0)
			return ct_fail(ct, "bind mount %s on %s: %s", ct->private_dir, ct->root,
				       strerror(errno));
		return 0;
	}
	if (ct_disk_dir(ct, dir, sizeof dir) < 0)
		return -1;
	rc = ploop_disk_mount(dir, &o, &dev, &pctx);
	if (rc < 0)
		return ct_fail(ct, "ploop mount: %s", pctx.error[0] ? pctx.error : strerror(-rc));
	return 0;
}

int ct_umount(struct ct *ct)
{
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	char dir[CT_PATH_MAX + 16];
	int rc;

	if (ct->layout == CT_LAYOUT_SIMFS) {
		if (ct_is_mounted(ct->root) && umount2(ct->root, 0) < 0)
			return ct_fail(ct, "umount %s: %s", ct->root, strerror(errno));
		return 0;
	}
	if (ct_disk_dir(ct, dir, sizeof dir) < 0)
		return -1;
	rc = ploop_disk_umount(dir, &pctx);
	if (rc < 0 && rc != -ENOENT)
		return ct_fail(ct, "ploop umount: %s", pctx.error[0] ? pctx.error : strerror(-rc));
	return 0;
}
