#ifndef VZHOST_WEB_TOKEN_H
#define VZHOST_WEB_TOKEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * API tokens for scripts (Authorization: Bearer): "vzh_" ID "_" SECRET,
 * ID 8 random bytes and SECRET 32 random bytes in lowercase hex. The
 * node keeps only the SHA-256 of the secret, in TOKEN_FILE, a line per
 * token:
 *
 *   ID SCOPES CREATED EXPIRES SHA256 NAME
 *
 * SCOPES "read,operate" (read, operate, admin, metrics), CREATED and
 * EXPIRES Unix seconds (EXPIRES 0: never), NAME [A-Za-z0-9._-]{1,64}.
 * The token itself is shown once, when it is made. Pure.
 */

#define TOKEN_FILE "/vz/etc/web/tokens"
#define TOKENS_MAX 64
#define TOKEN_ID_LEN 8
#define TOKEN_SECRET_LEN 32
#define TOKEN_ID_HEX (2 * TOKEN_ID_LEN + 1)
#define TOKEN_NAME_MAX 65
#define TOKEN_TEXT_LEN (4 + 2 * TOKEN_ID_LEN + 1 + 2 * TOKEN_SECRET_LEN)	/* without NUL */
#define TOKEN_FILE_MAX (TOKENS_MAX * 256)
#define TOKEN_SCOPES_MAX 32	/* "metrics,read,operate,admin" and a NUL */

struct token {
	char id[TOKEN_ID_HEX];
	unsigned scopes;		/* SCOPE_* of route.h */
	int64_t created, expires;	/* Unix seconds; expires 0: never */
	unsigned char hash[32];		/* SHA-256 of the secret */
	char name[TOKEN_NAME_MAX];
};

struct tokens {
	unsigned n;
	struct token t[TOKENS_MAX];
};

/* A Bearer value into its id and secret: NULL, or why not. */
const char *token_bearer_parse(const char *bearer, char id[TOKEN_ID_HEX],
			       unsigned char secret[TOKEN_SECRET_LEN]);
/* The token a Bearer value names, if its secret matches and it has not
   expired at now; NULL with *why ("unknown token", "expired"). */
const struct token *token_check(const struct tokens *ts, const char *bearer, int64_t now,
				const char **why);
/*
 * A new token from TOKEN_ID_LEN + TOKEN_SECRET_LEN random bytes, added to
 * ts; its text (shown once) into text (TOKEN_TEXT_LEN + 1 bytes). NULL
 * with *why if ts is full or the name is bad.
 */
const struct token *token_new(struct tokens *ts, const char *name, unsigned scopes,
			      int64_t now, int64_t expires, const unsigned char *rnd, char *text,
			      const char **why);
/* Removes the token with that id: 0, or -1 if there is none. */
int token_delete(struct tokens *ts, const char *id);

/* "read,operate" into SCOPE_* bits: NULL, or why not. */
const char *token_scopes_parse(const char *list, unsigned *scopes);
/* A single scope name's bit, 0 if unknown. */
unsigned token_scope_bit(const char *name);
/* The bits as "read,operate" (every bit named, in a fixed order). */
void token_scopes_format(unsigned scopes, char out[TOKEN_SCOPES_MAX]);
/* NULL if name is a good token name, else why not. */
const char *token_name_check(const char *name);

/* The file's text into ts: NULL, or why the file is refused (naming the line) in err. */
const char *token_file_parse(const char *text, size_t len, struct tokens *ts, char *err,
			     size_t errsize);
/* ts as the file's text: its length, or -1 (ENOSPC). */
int token_file_format(const struct tokens *ts, char *buf, size_t size);

#endif
