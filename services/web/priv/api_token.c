#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "audit.h"
#include "auth.h"
#include "base/json_parse.h"
#include "clock.h"
#include "conns.h"
#include "secret.h"

#define TOKEN_EXPIRES_MAX (10LL * 366 * 86400)	/* seconds */
#define AUDIT_LIMIT_MAX 1000

static void token_json(struct json *j, const struct token *t)
{
	char scopes[TOKEN_SCOPES_MAX];

	token_scopes_format(t->scopes, scopes);
	json_object_begin(j);
	json_kv_string(j, "id", t->id);
	json_kv_string(j, "name", t->name);
	json_kv_string(j, "scopes", scopes);
	json_kv_uint(j, "created", (uint64_t)t->created);
	json_key(j, "expires");
	if (t->expires)
		json_uint(j, (uint64_t)t->expires);
	else
		json_null(j);
	json_object_end(j);
}

/* GET /api/v1/tokens: the tokens, never their secrets. */
void api_token_list(struct req *q)
{
	const struct tokens *ts = auth_tokens();
	struct resp r;
	unsigned i;

	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	json_key(&r.j, "tokens");
	json_array_begin(&r.j, JSON_LINES);
	for (i = 0; i < ts->n; i++)
		token_json(&r.j, &ts->t[i]);
	json_array_end(&r.j);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

static void audit_token(const struct req *q, const char *action, const char *name,
			const char *result)
{
	struct audit_entry e = { .who = q->who.user, .source = q->peer, .action = action,
				 .target = name, .result = result };

	audit_log(&e);
}

static int known_token_key(const char *key, void *arg)
{
	return !strcmp(key, "name") || !strcmp(key, "scopes") || !strcmp(key, "expires_in");
}

/* "scopes": ["read", "operate"] into bits: 0, or -1 after answering. */
static int body_scopes(struct req *q, const struct json_doc *d, unsigned *scopes)
{
	int s = json_doc_member(d, 0, "scopes"), i;
	unsigned bit;

	*scopes = 0;
	if (s < 0 || d->node[s].type != JSON_T_ARRAY || !d->node[s].len)
		goto bad;
	for (i = d->node[s].first; i != JSON_DOC_NONE; i = d->node[i].next) {
		if (d->node[i].type != JSON_T_STRING || !(bit = token_scope_bit(d->node[i].text)))
			goto bad;
		*scopes |= bit;
	}
	return 0;
bad:
	reply_error(q->conn, q->id, 400, "bad_value", "scopes",
		    "scopes: expected a list of read, operate, admin, metrics");
	return -1;
}

/* POST /api/v1/tokens {"name", "scopes", "expires_in"}: the token, shown this once. */
void api_token_create(struct req *q)
{
	unsigned char rnd[TOKEN_ID_LEN + TOKEN_SECRET_LEN];
	char text[TOKEN_TEXT_LEN + 1];
	struct tokens *ts = auth_tokens();
	const struct token *t;
	int64_t now = clock_unix_ms() / 1000, expires = 0;
	struct json_doc *d;
	const char *why;
	unsigned scopes;
	struct resp r;
	int n, e;

	if (api_body(q, &d) < 0 || api_unknown_key(q, d, 0, known_token_key, NULL) < 0 ||
	    body_scopes(q, d, &scopes) < 0)
		return;
	n = json_doc_member(d, 0, "name");
	e = json_doc_member(d, 0, "expires_in");
	if (n < 0 || d->node[n].type != JSON_T_STRING) {
		reply_error(q->conn, q->id, 400, "bad_value", "name", "name: expected a string");
		return;
	}
	if (e >= 0 && json_doc_int(d, e, 60, TOKEN_EXPIRES_MAX, &expires) < 0) {
		reply_error(q->conn, q->id, 400, "bad_value", "expires_in",
			    "expires_in: expected seconds, 60 to 10 years");
		return;
	}
	if (secret_random(rnd, sizeof rnd) < 0) {
		reply_error(q->conn, q->id, 500, "failed", NULL, "getrandom: %s", strerror(errno));
		return;
	}
	t = token_new(ts, d->node[n].text, scopes, now, expires ? now + expires : 0, rnd, text, &why);
	secret_wipe(rnd, sizeof rnd);
	if (!t) {
		reply_error(q->conn, q->id, ts->n == TOKENS_MAX ? 409 : 400,
			    ts->n == TOKENS_MAX ? "conflict" : "bad_value",
			    ts->n == TOKENS_MAX ? NULL : "name", "%s", why);
		return;
	}
	if (auth_tokens_save() < 0) {
		token_delete(ts, t->id);
		reply_error(q->conn, q->id, 500, "failed", NULL, "%s: cannot be written", TOKEN_FILE);
		return;
	}
	audit_token(q, "token-create", t->name, "ok");
	if (resp_begin(&r, 201) < 0)
		return;
	resp_header(&r, "Cache-Control: no-store");
	json_object_begin(&r.j);
	json_kv_string(&r.j, "token", text);
	json_key(&r.j, "info");
	token_json(&r.j, t);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
	secret_wipe(text, sizeof text);
}

/* DELETE /api/v1/tokens/{id}: it stops working at once, its streams and consoles end. */
void api_token_delete(struct req *q)
{
	const char *id = route_param(&q->params, "id");
	struct tokens *ts = auth_tokens();
	char name[TOKEN_NAME_MAX] = "";
	unsigned i;

	for (i = 0; i < ts->n; i++)
		if (!strcmp(ts->t[i].id, id))
			snprintf(name, sizeof name, "%s", ts->t[i].name);
	if (!name[0] || token_delete(ts, id) < 0) {
		reply_error(q->conn, q->id, 404, "not_found", NULL, "no token %.40s", id);
		return;
	}
	if (auth_tokens_save() < 0) {
		reply_error(q->conn, q->id, 500, "failed", NULL, "%s: cannot be written", TOKEN_FILE);
		return;
	}
	conns_end_token(id);
	audit_token(q, "token-delete", name, "ok");
	reply_empty(q->conn, q->id, 204);
}

/* ---- GET /api/v1/audit?limit=N: the newest lines, newest last ---- */

static unsigned audit_limit(struct req *q)
{
	char v[8], *end;
	unsigned long n;

	if (req_query(q, "limit", v, sizeof v) <= 0)
		return 100;
	n = strtoul(v, &end, 10);
	return *end || !n ? 0 : n > AUDIT_LIMIT_MAX ? AUDIT_LIMIT_MAX : (unsigned)n;
}

/* The last bytes of path, at most size, from the start of a line: their length. */
static size_t file_tail(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	off_t end, from;
	ssize_t n;
	char *nl;

	if (fd < 0)
		return 0;
	end = lseek(fd, 0, SEEK_END);
	from = end > (off_t)size ? end - (off_t)size : 0;
	n = end > 0 ? pread(fd, buf, (size_t)(end - from), from) : 0;
	close(fd);
	if (n <= 0)
		return 0;
	if (from == 0 || !(nl = memchr(buf, '\n', (size_t)n)))
		return from == 0 ? (size_t)n : 0;
	memmove(buf, nl + 1, (size_t)n - (size_t)(nl + 1 - buf));
	return (size_t)n - (size_t)(nl + 1 - buf);
}

/* The last limit lines of the log and its rotated part, moved to buf's start. */
static void audit_tail(char *buf, size_t size, unsigned limit)
{
	size_t len = file_tail(AUDIT_FILE ".1", buf, size / 2), start = 0, i;
	unsigned lines = 0;

	len += file_tail(AUDIT_FILE, buf + len, size - len - 1);
	buf[len] = 0;
	for (i = len > 1 ? len - 1 : 0; i > 0; i--)
		if (buf[i - 1] == '\n' && ++lines == limit) {
			start = i;
			break;
		}
	memmove(buf, buf + start, len - start + 1);
}

void api_audit(struct req *q)
{
	static char text[1 << 20];
	static struct json_doc doc;
	unsigned limit = audit_limit(q);
	char *line, *nl;
	struct resp r;

	if (!limit) {
		reply_error(q->conn, q->id, 400, "bad_value", "limit", "limit: expected 1-%d",
			    AUDIT_LIMIT_MAX);
		return;
	}
	audit_tail(text, sizeof text, limit);
	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	json_key(&r.j, "entries");
	json_array_begin(&r.j, JSON_LINES);
	for (line = text; *line; line = nl + (*nl == '\n')) {
		nl = line + strcspn(line, "\n");
		if (json_doc_parse(&doc, line, (size_t)(nl - line)) == 0)
			json_doc_write(&r.j, &doc, 0);
	}
	json_array_end(&r.j);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}
