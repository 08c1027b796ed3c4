/*
 * vzlist: list containers (docs/containers.md).
 *
 *   vzlist [-a|-S] [-H] [-o FIELD,...] [-s [-]FIELD] [-j] [-1] [CTID|NAME...]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/ct.h"
#include "conf/vzcgroup.h"

#define LIST_MAX 4096
#define VAL_MAX 256

enum field_id {
	F_CTID, F_NPROC, F_STATUS, F_IP, F_HOSTNAME, F_NAME, F_DESCRIPTION, F_OSTEMPLATE,
	F_ONBOOT, F_LAYOUT, F_PRIVATE, F_ROOT, F_PHYSPAGES, F_PHYSPAGES_L, F_SWAPPAGES,
	F_SWAPPAGES_L, F_NUMPROC_L, F_DISKSPACE_L, F_CPUUNITS, F_CPULIMIT, F_CPUS, F_COUNT
};

static const struct field {
	const char *name, *header;
	int width;	/* negative: left aligned */
	int numeric;
} fields[F_COUNT] = {
	[F_CTID] = { "ctid", "CTID", 10, 1 },
	[F_NPROC] = { "numproc", "NPROC", 10, 1 },
	[F_STATUS] = { "status", "STATUS", -9, 0 },
	[F_IP] = { "ip", "IP_ADDR", -15, 0 },
	[F_HOSTNAME] = { "hostname", "HOSTNAME", -20, 0 },
	[F_NAME] = { "name", "NAME", -16, 0 },
	[F_DESCRIPTION] = { "description", "DESCRIPTION", -20, 0 },
	[F_OSTEMPLATE] = { "ostemplate", "OSTEMPLATE", -24, 0 },
	[F_ONBOOT] = { "onboot", "ONBOOT", -6, 0 },
	[F_LAYOUT] = { "layout", "LAYOUT", -6, 0 },
	[F_PRIVATE] = { "private", "PRIVATE", -24, 0 },
	[F_ROOT] = { "root", "ROOT", -24, 0 },
	[F_PHYSPAGES] = { "physpages", "PHYSPAGES", 10, 1 },
	[F_PHYSPAGES_L] = { "physpages.l", "PHYSPAGES.L", 12, 1 },
	[F_SWAPPAGES] = { "swappages", "SWAPPAGES", 10, 1 },
	[F_SWAPPAGES_L] = { "swappages.l", "SWAPPAGES.L", 12, 1 },
	[F_NUMPROC_L] = { "numproc.l", "NUMPROC.L", 10, 1 },
	[F_DISKSPACE_L] = { "diskspace.h", "DQUOTA.H", 10, 1 },
	[F_CPUUNITS] = { "cpuunits", "CPUUNITS", 8, 1 },
	[F_CPULIMIT] = { "cpulimit", "CPULIM", 6, 1 },
	[F_CPUS] = { "cpus", "CPUS", 4, 1 },
};

struct row {
	char v[F_COUNT][VAL_MAX];
	int running;
};

static struct row rows[LIST_MAX];
static size_t nrows;
static enum field_id sort_field = F_CTID;
static int sort_reverse;

static int die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "vzlist: %s %s", what, arg);
	fprintf(stderr, "\nusage: vzlist [-a|-S] [-H] [-o FIELD,...] [-s [-]FIELD] [-j] [-1] "
			"[-L] [CTID|NAME...]\n");
	return 2;
}

static int field_find(const char *name)
{
	int i;

	if (strcmp(name, "veid") == 0 || strcmp(name, "vpsid") == 0)
		return F_CTID;
	if (strcmp(name, "ip_addr") == 0)
		return F_IP;
	if (strcmp(name, "nproc") == 0)
		return F_NPROC;
	for (i = 0; i < F_COUNT; i++)
		if (strcmp(fields[i].name, name) == 0)
			return i;
	return -1;
}

/* A limit pair's limit for vzlist: a number, or the unlimited text. */
static void pair_limit_text(const char *v, enum vzsize_unit unit, char *out)
{
	struct vzpair p;
	const char *why = v ? unit ? vzsize_parse_pair(v, unit, &p) : vzsize_parse_pair(v, 1, &p)
			    : "unset";

	if (why || p.limit == VZ_UNLIMITED)
		snprintf(out, VAL_MAX, "%s", "unlimited");
	else
		snprintf(out, VAL_MAX, "%llu", (unsigned long long)p.limit);
}

static void cgroup_pages(unsigned ctid, const char *file, char *out)
{
	char buf[32];

	if (ct_cgroup_read(ctid, file, buf, sizeof buf) < 0)
		snprintf(out, VAL_MAX, "-");
	else
		snprintf(out, VAL_MAX, "%llu", strtoull(buf, NULL, 10) / VZ_PAGE_SIZE);
}

static void text_or_dash(char *out, const char *v)
{
	snprintf(out, VAL_MAX, "%s", v && *v ? v : "-");
}

static void row_fill(struct ct *ct, struct row *r)
{
	struct ct_status st;
	long n;

	ct_status(ct, &st);
	r->running = st.running;
	snprintf(r->v[F_CTID], VAL_MAX, "%u", ct->ctid);
	n = st.running ? ct_nproc(ct->ctid) : -1;
	if (n >= 0)
		snprintf(r->v[F_NPROC], VAL_MAX, "%ld", n);
	else
		snprintf(r->v[F_NPROC], VAL_MAX, "-");
	snprintf(r->v[F_STATUS], VAL_MAX, "%s",
		 !ct->exists ? "deleted" : st.running ? "running" : st.mounted ? "mounted" : "stopped");
	text_or_dash(r->v[F_IP], ct_get(ct, "IP_ADDRESS"));
	text_or_dash(r->v[F_HOSTNAME], ct_get(ct, "HOSTNAME"));
	text_or_dash(r->v[F_NAME], vzconf_get(&ct->conf, "NAME"));
	text_or_dash(r->v[F_DESCRIPTION], vzconf_get(&ct->conf, "DESCRIPTION"));
	text_or_dash(r->v[F_OSTEMPLATE], ct_get(ct, "OSTEMPLATE"));
	text_or_dash(r->v[F_ONBOOT], ct_get(ct, "ONBOOT"));
	text_or_dash(r->v[F_LAYOUT], ct->layout == CT_LAYOUT_PLOOP ? "ploop" : "simfs");
	text_or_dash(r->v[F_PRIVATE], ct->private_dir);
	text_or_dash(r->v[F_ROOT], ct->root);
	if (st.running) {
		cgroup_pages(ct->ctid, "memory.current", r->v[F_PHYSPAGES]);
		cgroup_pages(ct->ctid, "memory.swap.current", r->v[F_SWAPPAGES]);
	} else {
		snprintf(r->v[F_PHYSPAGES], VAL_MAX, "-");
		snprintf(r->v[F_SWAPPAGES], VAL_MAX, "-");
	}
	pair_limit_text(ct_get(ct, "PHYSPAGES"), VZSIZE_PAGES, r->v[F_PHYSPAGES_L]);
	pair_limit_text(ct_get(ct, "SWAPPAGES"), VZSIZE_PAGES, r->v[F_SWAPPAGES_L]);
	pair_limit_text(ct_get(ct, "NUMPROC"), 0, r->v[F_NUMPROC_L]);
	pair_limit_text(ct_get(ct, "DISKSPACE"), VZSIZE_KIB, r->v[F_DISKSPACE_L]);
	text_or_dash(r->v[F_CPUUNITS], ct_get(ct, "CPUUNITS"));
	text_or_dash(r->v[F_CPULIMIT], ct_get(ct, "CPULIMIT"));
	text_or_dash(r->v[F_CPUS], ct_get(ct, "CPUS"));
}

struct list_filter {
	int all, stopped_only;
};

static int row_add(unsigned ctid, void *arg)
{
	const struct list_filter *f = arg;
	struct ct ct;

	if (nrows == LIST_MAX)
		return 1;
	if (ct_open(&ct, ctid) < 0) {
		fprintf(stderr, "vzlist: %s\n", ct.error);
		ct_close(&ct);
		return 0;
	}
	row_fill(&ct, &rows[nrows]);
	ct_close(&ct);
	if (f->all || (f->stopped_only ? !rows[nrows].running : rows[nrows].running))
		nrows++;
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const char *x = ((const struct row *)a)->v[sort_field];
	const char *y = ((const struct row *)b)->v[sort_field];
	char *ex, *ey;
	unsigned long long nx = strtoull(x, &ex, 10), ny = strtoull(y, &ey, 10);
	int c;

	if (fields[sort_field].numeric && !*ex && !*ey && ex != x && ey != y)
		c = nx < ny ? -1 : nx > ny;
	else
		c = strcmp(x, y);
	return sort_reverse ? -c : c;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(const int *sel, int nsel)
{
	size_t r;
	int i;

	printf("[");
	for (r = 0; r < nrows; r++) {
		printf("%s\n  {", r ? "," : "");
		for (i = 0; i < nsel; i++) {
			const char *v = rows[r].v[sel[i]];
			char *end;

			printf("%s\"%s\": ", i ? ", " : "", fields[sel[i]].name);
			strtoull(v, &end, 10);
			if (strcmp(v, "-") == 0)
				printf("null");
			else if (fields[sel[i]].numeric && !*end && end != v)
				printf("%s", v);
			else
				json_string(v);
		}
		printf("}");
	}
	printf("%s]\n", nrows ? "\n" : "");
}

static void print_table(const int *sel, int nsel, int header)
{
	size_t r;
	int i;

	if (header) {
		for (i = 0; i < nsel; i++)
			printf(i + 1 < nsel ? "%*s " : "%*s", i + 1 < nsel ? fields[sel[i]].width : 0,
			       fields[sel[i]].header);
		putchar('\n');
	}
	for (r = 0; r < nrows; r++) {
		for (i = 0; i < nsel; i++)
			printf(i + 1 < nsel ? "%*s " : "%*s", i + 1 < nsel ? fields[sel[i]].width : 0,
			       rows[r].v[sel[i]]);
		putchar('\n');
	}
}

static int parse_fields(char *list, int *sel, int *nsel)
{
	char *tok, *save;
	int f;

	*nsel = 0;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		f = field_find(tok);
		if (f < 0 || *nsel == F_COUNT)
			return die_usage("unknown field (vzlist -L lists them):", tok);
		sel[(*nsel)++] = f;
	}
	return *nsel ? 0 : die_usage("-o:", "no fields");
}

int main(int argc, char **argv)
{
	int sel[F_COUNT] = { F_CTID, F_NPROC, F_STATUS, F_IP, F_HOSTNAME }, nsel = 5;
	struct list_filter filter = { 0, 0 };
	int header = 1, json = 0, ids_only = 0, named = 0, i, f;
	char err[CT_ERR_MAX];
	unsigned ctid;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-a") || !strcmp(a, "--all"))
			filter.all = 1;
		else if (!strcmp(a, "-S") || !strcmp(a, "--stopped"))
			filter.stopped_only = 1;
		else if (!strcmp(a, "-H") || !strcmp(a, "--no-header"))
			header = 0;
		else if (!strcmp(a, "-j") || !strcmp(a, "--json"))
			json = 1;
		else if (!strcmp(a, "-1"))
			ids_only = 1;
		else if (!strcmp(a, "-L") || !strcmp(a, "--list")) {
			for (f = 0; f < F_COUNT; f++)
				printf("%-12s %s\n", fields[f].name, fields[f].header);
			return 0;
		} else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
			if (parse_fields(argv[++i], sel, &nsel))
				return 2;
		} else if ((!strcmp(a, "-s") || !strcmp(a, "--sort")) && i + 1 < argc) {
			const char *name = argv[++i];

			sort_reverse = name[0] == '-';
			f = field_find(name + sort_reverse);
			if (f < 0)
				return die_usage("unknown sort field", name);
			sort_field = f;
		} else if (a[0] == '-') {
			return die_usage("unknown option", a);
		} else {
			if (ct_resolve(a, &ctid, err, sizeof err) < 0) {
				fprintf(stderr, "vzlist: %s\n", err);
				return 1;
			}
			filter.all = 1;
			named = 1;
			row_add(ctid, &filter);
		}
	}
	if (!named && ct_foreach(row_add, &filter) < 0) {
		fprintf(stderr, "vzlist: %s: %s\n", VZCONF_CT_DIR, strerror(errno));
		return 1;
	}
	qsort(rows, nrows, sizeof rows[0], row_cmp);
	if (ids_only) {
		sel[0] = F_CTID;
		nsel = 1;
		header = 0;
	}
	if (json) {
		if (nsel == 5 && sel[1] == F_NPROC)
			for (nsel = 0; nsel < F_COUNT; nsel++)
				sel[nsel] = nsel;
		print_json(sel, nsel);
	} else {
		print_table(sel, nsel, header);
	}
	if (named && nrows == 0)
		return 1;
	return 0;
}
