#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/ct.h"
#include "conf/vzvalue.h"

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

/* Another container's base for key, as its start would take it: its
   config's, else vz.conf's (ct->global), else 100000. */
static int other_base(struct ct *ct, unsigned ctid, const char *key, unsigned long long *base)
{
	char path[64];
	struct vzconf c;
	const char *v;
	uint64_t n;
	int rc = -1;

	if (vzconf_ct_path(ctid, path, sizeof path) < 0 || vzconf_load(&c, path, NULL) < 0)
		return -1;
	v = vzconf_lookup(&c, &ct->global, key);
	if (!v) {
		*base = 100000;
		rc = 0;
	} else if (!vzvalue_decimal(v, 4294967295ULL - CT_ID_RANGE, &n)) {
		*base = n;
		rc = 0;
	}
	vzconf_free(&c);
	return rc;
}

static int ids_others(struct ct *ct, const struct id_key *k, unsigned long long base)
{
	unsigned long long other;
	struct ct_list list;
	char why[160];
	size_t i;

	if (ct_list(&list) < 0)
		return ct_fail(ct, "%s: %s", VZCONF_CT_DIR, strerror(errno));
	for (i = 0; i < list.n; i++) {
		if (list.id[i] == ct->ctid || other_base(ct, list.id[i], k->key, &other) < 0)
			continue;
		if (in_range(other, base) || in_range(base, other)) {
			snprintf(why, sizeof why, "overlaps CT %u's ids %llu-%llu (%s/%u.conf)",
				 list.id[i], other, other + CT_ID_RANGE - 1, VZCONF_CT_DIR, list.id[i]);
			return ids_fail(ct, k, base, why);
		}
	}
	return 0;
}

int ct_ids_check(struct ct *ct)
{
	unsigned long long base[2] = { ct->uid_base, ct->gid_base };
	size_t i;

	for (i = 0; i < 2; i++)
		if (ids_node(ct, &keys[i], base[i]) < 0 || ids_others(ct, &keys[i], base[i]) < 0)
			return -1;
	return 0;
}
