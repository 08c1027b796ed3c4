#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/sha256.h"
#include "secret.h"
#include "session.h"

static void session_key(const unsigned char id[COOKIE_ID_LEN], unsigned char key[32])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, id, COOKIE_ID_LEN);
	sha256_final(&c, key);
}

int64_t session_left_ms(const struct session *s, int64_t now)
{
	int64_t idle = s->seen + SESSION_IDLE_MS - now, life = s->created + SESSION_LIFE_MS - now;
	int64_t left = idle < life ? idle : life;

	return left > 0 ? left : 0;
}

void session_end(struct session *s)
{
	secret_wipe(s, sizeof *s);
}

void session_expire(struct sessions *ss, int64_t now, void (*fn)(struct session *s, void *arg),
		    void *arg)
{
	unsigned i;

	for (i = 0; i < SESSIONS_MAX; i++) {
		if (!ss->s[i].used || session_left_ms(&ss->s[i], now) > 0)
			continue;
		if (fn)
			fn(&ss->s[i], arg);
		session_end(&ss->s[i]);
	}
}

struct session *session_new(struct sessions *ss, const char *user, const char *peer,
			    const unsigned char rnd[SESSION_RANDOM_LEN], int64_t now,
			    unsigned char id[COOKIE_ID_LEN])
{
	struct session *s = NULL;
	unsigned i;

	session_expire(ss, now, NULL, NULL);
	for (i = 0; i < SESSIONS_MAX && !s; i++)
		if (!ss->s[i].used)
			s = &ss->s[i];
	if (!s)
		return NULL;
	memcpy(id, rnd, COOKIE_ID_LEN);
	s->used = 1;
	s->serial = ++ss->serial;
	session_key(id, s->key);
	secret_hex(rnd + COOKIE_ID_LEN, SESSION_CSRF_LEN, s->csrf);
	snprintf(s->user, sizeof s->user, "%s", user);
	snprintf(s->peer, sizeof s->peer, "%s", peer);
	s->created = s->seen = now;
	return s;
}

struct session *session_find(struct sessions *ss, const unsigned char id[COOKIE_ID_LEN],
			     int64_t now)
{
	unsigned char key[32];
	struct session *found = NULL;
	unsigned i;

	session_key(id, key);
	for (i = 0; i < SESSIONS_MAX; i++)
		if (ss->s[i].used && secret_equal(ss->s[i].key, key, sizeof key))
			found = &ss->s[i];
	if (found && session_left_ms(found, now) == 0) {
		session_end(found);
		found = NULL;
	}
	if (found)
		found->seen = now;
	return found;
}

unsigned session_end_all(struct sessions *ss)
{
	unsigned i, n = 0;

	for (i = 0; i < SESSIONS_MAX; i++) {
		n += ss->s[i].used != 0;
		session_end(&ss->s[i]);
	}
	return n;
}

/* Lines: KEY CSRF CREATED SEEN USER PEER (hex, hex, ms, ms, words). */
int session_file_format(const struct sessions *ss, char *buf, size_t size)
{
	char key[65];
	size_t len = 0;
	unsigned i;
	int n;

	buf[0] = 0;
	for (i = 0; i < SESSIONS_MAX; i++) {
		const struct session *s = &ss->s[i];

		if (!s->used)
			continue;
		secret_hex(s->key, sizeof s->key, key);
		n = snprintf(buf + len, size - len, "%s %s %" PRId64 " %" PRId64 " %s %s\n", key,
			     s->csrf, s->created, s->seen, s->user, s->peer);
		if (n < 0 || (size_t)n >= size - len) {
			errno = ENOSPC;
			return -1;
		}
		len += (size_t)n;
	}
	return (int)len;
}

static int session_line(struct session *s, const char *line)
{
	char key[65], csrf[65], user[SESSION_USER_MAX], peer[SESSION_PEER_MAX], end;
	unsigned char raw[SESSION_CSRF_LEN];
	long long created, seen;

	if (sscanf(line, "%64s %64s %lld %lld %15s %63s%c", key, csrf, &created, &seen, user, peer,
		   &end) != 7 || end != '\n')
		return -1;
	if (secret_unhex(key, s->key, sizeof s->key) < 0 || secret_unhex(csrf, raw, sizeof raw) < 0 ||
	    created < 0 || seen < created)
		return -1;
	memcpy(s->csrf, csrf, sizeof s->csrf);
	strcpy(s->user, user);
	strcpy(s->peer, peer);
	s->created = created;
	s->seen = seen;
	return 0;
}

unsigned session_file_parse(struct sessions *ss, const char *text)
{
	unsigned bad = 0, i = 0;
	const char *nl;

	memset(ss, 0, sizeof *ss);
	for (; *text; text = nl + 1) {
		nl = strchr(text, '\n');
		if (!nl)
			return bad + 1;
		if (i == SESSIONS_MAX || nl - text > 300 || session_line(&ss->s[i], text) < 0) {
			bad++;
			continue;
		}
		ss->s[i].used = 1;
		ss->s[i].serial = ++ss->serial;
		i++;
	}
	return bad;
}
