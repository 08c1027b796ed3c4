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

#include "base/exit.h"
#include "ct/info.h"
#include "base/json.h"

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
	return EXIT_VZ_USAGE;
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

static void text_or_dash(char *out, const char *v)
{
	snprintf(out, VAL_MAX, "%s", v && *v ? v : "-");
}

static void number_or_dash(char *out, int64_t v)
{
	if (v < 0)
		snprintf(out, VAL_MAX, "-");
	else
		snprintf(out, VAL_MAX, "%lld", (long long)v);
}

static void limit_text(char *out, uint64_t v)
{
	if (v == VZ_UNLIMITED)
		snprintf(out, VAL_MAX, "unlimited");
	else
		snprintf(out, VAL_MAX, "%llu", (unsigned long long)v);
}

/* The container's row (lib/ct/info.h) as vzlist's texts. */
static void row_fill(struct ct *ct, struct row *r)
{
	struct ct_info i;

	ct_info_read(ct, &i);
	r->running = i.state == CT_STATE_RUNNING;
	snprintf(r->v[F_CTID], VAL_MAX, "%u", i.ctid);
	number_or_dash(r->v[F_NPROC], i.nproc);
	snprintf(r->v[F_STATUS], VAL_MAX, "%s", ct_state_name(i.state));
	text_or_dash(r->v[F_IP], i.ip);
	text_or_dash(r->v[F_HOSTNAME], i.hostname);
	text_or_dash(r->v[F_NAME], i.name);
	text_or_dash(r->v[F_DESCRIPTION], i.description);
	text_or_dash(r->v[F_OSTEMPLATE], i.ostemplate);
	text_or_dash(r->v[F_ONBOOT], i.onboot);
	text_or_dash(r->v[F_LAYOUT], i.layout);
	text_or_dash(r->v[F_PRIVATE], i.private_dir);
	text_or_dash(r->v[F_ROOT], i.root);
	number_or_dash(r->v[F_PHYSPAGES], i.physpages);
	number_or_dash(r->v[F_SWAPPAGES], i.swappages);
	limit_text(r->v[F_PHYSPAGES_L], i.physpages_l);
	limit_text(r->v[F_SWAPPAGES_L], i.swappages_l);
	limit_text(r->v[F_NUMPROC_L], i.numproc_l);
	limit_text(r->v[F_DISKSPACE_L], i.diskspace_l);
	text_or_dash(r->v[F_CPUUNITS], i.cpuunits);
	text_or_dash(r->v[F_CPULIMIT], i.cpulimit);
	text_or_dash(r->v[F_CPUS], i.cpus);
}

struct list_filter {
	int all, stopped_only;
};

static void row_add(unsigned ctid, const struct list_filter *f)
{
	struct ct ct;

	if (nrows == LIST_MAX)
		return;
	if (ct_open(&ct, ctid, 0) < 0) {
		fprintf(stderr, "vzlist: %s\n", ct.error);
		ct_close(&ct);
		return;
	}
	row_fill(&ct, &rows[nrows]);
	ct_close(&ct);
	if (f->all || (f->stopped_only ? !rows[nrows].running : rows[nrows].running))
		nrows++;
}

static int rows_add_all(const struct list_filter *f)
{
	static struct ct_list list;
	size_t i;

	if (ct_list(&list) < 0)
		return -1;
	for (i = 0; i < list.n; i++)
		row_add(list.id[i], f);
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

/* A value: null for "-", a number for a numeric field that is one, else a string. */
static void json_value(struct json *j, const struct field *f, const char *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (strcmp(v, "-") == 0)
		json_null(j);
	else if (f->numeric && !*end && end != v && v[0] != '-' && errno == 0)
		json_uint(j, n);
	else
		json_string(j, v);
}

static int print_json(const int *sel, int nsel)
{
	struct json j;
	size_t r;
	int i;

	json_init(&j, stdout);
	json_array_begin(&j, JSON_LINES);
	for (r = 0; r < nrows; r++) {
		json_object_begin(&j);
		for (i = 0; i < nsel; i++) {
			json_key(&j, fields[sel[i]].name);
			json_value(&j, &fields[sel[i]], rows[r].v[sel[i]]);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	return json_finish(&j);
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
			return EXIT_OK;
		} else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
			if (parse_fields(argv[++i], sel, &nsel))
				return EXIT_VZ_USAGE;
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
				return EXIT_VZ_FAIL;
			}
			filter.all = 1;
			named = 1;
			row_add(ctid, &filter);
		}
	}
	if (!named && rows_add_all(&filter) < 0) {
		fprintf(stderr, "vzlist: %s: %s\n", VZCONF_CT_DIR, strerror(errno));
		return EXIT_VZ_FAIL;
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
		if (print_json(sel, nsel) < 0) {
			fprintf(stderr, "vzlist: writing JSON: %s\n", strerror(errno));
			return EXIT_VZ_FAIL;
		}
	} else {
		print_table(sel, nsel, header);
	}
	if (named && nrows == 0)
		return EXIT_VZ_FAIL;
	return EXIT_OK;
}
