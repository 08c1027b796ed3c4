#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ploop/disk.h"

/*
 * The private area on VE_ROOT, nodev and nosuid (the ploop library mounts
 * every image so; a simfs bind mount is remounted so): a device node or a
 * setuid program in a container's files means nothing to the node.
 *
 * The container itself is built from its view (ct_view_path): a bind of
 * VE_ROOT with setuid programs allowed again, so that su, sudo and file
 * capabilities work inside (they act as the container's ids, which are
 * unprivileged on the node), still nodev (the container's mount namespace
 * inherits that flag locked: its root cannot clear it). The view lives
 * under /run/vzhost/ct (0700), where no process of the node but root
 * reaches it.
 */

#define CT_VIEW_DIR CT_RUN_DIR "/view"

static int ct_disk_dir(struct ct *ct, char *dir, size_t size)
{
	int n = snprintf(dir, size, "%s/root.hdd", ct->private_dir);

	return n < 0 || (size_t)n >= size ? ct_fail(ct, "private area path too long") : 0;
}

/* An absolute path without ".", ".." or empty components. */
static int path_plain(const char *p)
{
	const char *c;
	size_t n;

	if (p[0] != '/')
		return 0;
	for (c = p + 1; *c; c += n + (c[n] == '/')) {
		n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
	}
	return 1;
}

int ct_view_path(const char *root, char *out, size_t size)
{
	int n;

	if (!path_plain(root)) {
		errno = EINVAL;
		return -1;
	}
	n = snprintf(out, size, "%s%s", CT_VIEW_DIR, root);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* mkdir -p of the view, every level 0700 root. */
static int view_mkdir(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = 0;
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -1;
		if (!slash)
			return 0;
		*slash = '/';
	}
}

static int view_mount(struct ct *ct)
{
	char view[CT_PATH_MAX + sizeof CT_VIEW_DIR];

	if (ct_view_path(ct->root, view, sizeof view) < 0)
		return ct_fail(ct, "VE_ROOT %s: %s", ct->root,
			       errno == EINVAL ? "not a plain absolute path" : strerror(errno));
	if (ct_is_mounted(view))
		return 0;
	if (view_mkdir(view) < 0)
		return ct_fail(ct, "%s: %s", view, strerror(errno));
	if (mount(ct->root, view, NULL, MS_BIND, NULL) < 0 ||
	    mount(NULL, view, NULL, MS_BIND | MS_REMOUNT | MS_NODEV, NULL) < 0)
		return ct_fail(ct, "the container's view %s: %s", view, strerror(errno));
	return 0;
}

static int view_umount(struct ct *ct)
{
	char view[CT_PATH_MAX + sizeof CT_VIEW_DIR];

	if (ct_view_path(ct->root, view, sizeof view) < 0 || !ct_is_mounted(view))
		return 0;
	if (umount2(view, 0) < 0)
		return ct_fail(ct, "umount %s: %s", view, strerror(errno));
	/* its parents stay: other containers' views may share them */
	if (rmdir(view) < 0 && errno != ENOENT)
		return ct_fail(ct, "rmdir %s: %s", view, strerror(errno));
	return 0;
}

static int simfs_mount(struct ct *ct)
{
	if (mount(ct->private_dir, ct->root, NULL, MS_BIND, NULL) < 0)
		return ct_fail(ct, "bind mount %s on %s: %s", ct->private_dir, ct->root,
			       strerror(errno));
	if (mount(NULL, ct->root, NULL, MS_BIND | MS_REMOUNT | MS_NODEV | MS_NOSUID, NULL) < 0) {
		ct_fail(ct, "remount %s nodev,nosuid: %s", ct->root, strerror(errno));
		umount2(ct->root, 0);
		return -1;
	}
	return 0;
}

static int area_mount(struct ct *ct)
{
	struct ploop_disk_mount_opts o = { ct->root, 0 };
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	struct ploop_disk_dev dev;
	char dir[CT_PATH_MAX + 16];
	struct stat st;
	int rc;

	if (stat(ct->private_dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return ct_fail(ct, "private area %s: %s", ct->private_dir,
			       errno ? strerror(errno) : "not a directory");
	if (mkdir(ct->root, 0755) < 0 && errno != EEXIST)
		return ct_fail(ct, "%s: %s", ct->root, strerror(errno));
	if (ct->layout == CT_LAYOUT_SIMFS)
		return simfs_mount(ct);
	if (ct_disk_dir(ct, dir, sizeof dir) < 0)
		return -1;
	rc = ploop_disk_mount(dir, &o, &dev, &pctx);
	if (rc < 0)
		return ct_fail(ct, "ploop mount: %s", pctx.error[0] ? pctx.error : strerror(-rc));
	return 0;
}

int ct_mount(struct ct *ct)
{
	char cause[CT_ERR_MAX];
	int was_mounted = ct_is_mounted(ct->root);

	if (!was_mounted && area_mount(ct) < 0)
		return -1;
	if (view_mount(ct) == 0)
		return 0;
	if (!was_mounted) {
		memcpy(cause, ct->error, sizeof cause);
		ct_umount(ct);
		memcpy(ct->error, cause, sizeof cause);
	}
	return -1;
}

int ct_umount(struct ct *ct)
{
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	char dir[CT_PATH_MAX + 16];
	int rc;

	if (view_umount(ct) < 0)
		return -1;
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
