#ifndef VZHOST_WEB_ROUTE_H
#define VZHOST_WEB_ROUTE_H

#include <stddef.h>

/*
 * The REST API's routes (docs/api.md): each a method, a path pattern
 * whose {ct}, {id} or {name} segments are parameters, the scope a
 * credential needs and how the request is carried. The table is the one
 * list of routes: docs/api.md and tests/system/90-web-api.t name the same
 * ones (tests/system/90-web-api.t checks, reading this file).
 */

enum route_id {
	R_SESSION_LOGIN,
	R_SESSION_GET,
	R_SESSION_LOGOUT,
	R_CT_LIST,
	R_CT_CREATE,
	R_CT_BULK,
	R_CT_GET,
	R_CT_PATCH,
	R_CT_DELETE,
	R_CT_START,
	R_CT_STOP,
	R_CT_RESTART,
	R_CT_CONSOLE,
	R_CT_STATS,
	R_SNAP_LIST,
	R_SNAP_CREATE,
	R_SNAP_SWITCH,
	R_SNAP_DELETE,
	R_TMPL_LIST,
	R_TMPL_REPO,
	R_TMPL_DOWNLOAD,
	R_TMPL_UPLOAD,
	R_TMPL_DELETE,
	R_TASK_LIST,
	R_TASK_GET,
	R_TASK_LOG,
	R_TASK_CANCEL,
	R_EVENTS,
	R_NODE,
	R_NODE_STATS,
	R_NODE_PASSWORD,
	R_NODE_CERT,
	R_TOKEN_LIST,
	R_TOKEN_CREATE,
	R_TOKEN_DELETE,
	R_AUDIT,
	R_COUNT
};

/* Scopes a credential holds (a bit each); each includes the ones below it. */
enum {
	SCOPE_METRICS = 1u << 0,	/* statistics and the node's state */
	SCOPE_READ = 1u << 1,		/* everything an operator can look at */
	SCOPE_OPERATE = 1u << 2,	/* changes to containers, templates, tasks */
	SCOPE_ADMIN = 1u << 3,		/* tokens, the audit log, password, certificate */
	SCOPE_ALL = 0xfu,
};

/* How a route is carried (flags). */
enum {
	ROUTE_PUBLIC = 1u << 0,		/* no credential (logging in) */
	ROUTE_ANY_SCOPE = 1u << 1,	/* any valid credential (who am I, log out) */
	ROUTE_WEBSOCKET = 1u << 2,	/* an upgrade to a WebSocket */
	ROUTE_STREAM = 1u << 3,		/* a server-sent event stream */
	ROUTE_UPLOAD = 1u << 4,		/* a raw body streamed to priv (WIRE_UPLOAD) */
	ROUTE_JSON = 1u << 5,		/* a JSON body is required */
};

#define ROUTE_PARAMS_MAX 2
#define ROUTE_PARAM_MAX 160	/* bytes of one parameter, with the NUL */

struct route {
	enum route_id id;
	const char *method;
	const char *pattern;	/* "/api/v1/containers/{ct}/start" */
	unsigned scope;		/* SCOPE_* a credential needs (its own or a higher one) */
	unsigned flags;		/* ROUTE_* */
};

struct route_params {
	unsigned n;
	char name[ROUTE_PARAMS_MAX][8];		/* "ct", "id", "name" */
	char value[ROUTE_PARAMS_MAX][ROUTE_PARAM_MAX];
};

/*
 * The route of method and path (a decoded, normalised path): it, with
 * params filled; or NULL with *status 404 (no such path) or 405 (the path
 * exists for other methods, listed in allow: "GET, PATCH").
 */
const struct route *route_match(const char *method, const char *path, struct route_params *params,
				int *status, char *allow, size_t allow_size);
/* A parameter by name, or NULL. */
const char *route_param(const struct route_params *p, const char *name);
/* The table, for listings and tests. */
const struct route *route_table(size_t *n);
/* 1 if a credential with scopes may use a route that needs scope. */
int route_scope_ok(unsigned scopes, unsigned need);

#endif
