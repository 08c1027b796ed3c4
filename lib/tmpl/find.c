#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tmpl/tmpl.h"

int tmpl_name_valid(const char *name)
{
	size_t i;

	if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
	      (name[0] >= '0' && name[0] <= '9')))
		return 0;
	for (i = 1; name[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-",
			    name[i]))
			return 0;
	return i <= TMPL_NAME_MAX;
}

int tmpl_find(const char *cache_dir, const char *name, char *path, size_t len)
{
	static const char *const exts[] = { "zst", "xz", "gz" };
	const char *dirs[] = { cache_dir, TMPL_BUILTIN_DIR };

	if (!tmpl_name_valid(name))
		return (errno = EINVAL, -1);
	for (size_t d = 0; d < 2; d++) {
		for (size_t e = 0; e < 3; e++) {
			int n = snprintf(path, len, "%s/%s.tar.%s", dirs[d], name, exts[e]);

			if (n < 0 || (size_t)n >= len)
				return (errno = ENAMETOOLONG, -1);
			if (access(path, R_OK) == 0)
				return 0;
		}
	}
	return (errno = ENOENT, -1);
}
