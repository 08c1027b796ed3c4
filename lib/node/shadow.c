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

int shadow_hash_get(const char *path, const char *user, char *hash, size_t size)
{
	static char buf[SHADOW_FILE_MAX];
	char *line, *next, *end;

	if (file_read(path, buf, sizeof buf) < 0)
		return -1;
	for (line = buf; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (!line_is_user(line, user))
			continue;
		line += strlen(user) + 1;
		end = line + strcspn(line, ":\n");
		if ((size_t)(end - line) >= size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(hash, line, (size_t)(end - line));
		hash[end - line] = 0;
		return 0;
	}
	errno = ENOENT;
	return -1;
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
		     const char *old)
{
	const char *rest = ":0:99999:7:::\n";
	char today[24];
	int n;

	if (old) {
		old = strchr(old, ':');
		old = old ? strchr(old + 1, ':') : NULL;
		old = old ? strchr(old + 1, ':') : NULL;
		if (old)
			rest = old;
	}
	shadow_today(today, sizeof today);
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

static int shadow_rebuild(const char *in, char *out, size_t size, size_t *len,
			  const char *user, const char *hash)
{
	const char *line, *next;
	int found = 0;

	*len = 0;
	for (line = in; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (line_is_user(line, user) && !found) {
			found = 1;
			if (entry_put(out, size, len, user, hash, line) < 0)
				return -1;
			continue;
		}
		if (*len + (size_t)(next - line) + 1 >= size) {
			errno = EFBIG;
			return -1;
		}
		memcpy(out + *len, line, (size_t)(next - line));
		*len += (size_t)(next - line);
		if (out[*len - 1] != '\n')
			out[(*len)++] = '\n';
	}
	return found ? 0 : entry_put(out, size, len, user, hash, NULL);
}

int shadow_hash_set(const char *path, const char *user, const char *hash)
{
	static char in[SHADOW_FILE_MAX], out[SHADOW_FILE_MAX + 256];
	char real[PATH_MAX];
	struct stat st;
	mode_t mode = 0600;
	size_t len;

	if (!realpath(path, real)) {
		if (errno != ENOENT || snprintf(real, sizeof real, "%s", path) >= (int)sizeof real)
			return -1;
		in[0] = 0;
	} else if (file_read(real, in, sizeof in) < 0) {
		return -1;
	}
	if (stat(real, &st) == 0)
		mode = st.st_mode & 07777;
	if (shadow_rebuild(in, out, sizeof out, &len, user, hash) < 0)
		return -1;
	return file_write_atomic(real, out, len, mode);
}
