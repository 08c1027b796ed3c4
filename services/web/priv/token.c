#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "route.h"
#include "secret.h"
#include "token.h"

static const struct {
	const char *name;
	unsigned bit;
} scope_names[] = {
	{ "metrics", SCOPE_METRICS },
	{ "read", SCOPE_READ },
	{ "operate", SCOPE_OPERATE },
	{ "admin", SCOPE_ADMIN },
};

#define SCOPES_N (sizeof scope_names / sizeof scope_names[0])

unsigned token_scope_bit(const char *name)
{
	size_t i;

	for (i = 0; i < SCOPES_N; i++)
		if (!strcmp(name, scope_names[i].name))
			return scope_names[i].bit;
	return 0;
}

const char *token_scopes_parse(const char *list, unsigned *scopes)
{
	char word[16];
	const char *p = list, *comma;
	size_t len;
	unsigned bit;

	*scopes = 0;
	for (;;) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof word)
			return "expected scopes read, operate, admin or metrics, separated by commas";
		memcpy(word, p, len);
		word[len] = 0;
		bit = token_scope_bit(word);
		if (!bit)
			return "expected scopes read, operate, admin or metrics, separated by commas";
		*scopes |= bit;
		if (!comma)
			return NULL;
		p = comma + 1;
	}
}

void token_scopes_format(unsigned scopes, char out[TOKEN_SCOPES_MAX])
{
	size_t i, len = 0;

	out[0] = 0;
	for (i = 0; i < SCOPES_N; i++)
		if (scopes & scope_names[i].bit)
			len += (size_t)snprintf(out + len, TOKEN_SCOPES_MAX - len, "%s%s",
						len ? "," : "", scope_names[i].name);
}

const char *token_name_check(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= TOKEN_NAME_MAX)
		return "expected 1-64 characters";
	if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len)
		return "expected letters, digits, '.', '_' or '-'";
	return NULL;
}

const char *token_bearer_parse(const char *bearer, char id[TOKEN_ID_HEX],
			       unsigned char secret[TOKEN_SECRET_LEN])
{
	unsigned char raw[TOKEN_ID_LEN];

	if (strlen(bearer) != TOKEN_TEXT_LEN || strncmp(bearer, "vzh_", 4) ||
	    bearer[4 + 2 * TOKEN_ID_LEN] != '_')
		return "not a vzhost API token (vzh_ID_SECRET)";
	memcpy(id, bearer + 4, 2 * TOKEN_ID_LEN);
	id[2 * TOKEN_ID_LEN] = 0;
	if (secret_unhex(id, raw, sizeof raw) < 0 ||
	    secret_unhex(bearer + 5 + 2 * TOKEN_ID_LEN, secret, TOKEN_SECRET_LEN) < 0)
		return "not a vzhost API token (vzh_ID_SECRET)";
	return NULL;
}

static void token_hash(const unsigned char *secret, unsigned char hash[32])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, secret, TOKEN_SECRET_LEN);
	sha256_final(&c, hash);
}

const struct token *token_check(const struct tokens *ts, const char *bearer, int64_t now,
				const char **why)
{
	unsigned char secret[TOKEN_SECRET_LEN], hash[32];
	char id[TOKEN_ID_HEX];
	const struct token *t = NULL;
	unsigned i;

	if ((*why = token_bearer_parse(bearer, id, secret)))
		return NULL;
	token_hash(secret, hash);
	secret_wipe(secret, sizeof secret);
	for (i = 0; i < ts->n; i++)
		if (!strcmp(ts->t[i].id, id) && secret_equal(ts->t[i].hash, hash, sizeof hash))
			t = &ts->t[i];
	if (!t) {
		*why = "unknown token";
		return NULL;
	}
	if (t->expires && now >= t->expires) {
		*why = "expired";
		return NULL;
	}
	return t;
}

const struct token *token_new(struct tokens *ts, const char *name, unsigned scopes,
			      int64_t now, int64_t expires, const unsigned char *rnd, char *text,
			      const char **why)
{
	struct token *t;
	char secret[2 * TOKEN_SECRET_LEN + 1];

	if ((*why = token_name_check(name)))
		return NULL;
	if (ts->n == TOKENS_MAX) {
		*why = "the node has 64 tokens already; delete one first";
		return NULL;
	}
	t = &ts->t[ts->n];
	memset(t, 0, sizeof *t);
	secret_hex(rnd, TOKEN_ID_LEN, t->id);
	token_hash(rnd + TOKEN_ID_LEN, t->hash);
	snprintf(t->name, sizeof t->name, "%s", name);
	t->scopes = scopes;
	t->created = now;
	t->expires = expires;
	secret_hex(rnd + TOKEN_ID_LEN, TOKEN_SECRET_LEN, secret);
	snprintf(text, TOKEN_TEXT_LEN + 1, "vzh_%s_%s", t->id, secret);
	secret_wipe(secret, sizeof secret);
	ts->n++;
	return t;
}

int token_delete(struct tokens *ts, const char *id)
{
	unsigned i;

	for (i = 0; i < ts->n; i++) {
		if (strcmp(ts->t[i].id, id))
			continue;
		memmove(&ts->t[i], &ts->t[i + 1], (ts->n - i - 1) * sizeof ts->t[0]);
		ts->n--;
		return 0;
	}
	return -1;
}

static const char *token_line(const char *line, struct token *t)
{
	char id[TOKEN_ID_HEX + 1], scopes[64], hash[66], name[TOKEN_NAME_MAX + 1], end;
	unsigned char raw[TOKEN_ID_LEN];
	long long created, expires;
	const char *why;

	if (sscanf(line, "%17s %63s %lld %lld %65s %65s%c", id, scopes, &created, &expires, hash,
		   name, &end) != 7 || end != '\n')
		return "expected ID SCOPES CREATED EXPIRES SHA256 NAME";
	if (secret_unhex(id, raw, sizeof raw) < 0)
		return "a bad token id";
	if ((why = token_scopes_parse(scopes, &t->scopes)))
		return why;
	if (created < 0 || expires < 0)
		return "a negative time";
	if (secret_unhex(hash, t->hash, sizeof t->hash) < 0)
		return "a bad SHA-256";
	if ((why = token_name_check(name)))
		return why;
	strcpy(t->id, id);
	strcpy(t->name, name);
	t->created = created;
	t->expires = expires;
	return NULL;
}

const char *token_file_parse(const char *text, size_t len, struct tokens *ts, char *err,
			     size_t errsize)
{
	unsigned lineno = 0, i;
	const char *p = text, *end = text + len, *nl, *why;
	char line[256];

	ts->n = 0;
	if (memchr(text, 0, len)) {
		snprintf(err, errsize, "a NUL byte");
		return err;
	}
	for (; p < end; p = nl + 1) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || nl - p >= (long)sizeof line - 1)
			why = nl ? "a line longer than 254 bytes" : "no newline at the end";
		else if (ts->n == TOKENS_MAX)
			why = "more than 64 tokens";
		else {
			memcpy(line, p, (size_t)(nl - p + 1));
			line[nl - p + 1] = 0;
			why = token_line(line, &ts->t[ts->n]);
		}
		for (i = 0; !why && i < ts->n; i++)
			if (!strcmp(ts->t[i].id, ts->t[ts->n].id))
				why = "a token id listed twice";
		if (why) {
			snprintf(err, errsize, "line %u: %s", lineno, why);
			ts->n = 0;
			return err;
		}
		ts->n++;
	}
	return NULL;
}

int token_file_format(const struct tokens *ts, char *buf, size_t size)
{
	char scopes[TOKEN_SCOPES_MAX], hash[65];
	size_t len = 0;
	unsigned i;
	int n;

	buf[0] = 0;
	for (i = 0; i < ts->n; i++) {
		const struct token *t = &ts->t[i];

		token_scopes_format(t->scopes, scopes);
		secret_hex(t->hash, sizeof t->hash, hash);
		n = snprintf(buf + len, size - len, "%s %s %" PRId64 " %" PRId64 " %s %s\n", t->id,
			     scopes, t->created, t->expires, hash, t->name);
		if (n < 0 || (size_t)n >= size - len) {
			errno = ENOSPC;
			return -1;
		}
		len += (size_t)n;
	}
	return (int)len;
}
