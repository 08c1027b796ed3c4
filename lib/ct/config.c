#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/ct.h"
#include "conf/vzvalue.h"

int ct_fail(struct ct *ct, const char *fmt, ...)
{
	int n, saved = errno;
	va_list ap;

	n = snprintf(ct->error, sizeof ct->error, "CT %u: ", ct->ctid);
	va_start(ap, fmt);
	vsnprintf(ct->error + n, sizeof ct->error - (size_t)n, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

static void ct_report(void *arg, const char *msg)
{
	struct ct *ct = arg;

	if (!ct->error[0])
		snprintf(ct->error, sizeof ct->error, "CT %u: %s", ct->ctid, msg);
}

static int ct_conf_ctid(const char *file, unsigned *ctid)
{
	char num[16];
	size_t len = strlen(file);

	if (len < 6 || len - 5 >= sizeof num || strcmp(file + len - 5, ".conf"))
		return -1;
	memcpy(num, file, len - 5);
	num[len - 5] = 0;
	return vzvalue_ctid(num, ctid) ? -1 : 0;
}

static int ctid_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

int ct_foreach(int (*fn)(unsigned ctid, void *arg), void *arg)
{
	static unsigned ids[CT_SLOTS_MAX * 4];
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;
	int rc = 0;

	d = opendir(VZCONF_CT_DIR);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) && n < sizeof ids / sizeof ids[0])
		if (ct_conf_ctid(de->d_name, &ids[n]) == 0)
			n++;
	closedir(d);
	qsort(ids, n, sizeof ids[0], ctid_cmp);
	for (i = 0; i < n && rc == 0; i++)
		rc = fn(ids[i], arg);
	return rc < 0 ? -1 : 0;
}

struct name_search {
	const char *name;
	unsigned exclude, found;
};

static int name_match(unsigned ctid, void *arg)
{
	struct name_search *s = arg;
	struct vzconf c;
	char path[64];
	const char *v;

	if (ctid == s->exclude || vzconf_ct_path(ctid, path, sizeof path) < 0)
		return 0;
	if (vzconf_load(&c, path, NULL) < 0)
		return 0;
	v = vzconf_get(&c, "NAME");
	if (v && strcmp(v, s->name) == 0)
		s->found = ctid;
	vzconf_free(&c);
	return s->found ? 1 : 0;
}

unsigned ct_name_owner(const char *name, unsigned exclude)
{
	struct name_search s = { name, exclude, 0 };

	ct_foreach(name_match, &s);
	return s.found;
}

int ct_resolve(const char *arg, unsigned *ctid, char *err, size_t errlen)
{
	if (!vzvalue_ctid(arg, ctid))
		return 0;
	if (vzvalue_name(arg) == NULL && (*ctid = ct_name_owner(arg, 0)))
		return 0;
	snprintf(err, errlen, "CT %s: no container with this CTID or name (CTID: %u-%u)", arg,
		 VZ_CTID_MIN, VZ_CTID_MAX);
	errno = ENOENT;
	return -1;
}

const char *ct_get(const struct ct *ct, const char *key)
{
	return vzconf_lookup(&ct->conf, &ct->global, key);
}

static int ct_id_base(struct ct *ct, const char *key, unsigned long long *out)
{
	const char *v = ct_get(ct, key), *why;
	uint64_t n;

	if (!v) {
		*out = 100000;
		return 0;
	}
	why = vzvalue_decimal(v, 4294967295ULL - CT_ID_RANGE, &n);
	if (why)
		return ct_fail(ct, "%s=\"%s\": %s", key, v, why);
	*out = n;
	return 0;
}

int ct_paths(struct ct *ct)
{
	unsigned long long uid, gid;
	const char *layout;

	if (vzconf_lookup_path(&ct->conf, &ct->global, "VE_ROOT", ct->ctid, ct->root,
			       sizeof ct->root) < 0)
		snprintf(ct->root, sizeof ct->root, "/vz/root/%u", ct->ctid);
	if (vzconf_lookup_path(&ct->conf, &ct->global, "VE_PRIVATE", ct->ctid,
			       ct->private_dir, sizeof ct->private_dir) < 0)
		snprintf(ct->private_dir, sizeof ct->private_dir, "/vz/private/%u", ct->ctid);
	if (ct->root[0] != '/' || ct->private_dir[0] != '/')
		return ct_fail(ct, "VE_ROOT and VE_PRIVATE must be absolute paths");
	layout = ct_get(ct, "VE_LAYOUT");
	if (!layout || strcmp(layout, "ploop") == 0)
		ct->layout = CT_LAYOUT_PLOOP;
	else if (strcmp(layout, "simfs") == 0)
		ct->layout = CT_LAYOUT_SIMFS;
	else
		return ct_fail(ct, "VE_LAYOUT=\"%s\": not ploop or simfs", layout);
	if (ct_id_base(ct, "LOCAL_UID", &uid) < 0 || ct_id_base(ct, "LOCAL_GID", &gid) < 0)
		return -1;
	ct->uid_base = (uid_t)uid;
	ct->gid_base = (gid_t)gid;
	return 0;
}

int ct_open(struct ct *ct, unsigned ctid)
{
	struct report rep = { ct_report, ct };
	int rc;

	memset(ct, 0, sizeof *ct);
	ct->ctid = ctid;
	ct->lock_fd = -1;
	vzconf_init(&ct->conf, "");
	vzconf_init(&ct->global, "");
	if (vzconf_ct_path(ctid, ct->conf_path, sizeof ct->conf_path) < 0)
		return ct_fail(ct, "bad CTID");
	if (vzconf_load(&ct->global, VZCONF_GLOBAL_PATH, &rep) < 0) {
		if (errno != ENOENT)
			return ct_fail(ct, "%s: %s", VZCONF_GLOBAL_PATH, strerror(errno));
		vzconf_init(&ct->global, VZCONF_GLOBAL_PATH);
	}
	rc = vzconf_load(&ct->conf, ct->conf_path, &rep);
	if (rc < 0 && errno != ENOENT)
		return ct_fail(ct, "%s: %s", ct->conf_path, strerror(errno));
	if (rc < 0)
		vzconf_init(&ct->conf, ct->conf_path);
	else if (rc > 0)
		return -1;	/* the malformed line is in ct->error */
	ct->exists = rc >= 0;
	ct->error[0] = 0;
	return ct_paths(ct);
}

void ct_close(struct ct *ct)
{
	ct_unlock(ct);
	vzconf_free(&ct->conf);
	vzconf_free(&ct->global);
}

int ct_set(struct ct *ct, const char *key, const char *value)
{
	struct report rep = { ct_report, ct };

	ct->error[0] = 0;
	return vzconf_set(&ct->conf, key, value, &rep);
}

int ct_save(struct ct *ct)
{
	if (vzconf_save(&ct->conf, ct->conf_path) < 0)
		return ct_fail(ct, "%s: cannot save: %s", ct->conf_path, strerror(errno));
	ct->exists = 1;
	return 0;
}
