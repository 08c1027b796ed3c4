#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/cgroup_tree.h"
#include "base/words.h"
#include "ct/ct.h"
#include "base/file.h"
#include "conf/vzcgroup.h"
#include "conf/vzvalue.h"

int ct_cgroup_path(unsigned ctid, const char *file, char *out, size_t size)
{
	int n = file ? snprintf(out, size, "%s/%u/%s", CT_CGROUP_DIR, ctid, file)
		     : snprintf(out, size, "%s/%u", CT_CGROUP_DIR, ctid);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int ct_cgroup_read(unsigned ctid, const char *file, char *buf, size_t size)
{
	char path[128];
	ssize_t n;

	if (ct_cgroup_path(ctid, file, path, sizeof path) < 0)
		return -1;
	n = file_read(path, buf, size - 1);
	if (n < 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

long ct_nproc(unsigned ctid)
{
	char buf[32];

	if (ct_cgroup_read(ctid, "pids.current", buf, sizeof buf) < 0)
		return -1;
	return strtol(buf, NULL, 10);
}

/* The vz subtree with every controller the root delegates (written only
   when one is not enabled yet: the first start after boot). */
static int cgroup_vz_parent(struct ct *ct)
{
	static const char *const ctl[] = { "+memory", "+pids", "+cpu", "+cpuset", "+io" };
	char on[256];
	ssize_t n;
	size_t i;

	if (mkdir(CT_CGROUP_DIR, 0755) < 0 && errno != EEXIST)
		return ct_fail(ct, "%s: %s", CT_CGROUP_DIR, strerror(errno));
	n = file_read(CT_CGROUP_DIR "/cgroup.subtree_control", on, sizeof on - 1);
	on[n > 0 ? n : 0] = 0;
	for (i = 0; i < sizeof ctl / sizeof ctl[0]; i++)
		if (!words_has(on, ctl[i] + 1))
			file_write_string(CT_CGROUP_DIR "/cgroup.subtree_control", ctl[i]);
	return 0;
}

/* The container's root owns its cgroup, so its init can make sub-cgroups. */
static void cgroup_delegate(struct ct *ct, const char *dir)
{
	static const char *const files[] = { "", "/cgroup.procs", "/cgroup.subtree_control",
					     "/cgroup.threads" };
	char path[160];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s%s", dir, files[i]);
		if (chown(path, ct->uid_base, ct->gid_base) < 0 && errno != ENOENT)
			continue;
	}
}

static int cgroup_apply(struct ct *ct, unsigned what, int fresh);
static int cg_write(struct ct *ct, const char *file, const char *value);

/* How deep and how many sub-cgroups the container may make (ct.h); the
   files stay the node's (cgroup_delegate does not hand them over). */
static int cgroup_bound(struct ct *ct)
{
	char depth[16], descendants[16];

	snprintf(depth, sizeof depth, "%u", CT_CG_DEPTH_MAX);
	snprintf(descendants, sizeof descendants, "%u", CT_CG_DESCENDANTS_MAX);
	if (cg_write(ct, "cgroup.max.depth", depth) < 0 ||
	    cg_write(ct, "cgroup.max.descendants", descendants) < 0)
		return -1;
	return 0;
}

int ct_cgroup_create(struct ct *ct)
{
	char dir[128];
	int fresh;

	if (cgroup_vz_parent(ct) < 0 || ct_cgroup_path(ct->ctid, NULL, dir, sizeof dir) < 0)
		return -1;
	fresh = mkdir(dir, 0755) == 0;
	if (!fresh && errno != EEXIST)
		return ct_fail(ct, "%s: %s", dir, strerror(errno));
	cgroup_delegate(ct, dir);
	if (cgroup_bound(ct) < 0)
		return -1;
	return cgroup_apply(ct, CT_CG_ALL, fresh);
}

static int pair_limit(struct ct *ct, const char *key, enum vzsize_unit unit, struct vzpair *p)
{
	const char *v = ct_get(ct, key), *why;

	p->barrier = p->limit = VZ_UNLIMITED;
	if (!v)
		return 0;
	why = unit ? vzsize_parse_pair(v, unit, p) : vzvalue_count_pair(v, p);
	return why ? ct_fail(ct, "%s=\"%s\": %s", key, v, why) : 0;
}

static int cg_source(struct ct *ct, struct vzcg_source *s)
{
	const char *v, *why = NULL;

	memset(s, 0, sizeof *s);
	if (pair_limit(ct, "PHYSPAGES", VZSIZE_PAGES, &s->physpages) < 0 ||
	    pair_limit(ct, "SWAPPAGES", VZSIZE_PAGES, &s->swappages) < 0 ||
	    pair_limit(ct, "NUMPROC", 0, &s->numproc) < 0)
		return -1;
	if ((v = ct_get(ct, "CPUUNITS")) && (why = vzvalue_cpuunits(v, &s->cpuunits)))
		return ct_fail(ct, "CPUUNITS=\"%s\": %s", v, why);
	if ((v = ct_get(ct, "CPULIMIT")) && (why = vzvalue_cpulimit(v, &s->cpulimit)))
		return ct_fail(ct, "CPULIMIT=\"%s\": %s", v, why);
	if ((v = ct_get(ct, "CPUS")) && (why = vzvalue_cpus(v, &s->cpus)))
		return ct_fail(ct, "CPUS=\"%s\": %s", v, why);
	return 0;
}

/* A missing controller file (no swap accounting, no cpu controller) is
   not an error; a refused value is. Nothing is written when value is the
   file's known current value (dflt, NULL if not known). */
static int cg_write_unless(struct ct *ct, const char *file, const char *value, const char *dflt)
{
	char path[160];

	if (dflt && strcmp(value, dflt) == 0)
		return 0;
	if (ct_cgroup_path(ct->ctid, file, path, sizeof path) < 0)
		return ct_fail(ct, "cgroup path too long");
	if (file_write_string(path, value) == 0 || errno == ENOENT)
		return 0;
	return ct_fail(ct, "%s: write \"%s\": %s", path, value, strerror(errno));
}

static int cg_write(struct ct *ct, const char *file, const char *value)
{
	return cg_write_unless(ct, file, value, NULL);
}

/*
 * The config's limits into the cgroup. A cgroup just made (fresh) has
 * the kernel's defaults, so a value equal to its default is not written:
 * most containers set few limits, and every write costs a start time.
 */
static int cgroup_apply(struct ct *ct, unsigned what, int fresh)
{
	const char *max = fresh ? "max" : NULL;
	struct vzcg_source src;
	struct vzcg_limits l;

	if (cg_source(ct, &src) < 0 || vzcg_limits(&src, &l) < 0)
		return -1;
	/* memory.high first when lowering, so it never exceeds memory.max */
	if ((what & CT_CG_MEMORY) &&
	    (cg_write_unless(ct, "memory.high", l.memory_high, max) < 0 ||
	     cg_write_unless(ct, "memory.max", l.memory_max, max) < 0 ||
	     (!fresh && cg_write(ct, "memory.high", l.memory_high) < 0)))
		return -1;
	if ((what & CT_CG_SWAP) && cg_write_unless(ct, "memory.swap.max", l.memory_swap_max, max) < 0)
		return -1;
	if ((what & CT_CG_PIDS) && cg_write_unless(ct, "pids.max", l.pids_max, max) < 0)
		return -1;
	if ((what & CT_CG_CPU) &&
	    (cg_write_unless(ct, "cpu.weight", l.cpu_weight, fresh ? "100" : NULL) < 0 ||
	     cg_write_unless(ct, "cpu.max", l.cpu_max, fresh ? "max 100000" : NULL) < 0))
		return -1;
	if ((what & CT_CG_DEVICES) && ct_devices_apply(ct) < 0)
		return -1;
	return 0;
}

int ct_cgroup_apply_some(struct ct *ct, unsigned what)
{
	return cgroup_apply(ct, what, 0);
}

int ct_cgroup_apply(struct ct *ct)
{
	return ct_cgroup_apply_some(ct, CT_CG_ALL);
}

int ct_cgroup_kill(struct ct *ct)
{
	return cg_write(ct, "cgroup.kill", "1");
}

/*
 * Waits up to ms for the cgroup to hold no process: cgroup.events says
 * "populated 0", and the kernel wakes a poll for POLLPRI on it when that
 * changes. 0 when empty (or gone), -1 on timeout.
 */
static int cgroup_wait_empty(struct ct *ct, int ms)
{
	struct pollfd p = { -1, POLLPRI, 0 };
	char buf[256], path[160];
	ssize_t n;
	int rc = -1;

	if (ct_cgroup_path(ct->ctid, "cgroup.events", path, sizeof path) < 0)
		return -1;
	p.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (p.fd < 0)
		return errno == ENOENT ? 0 : -1;
	for (;;) {
		n = pread(p.fd, buf, sizeof buf - 1, 0);
		if (n < 0)
			break;
		buf[n] = 0;
		if (strstr(buf, "populated 0")) {
			rc = 0;
			break;
		}
		n = poll(&p, 1, ms);
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
	close(p.fd);
	return rc;
}

/* Controllers the container's init enabled below its cgroup, off again:
   a cgroup with controllers in subtree_control cannot take a process. */
static void cgroup_subtree_clear(struct ct *ct)
{
	char buf[256], path[160], off[264], *tok, *save;
	ssize_t n;

	if (ct_cgroup_path(ct->ctid, "cgroup.subtree_control", path, sizeof path) < 0)
		return;
	n = file_read(path, buf, sizeof buf - 1);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		snprintf(off, sizeof off, "-%s", tok);
		if (file_write_string(path, off) < 0)
			continue;
	}
}

int ct_cgroup_reset(struct ct *ct)
{
	char dir[128];

	if (ct_cgroup_kill(ct) < 0 || ct_cgroup_path(ct->ctid, NULL, dir, sizeof dir) < 0)
		return -1;
	cgroup_wait_empty(ct, 5000);
	if (cgroup_tree_remove_below(dir) < 0)
		ct_fail(ct, "%s: a sub-cgroup stays: %s", dir, strerror(errno));
	cgroup_subtree_clear(ct);
	return 0;
}

int ct_cgroup_remove(struct ct *ct)
{
	char dir[128];
	int i;

	if (ct_cgroup_path(ct->ctid, NULL, dir, sizeof dir) < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		if ((cgroup_tree_remove_below(dir) == 0 && rmdir(dir) == 0) || errno == ENOENT)
			return 0;
		if (errno != EBUSY || cgroup_wait_empty(ct, 5000) < 0)
			break;
	}
	return ct_fail(ct, "%s: cannot remove: %s", dir, strerror(errno));
}
