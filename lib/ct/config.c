#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ct/ct.h"
#include "conf/vzvalue.h"

static void ct_report(void *arg, const char *msg)
{
	struct ct *ct = arg;

	if (!ct->error[0])
		snprintf(ct->error, sizeof ct->error, "CT %u: %s", ct->ctid, msg);
}

static int name_match(unsigned ctid, const char *name)
{
	struct vzconf c;
	char path[64];
	const char *v;
	int found;

	if (vzconf_ct_path(ctid, path, sizeof path) < 0 || vzconf_load(&c, path, NULL) < 0)
		return 0;
	v = vzconf_get(&c, "NAME");
	found = v && strcmp(v, name) == 0;
	vzconf_free(&c);
	return found;
}

unsigned ct_name_owner(const char *name, unsigned exclude)
{
	struct ct_list list;
	size_t i;

	if (ct_list(&list) < 0)
		return 0;
	for (i = 0; i < list.n; i++)
		if (list.id[i] != exclude && name_match(list.id[i], name))
			return list.id[i];
	return 0;
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

const char *ct_id_base_of(const struct vzconf *conf, const struct vzconf *global,
			  const char *key, unsigned long long *base)
{
	const char *v = vzconf_lookup(conf, global, key), *why;
	uint64_t n;

	*base = 100000;
	if (!v)
		return NULL;
	why = vzvalue_decimal(v, 4294967295ULL - CT_ID_RANGE, &n);
	if (!why)
		*base = n;
	return why;
}

static int ct_id_base(struct ct *ct, const char *key, unsigned long long *out)
{
	const char *why = ct_id_base_of(&ct->conf, &ct->global, key, out);

	return why ? ct_fail(ct, "%s=\"%s\": %s", key, ct_get(ct, key), why) : 0;
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

int ct_config_load(struct ct *ct)
{
	struct report rep = { ct_report, ct };
	int rc;

	vzconf_free(&ct->global);
	vzconf_free(&ct->conf);
	vzconf_init(&ct->conf, "");
	vzconf_init(&ct->global, "");
	ct_error_clear(ct);
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

int ct_set(struct ct *ct, const char *key, const char *value)
{
	struct report rep = { ct_report, ct };

	ct_error_clear(ct);
	return vzconf_set(&ct->conf, key, value, &rep);
}

int ct_save(struct ct *ct)
{
	if (vzconf_save(&ct->conf, ct->conf_path) < 0)
		return ct_fail(ct, "%s: cannot save: %s", ct->conf_path, strerror(errno));
	ct->exists = 1;
	return 0;
}
