#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/sha256.h"
#include "conf/vzsize.h"
#include "ctview.h"
#include "secret.h"
#include "stats.h"

int ctview_status(enum ct_err kind, const char **code)
{
	static const struct {
		int status;
		const char *code;
	} map[] = {
		[CT_ERR_FAIL] = { 500, "failed" },
		[CT_ERR_USAGE] = { 400, "bad_request" },
		[CT_ERR_VALUE] = { 400, "bad_value" },
		[CT_ERR_NO_CT] = { 404, "not_found" },
		[CT_ERR_NOT_RUNNING] = { 409, "not_running" },
		[CT_ERR_RUNNING] = { 409, "running" },
		[CT_ERR_EXISTS] = { 409, "exists" },
		[CT_ERR_LOCKED] = { 409, "locked" },
	};

	if ((unsigned)kind >= sizeof map / sizeof map[0]) {
		*code = "failed";
		return 500;
	}
	*code = map[kind].code;
	return map[kind].status;
}

void ctview_reply_error(const struct req *q, const struct ct *ct)
{
	const char *code;
	int status = ctview_status(ct->error_kind, &code);

	reply_error(q->conn, q->id, status, code, ct->error_field[0] ? ct->error_field : NULL, "%s",
		    ct->error);
}

int ctview_resolve(struct req *q, unsigned *ctid)
{
	const char *arg = route_param(&q->params, "ct");
	char err[CT_ERR_MAX];

	if (ct_resolve(arg, ctid, err, sizeof err) == 0)
		return 0;
	reply_error(q->conn, q->id, 404, "not_found", NULL, "%s", err);
	return -1;
}

int ctview_etag(unsigned ctid, char out[CTVIEW_ETAG_MAX])
{
	unsigned char buf[4096], d[SHA256_DIGEST_LEN];
	char path[64], hex[2 * 16 + 1];
	struct sha256 c;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%u.conf", VZCONF_CT_DIR, ctid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	sha256_init(&c);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		sha256_update(&c, buf, (size_t)n);
	close(fd);
	sha256_final(&c, d);
	if (n < 0)
		return -1;
	secret_hex(d, 16, hex);
	snprintf(out, CTVIEW_ETAG_MAX, "\"%s\"", hex);
	return 0;
}

int ctview_etag_matches(const char *header, const char *etag)
{
	const char *p = header;
	size_t len = strlen(etag);

	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (!strncmp(p, etag, len) && (p[len] == 0 || p[len] == ',' || p[len] == ' '))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

static void kv_opt(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (v)
		json_string(j, v);
	else
		json_null(j);
}

/* A limit in bytes, null when unlimited. */
static void kv_limit(struct json *j, const char *key, uint64_t v, uint64_t unit)
{
	json_key(j, key);
	if (v == VZ_UNLIMITED || v > UINT64_MAX / unit)
		json_null(j);
	else
		json_uint(j, v * unit);
}

static void kv_usage(struct json *j, const char *key, int64_t pages)
{
	json_key(j, key);
	if (pages < 0)
		json_null(j);
	else
		json_uint(j, (uint64_t)pages * VZ_PAGE_SIZE);
}

/* IP_ADDRESS's words as an array. */
static void ips_json(struct json *j, const char *ips)
{
	const char *p = ips ? ips : "";
	size_t n;

	json_key(j, "ip");
	json_array_begin(j, JSON_INLINE);
	while (*p) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n)
			json_string_n(j, p, n);
		p += n;
	}
	json_array_end(j);
}

static void config_json(struct json *j, const struct ct *ct)
{
	unsigned i;

	json_key(j, "config");
	json_object_begin(j);
	for (i = 0; i < ct->conf.nlines; i++) {
		const struct vzconf_line *l = &ct->conf.line[i];
		char key[64];

		if (!l->klen || l->klen >= sizeof key)
			continue;
		memcpy(key, l->text + l->koff, l->klen);
		key[l->klen] = 0;
		/* a key given twice counts once, with its last value */
		if (vzconf_get(&ct->conf, key) == l->value)
			json_kv_string(j, key, l->value);
	}
	json_object_end(j);
}

void ctview_json(struct json *j, struct ct *ct, const char *etag, int full)
{
	struct ct_info in;

	ct_info_read(ct, &in);
	json_object_begin(j);
	json_kv_uint(j, "ctid", ct->ctid);
	kv_opt(j, "name", in.name);
	json_kv_string(j, "state", ct_state_name(in.state));
	kv_opt(j, "hostname", in.hostname);
	ips_json(j, in.ip);
	kv_opt(j, "ostemplate", in.ostemplate);
	json_kv_string(j, "layout", in.layout);
	kv_opt(j, "onboot", in.onboot);
	kv_opt(j, "description", in.description);
	json_key(j, "limits");
	json_object_begin(j);
	kv_limit(j, "ram", in.physpages_l, VZ_PAGE_SIZE);
	kv_limit(j, "swap", in.swappages_l, VZ_PAGE_SIZE);
	kv_limit(j, "numproc", in.numproc_l, 1);
	kv_limit(j, "diskspace", in.diskspace_l, 1024);
	kv_opt(j, "cpuunits", in.cpuunits);
	kv_opt(j, "cpulimit", in.cpulimit);
	kv_opt(j, "cpus", in.cpus);
	json_object_end(j);
	json_key(j, "usage");
	json_object_begin(j);
	json_key(j, "nproc");
	if (in.nproc < 0)
		json_null(j);
	else
		json_int(j, in.nproc);
	kv_usage(j, "ram", in.physpages);
	kv_usage(j, "swap", in.swappages);
	stats_ct_now_json(j, ct->ctid);
	json_object_end(j);
	kv_opt(j, "etag", etag[0] ? etag : NULL);
	if (full) {
		json_kv_string(j, "private", in.private_dir);
		json_kv_string(j, "root", in.root);
		config_json(j, ct);
	}
	json_object_end(j);
}
