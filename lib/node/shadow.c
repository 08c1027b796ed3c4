#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/file.h"
#include "node/shadow.h"

static int line_is_user(const char *line, const char *user)
{
	size_t n = strlen(user);

	return !strncmp(line, user, n) && line[n] == ':';
}

const char *shadow_text_hash(const char *text, const char *user, size_t *len)
{
	const char *line, *next;

	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (!line_is_user(line, user))
			continue;
		line += strlen(user) + 1;
		*len = strcspn(line, ":\n");
		return line;
	}
	return NULL;
}

int shadow_hash_get(const char *path, const char *user, char *hash, size_t size)
{
	char *buf = malloc(SHADOW_FILE_MAX);
	const char *field;
	size_t len;
	int r = -1;

	if (!buf || file_read(path, buf, SHADOW_FILE_MAX) < 0)
		goto done;
	field = shadow_text_hash(buf, user, &len);
	if (!field) {
		errno = ENOENT;
	} else if (len >= size) {
		errno = ENAMETOOLONG;
	} else {
		memcpy(hash, field, len);
		hash[len] = 0;
		r = 0;
	}
done:
	free(buf);
	return r;
}

int shadow_hash_locked(const char *hash)
{
	return !hash[0] || hash[0] == '!' || hash[0] == '*';
}

/* Days since the epoch, or "" when the clock is clearly unset (no aging). */
static void shadow_today(char *out, size_t size)
{
	long days = (long)(time(NULL) / 86400);

	if (days < 18262)
		out[0] = 0;
	else
		snprintf(out, size, "%ld", days);
}

/* Appends "user:hash:today" and the rest of old (from its third field on). */
static int entry_put(char *out, size_t size, size_t *len, const char *user, const char *hash,
		     const char *today, const char *old)
{
	const char *rest = ":0:99999:7:::\n";
	int n;

	if (old) {
		old = strchr(old, ':');
		old = old ? strchr(old + 1, ':') : NULL;
		old = old ? strchr(old + 1, ':') : NULL;
		if (old)
			rest = old;
	}
	n = snprintf(out + *len, size - *len, "%s:%s:%s%.*s", user, hash, today,
		     (int)strcspn(rest, "\n") + 1, rest);
	if (n < 0 || (size_t)n >= size - *len) {
		errno = EFBIG;
		return -1;
	}
	*len += (size_t)n;
	if (out[*len - 1] != '\n' && *len + 1 < size)
		out[(*len)++] = '\n';
	return 0;
}

int shadow_text_set(const char *text, const char *user, const char *hash, const char *today,
		    char *out, size_t size)
{
	const char *line, *next;
	size_t len = 0;
	int found = 0;

	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (line_is_user(line, user) && !found) {
			found = 1;
			if (entry_put(out, size, &len, user, hash, today, line) < 0)
				return -1;
			continue;
		}
		if (len + (size_t)(next - line) + 1 >= size) {
			errno = EFBIG;
			return -1;
		}
		memcpy(out + len, line, (size_t)(next - line));
		len += (size_t)(next - line);
		if (out[len - 1] != '\n')
			out[len++] = '\n';
	}
	if (!found && entry_put(out, size, &len, user, hash, today, NULL) < 0)
		return -1;
	out[len] = 0;
	return (int)len;
}

int shadow_hash_set(const char *path, const char *user, const char *hash)
{
	char *in = malloc(SHADOW_FILE_MAX), *out = malloc(SHADOW_OUT_MAX);
	char real[PATH_MAX], today[24];
	struct stat st;
	mode_t mode = 0600;
	int len, r = -1;

	if (!in || !out)
		goto done;
	if (!realpath(path, real)) {
		if (errno != ENOENT || snprintf(real, sizeof real, "%s", path) >= (int)sizeof real)
			goto done;
		in[0] = 0;
	} else if (file_read(real, in, SHADOW_FILE_MAX) < 0) {
		goto done;
	}
	if (stat(real, &st) == 0)
		mode = st.st_mode & 07777;
	shadow_today(today, sizeof today);
	len = shadow_text_set(in, user, hash, today, out, SHADOW_OUT_MAX);
	if (len >= 0)
		r = file_write_atomic(real, out, (size_t)len, mode);
done:
	free(in);
	free(out);
	return r;
}
