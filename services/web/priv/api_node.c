#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "audit.h"
#include "auth.h"
#include "base/file.h"
#include "clock.h"
#include "netproc.h"
#include "node/pwhash.h"
#include "nodeinfo.h"
#include "password.h"
#include "tlskey.h"
#include "webconf.h"

#define VERSION_FILE "/etc/vzhost/version"

static void node_cpu_json(struct json *j)
{
	char text[128];
	double l1 = 0, l5 = 0, l15 = 0;

	json_key(j, "cpu");
	json_object_begin(j);
	json_kv_uint(j, "count", (uint64_t)sysconf(_SC_NPROCESSORS_ONLN));
	if (file_read("/proc/loadavg", text, sizeof text) >= 0 &&
	    sscanf(text, "%lf %lf %lf", &l1, &l5, &l15) == 3) {
		json_key(j, "load");
		json_array_begin(j, JSON_INLINE);
		json_uint(j, (uint64_t)(l1 * 100));
		json_uint(j, (uint64_t)(l5 * 100));
		json_uint(j, (uint64_t)(l15 * 100));
		json_array_end(j);
	}
	json_object_end(j);
}

static void node_web_json(struct json *j)
{
	char hash[CRYPTHASH_MAX];

	json_key(j, "web");
	json_object_begin(j);
	webconf_json(j);
	json_kv_bool(j, "admin_password_set", admin_hash_read(hash) == 0 && hash[0]);
	json_object_end(j);
}

/* GET /api/v1/node */
void api_node(struct req *q)
{
	char text[256] = "", host[256] = "";
	double up = 0;
	struct resp r;

	if (resp_begin(&r, 200) < 0)
		return;
	gethostname(host, sizeof host - 1);
	json_object_begin(&r.j);
	json_kv_string(&r.j, "hostname", host);
	if (file_read(VERSION_FILE, text, sizeof text) >= 0)
		text[strcspn(text, "\n")] = 0;
	json_kv_string(&r.j, "version", text);
	if (file_read("/proc/uptime", text, sizeof text) >= 0)
		sscanf(text, "%lf", &up);
	json_kv_uint(&r.j, "uptime", (uint64_t)up);
	json_kv_uint(&r.j, "time", (uint64_t)(clock_unix_ms() / 1000));
	node_cpu_json(&r.j);
	nodeinfo_memory_json(&r.j);
	nodeinfo_disk_json(&r.j);
	nodeinfo_services_json(&r.j);
	nodeinfo_warnings_json(&r.j);
	json_key(&r.j, "certificate");
	tlskey_json(&r.j);
	node_web_json(&r.j);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

static void audit_node(const struct req *q, const char *action, const char *result)
{
	struct audit_entry e = { .who = q->who.user, .source = q->peer, .action = action,
				 .result = result };

	audit_log(&e);
}

static int known_password_key(const char *key, void *arg)
{
	return !strcmp(key, "password") || !strcmp(key, "current");
}

/* The member key as a string: its text, or NULL after answering 400. */
static const char *body_string(struct req *q, struct json_doc *d, const char *key)
{
	int i = json_doc_member(d, 0, key);

	if (i >= 0 && d->node[i].type == JSON_T_STRING)
		return d->node[i].text;
	reply_error(q->conn, q->id, 400, "bad_value", key, "%s: expected a string", key);
	return NULL;
}

/* PUT /api/v1/node/password {"password", "current"}: every session ends. */
void api_node_password(struct req *q)
{
	char hash[CRYPTHASH_MAX], err[256];
	const char *password, *current, *why;
	struct json_doc *d;
	struct resp r;

	if (api_body(q, &d) < 0 || api_unknown_key(q, d, 0, known_password_key, NULL) < 0 ||
	    !(password = body_string(q, d, "password")))
		return;
	if (q->who.cookie) {
		if (!(current = body_string(q, d, "current")))
			return;
		if (admin_hash_read(hash) < 0 || pwhash_verify(current, hash) != 1) {
			audit_node(q, "password", "refused: wrong current password");
			reply_error(q->conn, q->id, 403, "forbidden", "current",
				    "current: not the admin's password");
			return;
		}
	}
	if ((why = admin_password_check(password))) {
		reply_error(q->conn, q->id, 400, "bad_value", "password", "password: %s", why);
		return;
	}
	if ((why = admin_password_set(password, err, sizeof err))) {
		reply_error(q->conn, q->id, 500, "failed", NULL, "%s", why);
		return;
	}
	audit_node(q, "password", "ok");
	if (resp_begin(&r, 204) == 0) {
		if (q->who.cookie)
			resp_header(&r, "Set-Cookie: __Host-vzsession=; Path=/; Secure; HttpOnly; "
					"SameSite=Strict; Max-Age=0");
		resp_send(q->conn, q->id, &r);
	}
	auth_password_reload();
}

static int known_cert_key(const char *key, void *arg)
{
	return !strcmp(key, "cert") || !strcmp(key, "key");
}

/* PUT /api/v1/node/certificate {"cert": PEM chain, "key": PEM}: net restarts with it. */
void api_node_cert(struct req *q)
{
	const char *cert, *key, *why;
	struct json_doc *d;
	char err[256];
	struct resp r;

	if (api_body(q, &d) < 0 || api_unknown_key(q, d, 0, known_cert_key, NULL) < 0 ||
	    !(cert = body_string(q, d, "cert")) || !(key = body_string(q, d, "key")))
		return;
	if ((why = tlskey_install(cert, key, err, sizeof err))) {
		audit_node(q, "certificate", "refused");
		reply_error(q->conn, q->id, 400, "bad_value", "cert", "%s", why);
		return;
	}
	audit_node(q, "certificate", "ok");
	if (resp_begin(&r, 200) == 0) {
		tlskey_json(&r.j);
		resp_send(q->conn, q->id, &r);
	}
	netproc_restart();
}
