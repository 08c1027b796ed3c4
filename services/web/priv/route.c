#include <stdio.h>
#include <string.h>

#include "route.h"

#define CT "/api/v1/containers/{ct}"

/* One route a line, its pattern a string or CT "/tail": tests/system/90-web-api.t
   reads the table in this form to check docs/api.md and itself against it. */
static const struct route route_list[] = {
	{ R_SESSION_LOGIN, "POST", "/api/v1/session", 0, ROUTE_PUBLIC | ROUTE_JSON },
	{ R_SESSION_GET, "GET", "/api/v1/session", 0, ROUTE_ANY_SCOPE },
	{ R_SESSION_LOGOUT, "DELETE", "/api/v1/session", 0, ROUTE_ANY_SCOPE },
	{ R_CT_LIST, "GET", "/api/v1/containers", SCOPE_METRICS, 0 },
	{ R_CT_CREATE, "POST", "/api/v1/containers", SCOPE_OPERATE, ROUTE_JSON },
	{ R_CT_BULK, "POST", "/api/v1/containers/bulk", SCOPE_OPERATE, ROUTE_JSON },
	{ R_CT_GET, "GET", CT, SCOPE_READ, 0 },
	{ R_CT_PATCH, "PATCH", CT, SCOPE_OPERATE, ROUTE_JSON },
	{ R_CT_DELETE, "DELETE", CT, SCOPE_OPERATE, 0 },
	{ R_CT_START, "POST", CT "/start", SCOPE_OPERATE, 0 },
	{ R_CT_STOP, "POST", CT "/stop", SCOPE_OPERATE, 0 },
	{ R_CT_RESTART, "POST", CT "/restart", SCOPE_OPERATE, 0 },
	{ R_CT_CONSOLE, "GET", CT "/console", SCOPE_READ, ROUTE_WEBSOCKET },
	{ R_CT_STATS, "GET", CT "/stats", SCOPE_METRICS, 0 },
	{ R_SNAP_LIST, "GET", CT "/snapshots", SCOPE_READ, 0 },
	{ R_SNAP_CREATE, "POST", CT "/snapshots", SCOPE_OPERATE, 0 },
	{ R_SNAP_SWITCH, "POST", CT "/snapshots/{id}/switch", SCOPE_OPERATE, 0 },
	{ R_SNAP_DELETE, "DELETE", CT "/snapshots/{id}", SCOPE_OPERATE, 0 },
	{ R_TMPL_LIST, "GET", "/api/v1/templates", SCOPE_READ, 0 },
	{ R_TMPL_REPO, "GET", "/api/v1/templates/repository", SCOPE_READ, 0 },
	{ R_TMPL_DOWNLOAD, "POST", "/api/v1/templates", SCOPE_OPERATE, ROUTE_JSON },
	{ R_TMPL_UPLOAD, "PUT", "/api/v1/templates/{name}", SCOPE_OPERATE, ROUTE_UPLOAD },
	{ R_TMPL_DELETE, "DELETE", "/api/v1/templates/{name}", SCOPE_OPERATE, 0 },
	{ R_TASK_LIST, "GET", "/api/v1/tasks", SCOPE_READ, 0 },
	{ R_TASK_GET, "GET", "/api/v1/tasks/{id}", SCOPE_READ, 0 },
	{ R_TASK_LOG, "GET", "/api/v1/tasks/{id}/log", SCOPE_READ, 0 },
	{ R_TASK_CANCEL, "POST", "/api/v1/tasks/{id}/cancel", SCOPE_OPERATE, 0 },
	{ R_EVENTS, "GET", "/api/v1/events", SCOPE_READ, ROUTE_STREAM },
	{ R_NODE, "GET", "/api/v1/node", SCOPE_METRICS, 0 },
	{ R_NODE_STATS, "GET", "/api/v1/node/stats", SCOPE_METRICS, 0 },
	{ R_NODE_PASSWORD, "PUT", "/api/v1/node/password", SCOPE_ADMIN, ROUTE_JSON },
	{ R_NODE_CERT, "PUT", "/api/v1/node/certificate", SCOPE_ADMIN, ROUTE_JSON },
	{ R_TOKEN_LIST, "GET", "/api/v1/tokens", SCOPE_ADMIN, 0 },
	{ R_TOKEN_CREATE, "POST", "/api/v1/tokens", SCOPE_ADMIN, ROUTE_JSON },
	{ R_TOKEN_DELETE, "DELETE", "/api/v1/tokens/{id}", SCOPE_ADMIN, 0 },
	{ R_AUDIT, "GET", "/api/v1/audit", SCOPE_ADMIN, 0 },
};

#define ROUTES_N (sizeof route_list / sizeof route_list[0])

/* The next segment of a path after *p (past its '/'): its length. */
static size_t segment(const char **p)
{
	const char *s;

	if (**p == '/')
		(*p)++;
	s = strchr(*p, '/');
	return s ? (size_t)(s - *p) : strlen(*p);
}

/* 1 if path fits pattern, with its parameters in params. */
static int route_fits(const char *pattern, const char *path, struct route_params *params)
{
	const char *pp = pattern, *sp = path;
	size_t pl, sl;

	params->n = 0;
	while (*pp || *sp) {
		if (!*pp || !*sp || *pp != '/' || *sp != '/')
			return 0;
		pl = segment(&pp);
		sl = segment(&sp);
		if (pp[0] == '{') {
			if (!sl || sl >= ROUTE_PARAM_MAX || params->n == ROUTE_PARAMS_MAX)
				return 0;
			snprintf(params->name[params->n], sizeof params->name[0], "%.*s",
				 (int)(pl - 2), pp + 1);
			memcpy(params->value[params->n], sp, sl);
			params->value[params->n++][sl] = 0;
		} else if (pl != sl || memcmp(pp, sp, pl)) {
			return 0;
		}
		pp += pl;
		sp += sl;
	}
	return 1;
}

static void allow_add(char *allow, size_t size, const char *method)
{
	size_t len = strlen(allow);

	if (strstr(allow, method))
		return;
	snprintf(allow + len, size - len, "%s%s", len ? ", " : "", method);
}

/* A literal segment beats a parameter: /containers/bulk is not container "bulk". */
static int route_literal_rank(const struct route *r)
{
	return strchr(r->pattern, '{') ? 0 : 1;
}

const struct route *route_match(const char *method, const char *path, struct route_params *params,
				int *status, char *allow, size_t allow_size)
{
	const struct route *found = NULL;
	struct route_params tmp;
	int fits_path = 0, rank = -1;
	size_t i;

	allow[0] = 0;
	for (i = 0; i < ROUTES_N; i++) {
		if (!route_fits(route_list[i].pattern, path, &tmp))
			continue;
		fits_path = 1;
		allow_add(allow, allow_size, route_list[i].method);
		if (strcmp(route_list[i].method, method) || route_literal_rank(&route_list[i]) <= rank)
			continue;
		found = &route_list[i];
		rank = route_literal_rank(found);
		*params = tmp;
	}
	*status = found ? 200 : fits_path ? 405 : 404;
	return found;
}

const char *route_param(const struct route_params *p, const char *name)
{
	unsigned i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->name[i], name))
			return p->value[i];
	return NULL;
}

const struct route *route_table(size_t *n)
{
	*n = ROUTES_N;
	return route_list;
}

int route_scope_ok(unsigned scopes, unsigned need)
{
	return need == 0 || (scopes & ~(need - 1)) != 0;
}
