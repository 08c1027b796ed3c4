#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ploop/disk.h"
#include "conf/vzvalue.h"

#include "tmpl/repo.h"

/*
 * vzctl create: the private area first (marked by CREATING_MARK while it
 * is being filled), the config last. A create that failed or crashed
 * leaves no CTID.conf, so the container does not exist; the next create
 * removes a marked private area it finds.
 */

#define CREATING_MARK ".vzctl-creating"
#define CT_DEFAULT_DISK (10ULL << 30)

struct slot_search {
	unsigned long long uid_base, gid_base, used[CT_SLOTS_MAX / 64];
};

/* Every slot a container's range touches, also one not on a slot's
   boundary (a config moved in from another node). */
static void slot_mark_range(struct slot_search *s, unsigned long long base,
			    unsigned long long first)
{
	unsigned long long last = first + CT_ID_RANGE - 1, i;

	if (last < base)
		return;
	for (i = first < base ? 0 : (first - base) / CT_ID_RANGE;
	     i <= (last - base) / CT_ID_RANGE && i < CT_SLOTS_MAX; i++)
		s->used[i / 64] |= 1ULL << (i % 64);
}

static int slots_mark(unsigned ctid, const unsigned long long base[2], void *arg)
{
	struct slot_search *s = arg;

	slot_mark_range(s, s->uid_base, base[0]);
	slot_mark_range(s, s->gid_base, base[1]);
	return 0;
}

/*
 * A slot is in use when a config records it or a create in progress has
 * reserved it: /vz/lock/slot-N holds that create's CTID until its config
 * is saved. A reservation whose creator is gone (its CTID's lock is free)
 * is stale and taken over.
 */
static void slot_path(unsigned slot, char *path, size_t len)
{
	snprintf(path, len, "%s/slot-%u", CT_LOCK_DIR, slot);
}

static int slot_reserved_by_other(unsigned slot, unsigned ctid)
{
	char path[64], text[16] = "";
	unsigned owner;
	ssize_t n;
	int fd, busy;

	slot_path(slot, path, sizeof path);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0 || sscanf(text, "%u", &owner) != 1 || owner == ctid)
		return 0;
	snprintf(path, sizeof path, "%s/%u.lck", CT_LOCK_DIR, owner);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	busy = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return busy;
}

static int slot_reserve(struct ct *ct, unsigned slot)
{
	char path[64], text[16];
	int fd, n;

	slot_path(slot, path, sizeof path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return ct_fail(ct, "%s: %s", path, strerror(errno));
	n = snprintf(text, sizeof text, "%u\n", ct->ctid);
	if (write(fd, text, (size_t)n) != n) {
		ct_fail(ct, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

static void slot_release(int slot)
{
	char path[64];

	if (slot < 0)
		return;
	slot_path((unsigned)slot, path, sizeof path);
	unlink(path);
}

/*
 * LOCAL_UID/LOCAL_GID of the new CT: the first free 65536-id range,
 * reserved under /vz/lock/slots.lck so that concurrent creates never
 * share one. Returns the slot (for slot_release once the config is
 * saved) or -1.
 */
static int ct_slot_assign(struct ct *ct)
{
	struct slot_search s;
	char text[24];
	unsigned i;
	int lock;

	lock = open(CT_LOCK_DIR "/slots.lck", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (lock < 0)
		return ct_fail(ct, "%s/slots.lck: %s", CT_LOCK_DIR, strerror(errno));
	while (flock(lock, LOCK_EX) < 0)
		if (errno != EINTR) {
			close(lock);
			return ct_fail(ct, "%s/slots.lck: lock: %s", CT_LOCK_DIR, strerror(errno));
		}
	memset(&s, 0, sizeof s);
	s.uid_base = ct->uid_base;
	s.gid_base = ct->gid_base;
	ct_ids_others(ct, slots_mark, &s);
	for (i = 0; i < CT_SLOTS_MAX; i++)
		if (!((s.used[i / 64] >> (i % 64)) & 1) && !slot_reserved_by_other(i, ct->ctid))
			break;
	if (i == CT_SLOTS_MAX || slot_reserve(ct, i) < 0) {
		close(lock);
		return i == CT_SLOTS_MAX ?
		       ct_fail(ct, "no free uid range (%d containers)", CT_SLOTS_MAX) : -1;
	}
	close(lock);
	ct->uid_base += (uid_t)i * CT_ID_RANGE;
	ct->gid_base += (gid_t)i * CT_ID_RANGE;
	snprintf(text, sizeof text, "%u", (unsigned)ct->uid_base);
	if (ct_set(ct, "LOCAL_UID", text) < 0)
		return -1;
	snprintf(text, sizeof text, "%u", (unsigned)ct->gid_base);
	if (ct_set(ct, "LOCAL_GID", text) < 0) {
		slot_release((int)i);
		return -1;
	}
	return (int)i;
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_DP)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

int ct_remove_tree(const char *dir)
{
	if (nftw(dir, rm_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* The sample config as the start of CTID.conf. */
static int ct_load_sample(struct ct *ct, const char *name)
{
	char path[CT_PATH_MAX];
	const char *n = name ? name : ct_get(ct, "CONFIGFILE");

	if (!n)
		return 0;
	if (vzconf_sample_path(n, path, sizeof path) < 0)
		return ct_fail(ct, "--config %s: bad sample name", n);
	vzconf_free(&ct->conf);
	if (vzconf_load(&ct->conf, path, NULL) < 0) {
		vzconf_init(&ct->conf, ct->conf_path);
		return ct_fail(ct, "config sample %s: %s", path, strerror(errno));
	}
	snprintf(ct->conf.name, sizeof ct->conf.name, "%s", ct->conf_path);
	return 0;
}

static int ct_private_clear_stale(struct ct *ct)
{
	char mark[CT_PATH_MAX + 32];
	struct stat st;

	if (lstat(ct->private_dir, &st) < 0)
		return errno == ENOENT ? 0 : ct_fail(ct, "%s: %s", ct->private_dir, strerror(errno));
	snprintf(mark, sizeof mark, "%s/%s", ct->private_dir, CREATING_MARK);
	if (access(mark, F_OK) < 0)
		return ct_fail(ct, "private area %s already exists", ct->private_dir);
	ct_umount(ct);
	if (ct_remove_tree(ct->private_dir) < 0)
		return ct_fail(ct, "remove the half-created %s: %s", ct->private_dir, strerror(errno));
	return 0;
}

static void ct_tmpl_report(void *arg, const char *msg)
{
	struct ct *ct = arg;

	if (!ct->error[0])
		snprintf(ct->error, sizeof ct->error, "CT %u: %s", ct->ctid, msg);
}

/* What cannot start is not made: the template's tree needs an init. */
static int ct_init_check(struct ct *ct, const char *dest)
{
	char path[CT_PATH_MAX + 16];
	struct stat st;

	snprintf(path, sizeof path, "%s/sbin/init", dest);
	if (lstat(path, &st) < 0)
		return ct_fail(ct, "OS template %s has no /sbin/init (%s): a container made from it "
			       "could not start", ct_get(ct, "OSTEMPLATE"), strerror(errno));
	return 0;
}

static int ct_fill(struct ct *ct, const char *tarball, const char *dest)
{
	struct report rep = { ct_tmpl_report, ct };

	if (chown(dest, ct->uid_base, ct->gid_base) < 0 || chmod(dest, 0755) < 0)
		return ct_fail(ct, "%s: %s", dest, strerror(errno));
	report_msg(ct->progress, "Unpacking OS template %s into %s", ct_get(ct, "OSTEMPLATE"),
		   ct->private_dir);
	ct_error_clear(ct);
	if (tmpl_extract_notify(tarball, dest, ct->uid_base, ct->gid_base, &rep, ct->notice) < 0)
		return ct->error[0] ? -1 : ct_fail(ct, "template %s: %s", tarball, strerror(errno));
	return ct_init_check(ct, dest);
}

struct ct_dl_report {
	struct ct *ct;
	const char *name;
};

static void ct_dl_report(void *arg, const char *msg)
{
	struct ct_dl_report *d = arg;

	if (!d->ct->error[0])
		snprintf(d->ct->error, sizeof d->ct->error, "CT %u: OS template %s: %s",
			 d->ct->ctid, d->name, msg);
}

/* The template from TEMPLATE_REPO into the cache, verified (docs/templates.md). */
static int ct_download_template(struct ct *ct, const struct ct_create_opts *o,
				const char *repo, const char *cache, char *path, size_t size)
{
	struct ct_dl_report d = { ct, ct_get(ct, "OSTEMPLATE") };
	struct report rep = { ct_dl_report, &d };
	struct tmpl_http_opts http;

	tmpl_repo_http_opts(ct_get(ct, "TEMPLATE_REPO_CA"), ct_get(ct, "TEMPLATE_REPO_INSECURE"),
			    o->tls, &http);
	ct_error_clear(ct);
	if (tmpl_fetch(repo, d.name, cache, &http, path, size, &rep, ct->notice) < 0)
		return ct->error[0] ? -1 : ct_fail(ct, "OS template %s: %s", d.name, strerror(errno));
	return 0;
}

static int ct_find_template(struct ct *ct, const struct ct_create_opts *o, char *path,
			    size_t size)
{
	char cache[CT_PATH_MAX];
	const char *t = ct_get(ct, "TEMPLATE"), *repo = ct_get(ct, "TEMPLATE_REPO");
	const char *name = ct_get(ct, "OSTEMPLATE") ? ct_get(ct, "OSTEMPLATE") : "";

	snprintf(cache, sizeof cache, "%s/cache", t ? t : "/vz/template");
	if (!tmpl_name_valid(name))
		return ct_fail(ct, "--ostemplate %s: not a template name", name);
	if (tmpl_find(cache, name, path, size) == 0)
		return 0;
	if (errno != ENOENT || !repo || !*repo)
		return ct_fail(ct, "OS template %s not found in %s (%s)", name, cache,
			       strerror(errno));
	return ct_download_template(ct, o, repo, cache, path, size);
}

static int ct_make_ploop(struct ct *ct, const char *tarball)
{
	struct ploop_disk_create_opts o = { 0 };
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	char img[CT_PATH_MAX + 32];
	int rc;

	o.size_bytes = ct_diskspace_bytes(ct);
	if (o.size_bytes == 0)
		o.size_bytes = CT_DEFAULT_DISK;
	o.size_bytes &= ~(uint64_t)((1 << 20) - 1);
	o.mkfs = 1;
	/*
	 * OpenVZ's samples pair DISKINODES with their own DISKSPACE (one
	 * inode per 16 KiB); with a smaller --diskspace it is capped at the
	 * most ext4 can give, one per 4 KiB block.
	 */
	o.inodes = ct_diskinodes(ct);
	if (o.inodes > o.size_bytes / 4096)
		o.inodes = o.size_bytes / 4096;
	report_msg(ct->progress, "Making a %llu MiB ploop image with ext4",
		   (unsigned long long)(o.size_bytes >> 20));
	snprintf(img, sizeof img, "%s/root.hdd", ct->private_dir);
	if (mkdir(img, 0700) < 0)
		return ct_fail(ct, "%s: %s", img, strerror(errno));
	snprintf(img, sizeof img, "%s/root.hdd/root.hds", ct->private_dir);
	rc = ploop_disk_create(img, &o, &pctx);
	if (rc < 0)
		return ct_fail(ct, "ploop create: %s", pctx.error[0] ? pctx.error : strerror(-rc));
	if (ct_mount(ct) < 0)
		return -1;
	rc = ct_fill(ct, tarball, ct->root);
	if (ct_umount(ct) < 0)
		return -1;
	return rc;
}

int ct_create_opt(struct ct_create_opts *o, const char *name, const char *value)
{
	if (strcmp(name, "ostemplate") == 0)
		o->ostemplate = value;
	else if (strcmp(name, "config") == 0)
		o->config = value;
	else if (strcmp(name, "layout") == 0)
		o->layout = value;
	else
		return 0;
	return 1;
}

const char *ct_create_opts_check(const struct ct_create_opts *o, const char **field,
				 const char **value)
{
	*field = "layout";
	*value = o->layout;
	if (o->layout && strcmp(o->layout, "ploop") && strcmp(o->layout, "simfs"))
		return "not ploop or simfs";
	return NULL;
}

/* The template as OpenVZ picks it: --ostemplate, else vz.conf's
   DEF_OSTEMPLATE, else the built-in busybox template. */
static const char *ct_template_name(const struct ct *ct, const struct ct_create_opts *o)
{
	const char *def = ct_get(ct, "DEF_OSTEMPLATE");

	if (o->ostemplate)
		return o->ostemplate;
	return def && *def ? def : CT_DEF_OSTEMPLATE;
}

int ct_create_prepare(struct ct *ct, const struct ct_create_opts *o)
{
	const char *field, *value, *why;

	if (ct->exists)
		return ct_fail_as(ct, CT_ERR_EXISTS, "already exists (%s)", ct->conf_path);
	if ((why = ct_create_opts_check(o, &field, &value)))
		return ct_fail_field(ct, CT_ERR_VALUE, field, why);
	if (ct_load_sample(ct, o->config) < 0)
		return -1;
	if (o->layout && ct_set(ct, "VE_LAYOUT", o->layout) < 0)
		return -1;
	if (ct_set(ct, "OSTEMPLATE", ct_template_name(ct, o)) < 0)
		return -1;
	return ct_paths(ct);
}

static int ct_create_area(struct ct *ct, const char *tarball, int slot)
{
	char mark[CT_PATH_MAX + 32];
	int fd;

	if (ct_private_clear_stale(ct) < 0)
		return -1;
	if (mkdir(ct->private_dir, 0700) < 0)
		return ct_fail(ct, "%s: %s", ct->private_dir, strerror(errno));
	snprintf(mark, sizeof mark, "%s/%s", ct->private_dir, CREATING_MARK);
	fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		ct_fail(ct, "%s: %s", mark, strerror(errno));
		goto fail;
	}
	close(fd);
	if (ct->layout == CT_LAYOUT_PLOOP ? ct_make_ploop(ct, tarball) < 0
					  : ct_fill(ct, tarball, ct->private_dir) < 0)
		goto fail;
	report_msg(ct->progress, "Saving %s", ct->conf_path);
	if (ct_save(ct) < 0)
		goto fail;
	slot_release(slot);	/* the config holds it now */
	unlink(mark);
	return 0;
fail:
	{
		char saved[CT_ERR_MAX];

		memcpy(saved, ct->error, sizeof saved);
		ct_umount(ct);
		ct_remove_tree(ct->private_dir);
		rmdir(ct->root);	/* the mount point a ploop create made; kept if not empty */
		memcpy(ct->error, saved, sizeof saved);
	}
	return -1;
}

int ct_create(struct ct *ct, const struct ct_create_opts *o)
{
	char tarball[CT_PATH_MAX];
	int slot;

	if (ct->exists)
		return ct_fail_as(ct, CT_ERR_EXISTS, "already exists (%s)", ct->conf_path);
	report_msg(ct->notice, "Creating container private area (%s)", ct_get(ct, "OSTEMPLATE"));
	if (ct_find_template(ct, o, tarball, sizeof tarball) < 0 || ct_paths(ct) < 0)
		return -1;
	slot = ct_slot_assign(ct);
	if (slot < 0)
		return -1;
	if (ct_ids_check(ct) < 0 || ct_create_area(ct, tarball, slot) < 0) {
		slot_release(slot);
		return -1;
	}
	report_msg(ct->notice, "Container %u created (%s)", ct->ctid, ct->private_dir);
	return 0;
}
