#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/ct.h"

/*
 * A container's config may come from another node, with the container.
 * Its LOCAL_UID and LOCAL_GID decide which host ids its root and users
 * are, so they are checked before they are used: never the node's own ids
 * (root above all), never another container's.
 */

#define NODE_LINES_MAX 4096

struct id_key {
	const char *key;	/* LOCAL_UID, LOCAL_GID */
	const char *db;		/* the node's /etc/passwd, /etc/group */
	const char *what;	/* "user", "group" */
};

static const struct id_key keys[] = {
	{ "LOCAL_UID", "/etc/passwd", "user" },
	{ "LOCAL_GID", "/etc/group", "group" },
};

static int in_range(unsigned long long id, unsigned long long base)
{
	return id >= base && id - base < CT_ID_RANGE;
}

/* An id of /etc/passwd or /etc/group (NAME:x:ID:...) in base's range:
   1 with its name, 0 if none (or no such file). */
static int node_id_in(const struct id_key *k, unsigned long long base, char *name, size_t size,
		      unsigned long long *id)
{
	char line[1024], *f2, *f3, *end;
	unsigned n = 0;
	int found = 0;
	FILE *f = fopen(k->db, "re");

	if (!f)
		return 0;
	while (!found && n++ < NODE_LINES_MAX && fgets(line, sizeof line, f)) {
		f2 = strchr(line, ':');
		f3 = f2 ? strchr(f2 + 1, ':') : NULL;
		if (!f3)
			continue;
		*id = strtoull(f3 + 1, &end, 10);
		if (end == f3 + 1 || *end != ':' || !in_range(*id, base))
			continue;
		snprintf(name, size, "%.*s", (int)(f2 - line), line);
		found = 1;
	}
	fclose(f);
	return found;
}

static int ids_fail(struct ct *ct, const struct id_key *k, unsigned long long base,
		    const char *why)
{
	return ct_fail_as(ct, CT_ERR_VALUE, "%s: %s=%llu: %s", ct->conf_path, k->key, base, why);
}

static int ids_node(struct ct *ct, const struct id_key *k, unsigned long long base)
{
	char name[64], why[160];
	unsigned long long id;

	if (base == 0)
		return ids_fail(ct, k, base, "the container's root would be the node's root");
	if (base < CT_ID_NODE) {
		snprintf(why, sizeof why, "ids below %d are the node's own", CT_ID_NODE);
		return ids_fail(ct, k, base, why);
	}
	if (node_id_in(k, base, name, sizeof name, &id)) {
		snprintf(why, sizeof why, "its range holds %llu, the node's %s %s (%s)", id,
			 k->what, name, k->db);
		return ids_fail(ct, k, base, why);
	}
	return 0;
}

int ct_ids_others(struct ct *ct, int (*fn)(unsigned ctid, const unsigned long long base[2],
					    void *arg), void *arg)
{
	unsigned long long base[2];
	struct ct_list list;
	struct vzconf c;
	char path[64];
	size_t i;
	int rc = 0;

	if (ct_list(&list) < 0)
		return ct_fail(ct, "%s: %s", VZCONF_CT_DIR, strerror(errno));
	for (i = 0; i < list.n && rc == 0; i++) {
		if (list.id[i] == ct->ctid || vzconf_ct_path(list.id[i], path, sizeof path) < 0 ||
		    vzconf_load(&c, path, NULL) < 0)
			continue;
		if (!ct_id_base_of(&c, &ct->global, keys[0].key, &base[0]) &&
		    !ct_id_base_of(&c, &ct->global, keys[1].key, &base[1]))
			rc = fn(list.id[i], base, arg);
		vzconf_free(&c);
	}
	return rc < 0 ? -1 : 0;
}

struct overlap {
	struct ct *ct;
	unsigned long long base[2];
};

static int overlap_one(unsigned ctid, const unsigned long long other[2], void *arg)
{
	struct overlap *o = arg;
	char why[160];
	size_t k;

	for (k = 0; k < 2; k++) {
		if (!in_range(other[k], o->base[k]) && !in_range(o->base[k], other[k]))
			continue;
		snprintf(why, sizeof why, "overlaps CT %u's ids %llu-%llu (%s/%u.conf)", ctid,
			 other[k], other[k] + CT_ID_RANGE - 1, VZCONF_CT_DIR, ctid);
		return ids_fail(o->ct, &keys[k], o->base[k], why);
	}
	return 0;
}

int ct_ids_check(struct ct *ct)
{
	struct overlap o = { ct, { ct->uid_base, ct->gid_base } };
	size_t k;

	for (k = 0; k < 2; k++)
		if (ids_node(ct, &keys[k], o.base[k]) < 0)
			return -1;
	return ct_ids_others(ct, overlap_one, &o);
}
